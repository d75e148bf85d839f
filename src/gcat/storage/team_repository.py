"""Repository functions of the assessment team: origins, sign-off, copies between assessments.

Keyword-only, on a connection the caller owns, returning records (never rows).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from gcat.core.records import (
    AssessorRecord,
    AssessorScore,
    ConsensusDecision,
    FeedbackNote,
    Origin,
    StoredAssessment,
)
from gcat.storage.schema import (
    assessment_origins,
    assessor_scores,
    assessors,
    consensus_decisions,
    evidence_files,
    framework_feedback,
    plan_items,
    signoffs,
)

__all__ = [
    "add_feedback",
    "add_score",
    "copy_evidence_file",
    "copy_tracking",
    "current_scores",
    "decisions",
    "delete_feedback",
    "derived_from",
    "feedback_of",
    "join_assessor",
    "list_assessors",
    "load_origin",
    "reveal",
    "save_decision",
    "save_origin",
    "save_signoff",
    "score_history",
]

Connection = sa.Connection


def save_origin(
    conn: Connection,
    *,
    assessment: StoredAssessment,
    kind: str,
    source_id: int,
    source_label: str,
    details: dict[str, Any],
    who: str,
    now: datetime,
) -> None:
    """Record where ``assessment`` came from."""
    conn.execute(
        assessment_origins.insert().values(
            administration_id=assessment.administration_id,
            assessment_id=assessment.id,
            kind=kind,
            source_id=source_id,
            source_label=source_label,
            details=details,
            created_at=now,
            created_by=who,
        )
    )


def load_origin(conn: Connection, *, assessment_id: int) -> Origin | None:
    """Where the assessment came from, or None for one started afresh or imported."""
    row = conn.execute(
        assessment_origins.select().where(assessment_origins.c.assessment_id == assessment_id)
    ).first()
    if row is None:
        return None
    return Origin(
        row.kind, row.source_id, row.source_label, dict(row.details), row.created_at, row.created_by
    )


def derived_from(conn: Connection, *, source_id: int) -> list[tuple[int, str]]:
    """The assessments made from ``source_id``: (id, kind), oldest first."""
    rows = conn.execute(
        sa.select(assessment_origins.c.assessment_id, assessment_origins.c.kind)
        .where(assessment_origins.c.source_id == source_id)
        .order_by(assessment_origins.c.id)
    )
    return [(int(row.assessment_id), str(row.kind)) for row in rows]


def save_signoff(
    conn: Connection,
    *,
    assessment: StoredAssessment,
    signed_by: str,
    content_hash: str,
    note: str,
    now: datetime,
) -> None:
    """Sign ``assessment`` off (the caller has checked that it is not signed yet)."""
    conn.execute(
        signoffs.insert().values(
            administration_id=assessment.administration_id,
            assessment_id=assessment.id,
            signed_by=signed_by,
            signed_at=now,
            content_hash=content_hash,
            note=note,
        )
    )


def copy_evidence_file(
    conn: Connection, *, file_id: int, to: StoredAssessment, indicator_id: str
) -> None:
    """Copy one evidence file (bytes, name, checksum, who and when) to another assessment."""
    source = evidence_files.select().where(evidence_files.c.id == file_id)
    row = conn.execute(source).one()
    conn.execute(
        evidence_files.insert().values(
            administration_id=to.administration_id,
            assessment_id=to.id,
            indicator_id=indicator_id,
            filename=row.filename,
            content_type=row.content_type,
            size=row.size,
            sha256=row.sha256,
            data=row.data,
            uploaded_at=row.uploaded_at,
            uploaded_by=row.uploaded_by,
        )
    )


def copy_tracking(
    conn: Connection, *, source_id: int, to: StoredAssessment, indicators: dict[str, list[str]]
) -> None:
    """Copy the plan tracking of ``source_id`` to ``to``: each old indicator's owner, due date
    and status go to the new indicators ``indicators`` maps it to."""
    rows = conn.execute(plan_items.select().where(plan_items.c.assessment_id == source_id))
    for row in rows:
        for indicator_id in indicators.get(row.indicator_id, []):
            conn.execute(
                plan_items.insert().values(
                    administration_id=to.administration_id,
                    assessment_id=to.id,
                    indicator_id=indicator_id,
                    owner=row.owner,
                    due=row.due,
                    status=row.status,
                    updated_at=row.updated_at,
                )
            )


# --- assessors, their scores, the consensus ------------------------------------------------


def join_assessor(
    conn: Connection, *, assessment: StoredAssessment, name: str, now: datetime
) -> None:
    """Add ``name`` to the assessors of ``assessment`` (nothing when already there)."""
    found = conn.execute(
        sa.select(assessors.c.id).where(
            assessors.c.assessment_id == assessment.id, assessors.c.name == name
        )
    ).first()
    if found is None:
        conn.execute(
            assessors.insert().values(
                administration_id=assessment.administration_id,
                assessment_id=assessment.id,
                name=name,
                joined_at=now,
                revealed_at=None,
            )
        )


def list_assessors(conn: Connection, *, assessment_id: int) -> list[AssessorRecord]:
    """The assessors of an assessment, in the order they joined."""
    rows = conn.execute(
        assessors.select()
        .where(assessors.c.assessment_id == assessment_id)
        .order_by(assessors.c.id)
    )
    return [AssessorRecord(row.name, row.joined_at, row.revealed_at) for row in rows]


def reveal(conn: Connection, *, assessment_id: int, name: str, now: datetime) -> None:
    """Mark the scores of assessor ``name`` as shown to the others."""
    conn.execute(
        assessors.update()
        .where(assessors.c.assessment_id == assessment_id, assessors.c.name == name)
        .values(revealed_at=now)
    )


def add_score(
    conn: Connection,
    *,
    assessment: StoredAssessment,
    indicator_id: str,
    assessor: str,
    level: int | None,
    not_applicable: bool,
    comment: str,
    now: datetime,
) -> None:
    """Record a score (every score is kept: the latest of an assessor is the current one)."""
    conn.execute(
        assessor_scores.insert().values(
            administration_id=assessment.administration_id,
            assessment_id=assessment.id,
            indicator_id=indicator_id,
            assessor=assessor,
            level=level,
            not_applicable=not_applicable,
            comment=comment,
            scored_at=now,
        )
    )


def _to_score(row: sa.Row[Any]) -> AssessorScore:
    return AssessorScore(
        row.indicator_id, row.assessor, row.level, row.not_applicable, row.comment, row.scored_at
    )


def score_history(conn: Connection, *, assessment_id: int) -> list[AssessorScore]:
    """Every score given on an assessment, oldest first."""
    rows = conn.execute(
        assessor_scores.select()
        .where(assessor_scores.c.assessment_id == assessment_id)
        .order_by(assessor_scores.c.id)
    )
    return [_to_score(row) for row in rows]


def current_scores(conn: Connection, *, assessment_id: int) -> dict[tuple[str, str], AssessorScore]:
    """The latest score of each (assessor, indicator)."""
    return {
        (s.assessor, s.indicator_id): s for s in score_history(conn, assessment_id=assessment_id)
    }


def save_decision(
    conn: Connection,
    *,
    assessment: StoredAssessment,
    indicator_id: str,
    level: int | None,
    not_applicable: bool,
    rationale: str,
    scores: dict[str, int | str | None],
    who: str,
    now: datetime,
) -> None:
    """Record a consensus decision (every decision is kept: the latest is in force)."""
    conn.execute(
        consensus_decisions.insert().values(
            administration_id=assessment.administration_id,
            assessment_id=assessment.id,
            indicator_id=indicator_id,
            level=level,
            not_applicable=not_applicable,
            rationale=rationale,
            scores=scores,
            decided_by=who,
            decided_at=now,
        )
    )


def decisions(conn: Connection, *, assessment_id: int) -> list[ConsensusDecision]:
    """Every consensus decision of an assessment, oldest first."""
    rows = conn.execute(
        consensus_decisions.select()
        .where(consensus_decisions.c.assessment_id == assessment_id)
        .order_by(consensus_decisions.c.id)
    )
    return [
        ConsensusDecision(
            row.indicator_id,
            row.level,
            row.not_applicable,
            row.rationale,
            dict(row.scores),
            row.decided_by,
            row.decided_at,
        )
        for row in rows
    ]


# --- framework feedback ---------------------------------------------------------------------


def add_feedback(
    conn: Connection,
    *,
    assessment: StoredAssessment,
    indicator_id: str,
    level: int | None,
    kind: str,
    note: str,
    author: str,
    now: datetime,
) -> int:
    """Record a feedback note; return its id."""
    inserted = conn.execute(
        framework_feedback.insert().values(
            administration_id=assessment.administration_id,
            assessment_id=assessment.id,
            indicator_id=indicator_id,
            level=level,
            kind=kind,
            note=note,
            author=author,
            created_at=now,
        )
    )
    return int(inserted.inserted_primary_key[0])  # type: ignore[index]


def feedback_of(conn: Connection, *, assessment_id: int) -> list[FeedbackNote]:
    """The feedback notes of an assessment, oldest first."""
    rows = conn.execute(
        framework_feedback.select()
        .where(framework_feedback.c.assessment_id == assessment_id)
        .order_by(framework_feedback.c.id)
    )
    return [
        FeedbackNote(
            row.id, row.indicator_id, row.level, row.kind, row.note, row.author, row.created_at
        )
        for row in rows
    ]


def delete_feedback(conn: Connection, *, assessment_id: int, feedback_id: int) -> bool:
    """Delete one feedback note; whether it existed."""
    deleted = conn.execute(
        framework_feedback.delete().where(
            framework_feedback.c.assessment_id == assessment_id,
            framework_feedback.c.id == feedback_id,
        )
    )
    return bool(deleted.rowcount)

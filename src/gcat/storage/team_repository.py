"""Repository functions of the assessment team: origins, sign-off, copies between assessments.

Keyword-only, on a connection the caller owns, returning records (never rows).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from gcat.core.records import Origin, StoredAssessment
from gcat.storage.schema import assessment_origins, evidence_files, plan_items, signoffs

__all__ = [
    "copy_evidence_file",
    "copy_tracking",
    "derived_from",
    "load_origin",
    "save_origin",
    "save_signoff",
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

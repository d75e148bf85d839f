"""Repository functions: keyword-only, on a connection the caller owns; core objects out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from gcat.core.assessment import Answer
from gcat.core.history import answer_value
from gcat.core.records import (
    EvidenceFile,
    HistoryEntry,
    SignOff,
    StoredAnswer,
    StoredAssessment,
    Tracking,
)
from gcat.errors import ConflictError, NotFoundError
from gcat.limits import MAX_ID
from gcat.storage.schema import (
    administrations,
    answer_history,
    answers,
    assessments,
    evidence_files,
    plan_items,
    signoffs,
)

__all__ = [
    "add_evidence_file",
    "administration_name",
    "answer_history_of",
    "assessment_history_of",
    "create_assessment",
    "delete_assessment",
    "evidence_bytes",
    "evidence_file_data",
    "evidence_files_of",
    "get_assessment",
    "history_people",
    "list_assessments",
    "load_answer",
    "load_answers",
    "load_tracking",
    "next_edition",
    "save_answer",
    "save_tracking",
]

Connection = sa.Connection


def _administration_id(conn: Connection, name: str, now: datetime) -> int:
    found = conn.execute(
        sa.select(administrations.c.id).where(administrations.c.name == name)
    ).scalar_one_or_none()
    if found is not None:
        return int(found)
    return int(
        conn.execute(
            administrations.insert().values(name=name, created_at=now)
        ).inserted_primary_key[0]  # type: ignore[index]
    )


def _header_query() -> sa.Select[Any]:
    return (
        sa.select(
            assessments,
            administrations.c.name.label("administration"),
            signoffs.c.signed_by,
            signoffs.c.signed_at,
            signoffs.c.content_hash,
            signoffs.c.note.label("signoff_note"),
        )
        .join(administrations, administrations.c.id == assessments.c.administration_id)
        .outerjoin(signoffs, signoffs.c.assessment_id == assessments.c.id)
    )


def _to_assessment(row: sa.Row[Any]) -> StoredAssessment:
    return StoredAssessment(
        id=row.id,
        administration_id=row.administration_id,
        administration=row.administration,
        framework_id=row.framework_id,
        framework_version=row.framework_version,
        cycle=row.cycle,
        domains=tuple(row.domains) if row.domains is not None else None,
        assessors=row.assessors,
        previous_id=row.previous_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
        answered=row.answered,
        indicators=row.indicators,
        edition=row.edition,
        signoff=(
            SignOff(row.signed_by, row.signed_at, row.content_hash, row.signoff_note)
            if row.signed_at is not None
            else None
        ),
    )


def create_assessment(
    conn: Connection,
    *,
    administration: str | int,
    cycle: str,
    framework_id: str,
    framework_version: str,
    domains: Sequence[str] | None,
    assessors: str,
    previous_id: int | None,
    indicators: int,
    now: datetime,
    edition: int = 1,
) -> int:
    """Create an assessment of ``indicators`` indicators in scope. ``administration`` is a name
    (found or created) or the id of an existing administration.

    Edition 1 is refused when the administration already has an assessment of that cycle;
    a later edition (an upgrade, a new version of a signed one) is refused when taken.
    """
    if isinstance(administration, int):
        admin_id = administration
        administration = administration_name(conn, administration_id=admin_id)
    else:
        admin_id = _administration_id(conn, administration, now)
    taken = assessments.c.edition == edition if edition > 1 else sa.true()
    duplicate = conn.execute(
        sa.select(assessments.c.id).where(
            assessments.c.administration_id == admin_id, assessments.c.cycle == cycle, taken
        )
    ).first()
    if duplicate is not None:
        raise ConflictError("assessment.duplicate", administration=administration, cycle=cycle)
    try:
        inserted = conn.execute(
            assessments.insert().values(
                administration_id=admin_id,
                framework_id=framework_id,
                framework_version=framework_version,
                cycle=cycle,
                domains=list(domains) if domains is not None else None,
                assessors=assessors,
                previous_id=previous_id,
                created_at=now,
                updated_at=now,
                answered=0,
                indicators=indicators,
                edition=edition,
            )
        )
    except sa.exc.IntegrityError as exc:  # another writer took the edition (server mode)
        raise ConflictError(
            "assessment.duplicate", administration=administration, cycle=cycle
        ) from exc
    return int(inserted.inserted_primary_key[0])  # type: ignore[index]


def next_edition(conn: Connection, *, administration_id: int, cycle: str) -> int:
    """The edition a new assessment of ``cycle`` derived from an existing one takes."""
    highest = conn.execute(
        sa.select(sa.func.max(assessments.c.edition)).where(
            assessments.c.administration_id == administration_id, assessments.c.cycle == cycle
        )
    ).scalar_one_or_none()
    return int(highest or 0) + 1


def administration_name(conn: Connection, *, administration_id: int) -> str:
    """The name of administration ``administration_id`` (NotFoundError when absent)."""
    name = conn.execute(
        sa.select(administrations.c.name).where(administrations.c.id == administration_id)
    ).scalar_one_or_none()
    if name is None:
        raise NotFoundError("assessment.not_found", id=administration_id)
    return str(name)


_SELECT_HEADER = _header_query().where(assessments.c.id == sa.bindparam("aid"))


def get_assessment(conn: Connection, *, assessment_id: int) -> StoredAssessment:
    """The assessment ``assessment_id`` (NotFoundError when absent)."""
    row = (
        conn.execute(_SELECT_HEADER, {"aid": assessment_id}).first()
        if 1 <= assessment_id <= MAX_ID
        else None
    )
    if row is None:
        raise NotFoundError("assessment.not_found", id=assessment_id)
    return _to_assessment(row)


def list_assessments(
    conn: Connection, *, administration_id: int | None = None
) -> list[StoredAssessment]:
    """Every assessment (of one administration when given), most recently changed first."""
    query = _header_query()
    if administration_id is not None:
        query = query.where(assessments.c.administration_id == administration_id)
    rows = conn.execute(query.order_by(assessments.c.updated_at.desc(), assessments.c.id))
    return [_to_assessment(row) for row in rows]


def delete_assessment(conn: Connection, *, assessment_id: int) -> None:
    """Delete an assessment and everything that belongs to it."""
    deleted = conn.execute(assessments.delete().where(assessments.c.id == assessment_id))
    if deleted.rowcount == 0:
        raise NotFoundError("assessment.not_found", id=assessment_id)


def _to_answer(row: sa.Row[Any], file_names: Sequence[str]) -> StoredAnswer:
    evidence = tuple(note for note in (row.evidence_note.strip(),) if note) + tuple(file_names)
    return StoredAnswer(
        indicator_id=row.indicator_id,
        answer=Answer(
            level=row.level,
            not_applicable=row.not_applicable,
            reason=row.reason,
            target=row.target,
            comment=row.comment,
            evidence=evidence,
            flagged=row.flagged,
            to_review=row.to_review,
        ),
        evidence_note=row.evidence_note,
        version=row.version,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


def load_answers(conn: Connection, *, assessment_id: int) -> dict[str, StoredAnswer]:
    """The stored answers of an assessment, by indicator id. Evidence includes file names."""
    names: dict[str, list[str]] = {}
    for file in evidence_files_of(conn, assessment_id=assessment_id):
        names.setdefault(file.indicator_id, []).append(file.filename)
    rows = conn.execute(answers.select().where(answers.c.assessment_id == assessment_id))
    return {row.indicator_id: _to_answer(row, names.get(row.indicator_id, [])) for row in rows}


def load_answer(conn: Connection, *, assessment_id: int, indicator_id: str) -> StoredAnswer | None:
    """One stored answer (evidence includes its file names), or None."""
    row = conn.execute(_SELECT_ANSWER, {"aid": assessment_id, "iid": indicator_id}).first()
    if row is None:
        return None
    names = conn.execute(
        sa.select(evidence_files.c.filename)
        .where(
            evidence_files.c.assessment_id == assessment_id,
            evidence_files.c.indicator_id == indicator_id,
        )
        .order_by(evidence_files.c.id)
    ).scalars()
    return _to_answer(row, list(names))


_ANSWER_KEY = sa.and_(
    answers.c.assessment_id == sa.bindparam("aid"), answers.c.indicator_id == sa.bindparam("iid")
)
_SELECT_ANSWER = answers.select().where(_ANSWER_KEY)
_ANSWER_VALUES = (
    "level",
    "not_applicable",
    "reason",
    "target",
    "comment",
    "evidence_note",
    "flagged",
    "to_review",
    "version",
    "updated_at",
    "updated_by",
)
_UPDATE_ANSWER = (
    answers.update()
    .where(_ANSWER_KEY, answers.c.version == sa.bindparam("expected"))
    .values({name: sa.bindparam(f"v_{name}") for name in _ANSWER_VALUES})
)
_INSERT_ANSWER = answers.insert()
_INSERT_HISTORY = answer_history.insert()
_ANSWERED = (
    sa.select(sa.func.count())
    .select_from(answers)
    .where(
        answers.c.assessment_id == sa.bindparam("aid"),
        sa.or_(answers.c.level.is_not(None), answers.c.not_applicable.is_(True)),
        answers.c.to_review.is_(False),
    )
    .scalar_subquery()
)
_TOUCH_ASSESSMENT = (
    assessments.update()
    .where(assessments.c.id == sa.bindparam("aid"))
    .values(updated_at=sa.bindparam("now"), answered=_ANSWERED)
)
"""After a save: the assessment's time of change and its count of answered indicators (an
answer pre-filled from the previous cycle counts once an officer has confirmed or changed it)."""


def save_answer(
    conn: Connection,
    *,
    assessment: StoredAssessment,
    indicator_id: str,
    answer: Answer,
    evidence_note: str,
    expected_version: int,
    who: str,
    change_reason: str,
    now: datetime,
) -> int:
    """Save an answer if ``expected_version`` is current (0 for a first save); record history.

    Returns the new version. Raises ConflictError when someone saved in between.
    """
    key = {"aid": assessment.id, "iid": indicator_id}
    old = conn.execute(_SELECT_ANSWER, key).first()
    current_version = old.version if old is not None else 0
    if current_version != expected_version:
        raise ConflictError("answer.stale", expected=expected_version, current=current_version)
    value = answer_value(answer, evidence_note)
    columns = {**value, "version": current_version + 1, "updated_at": now, "updated_by": who}
    if old is None:
        try:
            conn.execute(
                _INSERT_ANSWER,
                {
                    "administration_id": assessment.administration_id,
                    "assessment_id": assessment.id,
                    "indicator_id": indicator_id,
                    **columns,
                },
            )
        except sa.exc.IntegrityError as exc:  # another first save won the race (server mode)
            raise ConflictError("answer.stale", expected=expected_version, current=1) from exc
    elif (
        conn.execute(
            _UPDATE_ANSWER.values(**columns), {**key, "expected": current_version}
        ).rowcount
        != 1
    ):
        raise ConflictError("answer.stale", expected=expected_version, current=current_version)
    conn.execute(
        _INSERT_HISTORY,
        {
            "administration_id": assessment.administration_id,
            "assessment_id": assessment.id,
            "indicator_id": indicator_id,
            "changed_at": now,
            "changed_by": who,
            "old_value": {key_: getattr(old, key_) for key_ in value} if old is not None else None,
            "new_value": value,
            "change_reason": change_reason,
        },
    )
    conn.execute(_TOUCH_ASSESSMENT, {"aid": assessment.id, "now": now})
    return current_version + 1


def _history_query(assessment_id: int) -> sa.Select[Any]:
    return answer_history.select().where(answer_history.c.assessment_id == assessment_id)


def _to_entry(row: sa.Row[Any]) -> HistoryEntry:
    return HistoryEntry(
        row.changed_at,
        row.changed_by,
        row.old_value,
        row.new_value,
        row.change_reason,
        row.indicator_id,
    )


def answer_history_of(
    conn: Connection, *, assessment_id: int, indicator_id: str
) -> list[HistoryEntry]:
    """Every recorded change of one answer, oldest first."""
    rows = conn.execute(
        _history_query(assessment_id)
        .where(answer_history.c.indicator_id == indicator_id)
        .order_by(answer_history.c.id)
    )
    return [_to_entry(row) for row in rows]


def assessment_history_of(
    conn: Connection,
    *,
    assessment_id: int,
    indicator_id: str | None = None,
    person: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    limit: int,
) -> list[HistoryEntry]:
    """The changes of an assessment's answers, newest first, at most ``limit``; only those of
    ``indicator_id`` and ``person`` when given, made at or after ``start`` and before ``end``."""
    query = _history_query(assessment_id)
    if indicator_id is not None:
        query = query.where(answer_history.c.indicator_id == indicator_id)
    if person is not None:
        query = query.where(answer_history.c.changed_by == person)
    if start is not None:
        query = query.where(answer_history.c.changed_at >= start)
    if end is not None:
        query = query.where(answer_history.c.changed_at < end)
    rows = conn.execute(query.order_by(answer_history.c.id.desc()).limit(limit))
    return [_to_entry(row) for row in rows]


def history_people(conn: Connection, *, assessment_id: int) -> list[str]:
    """Everyone who changed an answer of the assessment, in alphabetical order."""
    rows = conn.execute(
        sa.select(answer_history.c.changed_by)
        .where(answer_history.c.assessment_id == assessment_id)
        .distinct()
        .order_by(answer_history.c.changed_by)
    )
    return [str(name) for name in rows.scalars()]


def add_evidence_file(
    conn: Connection,
    *,
    assessment: StoredAssessment,
    indicator_id: str,
    filename: str,
    content_type: str,
    data: bytes,
    sha256: str,
    who: str,
    now: datetime,
) -> int:
    """Store an evidence file; return its id."""
    return int(
        conn.execute(
            evidence_files.insert().values(
                administration_id=assessment.administration_id,
                assessment_id=assessment.id,
                indicator_id=indicator_id,
                filename=filename,
                content_type=content_type,
                size=len(data),
                sha256=sha256,
                data=data,
                uploaded_at=now,
                uploaded_by=who,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    )


def _to_file(row: sa.Row[Any]) -> EvidenceFile:
    return EvidenceFile(
        row.id,
        row.indicator_id,
        row.filename,
        row.content_type,
        row.size,
        row.sha256,
        row.uploaded_at,
        row.uploaded_by,
    )


def evidence_files_of(conn: Connection, *, assessment_id: int) -> list[EvidenceFile]:
    """Metadata of an assessment's evidence files, in upload order."""
    columns = [c for c in evidence_files.c if c.name not in ("data", "administration_id")]
    rows = conn.execute(
        sa.select(*columns)
        .where(evidence_files.c.assessment_id == assessment_id)
        .order_by(evidence_files.c.id)
    )
    return [_to_file(row) for row in rows]


def evidence_bytes(conn: Connection, *, assessment_id: int) -> int:
    """The total size of an assessment's evidence files, in bytes."""
    total = conn.execute(
        sa.select(sa.func.coalesce(sa.func.sum(evidence_files.c.size), 0)).where(
            evidence_files.c.assessment_id == assessment_id
        )
    ).scalar_one()
    return int(total)


def evidence_file_data(
    conn: Connection, *, assessment_id: int, file_id: int
) -> tuple[EvidenceFile, bytes]:
    """One evidence file with its bytes (NotFoundError when absent)."""
    row = (
        conn.execute(
            evidence_files.select().where(
                evidence_files.c.id == file_id, evidence_files.c.assessment_id == assessment_id
            )
        ).first()
        if 1 <= file_id <= MAX_ID
        else None
    )
    if row is None:
        raise NotFoundError("file.not_found", id=file_id)
    return _to_file(row), bytes(row.data)


def load_tracking(conn: Connection, *, assessment_id: int) -> dict[str, Tracking]:
    """Owner, due date and status of the plan items, by indicator id."""
    rows = conn.execute(plan_items.select().where(plan_items.c.assessment_id == assessment_id))
    return {row.indicator_id: Tracking(row.owner, row.due, row.status) for row in rows}


def save_tracking(
    conn: Connection,
    *,
    assessment: StoredAssessment,
    indicator_id: str,
    owner: str,
    due: date | None,
    status: str,
    now: datetime,
) -> None:
    """Set owner, due date and status of one plan item."""
    values = {"owner": owner, "due": due, "status": status, "updated_at": now}
    updated = conn.execute(
        plan_items.update()
        .where(
            plan_items.c.assessment_id == assessment.id, plan_items.c.indicator_id == indicator_id
        )
        .values(**values)
    )
    if updated.rowcount == 0:
        conn.execute(
            plan_items.insert().values(
                administration_id=assessment.administration_id,
                assessment_id=assessment.id,
                indicator_id=indicator_id,
                **values,
            )
        )

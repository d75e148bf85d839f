"""Repository of good practices: keyword-only functions on a connection the caller owns,
returning core records, never rows."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from gcat.core.practices import (
    Consent,
    Contact,
    MeasurableResult,
    Practice,
    PracticeMember,
    PracticeRecord,
    Status,
)
from gcat.errors import ConflictError, NotFoundError
from gcat.storage.repository import _administration_id
from gcat.storage.schema import practice_attachments, practice_history, practices

__all__ = [
    "Attachment",
    "HistoryItem",
    "add_attachment",
    "add_history",
    "administration_for",
    "attachment_data",
    "attachments_of",
    "get_practice",
    "history_of",
    "insert_practice",
    "list_practices",
    "save_practice",
]

Connection = sa.Connection


@dataclass(frozen=True, slots=True)
class HistoryItem:
    """One change of a practice: who, when, what (created, edited, status, consent...), why."""

    changed_at: datetime
    changed_by: str
    action: str
    from_status: Status | None
    to_status: Status | None
    reason: str
    details: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file kept with a practice (a free-format submission)."""

    id: int
    practice_id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    uploaded_by: str


def administration_for(conn: Connection, *, name: str, when: datetime) -> int:
    """The id of the administration ``name``, created when new."""
    return _administration_id(conn, name, when)


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _columns(practice: Practice) -> dict[str, Any]:
    contact = practice.contact
    return {
        "member_name": practice.member.name,
        "member_code": practice.member.code,
        "member_region": practice.member.region,
        "member_names": dict(practice.member.names),
        "title": practice.title,
        "lang": practice.lang,
        "contact": {
            "name": contact.name,
            "role": contact.role,
            "email": contact.email,
            "phone": contact.phone,
        },
        "domains": list(practice.domains),
        "thematic_areas": list(practice.thematic_areas),
        "gcat_indicators": list(practice.gcat_indicators),
        "background": practice.background,
        "description": practice.description,
        "results": practice.results,
        "measurable_results": [
            {
                "indicator": item.indicator,
                "value": _number(item.value),
                "unit": item.unit,
                "baseline": _number(item.baseline),
                "year": item.year,
            }
            for item in practice.measurable_results
        ],
        "challenges": practice.challenges,
        "future_plans": practice.future_plans,
        "links": list(practice.links),
        "consent": practice.consent.value if practice.consent else None,
        "withheld": sorted(practice.withheld),
    }


def _record(row: sa.Row[Any]) -> PracticeRecord:
    practice = Practice(
        member=PracticeMember(
            row.member_name, row.member_code, row.member_region, dict(row.member_names)
        ),
        title=row.title,
        lang=row.lang,
        contact=Contact(**row.contact),
        domains=tuple(row.domains),
        thematic_areas=tuple(row.thematic_areas),
        gcat_indicators=tuple(row.gcat_indicators),
        background=row.background,
        description=row.description,
        results=row.results,
        measurable_results=tuple(
            MeasurableResult(
                item["indicator"],
                float(item["value"]),
                item.get("unit") or "",
                None if item.get("baseline") is None else float(item["baseline"]),
                item.get("year"),
            )
            for item in row.measurable_results
        ),
        challenges=row.challenges,
        future_plans=row.future_plans,
        links=tuple(row.links),
        consent=Consent(row.consent) if row.consent else None,
        withheld=frozenset(row.withheld),
    )
    return PracticeRecord(
        id=row.id,
        administration_id=row.administration_id,
        status=Status(row.status),
        practice=practice,
        consent_recorded_at=row.consent_recorded_at,
        consent_recorded_by=row.consent_recorded_by,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
        source=row.source,
        version=row.version,
        owner=row.owner,
    )


def insert_practice(
    conn: Connection,
    *,
    administration_id: int,
    practice: Practice,
    status: Status,
    owner: str,
    source: str,
    when: datetime,
    by: str,
) -> int:
    """Store a new practice; its id. Its consent, when given, is recorded as of ``when``."""
    values = _columns(practice) | {
        "administration_id": administration_id,
        "status": status.value,
        "owner": owner,
        "source": source,
        "version": 1,
        "created_at": when,
        "updated_at": when,
        "updated_by": by,
        "consent_recorded_at": when if practice.consent else None,
        "consent_recorded_by": by if practice.consent else "",
    }
    result = conn.execute(practices.insert().values(**values))
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def save_practice(
    conn: Connection,
    *,
    record: PracticeRecord,
    practice: Practice | None = None,
    status: Status | None = None,
    when: datetime,
    by: str,
    consent_changed: bool = False,
) -> int:
    """Store a change of ``record`` (based on its version); the new version.

    ConflictError when someone changed the record since ``record`` was read.
    """
    values: dict[str, Any] = {"version": record.version + 1, "updated_at": when, "updated_by": by}
    if practice is not None:
        values |= _columns(practice)
    if status is not None:
        values["status"] = status.value
    if consent_changed:
        values |= {"consent_recorded_at": when, "consent_recorded_by": by}
    result = conn.execute(
        practices.update()
        .where(practices.c.id == record.id, practices.c.version == record.version)
        .values(**values)
    )
    if result.rowcount != 1:
        raise ConflictError("practices.conflict", id=record.id)
    return record.version + 1


def get_practice(conn: Connection, *, practice_id: int) -> PracticeRecord:
    """The practice ``practice_id`` (NotFoundError when absent)."""
    row = conn.execute(sa.select(practices).where(practices.c.id == practice_id)).first()
    if row is None:
        raise NotFoundError("practices.not_found", id=practice_id)
    return _record(row)


def list_practices(
    conn: Connection,
    *,
    administration_id: int | None = None,
    statuses: Sequence[Status] | None = None,
) -> list[PracticeRecord]:
    """Practices (of one administration, in some statuses), most recently changed first."""
    query = sa.select(practices).order_by(practices.c.updated_at.desc(), practices.c.id.desc())
    if administration_id is not None:
        query = query.where(practices.c.administration_id == administration_id)
    if statuses is not None:
        query = query.where(practices.c.status.in_([status.value for status in statuses]))
    return [_record(row) for row in conn.execute(query)]


def add_history(
    conn: Connection,
    *,
    record: PracticeRecord,
    action: str,
    when: datetime,
    by: str,
    from_status: Status | None = None,
    to_status: Status | None = None,
    reason: str = "",
    details: Mapping[str, Any] | None = None,
) -> None:
    """Keep one change of ``record`` in its history."""
    conn.execute(
        practice_history.insert().values(
            administration_id=record.administration_id,
            practice_id=record.id,
            changed_at=when,
            changed_by=by,
            action=action,
            from_status=from_status.value if from_status else None,
            to_status=to_status.value if to_status else None,
            reason=reason,
            details=dict(details or {}),
        )
    )


def history_of(conn: Connection, *, practice_id: int) -> list[HistoryItem]:
    """The history of a practice, oldest first."""
    rows = conn.execute(
        sa.select(practice_history)
        .where(practice_history.c.practice_id == practice_id)
        .order_by(practice_history.c.id)
    )
    return [
        HistoryItem(
            row.changed_at,
            row.changed_by,
            row.action,
            Status(row.from_status) if row.from_status else None,
            Status(row.to_status) if row.to_status else None,
            row.reason,
            dict(row.details),
        )
        for row in rows
    ]


def add_attachment(
    conn: Connection,
    *,
    record: PracticeRecord,
    filename: str,
    content_type: str,
    data: bytes,
    when: datetime,
    by: str,
) -> int:
    """Keep a file with a practice; its id."""
    result = conn.execute(
        practice_attachments.insert().values(
            administration_id=record.administration_id,
            practice_id=record.id,
            filename=filename,
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            data=data,
            uploaded_at=when,
            uploaded_by=by,
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def attachments_of(conn: Connection, *, practice_id: int) -> list[Attachment]:
    """The files kept with a practice (without their contents)."""
    columns = [c for c in practice_attachments.c if c.name not in ("data", "administration_id")]
    rows = conn.execute(
        sa.select(*columns)
        .where(practice_attachments.c.practice_id == practice_id)
        .order_by(practice_attachments.c.id)
    )
    return [Attachment(**row._mapping) for row in rows]


def attachment_data(
    conn: Connection, *, practice_id: int, attachment_id: int
) -> tuple[Attachment, bytes]:
    """One attachment of a practice and its contents (NotFoundError when absent)."""
    row = conn.execute(
        sa.select(practice_attachments).where(
            practice_attachments.c.id == attachment_id,
            practice_attachments.c.practice_id == practice_id,
        )
    ).first()
    if row is None:
        raise NotFoundError("practices.attachment_not_found", id=attachment_id)
    values = {k: v for k, v in row._mapping.items() if k not in ("data", "administration_id")}
    return Attachment(**values), bytes(row.data)

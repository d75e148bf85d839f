"""Repository of files waiting for the officer (``pending_imports``), and finding the
assessment a file is for. Keyword-only functions on a connection the caller owns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from gcat.errors import NotFoundError
from gcat.limits import MAX_ID
from gcat.storage.schema import administrations, assessments, pending_imports

__all__ = [
    "PendingImport",
    "add_pending",
    "delete_pending",
    "find_assessment",
    "get_pending",
    "purge_pending",
    "update_pending",
]

Connection = sa.Connection


@dataclass(frozen=True, slots=True)
class PendingImport:
    """A file waiting for the officer's choice or confirmation."""

    id: int
    administration_id: int | None
    assessment_id: int | None
    filename: str
    data: bytes
    submission: str | None
    created_at: datetime
    created_by: str


def add_pending(
    conn: Connection,
    *,
    administration_id: int | None,
    assessment_id: int | None,
    filename: str,
    data: bytes,
    submission: str | None,
    who: str,
    now: datetime,
) -> int:
    """Keep a file for later; its id."""
    return int(
        conn.execute(
            pending_imports.insert().values(
                administration_id=administration_id,
                assessment_id=assessment_id,
                filename=filename,
                data=data,
                submission=submission,
                created_at=now,
                created_by=who,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    )


def get_pending(conn: Connection, *, pending_id: int) -> PendingImport:
    """A waiting file (NotFoundError when absent)."""
    row = (
        conn.execute(pending_imports.select().where(pending_imports.c.id == pending_id)).first()
        if 1 <= pending_id <= MAX_ID
        else None
    )
    if row is None:
        raise NotFoundError("import.not_found", id=pending_id)
    return PendingImport(
        row.id,
        row.administration_id,
        row.assessment_id,
        row.filename,
        bytes(row.data),
        row.submission,
        row.created_at,
        row.created_by,
    )


def update_pending(
    conn: Connection,
    *,
    pending_id: int,
    administration_id: int | None,
    assessment_id: int | None,
    submission: str | None,
) -> None:
    """Record what a waiting file turned out to be for (after a submission was chosen)."""
    conn.execute(
        pending_imports.update()
        .where(pending_imports.c.id == pending_id)
        .values(
            administration_id=administration_id,
            assessment_id=assessment_id,
            submission=submission,
        )
    )


def delete_pending(conn: Connection, *, pending_id: int) -> None:
    """Forget a waiting file."""
    conn.execute(pending_imports.delete().where(pending_imports.c.id == pending_id))


def purge_pending(conn: Connection, *, before: datetime) -> None:
    """Forget the files that have waited since before ``before``."""
    conn.execute(pending_imports.delete().where(pending_imports.c.created_at < before))


def find_assessment(
    conn: Connection, *, administration: str, cycle: str, administration_id: int | None = None
) -> int | None:
    """The id of the assessment of ``administration`` for ``cycle`` (the latest, when several
    exist), within ``administration_id`` when given; None when there is none."""
    query = (
        sa.select(assessments.c.id)
        .join(administrations, administrations.c.id == assessments.c.administration_id)
        .where(administrations.c.name == administration, assessments.c.cycle == cycle)
    )
    if administration_id is not None:
        query = query.where(assessments.c.administration_id == administration_id)
    found = conn.execute(query.order_by(assessments.c.id.desc()).limit(1)).scalar_one_or_none()
    return int(found) if found is not None else None

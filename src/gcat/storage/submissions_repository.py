"""Submissions and benchmark packs: keyword-only functions on the caller's connection.

A submission's snapshot, checksum and time are written once (a trigger refuses any change);
only its status moves.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from gcat.core.submissions import Status, Submission
from gcat.errors import NotFoundError
from gcat.limits import MAX_ID
from gcat.storage.schema import administrations, benchmark_packs, submissions

__all__ = [
    "add_pack",
    "add_submission",
    "checksums_of",
    "cycles",
    "get_submission",
    "in_force",
    "latest_pack",
    "list_submissions",
    "set_status",
    "snapshot_of",
    "supersede",
]

Connection = sa.Connection

_HEADER_COLUMNS = [c for c in submissions.c if c.name != "snapshot"]
_HEADERS = sa.select(*_HEADER_COLUMNS, administrations.c.name.label("administration")).join(
    administrations, administrations.c.id == submissions.c.administration_id
)


def _submission(row: sa.Row[Any]) -> Submission:
    return Submission(
        id=row.id,
        administration_id=row.administration_id,
        administration=row.administration,
        member_code=row.member_code,
        kind=row.kind,
        source_id=row.source_id,
        cycle=row.cycle,
        framework_id=row.framework_id,
        framework_version=row.framework_version,
        status=Status(row.status),
        origin=row.origin,
        filename=row.filename,
        submitted_at=row.submitted_at,
        submitted_by=row.submitted_by,
        changed_at=row.changed_at,
        changed_by=row.changed_by,
        checksum=row.checksum,
        scores=dict(row.scores),
    )


def add_submission(
    conn: Connection,
    *,
    administration_id: int,
    member_code: str | None,
    kind: str,
    source_id: int | None,
    cycle: str,
    framework_id: str,
    framework_version: str,
    origin: str,
    filename: str,
    who: str,
    now: datetime,
    checksum: str,
    snapshot: dict[str, Any],
    scores: dict[str, Any],
) -> int:
    """Store a submission in force; its id."""
    return int(
        conn.execute(
            submissions.insert().values(
                administration_id=administration_id,
                member_code=member_code,
                kind=kind,
                source_id=source_id,
                cycle=cycle,
                framework_id=framework_id,
                framework_version=framework_version,
                status=Status.SUBMITTED.value,
                origin=origin,
                filename=filename,
                submitted_at=now,
                submitted_by=who,
                changed_by="",
                checksum=checksum,
                snapshot=snapshot,
                scores=scores,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    )


def supersede(
    conn: Connection, *, administration_id: int, kind: str, cycle: str, who: str, now: datetime
) -> int:
    """Mark the submission in force of an administration, kind and cycle as superseded."""
    result = conn.execute(
        submissions.update()
        .where(
            submissions.c.administration_id == administration_id,
            submissions.c.kind == kind,
            submissions.c.cycle == cycle,
            submissions.c.status == Status.SUBMITTED.value,
        )
        .values(status=Status.SUPERSEDED.value, changed_at=now, changed_by=who)
    )
    return int(result.rowcount)


def get_submission(conn: Connection, *, submission_id: int) -> Submission:
    """One submission's header and figures (NotFoundError when absent)."""
    row = (
        conn.execute(_HEADERS.where(submissions.c.id == submission_id)).first()
        if 1 <= submission_id <= MAX_ID
        else None
    )
    if row is None:
        raise NotFoundError("submission.not_found", id=submission_id)
    return _submission(row)


def snapshot_of(conn: Connection, *, submission_id: int) -> dict[str, Any]:
    """The snapshot of a submission, as it was sent."""
    value = conn.execute(
        sa.select(submissions.c.snapshot).where(submissions.c.id == submission_id)
    ).scalar_one()
    return dict(value)


def list_submissions(
    conn: Connection,
    *,
    administration_id: int | None = None,
    statuses: tuple[Status, ...] | None = None,
    cycle: str | None = None,
) -> list[Submission]:
    """Submissions, newest first (of one administration, statuses and cycle when given)."""
    query = _HEADERS
    if administration_id is not None:
        query = query.where(submissions.c.administration_id == administration_id)
    if statuses is not None:
        query = query.where(submissions.c.status.in_([s.value for s in statuses]))
    if cycle is not None:
        query = query.where(submissions.c.cycle == cycle)
    return [_submission(row) for row in conn.execute(query.order_by(submissions.c.id.desc()))]


def set_status(
    conn: Connection, *, submission_id: int, status: Status, who: str, now: datetime
) -> None:
    """Move a submission to ``status``."""
    conn.execute(
        submissions.update()
        .where(submissions.c.id == submission_id)
        .values(status=status.value, changed_at=now, changed_by=who)
    )


def in_force(
    conn: Connection, *, kind: str, cycle: str | None = None
) -> Iterator[tuple[str, str | None, dict[str, Any]]]:
    """(cycle, member code, scores) of every submission in force of ``kind``."""
    query = sa.select(submissions.c.cycle, submissions.c.member_code, submissions.c.scores).where(
        submissions.c.kind == kind, submissions.c.status == Status.SUBMITTED.value
    )
    if cycle is not None:
        query = query.where(submissions.c.cycle == cycle)
    for row in conn.execute(query.order_by(submissions.c.id)):
        yield row.cycle, row.member_code, row.scores


def cycles(conn: Connection, *, kind: str) -> list[str]:
    """The cycles with a submission in force, in order."""
    rows = conn.execute(
        sa.select(submissions.c.cycle)
        .where(submissions.c.kind == kind, submissions.c.status == Status.SUBMITTED.value)
        .distinct()
    )
    return sorted(row.cycle for row in rows)


def checksums_of(conn: Connection, *, kind: str) -> set[tuple[int, str]]:
    """(administration id, checksum) of every submission of ``kind`` not withdrawn."""
    rows = conn.execute(
        sa.select(submissions.c.administration_id, submissions.c.checksum).where(
            submissions.c.kind == kind, submissions.c.status != Status.WITHDRAWN.value
        )
    )
    return {(row.administration_id, row.checksum) for row in rows}


def add_pack(
    conn: Connection,
    *,
    filename: str,
    checksum: str,
    content: dict[str, Any],
    who: str,
    now: datetime,
) -> int:
    """Store an imported benchmark pack; its id."""
    return int(
        conn.execute(
            benchmark_packs.insert().values(
                filename=filename,
                checksum=checksum,
                content=content,
                imported_at=now,
                imported_by=who,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    )


def latest_pack(conn: Connection) -> dict[str, Any] | None:
    """The content of the benchmark pack imported last, or None."""
    value = conn.execute(
        sa.select(benchmark_packs.c.content).order_by(benchmark_packs.c.id.desc()).limit(1)
    ).scalar_one_or_none()
    return dict(value) if value is not None else None

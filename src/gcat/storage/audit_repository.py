"""The audit log: append and search; nothing else (a trigger refuses UPDATE and DELETE)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from gcat.core.accounts import AuditEntry
from gcat.storage.schema import audit_log

__all__ = ["append", "count_events", "last_event_time", "search"]

Connection = sa.Connection


def append(
    conn: Connection,
    *,
    at: datetime,
    event: str,
    username: str,
    user_id: int | None,
    role: str,
    administration_id: int | None,
    target: str,
    detail: dict[str, Any],
    address: str,
) -> None:
    """Add one line to the log."""
    conn.execute(
        audit_log.insert().values(
            at=at,
            event=event,
            username=username,
            user_id=user_id,
            role=role,
            administration_id=administration_id,
            target=target,
            detail=detail,
            address=address,
        )
    )


def count_events(
    conn: Connection,
    *,
    event: str,
    since: datetime,
    username: str | None = None,
    address: str | None = None,
) -> int:
    """How many ``event`` lines since ``since`` (for one user name or address when given)."""
    query = sa.select(sa.func.count()).where(audit_log.c.event == event, audit_log.c.at >= since)
    if username is not None:
        query = query.where(audit_log.c.username == username)
    if address is not None:
        query = query.where(audit_log.c.address == address)
    return int(conn.execute(query).scalar_one())


def last_event_time(conn: Connection, *, event: str, username: str) -> datetime | None:
    """When ``event`` last happened for ``username``."""
    value: datetime | None = conn.execute(
        sa.select(sa.func.max(audit_log.c.at)).where(
            audit_log.c.event == event, audit_log.c.username == username
        )
    ).scalar_one_or_none()
    return value


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search(
    conn: Connection,
    *,
    text: str = "",
    event: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[AuditEntry], int]:
    """Lines matching the filters, newest first (``limit`` from ``offset``), and how many match.

    ``text`` is looked for in the user name, the target and the address.
    """
    conditions: list[sa.ColumnElement[bool]] = []
    if text:
        pattern = _like(text.lower())
        conditions.append(
            sa.or_(
                sa.func.lower(audit_log.c.username).like(pattern, escape="\\"),
                sa.func.lower(audit_log.c.target).like(pattern, escape="\\"),
                audit_log.c.address.like(pattern, escape="\\"),
            )
        )
    if event:
        conditions.append(audit_log.c.event == event)
    if since is not None:
        conditions.append(audit_log.c.at >= since)
    if until is not None:
        conditions.append(audit_log.c.at < until)
    total = int(
        conn.execute(
            sa.select(sa.func.count()).select_from(audit_log).where(*conditions)
        ).scalar_one()
    )
    rows = conn.execute(
        audit_log.select()
        .where(*conditions)
        .order_by(audit_log.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    entries = [
        AuditEntry(
            id=row.id,
            at=row.at,
            event=row.event,
            username=row.username,
            role=row.role,
            administration_id=row.administration_id,
            target=row.target,
            detail=dict(row.detail or {}),
            address=row.address,
        )
        for row in rows
    ]
    return entries, total

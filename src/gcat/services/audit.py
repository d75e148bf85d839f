"""The audit log: who did what, when, to what and from where; append-only, searchable.

Other services call :func:`record` inside their own transaction, so an action and its line in
the log are written together or not at all. Failed logins are recorded in a transaction of
their own (nothing else is written then).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from gcat.core.accounts import AuditEntry
from gcat.core.text import clean_line
from gcat.limits import MAX_NAME
from gcat.policy.access import Actor, Right, require
from gcat.storage import audit_repository as repo
from gcat.storage.db import write_transaction

__all__ = ["EVENTS", "AuditPage", "record", "record_event", "search_log"]

EVENTS: dict[str, str] = {
    "login": "audit.login",
    "login_failed": "audit.login_failed",
    "login_refused": "audit.login_refused",
    "logout": "audit.logout",
    "user_added": "audit.user_added",
    "role_changed": "audit.role_changed",
    "user_disabled": "audit.user_disabled",
    "user_enabled": "audit.user_enabled",
    "password_changed": "audit.password_changed",
    "signed_off": "audit.signed_off",
    "submitted": "audit.submitted",
    "withdrawn": "audit.withdrawn",
    "imported": "audit.imported",
    "export": "audit.export",
    "decision": "audit.decision",
}
"""Every kind of line, with the message code that names it."""

PAGE = 100


def record(
    conn: sa.Connection,
    actor: Actor | None,
    event: str,
    *,
    target: str = "",
    detail: dict[str, Any] | None = None,
    username: str | None = None,
    address: str | None = None,
    administration_id: int | None = None,
    now: datetime | None = None,
) -> None:
    """Append one line, on the caller's transaction. ``username`` and ``address`` stand in for
    the actor's when there is no actor (a failed login)."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    repo.append(
        conn,
        at=now or datetime.now(UTC),
        event=event,
        username=(username if username is not None else actor.name if actor else "")[:MAX_NAME],
        user_id=actor.user_id if actor else None,
        role=actor.role.value if actor else "",
        administration_id=(
            administration_id
            if administration_id is not None
            else actor.administration_id
            if actor
            else None
        ),
        target=target[:MAX_NAME],
        detail=detail or {},
        address=(address if address is not None else actor.address if actor else "")[:64],
    )


def record_event(
    actor: Actor,
    engine: sa.Engine,
    event: str,
    *,
    target: str = "",
    detail: dict[str, Any] | None = None,
    administration_id: int | None = None,
) -> None:
    """Append one line in a transaction of its own (an export, a download)."""
    with write_transaction(engine) as conn:
        record(
            conn, actor, event, target=target, detail=detail, administration_id=administration_id
        )


@dataclass(frozen=True, slots=True)
class AuditPage:
    """A page of the log, newest first, and how many lines match in all."""

    entries: list[AuditEntry]
    total: int
    offset: int
    limit: int


def search_log(
    actor: Actor,
    engine: sa.Engine,
    *,
    text: str = "",
    event: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
    offset: int = 0,
    limit: int = PAGE,
) -> AuditPage:
    """Lines of the log matching the filters (Secretariat, admin or the local user)."""
    require(actor, Right.AUDIT)
    text = clean_line(text)[:MAX_NAME]
    event = event if event in EVENTS else ""
    limit = max(1, min(limit, 500))
    offset = max(0, offset)
    with engine.connect() as conn:
        entries, total = repo.search(
            conn, text=text, event=event, since=since, until=until, limit=limit, offset=offset
        )
    return AuditPage(entries, total, offset, limit)

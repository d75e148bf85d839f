"""Accounts of server mode as services hand them out: users, sessions, audit entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

__all__ = ["AuditEntry", "SessionRecord", "UserRecord"]


@dataclass(frozen=True, slots=True)
class UserRecord:
    """A user account (never its password hash)."""

    id: int
    username: str
    role: str
    administration_id: int | None
    administration: str | None
    member_code: str | None
    disabled: bool
    created_at: datetime
    last_login_at: datetime | None


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """A server-side session: whose, its CSRF token, when it began and was last used."""

    id: int
    user: UserRecord
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the audit log: who did what, when, to what, from where."""

    id: int
    at: datetime
    event: str
    username: str
    role: str
    administration_id: int | None
    target: str
    detail: dict[str, Any]
    address: str

"""Accounts: users, server-side sessions and the administrations they belong to.

Keyword-only functions on a connection the caller owns; records out, never rows, and never a
password hash except to :func:`password_hash_of`, which login needs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from gcat.core.accounts import SessionRecord, UserRecord
from gcat.errors import ConflictError
from gcat.storage.schema import administrations, sessions, users

__all__ = [
    "add_user",
    "administration_for_member",
    "create_session",
    "delete_session",
    "delete_sessions_of",
    "delete_stale_sessions",
    "get_user",
    "list_users",
    "password_hash_of",
    "record_login",
    "session_by_token",
    "touch_session",
    "update_user",
]

Connection = sa.Connection

_USER_COLUMNS = (
    users.c.id,
    users.c.username,
    users.c.role,
    users.c.administration_id,
    administrations.c.name.label("administration"),
    administrations.c.member_code,
    users.c.disabled,
    users.c.created_at,
    users.c.last_login_at,
)
_USERS = sa.select(*_USER_COLUMNS).select_from(
    users.outerjoin(administrations, administrations.c.id == users.c.administration_id)
)


def _user(row: sa.Row[Any]) -> UserRecord:
    return UserRecord(
        id=row.id,
        username=row.username,
        role=row.role,
        administration_id=row.administration_id,
        administration=row.administration,
        member_code=row.member_code,
        disabled=bool(row.disabled),
        created_at=row.created_at,
        last_login_at=row.last_login_at,
    )


def administration_for_member(
    conn: Connection, *, name: str, member_code: str, now: datetime
) -> int:
    """The administration of a WCO Member: found by its code, else by its name (and then tied
    to the code), else created."""
    found = conn.execute(
        sa.select(administrations.c.id).where(administrations.c.member_code == member_code)
    ).scalar_one_or_none()
    if found is not None:
        return int(found)
    by_name = conn.execute(
        sa.select(administrations.c.id, administrations.c.member_code).where(
            administrations.c.name == name
        )
    ).first()
    if by_name is not None and by_name.member_code is None:
        conn.execute(
            administrations.update()
            .where(administrations.c.id == by_name.id)
            .values(member_code=member_code)
        )
        return int(by_name.id)
    if by_name is not None:  # the name is another Member's: keep both apart
        name = f"{name} ({member_code})"
    return int(
        conn.execute(
            administrations.insert().values(name=name, member_code=member_code, created_at=now)
        ).inserted_primary_key[0]  # type: ignore[index]
    )


def add_user(
    conn: Connection,
    *,
    username: str,
    password_hash: str,
    role: str,
    administration_id: int | None,
    now: datetime,
) -> int:
    """Create a user; ConflictError when the name is taken."""
    taken = conn.execute(sa.select(users.c.id).where(users.c.username == username)).first()
    if taken is not None:
        raise ConflictError("accounts.duplicate", username=username)
    return int(
        conn.execute(
            users.insert().values(
                username=username,
                password_hash=password_hash,
                role=role,
                administration_id=administration_id,
                disabled=False,
                created_at=now,
                updated_at=now,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    )


def get_user(conn: Connection, *, username: str) -> UserRecord | None:
    """The user named ``username``, or None."""
    row = conn.execute(_USERS.where(users.c.username == username)).first()
    return _user(row) if row is not None else None


def password_hash_of(conn: Connection, *, user_id: int) -> str:
    """The stored password hash of a user (for login only)."""
    return str(
        conn.execute(sa.select(users.c.password_hash).where(users.c.id == user_id)).scalar_one()
    )


def list_users(conn: Connection) -> list[UserRecord]:
    """Every user, by name."""
    return [_user(row) for row in conn.execute(_USERS.order_by(users.c.username))]


def update_user(conn: Connection, *, user_id: int, now: datetime, **values: Any) -> None:
    """Change ``role``, ``administration_id``, ``disabled`` or ``password_hash`` of a user."""
    allowed = {"role", "administration_id", "disabled", "password_hash"}
    if set(values) - allowed:
        raise TypeError(f"cannot change {sorted(set(values) - allowed)}")
    conn.execute(users.update().where(users.c.id == user_id).values(updated_at=now, **values))


def record_login(conn: Connection, *, user_id: int, now: datetime) -> None:
    """Note a successful login."""
    conn.execute(users.update().where(users.c.id == user_id).values(last_login_at=now))


def create_session(
    conn: Connection, *, token_hash: str, user_id: int, csrf_token: str, address: str, now: datetime
) -> int:
    """Store a new session; its id."""
    return int(
        conn.execute(
            sessions.insert().values(
                token_hash=token_hash,
                user_id=user_id,
                csrf_token=csrf_token,
                created_at=now,
                last_seen_at=now,
                address=address,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    )


_SESSION = (
    sa.select(
        sessions.c.id.label("session_id"),
        sessions.c.csrf_token,
        sessions.c.created_at.label("session_created_at"),
        sessions.c.last_seen_at,
        *_USER_COLUMNS,
    )
    .select_from(
        sessions.join(users, users.c.id == sessions.c.user_id).outerjoin(
            administrations, administrations.c.id == users.c.administration_id
        )
    )
    .where(sessions.c.token_hash == sa.bindparam("token_hash"))
)


def session_by_token(conn: Connection, *, token_hash: str) -> SessionRecord | None:
    """The session whose token hashes to ``token_hash``, with its user; None when absent."""
    row = conn.execute(_SESSION, {"token_hash": token_hash}).first()
    if row is None:
        return None
    return SessionRecord(
        id=row.session_id,
        user=_user(row),
        csrf_token=row.csrf_token,
        created_at=row.session_created_at,
        last_seen_at=row.last_seen_at,
    )


def touch_session(conn: Connection, *, session_id: int, now: datetime) -> None:
    """Note activity on a session (the idle timeout counts from here)."""
    conn.execute(sessions.update().where(sessions.c.id == session_id).values(last_seen_at=now))


def delete_session(conn: Connection, *, session_id: int) -> None:
    """End one session."""
    conn.execute(sessions.delete().where(sessions.c.id == session_id))


def delete_sessions_of(conn: Connection, *, user_id: int) -> None:
    """End every session of a user."""
    conn.execute(sessions.delete().where(sessions.c.user_id == user_id))


def delete_stale_sessions(
    conn: Connection, *, idle_before: datetime, created_before: datetime
) -> int:
    """Remove sessions idle since ``idle_before`` or begun before ``created_before``."""
    result = conn.execute(
        sessions.delete().where(
            sa.or_(sessions.c.last_seen_at < idle_before, sessions.c.created_at < created_before)
        )
    )
    return int(result.rowcount)

"""Tables of server mode: user accounts, their sessions and the append-only audit log.

Users belong to an administration (a WCO Member) or to none (Secretariat, admin). The audit
log is shared: its rows carry the administration concerned when there is one, but no foreign
key, so that nothing can delete them by cascade; on both databases a trigger refuses any
UPDATE or DELETE of its rows.
"""

from __future__ import annotations

import sqlalchemy as sa

from gcat.storage.schema.base import NAME, UTCDateTime, metadata

__all__ = ["audit_log", "sessions", "users"]

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(NAME), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column(
        "administration_id",
        sa.Integer,
        sa.ForeignKey("administrations.id", ondelete="RESTRICT"),
        nullable=True,
        index=True,
    ),
    sa.Column("disabled", sa.Boolean, nullable=False, default=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Column("last_login_at", UTCDateTime(), nullable=True),
    sqlite_autoincrement=True,
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column(
        "user_id",
        sa.Integer,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("last_seen_at", UTCDateTime(), nullable=False),
    sa.Column("address", sa.String(64), nullable=False, default=""),
    sqlite_autoincrement=True,
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", UTCDateTime(), nullable=False, index=True),
    sa.Column("event", sa.String(40), nullable=False, index=True),
    sa.Column("username", sa.String(NAME), nullable=False, index=True),
    sa.Column("user_id", sa.Integer, nullable=True),
    sa.Column("role", sa.String(20), nullable=False, default=""),
    sa.Column("administration_id", sa.Integer, nullable=True),
    sa.Column("target", sa.String(NAME), nullable=False, default=""),
    sa.Column("detail", sa.JSON, nullable=False),
    sa.Column("address", sa.String(64), nullable=False, default="", index=True),
    sqlite_autoincrement=True,
)

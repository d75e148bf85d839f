"""Tables of the member list the Secretariat imports in place of the packaged one.

Reference data shared by everyone: these rows belong to no administration. Each import is kept
(who, when, from which file); the latest one is in force, and an import of no Members means
"back to the packaged list".
"""

from __future__ import annotations

import sqlalchemy as sa

from gcat.storage.schema.base import NAME, UTCDateTime, metadata

__all__ = ["member_list_imports", "wco_members"]

member_list_imports = sa.Table(
    "member_list_imports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("filename", sa.String(NAME), nullable=False),
    sa.Column("member_count", sa.Integer, nullable=False),
    sa.Column("imported_at", UTCDateTime(), nullable=False),
    sa.Column("imported_by", sa.String(NAME), nullable=False),
    sqlite_autoincrement=True,
)

wco_members = sa.Table(
    "wco_members",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "import_id",
        sa.Integer,
        sa.ForeignKey("member_list_imports.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", sa.String(NAME), nullable=False),
    sa.Column("code", sa.String(3), nullable=True),
    sa.Column("region", sa.String(40), nullable=False),
    sa.Column("names", sa.JSON, nullable=False),
    sa.Column("aliases", sa.JSON, nullable=False),
    sa.Column("special", sa.Boolean, nullable=False, default=False),
    sqlite_autoincrement=True,
)

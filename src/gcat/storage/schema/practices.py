"""Tables of good practices: the records, their history, their attachments, and the published
practices a member's app imported from a Compendium pack."""

from __future__ import annotations

import sqlalchemy as sa

from gcat.storage.schema.base import NAME, TEXT, UTCDateTime, administration_fk, metadata

__all__ = [
    "compendium_entries",
    "compendium_packs",
    "practice_attachments",
    "practice_history",
    "practices",
]


def _practice_fk() -> sa.Column[int]:
    return sa.Column(
        "practice_id",
        sa.Integer,
        sa.ForeignKey(practices.c.id, ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


practices = sa.Table(
    "practices",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    administration_fk(),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("owner", sa.String(20), nullable=False),
    sa.Column("member_name", sa.String(NAME), nullable=False),
    sa.Column("member_code", sa.String(3), nullable=True),
    sa.Column("member_region", sa.String(40), nullable=False),
    sa.Column("member_names", sa.JSON, nullable=False),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("lang", sa.String(2), nullable=False),
    sa.Column("contact", sa.JSON, nullable=False),
    sa.Column("domains", sa.JSON, nullable=False),
    sa.Column("thematic_areas", sa.JSON, nullable=False),
    sa.Column("gcat_indicators", sa.JSON, nullable=False),
    sa.Column("background", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("results", sa.Text, nullable=False),
    sa.Column("measurable_results", sa.JSON, nullable=False),
    sa.Column("challenges", sa.Text, nullable=False),
    sa.Column("future_plans", sa.Text, nullable=False),
    sa.Column("links", sa.JSON, nullable=False),
    sa.Column("consent", sa.String(3), nullable=True),
    sa.Column("consent_recorded_at", UTCDateTime(), nullable=True),
    sa.Column("consent_recorded_by", sa.String(NAME), nullable=False, default=""),
    sa.Column("withheld", sa.JSON, nullable=False),
    sa.Column("source", sa.String(NAME), nullable=False, default=""),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Column("updated_by", sa.String(NAME), nullable=False, default=""),
    sa.CheckConstraint("consent IS NULL OR consent IN ('yes', 'no')", name="consent_value"),
    sqlite_autoincrement=True,
)

practice_history = sa.Table(
    "practice_history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    administration_fk(),
    _practice_fk(),
    sa.Column("changed_at", UTCDateTime(), nullable=False),
    sa.Column("changed_by", sa.String(NAME), nullable=False),
    sa.Column("action", sa.String(30), nullable=False),
    sa.Column("from_status", sa.String(20), nullable=True),
    sa.Column("to_status", sa.String(20), nullable=True),
    sa.Column("reason", sa.String(TEXT), nullable=False, default=""),
    sa.Column("details", sa.JSON, nullable=False),
    sqlite_autoincrement=True,
)

practice_attachments = sa.Table(
    "practice_attachments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    administration_fk(),
    _practice_fk(),
    sa.Column("filename", sa.String(NAME), nullable=False),
    sa.Column("content_type", sa.String(100), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("uploaded_at", UTCDateTime(), nullable=False),
    sa.Column("uploaded_by", sa.String(NAME), nullable=False),
    sqlite_autoincrement=True,
)

compendium_packs = sa.Table(
    "compendium_packs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("built_at", UTCDateTime(), nullable=False),
    sa.Column("practice_count", sa.Integer, nullable=False),
    sa.Column("imported_at", UTCDateTime(), nullable=False),
    sa.Column("imported_by", sa.String(NAME), nullable=False),
    sqlite_autoincrement=True,
)

compendium_entries = sa.Table(
    "compendium_entries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "pack_id",
        sa.Integer,
        sa.ForeignKey("compendium_packs.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("practice_id", sa.Integer, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sqlite_autoincrement=True,
)

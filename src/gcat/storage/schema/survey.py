"""Tables of the Secretariat's survey: one survey per year, its responses and initiatives, and
the analysts' classification decisions.

Secretariat data: these rows belong to no administration. A survey imported again for the same
year replaces the old one; decisions outlive it (their initiative link becomes empty and is
restored when the same member's same text comes back).
"""

from __future__ import annotations

import sqlalchemy as sa

from gcat.storage.schema.base import NAME, TEXT, UTCDateTime, metadata

__all__ = ["classification_decisions", "survey_initiatives", "survey_responses", "surveys"]

surveys = sa.Table(
    "surveys",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("year", sa.Integer, nullable=False, unique=True),
    sa.Column("member_count", sa.Integer, nullable=False),
    sa.Column("member_list", sa.String(NAME), nullable=False),
    sa.Column("responses_file", sa.String(NAME), nullable=False),
    sa.Column("initiatives_file", sa.String(NAME), nullable=True),
    sa.Column("demo", sa.Boolean, nullable=False, default=False),
    sa.Column("imported_at", UTCDateTime(), nullable=False),
    sa.Column("imported_by", sa.String(NAME), nullable=False),
    sqlite_autoincrement=True,
)


def _survey_fk() -> sa.Column[int]:
    return sa.Column(
        "survey_id",
        sa.Integer,
        sa.ForeignKey("surveys.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


survey_responses = sa.Table(
    "survey_responses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _survey_fk(),
    sa.Column("member_key", sa.String(40), nullable=False),
    sa.Column("responded", sa.Boolean, nullable=False),
    sa.Column("consent", sa.Boolean, nullable=False),
    sa.Column("response_date", sa.Date, nullable=True),
    sa.Column("contact_email", sa.String(NAME), nullable=True),
    sa.UniqueConstraint("survey_id", "member_key"),
    sqlite_autoincrement=True,
)

survey_initiatives = sa.Table(
    "survey_initiatives",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _survey_fk(),
    sa.Column("ref", sa.String(NAME), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("member_key", sa.String(40), nullable=False),
    sa.Column("text", sa.String(TEXT), nullable=False),
    sa.Column("text_sha256", sa.String(64), nullable=False),
    sa.Column("lang", sa.String(2), nullable=False),
    sa.Column("lang_detected", sa.Boolean, nullable=False),
    sa.Column("suggestion", sa.JSON, nullable=True),
    sa.Column("uncertainty", sa.Float, nullable=True),
    sa.UniqueConstraint("survey_id", "ref"),
    sqlite_autoincrement=True,
)

classification_decisions = sa.Table(
    "classification_decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "initiative_id",
        sa.Integer,
        sa.ForeignKey("survey_initiatives.id", ondelete="SET NULL"),
        nullable=True,
        index=True,
    ),
    sa.Column("member_key", sa.String(40), nullable=False),
    sa.Column("text_sha256", sa.String(64), nullable=False, index=True),
    sa.Column("text", sa.String(TEXT), nullable=False),
    sa.Column("lang", sa.String(2), nullable=False),
    sa.Column("thematic_areas", sa.JSON, nullable=False),
    sa.Column("gcat_domains", sa.JSON, nullable=False),
    sa.Column("note", sa.String(TEXT), nullable=True),
    sa.Column("suggestion", sa.JSON, nullable=True),
    sa.Column("decided_by", sa.String(NAME), nullable=False),
    sa.Column("decided_at", UTCDateTime(), nullable=False),
    sqlite_autoincrement=True,
)

"""Tables of the assessment team: where an assessment came from, its sign-off, each assessor's
independent scores, the consensus recorded by the validator, and feedback on the framework."""

from __future__ import annotations

import sqlalchemy as sa

from gcat.storage.schema.base import NAME, TEXT, UTCDateTime, administration_fk, metadata

__all__ = [
    "assessment_origins",
    "assessor_scores",
    "assessors",
    "consensus_decisions",
    "framework_feedback",
    "signoffs",
]


def _assessment_fk(*, unique: bool = False) -> sa.Column[int]:
    return sa.Column(
        "assessment_id",
        sa.Integer,
        sa.ForeignKey("assessments.id", ondelete="CASCADE"),
        nullable=False,
        index=not unique,
        unique=unique,
    )


assessment_origins = sa.Table(
    "assessment_origins",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    administration_fk(),
    _assessment_fk(unique=True),
    # "upgrade" (moved to another framework version) or "revision" (a new version of a
    # signed assessment)
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column(
        "source_id",
        sa.Integer,
        sa.ForeignKey("assessments.id", ondelete="SET NULL"),
        nullable=True,
    ),
    # what the source was (cycle, version), kept when the source is deleted
    sa.Column("source_label", sa.String(NAME), nullable=False),
    # for an upgrade, the account of every indicator (gcat.services.upgrade)
    sa.Column("details", sa.JSON, nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("created_by", sa.String(NAME), nullable=False),
    sqlite_autoincrement=True,
)

signoffs = sa.Table(
    "signoffs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    administration_fk(),
    _assessment_fk(unique=True),
    sa.Column("signed_by", sa.String(NAME), nullable=False),
    sa.Column("signed_at", UTCDateTime(), nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("note", sa.String(TEXT), nullable=False, default=""),
    sqlite_autoincrement=True,
)

assessors = sa.Table(
    "assessors",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    administration_fk(),
    _assessment_fk(),
    sa.Column("name", sa.String(NAME), nullable=False),
    sa.Column("joined_at", UTCDateTime(), nullable=False),
    sa.Column("revealed_at", UTCDateTime(), nullable=True),
    sa.UniqueConstraint("assessment_id", "name", name="uq_assessors_assessment_name"),
    sqlite_autoincrement=True,
)

assessor_scores = sa.Table(
    "assessor_scores",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    administration_fk(),
    _assessment_fk(),
    sa.Column("indicator_id", sa.String(20), nullable=False),
    sa.Column("assessor", sa.String(NAME), nullable=False),
    sa.Column("level", sa.Integer, nullable=True),
    sa.Column("not_applicable", sa.Boolean, nullable=False, default=False),
    sa.Column("comment", sa.String(TEXT), nullable=False, default=""),
    sa.Column("scored_at", UTCDateTime(), nullable=False),
    sa.CheckConstraint("level IS NULL OR (level >= 0 AND level <= 5)", name="level_range"),
    sqlite_autoincrement=True,
)
"""Every score an assessor gave, never overwritten: the latest row of an (indicator,
assessor) pair is the current one, the earlier ones are its history."""

consensus_decisions = sa.Table(
    "consensus_decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    administration_fk(),
    _assessment_fk(),
    sa.Column("indicator_id", sa.String(20), nullable=False),
    sa.Column("level", sa.Integer, nullable=True),
    sa.Column("not_applicable", sa.Boolean, nullable=False, default=False),
    sa.Column("rationale", sa.String(TEXT), nullable=False),
    # each assessor's level when the decision was taken: {name: level | "na" | null}
    sa.Column("scores", sa.JSON, nullable=False),
    sa.Column("decided_by", sa.String(NAME), nullable=False),
    sa.Column("decided_at", UTCDateTime(), nullable=False),
    sa.CheckConstraint("level IS NULL OR (level >= 0 AND level <= 5)", name="level_range"),
    sqlite_autoincrement=True,
)
"""Every decision, never overwritten: the latest of an indicator is the one in force."""

framework_feedback = sa.Table(
    "framework_feedback",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    administration_fk(),
    _assessment_fk(),
    sa.Column("indicator_id", sa.String(20), nullable=False),
    # the level descriptor the feedback is about, or null for the indicator as a whole
    sa.Column("level", sa.Integer, nullable=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("note", sa.String(TEXT), nullable=False, default=""),
    sa.Column("author", sa.String(NAME), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.CheckConstraint("level IS NULL OR (level >= 0 AND level <= 5)", name="level_range"),
    sqlite_autoincrement=True,
)

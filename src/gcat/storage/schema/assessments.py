"""Tables of the assessment app: administrations, assessments, answers and what hangs off them."""

from __future__ import annotations

import sqlalchemy as sa

from gcat.storage.schema.base import NAME, TEXT, UTCDateTime, administration_fk, metadata

__all__ = [
    "administrations",
    "answer_history",
    "answers",
    "assessments",
    "evidence_files",
    "pending_imports",
    "plan_items",
]


def _assessment_fk() -> sa.Column[int]:
    return sa.Column(
        "assessment_id",
        sa.Integer,
        sa.ForeignKey("assessments.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


administrations = sa.Table(
    "administrations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(NAME), nullable=False, unique=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("member_code", sa.String(40), nullable=True, unique=True),
    sqlite_autoincrement=True,
)

assessments = sa.Table(
    "assessments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    administration_fk(),
    sa.Column("framework_id", sa.String(40), nullable=False),
    sa.Column("framework_version", sa.String(40), nullable=False),
    sa.Column("cycle", sa.String(40), nullable=False),
    sa.Column("domains", sa.JSON, nullable=True),
    sa.Column("assessors", sa.String(TEXT), nullable=False, default=""),
    sa.Column(
        "previous_id",
        sa.Integer,
        sa.ForeignKey("assessments.id", ondelete="SET NULL"),
        nullable=True,
    ),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Column("answered", sa.Integer, nullable=False, server_default="0"),
    sa.Column("indicators", sa.Integer, nullable=False, server_default="0"),
    # 1 for a cycle's first assessment; an upgrade, or a new version of a signed one, takes the
    # next number: an administration has one assessment per cycle and edition
    sa.Column("edition", sa.Integer, nullable=False, server_default="1"),
    sa.UniqueConstraint(
        "administration_id", "cycle", "edition", name="uq_assessments_administration_cycle_edition"
    ),
    sqlite_autoincrement=True,
)

answers = sa.Table(
    "answers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    administration_fk(),
    _assessment_fk(),
    sa.Column("indicator_id", sa.String(20), nullable=False),
    sa.Column("level", sa.Integer, nullable=True),
    sa.Column("not_applicable", sa.Boolean, nullable=False, default=False),
    sa.Column("reason", sa.String(TEXT), nullable=False, default=""),
    sa.Column("target", sa.Integer, nullable=True),
    sa.Column("comment", sa.String(TEXT), nullable=False, default=""),
    sa.Column("evidence_note", sa.String(TEXT), nullable=False, default=""),
    sa.Column("flagged", sa.Boolean, nullable=False, default=False),
    # pre-filled from the previous cycle and not yet confirmed or changed by an officer
    sa.Column("to_review", sa.Boolean, nullable=False, default=False, server_default=sa.false()),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Column("updated_by", sa.String(NAME), nullable=False, default=""),
    sa.UniqueConstraint("assessment_id", "indicator_id", name="uq_answers_assessment_indicator"),
    sa.CheckConstraint("level IS NULL OR (level >= 0 AND level <= 5)", name="level_range"),
    sa.CheckConstraint("target IS NULL OR (target >= 0 AND target <= 5)", name="target_range"),
    sqlite_autoincrement=True,
)

answer_history = sa.Table(
    "answer_history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    administration_fk(),
    _assessment_fk(),
    sa.Column("indicator_id", sa.String(20), nullable=False),
    sa.Column("changed_at", UTCDateTime(), nullable=False),
    sa.Column("changed_by", sa.String(NAME), nullable=False),
    sa.Column("old_value", sa.JSON, nullable=True),
    sa.Column("new_value", sa.JSON, nullable=False),
    sa.Column("change_reason", sa.String(TEXT), nullable=False, default=""),
    sqlite_autoincrement=True,
)

evidence_files = sa.Table(
    "evidence_files",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    administration_fk(),
    _assessment_fk(),
    sa.Column("indicator_id", sa.String(20), nullable=False),
    sa.Column("filename", sa.String(NAME), nullable=False),
    sa.Column("content_type", sa.String(100), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("uploaded_at", UTCDateTime(), nullable=False),
    sa.Column("uploaded_by", sa.String(NAME), nullable=False),
    sqlite_autoincrement=True,
)

plan_items = sa.Table(
    "plan_items",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    administration_fk(),
    _assessment_fk(),
    sa.Column("indicator_id", sa.String(20), nullable=False),
    sa.Column("owner", sa.String(NAME), nullable=False, default=""),
    sa.Column("due", sa.Date, nullable=True),
    sa.Column("status", sa.String(20), nullable=False, default="not_started"),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.UniqueConstraint("assessment_id", "indicator_id", name="uq_plan_items_assessment_indicator"),
    sqlite_autoincrement=True,
)

pending_imports = sa.Table(
    "pending_imports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # None until the file's administration is known (a CSV export holding several submissions)
    sa.Column(
        "administration_id",
        sa.Integer,
        sa.ForeignKey("administrations.id", ondelete="CASCADE"),
        nullable=True,
        index=True,
    ),
    # the assessment the file would update; None when it would make a new one
    sa.Column(
        "assessment_id",
        sa.Integer,
        sa.ForeignKey("assessments.id", ondelete="CASCADE"),
        nullable=True,
        index=True,
    ),
    sa.Column("filename", sa.String(NAME), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("submission", sa.String(NAME), nullable=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("created_by", sa.String(NAME), nullable=False),
    sqlite_autoincrement=True,
)
"""A filled-in file waiting for the officer: the choice of one submission of a CSV export, or
the confirmation of the changes it makes to an existing assessment (then deleted; left-overs
older than a day are removed)."""

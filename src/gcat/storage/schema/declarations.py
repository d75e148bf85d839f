"""Tables of the declaration tracker: declarations, their parts, amendments and decisions.

Declarations belong to the Secretariat, so these rows carry no ``administration_id``. An
amendment keeps its wording in each language as JSON (``{lang: {start, end, quoted, text}}``);
every decision is also kept in ``amendment_decisions``, the audit trail.
"""

from __future__ import annotations

import sqlalchemy as sa

from gcat.storage.schema.base import NAME, TEXT, UTCDateTime, metadata

__all__ = ["amendment_decisions", "amendments", "declaration_parts", "declarations"]

KEY = 12


def _declaration_fk() -> sa.Column[int]:
    return sa.Column(
        "declaration_id",
        sa.Integer,
        sa.ForeignKey("declarations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


declarations = sa.Table(
    "declarations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("title", sa.JSON, nullable=False),
    sa.Column("languages", sa.JSON, nullable=False),
    sa.Column("version", sa.Integer, nullable=False, default=1),
    sa.Column("source", sa.String(NAME), nullable=False),
    sa.Column("created_by", sa.String(NAME), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sqlite_autoincrement=True,
)

declaration_parts = sa.Table(
    "declaration_parts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _declaration_fk(),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(12), nullable=False),
    sa.Column("texts", sa.JSON, nullable=False),
    sa.UniqueConstraint("declaration_id", "number", name="uq_declaration_parts_number"),
    sqlite_autoincrement=True,
)

amendments = sa.Table(
    "amendments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _declaration_fk(),
    sa.Column("key", sa.String(KEY), nullable=False),
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("part", sa.Integer, nullable=False),
    sa.Column("action", sa.String(10), nullable=False),
    sa.Column("proposer", sa.String(NAME), nullable=False),
    sa.Column("cosigners", sa.JSON, nullable=False),
    sa.Column("lang", sa.String(5), nullable=False),
    sa.Column("wordings", sa.JSON, nullable=False),
    sa.Column("rationale", sa.String(TEXT), nullable=False, default=""),
    sa.Column("proposed_on", sa.Date, nullable=True),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("decided_by", sa.String(NAME), nullable=True),
    sa.Column("decided_at", UTCDateTime(), nullable=True),
    sa.Column("decision_note", sa.String(TEXT), nullable=False, default=""),
    sa.Column("preempted_by", sa.String(KEY), nullable=True),
    sa.UniqueConstraint("declaration_id", "key", name="uq_amendments_key"),
    sqlite_autoincrement=True,
)

amendment_decisions = sa.Table(
    "amendment_decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _declaration_fk(),
    sa.Column("amendment_key", sa.String(KEY), nullable=False),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("preempted_by", sa.String(KEY), nullable=True),
    sa.Column("note", sa.String(TEXT), nullable=False, default=""),
    sa.Column("decided_by", sa.String(NAME), nullable=False),
    sa.Column("decided_at", UTCDateTime(), nullable=False),
    sqlite_autoincrement=True,
)

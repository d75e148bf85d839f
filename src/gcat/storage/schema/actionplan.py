"""Tables of the action-plan tracker: the plan, its points, status history and snapshots.

The plan belongs to the Secretariat, not to an administration, so these rows carry no
``administration_id``. There is one current plan; importing a plan replaces it (its points and
history go with it), while snapshots are frozen, self-contained readings that stay.
"""

from __future__ import annotations

import sqlalchemy as sa

from gcat.storage.schema.base import NAME, TEXT, UTCDateTime, metadata

__all__ = ["ap_plans", "ap_points", "ap_snapshots", "ap_status_changes"]

POINT_ID = 20

ap_plans = sa.Table(
    "ap_plans",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("title", sa.JSON, nullable=False),
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("pillars", sa.JSON, nullable=False),
    sa.Column("owners", sa.JSON, nullable=False),
    sa.Column("demo", sa.Boolean, nullable=False, default=False),
    sa.Column("source", sa.String(NAME), nullable=False),
    sa.Column("loaded_by", sa.String(NAME), nullable=False),
    sa.Column("loaded_at", UTCDateTime(), nullable=False),
    sqlite_autoincrement=True,
)

ap_points = sa.Table(
    "ap_points",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "plan_id",
        sa.Integer,
        sa.ForeignKey("ap_plans.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("point_id", sa.String(POINT_ID), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("title", sa.JSON, nullable=False),
    sa.Column("description", sa.JSON, nullable=False),
    sa.Column("pillar", sa.String(60), nullable=False),
    sa.Column("owner", sa.String(60), nullable=False),
    sa.Column("horizon", sa.String(10), nullable=False),
    sa.Column("domains", sa.JSON, nullable=False),
    sa.Column("depends_on", sa.JSON, nullable=False),
    sa.Column("milestones", sa.JSON, nullable=False),
    sa.Column("placeholder", sa.Boolean, nullable=False, default=False),
    sa.Column("consolidated_under", sa.String(POINT_ID), nullable=True),
    sa.UniqueConstraint("plan_id", "point_id", name="uq_ap_points_plan_point"),
    sqlite_autoincrement=True,
)

ap_status_changes = sa.Table(
    "ap_status_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "plan_id",
        sa.Integer,
        sa.ForeignKey("ap_plans.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("point_id", sa.String(POINT_ID), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("effective", sa.Date, nullable=False),
    sa.Column("note", sa.String(TEXT), nullable=False, default=""),
    sa.Column("recorded_by", sa.String(NAME), nullable=False),
    sa.Column("recorded_at", UTCDateTime(), nullable=False),
    sqlite_autoincrement=True,
)

ap_snapshots = sa.Table(
    "ap_snapshots",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(NAME), nullable=False, unique=True),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("created_by", sa.String(NAME), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sqlite_autoincrement=True,
)

"""action plan tracker and declaration amendments (Secretariat tables, no administration)

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ap_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("pillars", sa.JSON(), nullable=False),
        sa.Column("owners", sa.JSON(), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("loaded_by", sa.String(length=200), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ap_plans")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "ap_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ap_snapshots")),
        sa.UniqueConstraint("name", name=op.f("uq_ap_snapshots_name")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "declarations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declarations")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "amendment_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("amendment_key", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("preempted_by", sa.String(length=12), nullable=True),
        sa.Column("note", sa.String(length=5000), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_amendment_decisions_declaration_id_declarations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendment_decisions")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("amendment_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_amendment_decisions_declaration_id"), ["declaration_id"], unique=False
        )

    op.create_table(
        "amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=12), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("proposer", sa.String(length=200), nullable=False),
        sa.Column("cosigners", sa.JSON(), nullable=False),
        sa.Column("lang", sa.String(length=5), nullable=False),
        sa.Column("wordings", sa.JSON(), nullable=False),
        sa.Column("rationale", sa.String(length=5000), nullable=False),
        sa.Column("proposed_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.String(length=5000), nullable=False),
        sa.Column("preempted_by", sa.String(length=12), nullable=True),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_amendments_declaration_id_declarations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendments")),
        sa.UniqueConstraint("declaration_id", "key", name="uq_amendments_key"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_amendments_declaration_id"), ["declaration_id"], unique=False
        )

    op.create_table(
        "ap_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("pillar", sa.String(length=60), nullable=False),
        sa.Column("owner", sa.String(length=60), nullable=False),
        sa.Column("horizon", sa.String(length=10), nullable=False),
        sa.Column("domains", sa.JSON(), nullable=False),
        sa.Column("depends_on", sa.JSON(), nullable=False),
        sa.Column("milestones", sa.JSON(), nullable=False),
        sa.Column("placeholder", sa.Boolean(), nullable=False),
        sa.Column("consolidated_under", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["ap_plans.id"],
            name=op.f("fk_ap_points_plan_id_ap_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ap_points")),
        sa.UniqueConstraint("plan_id", "point_id", name="uq_ap_points_plan_point"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("ap_points", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ap_points_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "ap_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("effective", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=5000), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["ap_plans.id"],
            name=op.f("fk_ap_status_changes_plan_id_ap_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ap_status_changes")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("ap_status_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ap_status_changes_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "declaration_parts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_declaration_parts_declaration_id_declarations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declaration_parts")),
        sa.UniqueConstraint("declaration_id", "number", name="uq_declaration_parts_number"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("declaration_parts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_declaration_parts_declaration_id"), ["declaration_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("declaration_parts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_declaration_parts_declaration_id"))

    op.drop_table("declaration_parts")
    with op.batch_alter_table("ap_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ap_status_changes_plan_id"))

    op.drop_table("ap_status_changes")
    with op.batch_alter_table("ap_points", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ap_points_plan_id"))

    op.drop_table("ap_points")
    with op.batch_alter_table("amendments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_amendments_declaration_id"))

    op.drop_table("amendments")
    with op.batch_alter_table("amendment_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_amendment_decisions_declaration_id"))

    op.drop_table("amendment_decisions")
    op.drop_table("declarations")
    op.drop_table("ap_snapshots")
    op.drop_table("ap_plans")

"""team: several assessors, consensus, sign-off, upgrades, framework feedback

Revision ID: 0007
Revises: 0006

- ``assessments.edition``: an administration may now hold several assessments of one cycle (an
  upgrade to a new framework version, a new version of a signed assessment); the unique key
  becomes (administration, cycle, edition). Existing assessments are edition 1.
- ``assessment_origins``: where an assessment came from (an upgrade with its account of every
  indicator, or a new version of a signed one).
- ``signoffs``: who signed an assessment, when, and the hash of its content; a signed
  assessment is read-only.
- ``assessors``, ``assessor_scores``, ``consensus_decisions``: independent scoring by several
  assessors, and the agreed levels recorded by the validator with their rationale.
- ``framework_feedback``: pilot feedback on indicators and level descriptors.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessment_origins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("administration_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("source_label", sa.String(length=200), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_assessment_origins_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_assessment_origins_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["assessments.id"],
            name=op.f("fk_assessment_origins_source_id_assessments"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_origins")),
        sa.UniqueConstraint("assessment_id", name=op.f("uq_assessment_origins_assessment_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("assessment_origins", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_origins_administration_id"),
            ["administration_id"],
            unique=False,
        )

    op.create_table(
        "assessor_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("administration_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(length=20), nullable=False),
        sa.Column("assessor", sa.String(length=200), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("not_applicable", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.String(length=5000), nullable=False),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "level IS NULL OR (level >= 0 AND level <= 5)",
            name=op.f("ck_assessor_scores_level_range"),
        ),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_assessor_scores_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_assessor_scores_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessor_scores")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("assessor_scores", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessor_scores_administration_id"), ["administration_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessor_scores_assessment_id"), ["assessment_id"], unique=False
        )

    op.create_table(
        "assessors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("administration_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revealed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_assessors_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_assessors_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessors")),
        sa.UniqueConstraint("assessment_id", "name", name="uq_assessors_assessment_name"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("assessors", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessors_administration_id"), ["administration_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessors_assessment_id"), ["assessment_id"], unique=False
        )

    op.create_table(
        "consensus_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("administration_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(length=20), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("not_applicable", sa.Boolean(), nullable=False),
        sa.Column("rationale", sa.String(length=5000), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "level IS NULL OR (level >= 0 AND level <= 5)",
            name=op.f("ck_consensus_decisions_level_range"),
        ),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_consensus_decisions_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_consensus_decisions_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consensus_decisions")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("consensus_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consensus_decisions_administration_id"),
            ["administration_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_consensus_decisions_assessment_id"), ["assessment_id"], unique=False
        )

    op.create_table(
        "framework_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("administration_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(length=20), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=5000), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "level IS NULL OR (level >= 0 AND level <= 5)",
            name=op.f("ck_framework_feedback_level_range"),
        ),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_framework_feedback_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_framework_feedback_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_framework_feedback")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("framework_feedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_framework_feedback_administration_id"),
            ["administration_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_framework_feedback_assessment_id"), ["assessment_id"], unique=False
        )

    op.create_table(
        "signoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("administration_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("signed_by", sa.String(length=200), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("note", sa.String(length=5000), nullable=False),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_signoffs_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_signoffs_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signoffs")),
        sa.UniqueConstraint("assessment_id", name=op.f("uq_signoffs_assessment_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("signoffs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_signoffs_administration_id"), ["administration_id"], unique=False
        )

    with op.batch_alter_table(
        "assessments", schema=None, table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.add_column(sa.Column("edition", sa.Integer(), server_default="1", nullable=False))
        batch_op.drop_constraint(batch_op.f("uq_assessments_administration_cycle"), type_="unique")
        batch_op.create_unique_constraint(
            "uq_assessments_administration_cycle_edition", ["administration_id", "cycle", "edition"]
        )


def downgrade() -> None:
    with op.batch_alter_table(
        "assessments", schema=None, table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.drop_constraint("uq_assessments_administration_cycle_edition", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_assessments_administration_cycle"), ["administration_id", "cycle"]
        )
        batch_op.drop_column("edition")

    with op.batch_alter_table("signoffs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signoffs_administration_id"))

    op.drop_table("signoffs")
    with op.batch_alter_table("framework_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_framework_feedback_assessment_id"))
        batch_op.drop_index(batch_op.f("ix_framework_feedback_administration_id"))

    op.drop_table("framework_feedback")
    with op.batch_alter_table("consensus_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consensus_decisions_assessment_id"))
        batch_op.drop_index(batch_op.f("ix_consensus_decisions_administration_id"))

    op.drop_table("consensus_decisions")
    with op.batch_alter_table("assessors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessors_assessment_id"))
        batch_op.drop_index(batch_op.f("ix_assessors_administration_id"))

    op.drop_table("assessors")
    with op.batch_alter_table("assessor_scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessor_scores_assessment_id"))
        batch_op.drop_index(batch_op.f("ix_assessor_scores_administration_id"))

    op.drop_table("assessor_scores")
    with op.batch_alter_table("assessment_origins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_origins_administration_id"))

    op.drop_table("assessment_origins")

"""practices: good practices, their history and attachments; imported Compendium packs

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "compendium_packs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("practice_count", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compendium_packs")),
        sa.UniqueConstraint("sha256", name=op.f("uq_compendium_packs_sha256")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "compendium_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pack_id"],
            ["compendium_packs.id"],
            name=op.f("fk_compendium_entries_pack_id_compendium_packs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compendium_entries")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("compendium_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_compendium_entries_pack_id"), ["pack_id"], unique=False
        )

    op.create_table(
        "practices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("administration_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("owner", sa.String(length=20), nullable=False),
        sa.Column("member_name", sa.String(length=200), nullable=False),
        sa.Column("member_code", sa.String(length=3), nullable=True),
        sa.Column("member_region", sa.String(length=40), nullable=False),
        sa.Column("member_names", sa.JSON(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("contact", sa.JSON(), nullable=False),
        sa.Column("domains", sa.JSON(), nullable=False),
        sa.Column("thematic_areas", sa.JSON(), nullable=False),
        sa.Column("gcat_indicators", sa.JSON(), nullable=False),
        sa.Column("background", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("results", sa.Text(), nullable=False),
        sa.Column("measurable_results", sa.JSON(), nullable=False),
        sa.Column("challenges", sa.Text(), nullable=False),
        sa.Column("future_plans", sa.Text(), nullable=False),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("consent", sa.String(length=3), nullable=True),
        sa.Column("consent_recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("consent_recorded_by", sa.String(length=200), nullable=False),
        sa.Column("withheld", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "consent IS NULL OR consent IN ('yes', 'no')", name=op.f("ck_practices_consent_value")
        ),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_practices_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practices")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("practices", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_practices_administration_id"), ["administration_id"], unique=False
        )

    op.create_table(
        "practice_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("administration_id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uploaded_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_practice_attachments_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practices.id"],
            name=op.f("fk_practice_attachments_practice_id_practices"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_attachments")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("practice_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_practice_attachments_administration_id"),
            ["administration_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_practice_attachments_practice_id"), ["practice_id"], unique=False
        )

    op.create_table(
        "practice_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("administration_id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=True),
        sa.Column("reason", sa.String(length=5000), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_practice_history_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practices.id"],
            name=op.f("fk_practice_history_practice_id_practices"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_history")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("practice_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_practice_history_administration_id"), ["administration_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_practice_history_practice_id"), ["practice_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("practice_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_history_practice_id"))
        batch_op.drop_index(batch_op.f("ix_practice_history_administration_id"))

    op.drop_table("practice_history")
    with op.batch_alter_table("practice_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_attachments_practice_id"))
        batch_op.drop_index(batch_op.f("ix_practice_attachments_administration_id"))

    op.drop_table("practice_attachments")
    with op.batch_alter_table("practices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practices_administration_id"))

    op.drop_table("practices")
    with op.batch_alter_table("compendium_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_compendium_entries_pack_id"))

    op.drop_table("compendium_entries")
    op.drop_table("compendium_packs")

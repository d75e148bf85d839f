"""members: the member list the Secretariat imports

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "member_list_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("member_count", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_list_imports")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "wco_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=3), nullable=True),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("special", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["member_list_imports.id"],
            name=op.f("fk_wco_members_import_id_member_list_imports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wco_members")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("wco_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wco_members_import_id"), ["import_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("wco_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wco_members_import_id"))

    op.drop_table("wco_members")
    op.drop_table("member_list_imports")

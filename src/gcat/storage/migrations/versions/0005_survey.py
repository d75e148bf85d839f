"""survey: surveys, responses, initiatives and classification decisions

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "surveys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("member_count", sa.Integer(), nullable=False),
        sa.Column("member_list", sa.String(length=200), nullable=False),
        sa.Column("responses_file", sa.String(length=200), nullable=False),
        sa.Column("initiatives_file", sa.String(length=200), nullable=True),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surveys")),
        sa.UniqueConstraint("year", name=op.f("uq_surveys_year")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("member_key", sa.String(length=40), nullable=False),
        sa.Column("responded", sa.Boolean(), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("response_date", sa.Date(), nullable=True),
        sa.Column("contact_email", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_responses_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
        sa.UniqueConstraint("survey_id", "member_key", name=op.f("uq_survey_responses_survey_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_survey_responses_survey_id"), "survey_responses", ["survey_id"], unique=False
    )
    op.create_table(
        "survey_initiatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("member_key", sa.String(length=40), nullable=False),
        sa.Column("text", sa.String(length=5000), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("lang_detected", sa.Boolean(), nullable=False),
        sa.Column("suggestion", sa.JSON(), nullable=True),
        sa.Column("uncertainty", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_survey_initiatives_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_initiatives")),
        sa.UniqueConstraint("survey_id", "ref", name=op.f("uq_survey_initiatives_survey_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_survey_initiatives_survey_id"), "survey_initiatives", ["survey_id"], unique=False
    )
    op.create_table(
        "classification_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=True),
        sa.Column("member_key", sa.String(length=40), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("text", sa.String(length=5000), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("thematic_areas", sa.JSON(), nullable=False),
        sa.Column("gcat_domains", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=5000), nullable=True),
        sa.Column("suggestion", sa.JSON(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["survey_initiatives.id"],
            name=op.f("fk_classification_decisions_initiative_id_survey_initiatives"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_classification_decisions")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_classification_decisions_initiative_id"),
        "classification_decisions",
        ["initiative_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_classification_decisions_text_sha256"),
        "classification_decisions",
        ["text_sha256"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_table("classification_decisions")
    op.drop_table("survey_initiatives")
    op.drop_table("survey_responses")
    op.drop_table("surveys")

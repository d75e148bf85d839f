"""officer: pre-filled answers to review; files waiting for the officer's confirmation

Revision ID: 0009
Revises: 0007

- ``answers.to_review``: an answer pre-filled from the previous cycle stays "to review" until
  an officer confirms or changes it; completeness (``assessments.answered``) counts only the
  answers that are not to review. Existing pre-filled answers that nobody has touched since
  (their latest history entry is the pre-fill) become "to review", and every assessment's
  count is taken again.
- ``pending_imports``: a filled-in file waiting for the officer: the choice of one submission
  of a CSV export, or the confirmation of the changes it makes to an existing assessment.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

PREFILL = "@prefill"


def upgrade() -> None:
    with op.batch_alter_table("answers") as batch_op:
        batch_op.add_column(
            sa.Column("to_review", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "pending_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("administration_id", sa.Integer(), nullable=True),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("submission", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_pending_imports_administration_id_administrations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_pending_imports_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_imports")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("pending_imports") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pending_imports_administration_id"), ["administration_id"]
        )
        batch_op.create_index(batch_op.f("ix_pending_imports_assessment_id"), ["assessment_id"])
    _mark_untouched_prefills()


def _mark_untouched_prefills() -> None:
    bind = op.get_bind()
    assessments = sa.table(
        "assessments",
        sa.column("id", sa.Integer),
        sa.column("previous_id", sa.Integer),
        sa.column("answered", sa.Integer),
    )
    answers = sa.table(
        "answers",
        sa.column("assessment_id", sa.Integer),
        sa.column("indicator_id", sa.String),
        sa.column("level", sa.Integer),
        sa.column("not_applicable", sa.Boolean),
        sa.column("to_review", sa.Boolean),
    )
    history = sa.table(
        "answer_history",
        sa.column("id", sa.Integer),
        sa.column("assessment_id", sa.Integer),
        sa.column("indicator_id", sa.String),
        sa.column("change_reason", sa.String),
    )
    latest = (
        sa.select(
            history.c.assessment_id,
            history.c.indicator_id,
            sa.func.max(history.c.id).label("last"),
        )
        .group_by(history.c.assessment_id, history.c.indicator_id)
        .subquery()
    )
    untouched = bind.execute(
        sa.select(history.c.assessment_id, history.c.indicator_id)
        .join(latest, latest.c.last == history.c.id)
        .join(assessments, assessments.c.id == history.c.assessment_id)
        .where(assessments.c.previous_id.is_not(None), history.c.change_reason.like(f"{PREFILL}%"))
    ).all()
    for assessment_id, indicator_id in untouched:
        bind.execute(
            answers.update()
            .where(answers.c.assessment_id == assessment_id, answers.c.indicator_id == indicator_id)
            .values(to_review=True)
        )
    answered = (
        sa.select(sa.func.count())
        .select_from(answers)
        .where(
            answers.c.assessment_id == assessments.c.id,
            sa.or_(answers.c.level.is_not(None), answers.c.not_applicable.is_(True)),
            answers.c.to_review.is_(False),
        )
        .scalar_subquery()
    )
    bind.execute(assessments.update().values(answered=answered))


def downgrade() -> None:
    with op.batch_alter_table("pending_imports") as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_imports_assessment_id"))
        batch_op.drop_index(batch_op.f("ix_pending_imports_administration_id"))
    op.drop_table("pending_imports")
    with op.batch_alter_table("answers") as batch_op:
        batch_op.drop_column("to_review")

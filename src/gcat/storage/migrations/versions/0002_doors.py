"""Ids never reused (SQLite AUTOINCREMENT); assessments store what their list needs.

Revision ID: 0002
Revises: 0001

- On SQLite, every table is rebuilt with AUTOINCREMENT, so that the id of a deleted assessment
  (or answer, file…) is never given again: a bookmark never opens someone else's record.
  PostgreSQL sequences never reuse ids, so nothing changes there.
- ``assessments.answered`` and ``assessments.indicators``: how many indicators in scope are
  answered, and how many there are, kept up to date by every save, so that the list of
  assessments needs no scoring.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = (
    "administrations",
    "assessments",
    "answers",
    "answer_history",
    "evidence_files",
    "plan_items",
)


def _indicator_count(framework_id: str, version: str, domains: list[str] | None) -> int:
    from gcat.frameworks import load_framework

    framework = load_framework(framework_id, version)
    return sum(
        len(domain.indicators)
        for domain in framework.domains
        if domains is None or domain.id in domains
    )


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in TABLES:
            with op.batch_alter_table(
                name, recreate="always", table_kwargs={"sqlite_autoincrement": True}
            ):
                pass
    with op.batch_alter_table("assessments") as batch_op:
        batch_op.add_column(sa.Column("answered", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("indicators", sa.Integer(), nullable=False, server_default="0")
        )
    assessments = sa.table(
        "assessments",
        sa.column("id", sa.Integer),
        sa.column("framework_id", sa.String),
        sa.column("framework_version", sa.String),
        sa.column("domains", sa.JSON),
        sa.column("answered", sa.Integer),
        sa.column("indicators", sa.Integer),
    )
    answers = sa.table(
        "answers",
        sa.column("assessment_id", sa.Integer),
        sa.column("level", sa.Integer),
        sa.column("not_applicable", sa.Boolean),
    )
    rows = bind.execute(
        sa.select(
            assessments.c.id,
            assessments.c.framework_id,
            assessments.c.framework_version,
            assessments.c.domains,
        )
    ).all()
    for row in rows:
        answered = bind.execute(
            sa.select(sa.func.count())
            .select_from(answers)
            .where(
                answers.c.assessment_id == row.id,
                sa.or_(answers.c.level.is_not(None), answers.c.not_applicable.is_(True)),
            )
        ).scalar_one()
        bind.execute(
            assessments.update()
            .where(assessments.c.id == row.id)
            .values(
                answered=answered,
                indicators=_indicator_count(row.framework_id, row.framework_version, row.domains),
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("assessments") as batch_op:
        batch_op.drop_column("indicators")
        batch_op.drop_column("answered")

"""The team migration: it makes the tables the schema declares, and an older database keeps its
assessments, now edition 1 of their cycle."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext

from gcat.policy.access import local_actor
from gcat.services import assessments
from gcat.storage.db import MIGRATIONS, make_engine, migrate
from gcat.storage.schema import metadata

TEAM_TABLES = {
    "assessment_origins",
    "assessor_scores",
    "assessors",
    "consensus_decisions",
    "framework_feedback",
    "signoffs",
}


def _touches_team(diff: object) -> bool:
    text = repr(diff)
    return any(name in text for name in (*TEAM_TABLES, "edition", "uq_assessments"))


def test_the_migrated_schema_is_the_declared_one(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [d for d in differences if _touches_team(d)] == []


def test_an_older_database_keeps_its_assessments_as_edition_1(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
        now = "2025-01-01 00:00:00"
        connection.exec_driver_sql(
            f"INSERT INTO administrations (id, name, created_at) VALUES (1, 'Old', '{now}')"
        )
        connection.exec_driver_sql(
            "INSERT INTO assessments (id, administration_id, framework_id, framework_version,"
            " cycle, domains, assessors, created_at, updated_at, answered, indicators) VALUES"
            f" (7, 1, 'gcat', '1.0', '2024', NULL, '', '{now}', '{now}', 0, 50)"
        )
    migrate(engine)
    actor = local_actor("t")
    (summary,) = assessments.list_summaries(actor, engine)
    assert (summary.stored.id, summary.stored.edition, summary.stored.locked) == (7, 1, False)
    again = assessments.create_assessment(actor, engine, administration="Old", cycle="2025")
    assert assessments.load(actor, engine, again).stored.edition == 1

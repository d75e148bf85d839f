"""Storage: migrations, the SQLite pragmas and the head revision constant."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory

from gcat.storage.db import HEAD_REVISION, MIGRATIONS, current_revision, make_engine, migrate
from gcat.storage.schema import SHARED_TABLES, metadata


def test_head_revision_constant_matches_the_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_migrate_creates_the_schema_once_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert current_revision(engine) is None
    migrate(engine)
    migrate(engine)
    assert current_revision(engine) == HEAD_REVISION
    with engine.connect() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
        tables = set(sa.inspect(conn).get_table_names())
    assert set(metadata.tables) <= tables


def test_every_row_carries_its_administration() -> None:
    for name, table in metadata.tables.items():
        if name not in SHARED_TABLES:
            assert "administration_id" in table.c, name


def test_every_table_never_reuses_ids() -> None:
    for name, table in metadata.tables.items():
        assert table.dialect_options["sqlite"]["autoincrement"], name


def test_ids_are_never_reused_after_a_delete(tmp_path: Path) -> None:
    from gcat.policy.access import local_actor
    from gcat.services import assessments

    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    migrate(engine)
    actor = local_actor("t")
    first = assessments.create_assessment(actor, engine, administration="A", cycle="1")
    assessments.delete_assessment(actor, engine, first)
    second = assessments.create_assessment(actor, engine, administration="A", cycle="1")
    assert second > first


def test_migration_from_0001_keeps_every_row_and_counts_answers(tmp_path: Path) -> None:
    """A database made by the first release upgrades in place: rows, links and counts kept."""
    from alembic import command

    from gcat.policy.access import local_actor
    from gcat.services import assessments

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        now = "2025-01-01 00:00:00"
        connection.exec_driver_sql(
            f"INSERT INTO administrations (id, name, created_at) VALUES (1, 'Old', '{now}')"
        )
        connection.exec_driver_sql(
            "INSERT INTO assessments (id, administration_id, framework_id, framework_version,"
            " cycle, domains, assessors, created_at, updated_at) VALUES"
            f" (7, 1, 'gcat', '1.0', '2024', '[\"facilitation\"]', '', '{now}', '{now}')"
        )
        for n, (ind, level, na) in enumerate(
            [("FA-01", 2, 0), ("FA-02", None, 1), ("FA-03", None, 0)]
        ):
            connection.exec_driver_sql(
                "INSERT INTO answers (administration_id, assessment_id, indicator_id, level,"
                " not_applicable, reason, comment, evidence_note, flagged, version, updated_at,"
                " updated_by) VALUES (1, 7, ?, ?, ?, 'r', '', '', 0, 1, ?, 'x')",
                (ind, level, na, now),
            )
            assert n < 3
    migrate(engine)
    (summary,) = assessments.list_summaries(local_actor("t"), engine)
    loaded = assessments.load(local_actor("t"), engine, 7)
    assert (summary.stored.answered, summary.stored.indicators) == (2, 7)
    assert summary.completeness == loaded.evaluate().result.completeness
    assert set(loaded.answers) == {"FA-01", "FA-02", "FA-03"}


def test_the_migrations_give_the_declared_schema(engine: sa.Engine) -> None:
    """The Alembic history and the declared schema agree on each backend (an autogenerate
    comparison finds nothing to change), so SQLite and PostgreSQL get the same schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_migrate_an_empty_database_on_each_backend(
    db_backend: str, postgres_or_sqlite_empty: str
) -> None:
    engine = make_engine(postgres_or_sqlite_empty)
    try:
        assert current_revision(engine) is None
        migrate(engine)
        migrate(engine)
        assert current_revision(engine) == HEAD_REVISION
        with engine.connect() as conn:
            assert set(metadata.tables) <= set(sa.inspect(conn).get_table_names())
    finally:
        engine.dispose()

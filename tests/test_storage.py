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

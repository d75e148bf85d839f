"""Backing up the whole database (evidence files included) to one file, and restoring it.

:func:`backup_database` reads every table in one read transaction (a consistent snapshot)
and writes the backup file (:mod:`gcat.exchange.backup_file`). :func:`restore_database` checks
the whole file first, refuses a non-empty database unless told to replace it (it never
merges), then, in one transaction, drops every table, builds the schema at the backup's
revision, puts every row back with the id counters, and migrates to the current schema:
a backup made by an older gcat comes back upgraded. Anything wrong leaves the database as it
was.

The steps that depend on the database are in :mod:`gcat.storage.backup` (``Dialect``): SQLite
today; server mode adds PostgreSQL's there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO

import sqlalchemy as sa

from gcat import __version__
from gcat.errors import ConflictError, InputError, Problem
from gcat.exchange.backup_file import BackupInfo, BackupReader, open_backup, write_backup
from gcat.policy.access import Actor, Right, require
from gcat.storage import backup as rows
from gcat.storage.db import revisions, upgrade, write_lock

__all__ = [
    "DatabaseContents",
    "backup_database",
    "database_contents",
    "inspect_backup",
    "restore_database",
]


@dataclass(frozen=True, slots=True)
class DatabaseContents:
    """What a database (or a backup) holds, as the confirmation before a restore says it."""

    assessments: int
    answers: int
    files: int
    history: int

    @property
    def empty(self) -> bool:
        """Nothing an officer entered."""
        return not (self.assessments or self.answers or self.files or self.history)

    @classmethod
    def of(cls, counts: dict[str, int]) -> DatabaseContents:
        """From rows per table."""
        return cls(
            counts.get("assessments", 0),
            counts.get("answers", 0),
            counts.get("evidence_files", 0),
            counts.get("answer_history", 0),
        )


def database_contents(actor: Actor, engine: sa.Engine) -> DatabaseContents:
    """What the database holds now."""
    require(actor, Right.BACKUP)
    with engine.connect() as conn:
        return DatabaseContents.of(rows.row_counts(conn))


def backup_database(actor: Actor, engine: sa.Engine, out: IO[bytes]) -> BackupInfo:
    """Write the whole database, evidence files included, to ``out`` (seekable, binary)."""
    require(actor, Right.BACKUP)
    dialect = rows.dialect_of(engine)
    with engine.connect() as conn, conn.begin():  # one snapshot of every table
        revision = _revision_in(conn)
        return write_backup(
            out,
            rows.dump_tables(conn),
            revision=revision,
            sequences=dialect.sequences(conn),
            dialect=dialect.name,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            gcat_version=__version__,
        )


def _revision_in(conn: sa.Connection) -> str:
    """The schema revision of the database on ``conn`` ("" for an empty database)."""
    if not sa.inspect(conn).has_table("alembic_version"):
        return ""
    return str(conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() or "")


def inspect_backup(source: IO[bytes], name: str) -> tuple[BackupInfo, DatabaseContents]:
    """Check a backup file completely; what it holds."""
    reader = open_backup(source, name)
    try:
        return reader.info, DatabaseContents.of(reader.info.counts)
    finally:
        reader.close()


def _check_revision(info: BackupInfo, name: str) -> None:
    known = revisions()
    if info.revision not in known:
        raise InputError([Problem("backup.newer", {"revision": info.revision[:40]}, source=name)])


def _restore(conn: sa.Connection, reader: BackupReader) -> None:
    info = reader.info
    rows.wipe(conn)
    upgrade(conn, info.revision)
    schema = rows.reflect(conn)
    for table in info.tables:
        rows.insert_rows(conn, schema, table.name, list(table.columns), reader.rows(table))
    rows.dialect_of(conn.engine).set_sequences(conn, info.sequences)
    upgrade(conn, "head")


def restore_database(
    actor: Actor, engine: sa.Engine, source: IO[bytes], name: str, *, replace: bool = False
) -> DatabaseContents:
    """Replace the whole database with a backup; what it now holds.

    The file is checked completely first. A database that holds anything is replaced only
    with ``replace`` (ConflictError ``backup.not_empty`` otherwise): nothing is ever merged.
    """
    require(actor, Right.BACKUP)
    dialect = rows.dialect_of(engine)
    reader = open_backup(source, name)
    try:
        _check_revision(reader.info, name)
        with write_lock(engine), engine.connect() as conn:
            now_in = DatabaseContents.of(rows.row_counts(conn))
            conn.rollback()
            if not now_in.empty and not replace:
                raise ConflictError(
                    "backup.not_empty",
                    assessments=now_in.assessments,
                    answers=now_in.answers,
                    files=now_in.files,
                )
            dialect.prepare(conn)
            try:
                with conn.begin():
                    dialect.begin(conn)
                    _restore(conn, reader)
                    dialect.check(conn)
            finally:
                dialect.finish(conn)
    finally:
        reader.close()
    engine.dispose()  # connections opened before see the new schema from scratch
    with engine.connect() as conn:
        return DatabaseContents.of(rows.row_counts(conn))

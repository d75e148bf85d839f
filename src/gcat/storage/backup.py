"""The whole database as rows, out and back in: what a backup holds, whatever the schema.

Tables are read from the database itself (reflection), not from the app's schema, so that a
backup holds every table a database has, and a backup made at an older schema revision is
restored at that revision and then migrated. Values are plain JSON values: each column has a
kind (:data:`KINDS`), and binary values (evidence files) travel apart as blobs.

The dialect-specific steps are in :class:`Dialect`: SQLite keeps its AUTOINCREMENT counters
(``sqlite_sequence``) so that ids are never given again after a restore. A PostgreSQL path
(server mode) adds a :class:`Dialect` whose ``sequences`` reads ``pg_sequences`` and whose
``set_sequences`` calls ``setval``; nothing else here depends on the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from gcat.errors import InputError, Problem

__all__ = [
    "KINDS",
    "Dialect",
    "TableDump",
    "column_kinds",
    "decode",
    "dialect_of",
    "dump_tables",
    "encode",
    "insert_rows",
    "is_empty",
    "reflect",
    "row_counts",
    "wipe",
]

KINDS = ("int", "float", "bool", "text", "datetime", "date", "json", "blob")
"""How a column's values travel: ``blob`` values are written apart, the others inline."""
SKIP = frozenset({"alembic_version", "sqlite_sequence"})
"""Tables that are not data: the migration revision (recorded apart) and SQLite's counters."""


def _kind(column_type: sa.types.TypeEngine[Any]) -> str:
    checks: tuple[tuple[type[sa.types.TypeEngine[Any]], str], ...] = (
        (sa.Boolean, "bool"),
        (sa.Integer, "int"),
        (sa.Float, "float"),
        (sa.Numeric, "float"),
        (sa.DateTime, "datetime"),
        (sa.Date, "date"),
        (sa.JSON, "json"),
        (sa.LargeBinary, "blob"),
    )
    for generic, kind in checks:
        if isinstance(column_type, generic):
            return kind
    return "text"


def reflect(conn: sa.Connection) -> sa.MetaData:
    """The database's own tables (without the migration revision and SQLite's counters)."""
    metadata = sa.MetaData()
    names = [n for n in sa.inspect(conn).get_table_names() if n not in SKIP]
    metadata.reflect(conn, only=names)
    return metadata


def column_kinds(table: sa.Table) -> dict[str, str]:
    """Each column's kind, in table order."""
    return {column.name: _kind(column.type) for column in table.columns}


def encode(value: Any, kind: str) -> Any:
    """A column value as JSON; a blob as its bytes (the backup file keeps them apart)."""
    if value is None:
        return None
    if kind == "datetime":
        return value.isoformat() if isinstance(value, datetime) else str(value)
    if kind == "date":
        return value.isoformat() if isinstance(value, date) else str(value)
    if kind == "bool":
        return bool(value)
    if kind == "blob":
        return bytes(value)
    return value


def _exact(kind: type | tuple[type, ...]) -> Callable[[Any], Any]:
    def take(value: Any) -> Any:
        if isinstance(value, bool) and kind is not bool:
            raise ValueError(value)
        if not isinstance(value, kind):
            raise ValueError(value)
        return value

    return take


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "datetime": lambda value: datetime.fromisoformat(_exact(str)(value)),
    "date": lambda value: date.fromisoformat(_exact(str)(value)),
    "blob": _exact(bytes),
    "int": _exact(int),
    "float": _exact((int, float)),
    "bool": _exact(bool),
    "text": _exact(str),
    "json": lambda value: value,
}


def decode(value: Any, kind: str) -> Any:
    """A JSON value back as the column takes it (InputError for a value of the wrong kind)."""
    if value is None:
        return None
    try:
        return _DECODERS[kind](value)
    except (KeyError, ValueError) as exc:
        raise InputError([Problem("backup.bad_value", {"kind": kind})]) from exc


@dataclass(frozen=True, slots=True)
class TableDump:
    """One table's columns (with their kinds) and its rows, read lazily."""

    name: str
    kinds: dict[str, str]
    rows: Iterator[tuple[Any, ...]]


def _order(metadata: sa.MetaData) -> list[sa.Table]:
    """Tables with those they refer to first (a self-reference is no constraint)."""
    return list(metadata.sorted_tables)


def dump_tables(conn: sa.Connection) -> Iterator[TableDump]:
    """Every data table, in an order fit for inserting, with its rows by primary key."""
    for table in _order(reflect(conn)):
        order = list(table.primary_key.columns) or list(table.columns)
        rows = conn.execute(sa.select(table).order_by(*order))
        yield TableDump(table.name, column_kinds(table), (tuple(row) for row in rows))


def row_counts(conn: sa.Connection) -> dict[str, int]:
    """The number of rows of every data table."""
    metadata = reflect(conn)
    return {
        table.name: int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())
        for table in _order(metadata)
    }


def is_empty(conn: sa.Connection) -> bool:
    """Whether no data table holds a row."""
    return not any(row_counts(conn).values())


def wipe(conn: sa.Connection) -> None:
    """Drop every table, the migration revision too: the database is as new."""
    metadata = sa.MetaData()
    metadata.reflect(conn)
    metadata.drop_all(conn)


def insert_rows(
    conn: sa.Connection,
    schema: sa.MetaData,
    name: str,
    columns: Sequence[str],
    rows: Iterator[Mapping[str, Any]],
    batch: int = 500,
) -> int:
    """Insert rows into the table ``name`` of ``schema`` (the database's tables, as
    :func:`reflect` read them); how many."""
    table = schema.tables.get(name)
    if table is None or any(column not in table.c for column in columns):
        raise InputError([Problem("backup.bad_table", {"table": name[:60]})])
    count = 0
    chunk: list[Mapping[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            conn.execute(table.insert(), chunk)
            count += len(chunk)
            chunk = []
    if chunk:
        conn.execute(table.insert(), chunk)
        count += len(chunk)
    return count


@dataclass(frozen=True, slots=True)
class Dialect:
    """What differs between databases when a backup is made or restored."""

    name: str
    sequences: Callable[[sa.Connection], dict[str, int]]
    """The id counters of the tables (the last id given, never given again)."""
    set_sequences: Callable[[sa.Connection, Mapping[str, int]], None]
    prepare: Callable[[sa.Connection], None]
    """Before the restore's transaction, outside it (SQLite: foreign keys off)."""
    begin: Callable[[sa.Connection], None]
    """First in the restore's transaction: make the schema changes part of it."""
    check: Callable[[sa.Connection], None]
    """Last in the restore's transaction (SQLite: every foreign key holds)."""
    finish: Callable[[sa.Connection], None]
    """After the restore's transaction, whatever happened (SQLite: foreign keys on)."""


def _sqlite_sequences(conn: sa.Connection) -> dict[str, int]:
    if not sa.inspect(conn).has_table("sqlite_sequence"):
        return {}
    rows = conn.exec_driver_sql("SELECT name, seq FROM sqlite_sequence").all()
    return {str(name): int(seq) for name, seq in rows if str(name) not in SKIP}


def _sqlite_set_sequences(conn: sa.Connection, sequences: Mapping[str, int]) -> None:
    if not sequences:
        return
    known = set(sa.inspect(conn).get_table_names())
    for name, seq in sequences.items():
        if name not in known:
            continue
        updated = conn.exec_driver_sql(
            "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (int(seq), name)
        )
        if updated.rowcount == 0:
            conn.exec_driver_sql(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (name, int(seq))
            )


def _sqlite_foreign_keys(on: bool) -> Callable[[sa.Connection], None]:
    def switch(conn: sa.Connection) -> None:
        conn.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
        conn.commit()

    return switch


def _sqlite_check(conn: sa.Connection) -> None:
    if conn.exec_driver_sql("PRAGMA foreign_key_check").first():
        raise InputError([Problem("backup.broken_links", {})])


def _sqlite_begin(conn: sa.Connection) -> None:
    # The driver begins a transaction only before data changes; an explicit BEGIN makes the
    # dropped and created tables part of it, so that a failed restore changes nothing.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


SQLITE = Dialect(
    "sqlite",
    sequences=_sqlite_sequences,
    set_sequences=_sqlite_set_sequences,
    prepare=_sqlite_foreign_keys(False),
    begin=_sqlite_begin,
    check=_sqlite_check,
    finish=_sqlite_foreign_keys(True),
)
DIALECTS = {SQLITE.name: SQLITE}


def dialect_of(engine: sa.Engine) -> Dialect:
    """The backup steps of the engine's database (InputError for a database without them)."""
    found = DIALECTS.get(engine.dialect.name)
    if found is None:
        raise InputError([Problem("backup.dialect", {"name": engine.dialect.name})])
    return found

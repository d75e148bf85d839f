"""Engines: the embedded SQLite default (WAL, foreign keys on) or a server database by URL."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from platformdirs import user_data_dir

from gcat.errors import UnavailableError

__all__ = [
    "HEAD_REVISION",
    "current_revision",
    "default_database_url",
    "driver_url",
    "make_engine",
    "migrate",
    "revisions",
    "upgrade",
    "write_lock",
    "write_transaction",
]

MIGRATIONS = Path(__file__).parent / "migrations"


def default_database_url() -> str:
    """``sqlite:///<user data folder>/gcat.sqlite3`` (the folder is created on first use)."""
    folder = Path(user_data_dir("gcat", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'gcat.sqlite3'}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _unavailable(context: sa.engine.ExceptionContext) -> None:
    """A server database that cannot answer now (restarting, unreachable, connection cut, a
    deadlock or serialization failure) raises :class:`UnavailableError`: the request may be
    tried again. The pool still drops the broken connection, and ``pool_pre_ping`` replaces
    stale ones, so gcat recovers by itself once the database is back."""
    if context.is_pre_ping:
        return  # a stale pooled connection: the pool replaces it by itself
    original = context.original_exception
    operational = getattr(getattr(context.dialect, "loaded_dbapi", None), "OperationalError", ())
    if context.is_disconnect or isinstance(original, operational):
        raise UnavailableError("database.unavailable") from original


def driver_url(url: str) -> str:
    """``url`` with the PostgreSQL driver gcat ships (psycopg 3) when it names none:
    ``postgresql://`` and ``postgres://`` become ``postgresql+psycopg://``."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, *, pool_size: int = 10) -> sa.Engine:
    """An engine for ``url``; SQLite gets WAL mode and foreign keys on every connection.

    On a server database, errors that mean "not now" become :class:`UnavailableError`.
    A PostgreSQL URL without a driver uses psycopg 3 (:func:`driver_url`).
    """
    url = driver_url(url)
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = sa.create_engine(
        url, pool_pre_ping=True, pool_size=pool_size, max_overflow=pool_size, pool_timeout=10
    )
    sa.event.listen(engine, "handle_error", _unavailable)
    return engine


HEAD_REVISION = "0009"
"""The latest migration; a test checks it against the migration scripts."""


def current_revision(engine: sa.Engine) -> str | None:
    """The database's migration revision, or None for an empty database."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


_WRITE_LOCKS: weakref.WeakKeyDictionary[sa.Engine, threading.Lock] = weakref.WeakKeyDictionary()


@contextmanager
def write_lock(engine: sa.Engine) -> Iterator[None]:
    """Hold the process's queue of writers of ``engine`` (SQLite); nothing on other databases."""
    if engine.dialect.name != "sqlite":
        yield
        return
    with _WRITE_LOCKS.setdefault(engine, threading.Lock()):
        yield


@contextmanager
def write_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A read-write transaction. On SQLite, writers of this process queue on a lock first:
    SQLite allows one writer at a time, and its busy handler sleeps in growing steps, which
    would turn contention into long tail latencies (and read-to-write upgrades into errors)."""
    with write_lock(engine), engine.begin() as conn:
        yield conn


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def revisions() -> list[str]:
    """Every migration revision, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def upgrade(connection: sa.Connection, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` on ``connection``, in the caller's transaction."""
    from alembic import command

    config = _alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def migrate(engine: sa.Engine) -> None:
    """Bring the database schema to the latest migration (a no-op check when it is current)."""
    if current_revision(engine) == HEAD_REVISION:
        return
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:  # rebuilding a table must not cascade deletes to the rows that refer to it
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                upgrade(connection)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise RuntimeError("the migration broke a foreign key")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()

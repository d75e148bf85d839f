"""Opening the database (the configured one, or a URL given by the user, migrated), bringing it
to the current schema, and backing a PostgreSQL database up and restoring it with PostgreSQL's
own tools (``pg_dump`` and ``pg_restore``, custom format)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from gcat.errors import InputError, Problem
from gcat.settings import load_settings
from gcat.storage.db import current_revision, driver_url, make_engine, migrate

__all__ = ["backup_postgresql", "open_database", "restore_postgresql", "upgrade_database"]

TOOL_TIMEOUT = 3600
"""Seconds a dump or restore may take."""


def open_database(url: str | None = None) -> sa.Engine:
    """An engine on ``url`` (default: the configured database), at the latest schema."""
    engine = make_engine(url or load_settings().database_url)
    migrate(engine)
    return engine


def upgrade_database(url: str | None = None) -> str:
    """Bring the database to the current schema; the revision it is at."""
    engine = open_database(url)
    try:
        revision = current_revision(engine)
    finally:
        engine.dispose()
    return revision or ""


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection string for ``url`` (no password in it) and the environment that
    carries the password, so that it never shows in the process list."""
    parsed = make_url(driver_url(url))
    if not parsed.drivername.startswith("postgresql"):
        raise InputError(
            [Problem("dbcmd.not_postgresql", {"dialect": parsed.drivername}, field="--database")]
        )
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(tool: str, args: list[str], env: dict[str, str]) -> None:
    found = shutil.which(tool)
    if found is None:
        raise InputError([Problem("dbcmd.tool_missing", {"tool": tool})])
    try:
        done = subprocess.run(  # noqa: S603 (a fixed tool, arguments as a list)
            [found, *args],
            check=False,
            env=env,
            capture_output=True,
            timeout=TOOL_TIMEOUT,
            text=True,
        )
    except subprocess.TimeoutExpired as exc:
        raise InputError(
            [Problem("dbcmd.tool_failed", {"tool": tool, "reason": "timeout"})]
        ) from exc
    if done.returncode != 0:
        reason = " ".join(done.stderr.split())[:300] or f"exit code {done.returncode}"
        raise InputError([Problem("dbcmd.tool_failed", {"tool": tool, "reason": reason})])


def backup_postgresql(url: str, path: Path) -> None:
    """Dump the database at ``url`` to ``path`` (pg_dump's custom format, written through a
    temporary file so that a failed dump leaves nothing half-written)."""
    target, env = _libpq(url)
    temporary = path.with_name(f".{path.name}.part")
    try:
        _run("pg_dump", ["--format=custom", "--no-owner", f"--file={temporary}", target], env)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def restore_postgresql(url: str, path: Path) -> str:
    """Restore a dump made by :func:`backup_postgresql` into the database at ``url``, replacing
    what is there, in one transaction (all or nothing); then migrate it. Its revision."""
    target, env = _libpq(url)
    if not path.is_file():
        raise InputError([Problem("file.unreadable", {"reason": "not found"}, source=str(path))])
    _run(
        "pg_restore",
        [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={target}",
            str(path),
        ],
        env,
    )
    return upgrade_database(url)

"""A throwaway PostgreSQL cluster for the tests and benchmarks, started and stopped by the run.

Debian's ``postgresql`` package provides the server binaries; the cluster lives in a temporary
folder, listens on 127.0.0.1 on a free port, trusts local connections and does not fsync (it is
thrown away). As root, the server runs as the ``postgres`` user (PostgreSQL refuses root).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import sqlalchemy as sa

__all__ = ["PostgresCluster", "pg_bin"]


def pg_bin() -> Path | None:
    """The folder of the newest installed PostgreSQL server binaries, or None."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if versions:
        return versions[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresCluster:
    """A PostgreSQL cluster in a temporary folder: ``start()``, ``url(db)``, ``stop()``."""

    def __init__(self, *, port: int | None = None, options: tuple[str, ...] = ()) -> None:
        binaries = pg_bin()
        if binaries is None:
            raise RuntimeError("PostgreSQL is not installed (Debian package postgresql)")
        self.bin = binaries
        self.port = port or _free_port()
        self.options = options
        self.root = Path(tempfile.mkdtemp(prefix="gcat-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._names = itertools.count(1)
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> PostgresCluster:
        """Create the cluster on first use, then start the server and wait until it answers."""
        if not (self.data / "PG_VERSION").exists():
            self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        settings = " ".join(
            (
                f"-p {self.port}",
                f"-k {self.data}",
                "-c listen_addresses=127.0.0.1",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=300",
                *self.options,
            )
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "start", "-o", settings
        )
        return self

    def stop(self) -> None:
        """Stop the server (fast: connections are closed)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def restart(self) -> None:
        """Stop and start again: every open connection is cut."""
        self.stop()
        self.start()

    def destroy(self) -> None:
        """Stop the server if it runs and remove its folder."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of ``database`` in this cluster."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql(sql)
        finally:
            engine.dispose()

    def create_database(self, template: str | None = None, name: str | None = None) -> str:
        """A new database (a copy of ``template`` when given); its name."""
        name = name or f"gcat_{os.getpid()}_{next(self._names)}"
        self._admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def drop_database(self, name: str) -> None:
        """Drop ``name``, closing whatever is still connected to it."""
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

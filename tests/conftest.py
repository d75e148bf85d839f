"""Shared fixtures: the shipped framework, a CLI runner and answers-file helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from gcat.cli import app
from gcat.core.model import Framework
from gcat.frameworks import load_framework
from gcat.storage.db import make_engine, migrate


@pytest.fixture
def engine(tmp_path: Path) -> sa.Engine:
    """A fresh, migrated database (a real SQLite file) for one test."""
    engine = make_engine(f"sqlite:///{tmp_path / 'gcat.sqlite3'}")
    migrate(engine)
    return engine


@pytest.fixture(scope="session")
def framework() -> Framework:
    return load_framework()


class Cli:
    """Runs ``gcat`` in-process and returns (exit code, stdout, stderr)."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str) -> tuple[int, str, str]:
        result = self.runner.invoke(app, list(args), catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def cli() -> Cli:
    return Cli()


HEADER = 'framework: {id: gcat, version: "1.0"}\nadministration: Test Customs\ncycle: "2025"\n'


@pytest.fixture
def answers_file(tmp_path: Path):
    """Write an answers file with the standard header plus ``body``; return its path."""

    def write(body: str, name: str = "answers.yaml", header: str = HEADER) -> Path:
        path = tmp_path / name
        path.write_text(header + body, "utf-8")
        return path

    return write

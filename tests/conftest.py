"""Shared fixtures: the shipped framework, a CLI runner and answers-file helpers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from gcat.cli import app
from gcat.core.evaluation import Evaluation
from gcat.core.model import Framework
from gcat.demo import demo_evaluations
from gcat.frameworks import load_framework
from gcat.storage.db import make_engine, migrate
from tests.postgres import PostgresCluster, pg_bin

BACKENDS = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        default="sqlite,postgresql",
        help="Databases the storage, service and web suites run on (comma-separated: sqlite, "
        "postgresql). PostgreSQL runs on a throwaway cluster this run starts and stops.",
    )


def _backends(config: pytest.Config) -> list[str]:
    chosen = [name.strip() for name in str(config.getoption("--db")).split(",") if name.strip()]
    unknown = set(chosen) - set(BACKENDS)
    if unknown or not chosen:
        raise pytest.UsageError(f"--db takes {', '.join(BACKENDS)}")
    return chosen


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that uses a database (``engine``, ``database_url``, the live servers) runs on
    each chosen backend; the PostgreSQL runs carry the ``postgres`` marker. Browser and other
    slow modules run on SQLite only: they test the browser, not the database."""
    if "db_backend" not in metafunc.fixturenames:
        return
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    kinds = _backends(metafunc.config)
    if (module in SLOW_MODULES or "chromium" in metafunc.fixturenames) and "sqlite" in kinds:
        kinds = ["sqlite"]
    metafunc.parametrize(
        "db_backend",
        [
            pytest.param(kind, marks=[pytest.mark.postgres] if kind == "postgresql" else [])
            for kind in kinds
        ],
        indirect=True,
    )


@pytest.fixture
def db_backend(request: pytest.FixtureRequest) -> str:
    """The database kind of this run of the test: sqlite or postgresql."""
    return str(request.param)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """The run's throwaway PostgreSQL cluster, with a migrated template database."""
    if pg_bin() is None:
        if os.environ.get("CI") == "true":
            raise RuntimeError("PostgreSQL is missing: scripts/test installs Debian postgresql")
        pytest.skip("PostgreSQL is not installed (Debian postgresql); run scripts/test")
    cluster = PostgresCluster().start()
    try:
        template = cluster.create_database(name="gcat_template")
        engine = make_engine(cluster.url(template))
        migrate(engine)
        engine.dispose()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def database_url(db_backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of a fresh database for one test: a real SQLite file, or a new PostgreSQL
    database copied from the migrated template."""
    if db_backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'gcat.sqlite3'}"
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    name = cluster.create_database(template="gcat_template")
    yield cluster.url(name)
    cluster.drop_database(name)


@pytest.fixture
def postgres_or_sqlite_empty(
    db_backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """The URL of an empty database (no schema) on this run's backend."""
    if db_backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    name = cluster.create_database()
    yield cluster.url(name)
    cluster.drop_database(name)


@pytest.fixture
def engine(database_url: str) -> Iterator[sa.Engine]:
    """A fresh, migrated database for one test (SQLite file, or PostgreSQL)."""
    engine = make_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


class Demo(NamedTuple):
    """The demo administration's two cycles, evaluated."""

    previous: Evaluation
    current: Evaluation


@pytest.fixture(scope="session")
def demo() -> Demo:
    """The demo's 2024 and 2025 cycles (a tuple: ``previous, current = demo`` works)."""
    previous, current = demo_evaluations()
    return Demo(previous, current)


@pytest.fixture(scope="session")
def current(demo: Demo) -> Evaluation:
    """The demo's 2025 cycle: a full assessment with notes and comments."""
    return demo.current


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


SLOW_MODULES = {
    "test_accessibility",
    "test_browser",
    "test_cross_site",
    "test_durability",
    "test_schemathesis",
    "test_server_faults",
    "test_xlsform",
}
"""Whole modules that drive Chromium, restart servers, fuzz or run Java (ODK Validate)."""
SLOW_FIXTURES = {"chromium", "guarded", "java", "converted"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the slow tier: real browsers, LibreOffice, Java, restarted servers, fuzzing.

    ``scripts/test --fast`` runs the rest; ``scripts/test`` runs everything.
    """
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        fixtures = set(getattr(item, "fixturenames", ()))
        if module in SLOW_MODULES or fixtures & SLOW_FIXTURES or "libreoffice" in item.name:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True, scope="session")
def _independent_of_the_callers_environment(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """No GCAT_* variable, config file or data folder of the person running the tests leaks in:
    the user folders point to a fresh temporary folder for the whole run."""
    home = tmp_path_factory.mktemp("home")
    saved = {key: value for key, value in os.environ.items() if key.startswith("GCAT_")}
    for key in saved:
        del os.environ[key]
    xdg = {name: str(home / name.lower()) for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME")}
    previous = {name: os.environ.get(name) for name in xdg}
    os.environ.update(xdg)
    yield
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    os.environ.update(saved)


@pytest.fixture
def fast_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id with the smallest cost, so that tests creating many accounts stay quick (the
    real parameters are checked on their own)."""
    from argon2 import PasswordHasher

    from gcat.services import accounts

    cheap = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", lambda: cheap)
    monkeypatch.setattr(accounts, "_dummy_hash", lambda: cheap.hash("not a password"))


@pytest.fixture(scope="session")
def classifier_model(tmp_path_factory: pytest.TempPathFactory):
    """A model built once from the shipped examples, used through GCAT_CLASSIFIER_MODEL."""
    from gcat.classify.store import rebuild

    folder = tmp_path_factory.mktemp("classifier")
    rebuild(folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GCAT_CLASSIFIER_MODEL", str(folder))
        yield folder

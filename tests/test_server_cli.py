"""Server mode's commands: users, serve's refusals, db upgrade/backup/restore, secretariat."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from gcat.demo.synthetic import synthetic_exchange_file
from gcat.frameworks import load_framework
from gcat.members import packaged_members
from gcat.storage.db import HEAD_REVISION, current_revision, make_engine
from tests.postgres import PostgresCluster

PASSWORD = "correct horse battery staple"
SECRET = "Zq8tV3mK7pW2xR9sL4nB6cY1hJ5gF0dA-e_uQiO"


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    path = tmp_path / "password.txt"
    path.write_text(PASSWORD + "\n", "utf-8")
    return path


def test_users_add_list_disable_enable(
    cli, database_url: str, password_file: Path, fast_passwords: None
) -> None:
    code, _, err = cli(
        "users", "add", "ana", "--role", "validator", "--administration", "SEN",
        "--password-file", str(password_file), "--database", database_url,
    )  # fmt: skip
    assert code == 0 and "ana" in err and "Senegal" in err
    code, _, err = cli(
        "users", "add", "sec", "--role", "secretariat", "--password-file", str(password_file),
        "--database", database_url, "--lang", "fr",
    )  # fmt: skip
    assert code == 0 and "Secrétariat" in err
    code, out, _ = cli("users", "list", "--json", "--database", database_url)
    listed = json.loads(out)
    assert [(u["username"], u["role"], u["member"]) for u in listed] == [
        ("ana", "validator", "SEN"),
        ("sec", "secretariat", None),
    ]
    assert "password" not in out and "argon2" not in out
    assert cli("users", "disable", "ana", "--database", database_url)[0] == 0
    assert json.loads(cli("users", "list", "--json", "--database", database_url)[1])[0]["disabled"]
    assert cli("users", "enable", "ana", "--database", database_url)[0] == 0
    code, _, err = cli("users", "set-role", "ana", "--role", "viewer", "--database", database_url)
    assert code == 0 and "viewer" in err


@pytest.mark.parametrize(
    ("args", "content", "fragment"),
    [
        (["--role", "validator"], PASSWORD, "works for a WCO Member"),
        (["--role", "validator", "--administration", "Valdoria"], PASSWORD, "Valdoria"),
        (["--role", "king"], PASSWORD, "role does not exist"),
        (["--role", "admin"], "short", "at least 12 characters"),
        (["--role", "admin"], "", "password file is empty"),
    ],
)
def test_users_add_refusals(
    cli, tmp_path: Path, args: list[str], content: str, fragment: str, fast_passwords: None
) -> None:
    database = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    secret = tmp_path / "pw"
    secret.write_text(content, "utf-8")
    code, _, err = cli(
        "users", "add", "bo", *args, "--password-file", str(secret), "--database", database
    )
    assert code == 2 and fragment in " ".join(err.split()), err
    assert json.loads(cli("users", "list", "--json", "--database", database)[1]) == []


def test_a_missing_password_file_is_one_clear_line(cli, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    code, _, err = cli(
        "users", "add", "bo", "--role", "admin", "--password-file", str(tmp_path / "none"),
        "--database", database,
    )  # fmt: skip
    assert code == 2 and "password file" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("env", "args", "fragment"),
    [
        ({}, ["--database", "postgresql://x@127.0.0.1:1/x"], "needs a secret key"),
        (
            {"GCAT_SECRET_KEY": "change-me-change-me-change-me-change-me"},
            ["--database", "postgresql://x@h/x"],
            "placeholder",
        ),
        ({"GCAT_SECRET_KEY": "tooshort"}, ["--database", "postgresql://x@h/x"], "placeholder"),
        ({"GCAT_SECRET_KEY": SECRET}, [], "runs on PostgreSQL, not SQLite"),
        ({"GCAT_SECRET_KEY": SECRET}, ["--database", "sqlite:///x.sqlite3"], "not SQLite"),
    ],
)
def test_server_mode_refuses_to_start_and_says_why(
    tmp_path: Path, env: dict[str, str], args: list[str], fragment: str
) -> None:
    import os

    clean = {k: v for k, v in os.environ.items() if not k.startswith("GCAT_")}
    done = subprocess.run(
        [sys.executable, "-m", "gcat", "serve", "--mode", "server", "--no-browser", *args],
        env={**clean, **env}, capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert fragment in " ".join(done.stderr.split())


def test_local_mode_listens_on_loopback_only(cli) -> None:
    code, _, err = cli("serve", "--host", "0.0.0.0", "--no-browser")
    assert code == 2 and "local mode listens on this computer only" in " ".join(err.split())
    assert cli("serve", "--mode", "cluster", "--no-browser")[0] == 2


def test_db_upgrade_brings_a_database_to_the_head(cli, postgres_or_sqlite_empty: str) -> None:
    code, _, err = cli("db", "upgrade", "--database", postgres_or_sqlite_empty)
    assert code == 0 and HEAD_REVISION in err
    engine = make_engine(postgres_or_sqlite_empty)
    assert current_revision(engine) == HEAD_REVISION
    engine.dispose()


@pytest.mark.postgres
def test_db_backup_and_restore_with_postgresqls_tools(
    cli, postgres: PostgresCluster, tmp_path: Path, password_file: Path, fast_passwords: None
) -> None:
    # a URL without a driver, as docs/deployment.md writes it, means psycopg 3
    source = postgres.url(postgres.create_database(template="gcat_template")).replace(
        "postgresql+psycopg://", "postgresql://"
    )
    target = postgres.url(postgres.create_database())
    assert cli(
        "users", "add", "sec", "--role", "secretariat", "--password-file", str(password_file),
        "--database", source,
    )[0] == 0  # fmt: skip
    backup = tmp_path / "gcat.dump"
    code, _, err = cli("db", "backup", "-o", str(backup), "--database", source)
    assert code == 0 and backup.stat().st_size > 1000, err
    code, _, err = cli("db", "restore", str(backup), "--database", target)
    assert code == 0, err
    restored = make_engine(target)
    with restored.connect() as conn:
        assert conn.execute(sa.text("SELECT username FROM users")).scalars().all() == ["sec"]
        with pytest.raises(sa.exc.DatabaseError):  # the append-only trigger came back too
            conn.execute(sa.text("DELETE FROM audit_log"))
    restored.dispose()
    code, _, err = cli("db", "restore", str(tmp_path / "none.dump"), "--database", target)
    assert code == 2
    junk = tmp_path / "junk.dump"
    junk.write_bytes(b"not a dump")
    code, _, err = cli("db", "restore", str(junk), "--database", target)
    assert code == 2 and "pg_restore failed" in err


def test_secretariat_import_aggregate_and_pack(cli, database_url: str, tmp_path: Path) -> None:
    framework = load_framework()
    names = [m.name for m in packaged_members().in_region("europe")[:6]]
    paths = []
    for name in names:
        path = tmp_path / f"{name}.gcat.json"
        path.write_bytes(synthetic_exchange_file(framework, name, "2025", seed=4))
        paths.append(str(path))
    bad = tmp_path / "bad.gcat.json"
    bad.write_text("{}", "utf-8")
    code, _, err = cli("secretariat", "import", *paths, str(bad), "--database", database_url)
    assert code == 2
    assert "bad.gcat.json" in err and "6 files imported" in err and "1 file refused" in err
    code, out, _ = cli("secretariat", "aggregate", "--database", database_url)
    data = json.loads(out)
    groups = {g["region"]: g for g in data["groups"]}
    assert data["cycle"] == "2025" and groups["europe"]["members"] == 6
    assert groups["esa"]["members"] == "<5" and groups["esa"]["domains"] is None
    for fmt in ("xlsx", "html"):
        target = tmp_path / f"aggregate.{fmt}"
        assert (
            cli(
                "secretariat",
                "aggregate",
                "--format",
                fmt,
                "-o",
                str(target),
                "--database",
                database_url,
            )[0]
            == 0
        )
        assert target.stat().st_size > 500
    assert cli("secretariat", "aggregate", "--format", "xlsx", "--database", database_url)[0] == 2
    assert cli("secretariat", "aggregate", "--format", "pdf", "--database", database_url)[0] == 2
    pack = tmp_path / "pack.json"
    assert cli("secretariat", "pack", "-o", str(pack), "--database", database_url)[0] == 0
    assert [g["region"] for g in json.loads(pack.read_text("utf-8"))["groups"]] == [
        "world",
        "europe",
    ]


def test_practice_files_sent_offline_join_the_batch(cli, database_url: str, tmp_path: Path) -> None:
    """A member's Annex I file in the batch becomes a submitted practice; a broken one is
    refused with its name and the other files still go in."""
    import yaml

    from gcat.policy.access import local_actor
    from gcat.services.practices import list_practices
    from gcat.services.templates import practice_template
    from tests.web.test_authorization import PRACTICE

    good = tmp_path / "senegal-practice.yaml"
    good.write_text(yaml.safe_dump(dict(PRACTICE, title="Solar panels"), allow_unicode=True))
    blank = tmp_path / "blank.docx"
    blank.write_bytes(practice_template("docx", "fr"))  # the blank form: no member, no consent
    exchange = tmp_path / "peru.gcat.json"
    exchange.write_bytes(synthetic_exchange_file(load_framework(), "Peru", "2025", seed=5))
    code, _, err = cli(
        "secretariat", "import", str(good), str(blank), str(exchange), "--database", database_url
    )
    assert code == 2 and "blank.docx" in err and "Traceback" not in err, err
    assert "1 file imported" in err and "1 practice submitted" in err and "1 file refused" in err
    engine = make_engine(database_url)
    titles = [p.practice.title for p in list_practices(local_actor("t"), engine)]
    engine.dispose()
    assert titles == ["Solar panels"]

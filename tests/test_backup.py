"""Backup and restore: the whole database with its evidence files in one checked file."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from gcat.demo import store_demo_assessments
from gcat.errors import ConflictError, ForbiddenError, InputError
from gcat.exchange.backup_file import MANIFEST, open_backup
from gcat.policy.access import Actor, Role, local_actor
from gcat.services import answers, assessments, backup, evidence, tracking
from gcat.storage import backup as rows
from gcat.storage.db import HEAD_REVISION, MIGRATIONS, current_revision, make_engine, migrate

OFFICER = local_actor("Awa Diallo")


def database(path: Path) -> sa.Engine:
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    return engine


def everything(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in order."""
    with engine.connect() as conn:
        return {dump.name: list(dump.rows) for dump in rows.dump_tables(conn)}


@pytest.fixture
def filled(tmp_path: Path) -> sa.Engine:
    """The demo cycles, a cycle pre-filled from 2025 with a change, files, plan tracking."""
    engine = database(tmp_path / "filled.sqlite3")
    store_demo_assessments(engine)
    new = assessments.create_assessment(
        OFFICER,
        engine,
        administration="Valdoria Revenue and Customs Authority",
        cycle="2026",
        previous_id=2,
    )
    stored = assessments.load(OFFICER, engine, new).answers["PL-01"]
    answers.record_answer(
        OFFICER,
        engine,
        new,
        "PL-01",
        answers.AnswerChange(
            level=stored.answer.level,
            not_applicable=False,
            reason="",
            target=None,
            comment="Vérifié — « 2026 »",
            evidence_note="PV n° 7",
            flagged=True,
            version=stored.version,
        ),
    )
    for name, data in (("pv.pdf", b"%PDF-1.4 \x00\xff" * 100), ("note.txt", "é".encode() * 10)):
        evidence.add_evidence(OFFICER, engine, new, "PL-01", filename=name, data=data, quota=10**8)
    evidence.add_evidence(
        OFFICER,
        engine,
        2,
        "FA-01",
        filename="same.pdf",
        data=b"%PDF-1.4 \x00\xff" * 100,
        quota=10**8,
    )
    tracking.set_tracking(
        OFFICER, engine, 2, "PL-01", owner="Unité verte", due=None, status="in_progress"
    )
    gone = assessments.create_assessment(OFFICER, engine, administration="Deleted", cycle="1")
    assessments.delete_assessment(OFFICER, engine, gone)  # its id must never come back
    return engine


def write(engine: sa.Engine, path: Path) -> Path:
    with path.open("wb") as out:
        backup.backup_database(OFFICER, engine, out)
    return path


def restore(engine: sa.Engine, path: Path, *, replace: bool = False) -> backup.DatabaseContents:
    with path.open("rb") as source:
        return backup.restore_database(OFFICER, engine, source, path.name, replace=replace)


def test_back_up_wipe_restore_and_find_every_answer_file_and_history_row(
    filled: sa.Engine, tmp_path: Path
) -> None:
    saved = everything(filled)
    assert len(saved["evidence_files"]) == 3 and saved["answer_history"]
    file = write(filled, tmp_path / "all.gcat-backup")
    with zipfile.ZipFile(file) as zf:  # the same file twice is stored once
        assert len([n for n in zf.namelist() if n.startswith("blobs/")]) == 2
    # wipe: the database file is gone; a new, empty one takes its place
    url = str(filled.url)
    filled.dispose()
    Path(url.removeprefix("sqlite:///")).unlink()
    fresh = database(Path(url.removeprefix("sqlite:///")))
    assert backup.database_contents(OFFICER, fresh).empty
    contents = restore(fresh, file)
    assert everything(fresh) == saved
    assert contents == backup.DatabaseContents.of({k: len(v) for k, v in saved.items()})
    assert current_revision(fresh) == HEAD_REVISION
    # files come back byte for byte, and ids are never given again
    loaded = assessments.load(OFFICER, fresh, 3)
    (first, *_) = evidence.evidence_files(OFFICER, fresh, 3)
    assert evidence.evidence_file(OFFICER, fresh, 3, first.id)[1] == b"%PDF-1.4 \x00\xff" * 100
    assert loaded.assessment.answer("PL-01").comment == "Vérifié — « 2026 »"
    new = assessments.create_assessment(OFFICER, fresh, administration="After", cycle="1")
    assert new == 5


def test_a_database_that_holds_anything_is_replaced_only_when_told(
    filled: sa.Engine, tmp_path: Path
) -> None:
    file = write(filled, tmp_path / "all.gcat-backup")
    other = database(tmp_path / "other.sqlite3")
    mine = assessments.create_assessment(OFFICER, other, administration="Mine", cycle="1")
    with pytest.raises(ConflictError) as caught:
        restore(other, file)
    assert caught.value.code == "backup.not_empty"
    assert [s.stored.id for s in assessments.list_summaries(OFFICER, other)] == [mine]
    restore(other, file, replace=True)
    names = {s.stored.administration for s in assessments.list_summaries(OFFICER, other)}
    assert names == {"Valdoria Revenue and Customs Authority"}  # replaced, never merged


def rewrite(file: Path, target: Path, change: Any) -> Path:
    """A copy of a backup with its members changed by ``change(name, data) -> data | None``
    (None drops the member), the manifest's hashes and checksum made consistent again."""
    with zipfile.ZipFile(file) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    manifest = json.loads(members.pop(MANIFEST))
    out: dict[str, bytes] = {}
    for name, data in members.items():
        changed = change(name, data)
        if changed is not None:
            out[name] = changed
    for table in manifest["tables"]:
        data = out[table["member"]]
        table["sha256"] = hashlib.sha256(data).hexdigest()
        table["rows"] = data.count(b"\n")
    body = {k: v for k, v in manifest.items() if k != "checksum"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    manifest["checksum"] = hashlib.sha256(canonical.encode()).hexdigest()
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr(MANIFEST, json.dumps(manifest))
        for name, data in out.items():
            zf.writestr(name, data)
    return target


def flipped(file: Path, target: Path, member: str) -> Path:
    with zipfile.ZipFile(file) as zf, zipfile.ZipFile(target, "w") as out:
        for name in zf.namelist():
            data = zf.read(name)
            if name == MANIFEST == member:  # a value changed, the JSON still sound
                data = data.replace(b'"gcat_version": "', b'"gcat_version": "9', 1)
            elif name.startswith(member):
                data = data[:-2] + bytes([data[-2] ^ 1]) + data[-1:]
            out.writestr(name, data)
    return target


@pytest.mark.parametrize(
    ("damage", "code"),
    [
        (lambda f, t: _bytes(t, b"not a zip"), "backup.not_a_backup"),
        (lambda f, t: flipped(f, t, "tables/answers"), "backup.bad_checksum"),
        (lambda f, t: flipped(f, t, "blobs/"), "backup.bad_checksum"),
        (lambda f, t: flipped(f, t, MANIFEST), "backup.bad_checksum"),
        (lambda f, t: _with_extra(t, f.read_bytes()), "backup.bad_members"),
    ],
)
def test_a_damaged_backup_is_refused_and_nothing_changes(
    filled: sa.Engine, tmp_path: Path, damage: Any, code: str
) -> None:
    file = write(filled, tmp_path / "all.gcat-backup")
    bad = damage(file, tmp_path / "bad.gcat-backup")
    other = database(tmp_path / "other.sqlite3")
    mine = assessments.create_assessment(OFFICER, other, administration="Mine", cycle="1")
    with pytest.raises(InputError) as caught:
        restore(other, bad, replace=True)
    assert caught.value.code == code
    assert [s.stored.id for s in assessments.list_summaries(OFFICER, other)] == [mine]


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _with_extra(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("../evil.sh", b"rm -rf /")
    return path


def test_a_restore_that_fails_halfway_leaves_the_database_as_it_was(
    filled: sa.Engine, tmp_path: Path
) -> None:
    file = write(filled, tmp_path / "all.gcat-backup")

    def break_a_level(name: str, data: bytes) -> bytes:
        if name != "tables/answers.jsonl":
            return data
        lines = data.splitlines(keepends=True)
        last = json.loads(lines[-1])
        last[4] = 9  # the level: outside 0–5, refused by the table's check
        return b"".join([*lines[:-1], json.dumps(last).encode() + b"\n"])

    bad = rewrite(file, tmp_path / "bad.gcat-backup", break_a_level)
    other = database(tmp_path / "other.sqlite3")
    mine = assessments.create_assessment(OFFICER, other, administration="Mine", cycle="1")
    answers.record_answer(
        OFFICER,
        other,
        mine,
        "PL-01",
        answers.AnswerChange(2, False, "", None, "", "", False, 0),
    )
    before = everything(other)
    with pytest.raises(sa.exc.IntegrityError):
        restore(other, bad, replace=True)
    assert everything(other) == before
    assert current_revision(other) == HEAD_REVISION


def test_a_backup_of_an_older_schema_comes_back_migrated(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        now = "2025-01-01 00:00:00"
        connection.exec_driver_sql(f"INSERT INTO administrations VALUES (1, 'Old', '{now}')")
        for aid, previous in ((1, "NULL"), (2, "1")):
            connection.exec_driver_sql(
                "INSERT INTO assessments (id, administration_id, framework_id, framework_version,"
                " cycle, domains, assessors, previous_id, created_at, updated_at, answered,"
                f" indicators) VALUES ({aid}, 1, 'gcat', '1.0', '{2023 + aid}', NULL, '',"
                f" {previous}, '{now}', '{now}', 1, 50)"
            )
            connection.exec_driver_sql(
                "INSERT INTO answers (administration_id, assessment_id, indicator_id, level,"
                " not_applicable, reason, target, comment, evidence_note, flagged, version,"
                f" updated_at, updated_by) VALUES (1, {aid}, 'PL-01', 2, 0, '', NULL, '', '', 0,"
                f" 1, '{now}', 'x')"
            )
            reason = "@prefill 2024" if aid == 2 else ""
            connection.exec_driver_sql(
                "INSERT INTO answer_history (administration_id, assessment_id, indicator_id,"
                " changed_at, changed_by, old_value, new_value, change_reason) VALUES"
                f" (1, {aid}, 'PL-01', '{now}', 'x', NULL, '{{}}', '{reason}')"
            )
    file = write(engine, tmp_path / "old.gcat-backup")
    with file.open("rb") as source:
        info, inside = backup.inspect_backup(source, file.name)
    assert info.revision == "0003" and inside.assessments == 2
    fresh = database(tmp_path / "new.sqlite3")
    restore(fresh, file)
    assert current_revision(fresh) == HEAD_REVISION
    loaded = assessments.load(OFFICER, fresh, 2)
    assert loaded.answers["PL-01"].answer.to_review  # the 0009 migration ran on the rows
    assert loaded.stored.answered == 0


def test_only_those_allowed_back_up_and_restore(filled: sa.Engine, tmp_path: Path) -> None:
    respondent = Actor("R", Role.RESPONDENT, administration_id=1)
    with pytest.raises(ForbiddenError):
        backup.backup_database(respondent, filled, io.BytesIO())
    file = write(filled, tmp_path / "all.gcat-backup")
    with file.open("rb") as source, pytest.raises(ForbiddenError):
        backup.restore_database(respondent, filled, source, file.name, replace=True)


def test_the_reader_checks_before_it_gives_rows(filled: sa.Engine, tmp_path: Path) -> None:
    file = write(filled, tmp_path / "all.gcat-backup")
    with file.open("rb") as source:
        reader = open_backup(source, file.name)
        try:
            table = next(t for t in reader.info.tables if t.name == "evidence_files")
            data = [row["data"] for row in reader.rows(table)]
        finally:
            reader.close()
    assert all(isinstance(item, bytes) for item in data) and len(data) == 3


# ── the command line ─────────────────────────────────────────────────────────────────────


def test_gcat_db_backup_and_restore(cli: Any, filled: sa.Engine, tmp_path: Path) -> None:
    url = str(filled.url)
    target = tmp_path / "cli.gcat-backup"
    code, _, err = cli("db", "backup", "-o", str(target), "--database", url)
    assert code == 0 and target.is_file() and "cli.gcat-backup" in err
    assert "4 assessments" not in err and "3 assessments" in err
    code, _, err = cli("db", "backup", "-o", str(target), "--database", url)
    assert code == 2 and "already exists" in err
    empty = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    code, _, err = cli("db", "restore", str(target), "--database", empty, "--lang", "fr")
    assert code == 0 and "Restauration effectuée : 3 évaluations" in err
    # a database that holds something: asked (no terminal here: refused), or --yes
    code, _, err = cli("db", "restore", str(target), "--database", empty)
    assert code == 2 and "add --yes" in err
    code, _, err = cli("db", "restore", str(target), "--database", empty, "--yes")
    assert code == 0
    code, _, err = cli("db", "restore", str(tmp_path / "nothing.gcat-backup"), "--database", empty)
    assert code == 2 and "cannot be read" in err

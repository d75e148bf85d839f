"""gcat report / export / import from the command line, and the app's download and import."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gcat.demo import demo_file


@pytest.mark.parametrize(
    ("command", "fmt", "magic"),
    [
        ("report", "pdf", b"%PDF"),
        ("report", "docx", b"PK"),
        ("report", "html", b"<!doctype html"),
        ("export", "xlsx", b"PK"),
        ("export", "json", b"{"),
        ("export", "xlsform", b"PK"),
        ("export", "csv", "\ufeff".encode()),
    ],
)
def test_every_format_from_the_cli(
    cli, tmp_path: Path, command: str, fmt: str, magic: bytes
) -> None:
    out = tmp_path / f"out.{fmt}"
    args = [command, str(demo_file("2025")), "--format", fmt, "--lang", "es", "-o", str(out)]
    if command == "report":
        args += ["--previous", str(demo_file("2024"))]
    code, _, err = cli(*args)
    assert code == 0, err
    assert out.read_bytes()[: len(magic)].lower() == magic.lower()
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_export_then_import_gives_the_same_answers(cli, tmp_path: Path, fmt: str) -> None:
    exported = tmp_path / f"answers.{fmt}"
    cli("export", str(demo_file("2025")), "--format", fmt, "-o", str(exported))
    back = tmp_path / "back.yaml"
    code, _, err = cli("import", str(exported), "-o", str(back))
    assert code == 0, err
    original = yaml.safe_load(demo_file("2025").read_text("utf-8"))
    imported = yaml.safe_load(back.read_text("utf-8"))
    assert imported["answers"].keys() == original["answers"].keys()
    for key, answer in original["answers"].items():
        assert imported["answers"][key]["level"] == answer["level"], key
    code, _, err = cli("import", str(exported), "-o", str(back))
    assert code == 2 and "already exists" in err


def test_bad_format_and_bad_import(cli, tmp_path: Path) -> None:
    code, _, err = cli(
        "report", str(demo_file("2025")), "--format", "odt", "-o", str(tmp_path / "x")
    )
    assert code == 2 and "pdf, docx, html" in err
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello", "utf-8")
    code, _, err = cli("import", str(bogus), "-o", str(tmp_path / "a.yaml"))
    assert code == 2 and "cannot be imported" in err
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 truncated")
    code, _, err = cli("import", str(broken), "-o", str(tmp_path / "b.yaml"))
    assert code == 2 and "broken.xlsx" in err and "Traceback" not in err
    assert not (tmp_path / "a.yaml").exists() and not (tmp_path / "b.yaml").exists()

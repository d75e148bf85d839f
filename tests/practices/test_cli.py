"""The commands: templates, imports, the list, the Compendium with its manifest and packs."""

from __future__ import annotations

import json
from pathlib import Path

from tests.practices.conftest import practice, write


def test_templates_in_three_forms(cli, tmp_path: Path) -> None:
    for fmt in ("docx", "xlsx", "yaml"):
        out = tmp_path / f"t.{fmt}"
        code, _, err = cli("practice", "template", "--format", fmt, "--lang", "es", "-o", str(out))
        assert code == 0, err
        assert out.stat().st_size > 500
    code, _, err = cli("practice", "template", "--format", "pdf", "-o", str(tmp_path / "t.pdf"))
    assert code == 2 and "--format: choose one of: docx, xlsx, yaml" in err


def test_import_prints_the_new_ids_and_list_shows_them(cli, tmp_path: Path, database: str) -> None:
    a = write(tmp_path / "a.yaml", practice())
    b = write(tmp_path / "b.json", practice(member="Chile", title="Otra", lang="es"))
    code, out, err = cli("practice", "import", str(a), str(b), "--json", "--database", database)
    assert code == 0, err
    items = json.loads(out)
    assert [(i["id"], i["status"]) for i in items] == [(1, "submitted"), (2, "submitted")]
    code, out, _ = cli("practice", "list", "--json", "--member", "chili", "--database", database)
    assert [i["title"] for i in json.loads(out)] == ["Otra"]
    assert "sari@example.org" not in out
    code, out, _ = cli(
        "practice", "import", str(a), "--status", "accepted", "--lang", "fr", "--database", database
    )
    assert code == 0 and "Pratique 3 :" in out and "Acceptée" in out


def test_a_bad_file_gets_one_located_line_and_exit_2(cli, tmp_path: Path, database: str) -> None:
    good = write(tmp_path / "good.yaml", practice())
    bad = write(tmp_path / "bad.yaml", practice(consent=None, lang="xx"))
    code, out, err = cli("practice", "import", str(good), str(bad), "--database", database)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert f"{bad}:" in err and "(and 1 more problem)" in err
    code, out, _ = cli("practice", "list", "--json", "--database", database)
    assert json.loads(out) == []
    code, _, err = cli(
        "practice", "import", str(good), "--status", "approved", "--database", database
    )
    assert code == 2 and "--status: choose one of" in err


def test_compendium_from_files_and_from_the_database(cli, tmp_path: Path, database: str) -> None:
    files = [
        write(tmp_path / "1.yaml", practice(title="Shown", status="submitted")),
        write(tmp_path / "2.yaml", practice(title="Refused", consent="no")),
        write(tmp_path / "3.yaml", practice(title="Pulled", status="withdrawn")),
    ]
    out = tmp_path / "c.html"
    code, _, err = cli("compendium", *map(str, files), "-o", str(out))
    assert code == 0, err
    html = out.read_text("utf-8")
    assert "Shown" in html and "Refused" not in html and "Pulled" not in html
    manifest = json.loads((tmp_path / "c.manifest.json").read_text("utf-8"))
    assert [(e["title"], e["included"], e["reason"]) for e in manifest["entries"]] == [
        ("Shown", True, None),
        ("Refused", False, "no_consent"),
        ("Pulled", False, "withdrawn"),
    ]
    assert "1 practice included." in err and "Left out: 1 (consent refused)" in err
    cli("practice", "import", str(files[0]), "--status", "published", "--database", database)
    docx = tmp_path / "c.docx"
    code, _, err = cli(
        "compendium",
        "--format",
        "docx",
        "--lang",
        "es",
        "--database",
        database,
        "-o",
        str(docx),
        "--manifest",
        str(tmp_path / "m.json"),
    )
    assert code == 0, err
    assert docx.read_bytes()[:2] == b"PK"
    pack = tmp_path / "c.gcat-pack.json"
    code, _, _ = cli("compendium", "--format", "pack", "--database", database, "-o", str(pack))
    laptop = f"sqlite:///{tmp_path / 'laptop.sqlite3'}"
    code, out, err = cli("practice", "import-pack", str(pack), "--database", laptop)
    assert code == 0 and "1 published practice imported" in out, err


def test_compendium_options_are_checked(cli, tmp_path: Path) -> None:
    code, _, err = cli("compendium", "--demo", "--format", "odt", "-o", str(tmp_path / "x"))
    assert code == 2 and "--format: choose one of: html, docx" in err
    code, _, err = cli("compendium", "--demo", "--group-by", "colour", "-o", str(tmp_path / "x"))
    assert code == 2 and "--group-by: choose one of: domain, area, region" in err
    code, _, err = cli("compendium", "--demo", "-o", str(tmp_path / "demo.html"), "--lang", "es")
    assert code == 0 and "7 prácticas incluidas." in err

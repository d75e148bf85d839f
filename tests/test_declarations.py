"""Declarations end to end: import (the JSON the checks rely on), decide, a second language,
exact-span amendments, text round trip, HTML escaping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gcat.core.amendments import AmendmentStatus, consolidated
from gcat.policy.access import local_actor
from gcat.services import declarations as service
from gcat.storage.db import make_engine

from .test_annex_ii import ANNEX_START, expected_amendments, seed_path

DRAFT_EN = """# Declaration on tidy borders (test)

Recognising that customs [green] (addition proposed by the Secretariat) controls matter;

- to share [good] (deletion proposed by Indonesia) practices [widely] (addition proposed by \
Indonesia);
- to report [each year] (addition proposed by the Republic of Korea) [yearly] (addition \
proposed by Indonesia) to the Council.
"""
DRAFT_FR = """# Déclaration sur des frontières ordonnées (essai)

Reconnaissant que les contrôles [verts] (ajout proposé par le Secrétariat) douaniers comptent ;

- partager les [bonnes] (suppression proposée par l'Indonésie) pratiques [largement] (ajout \
proposé par l'Indonésie) ;
- faire rapport [chaque année] (ajout proposé par la Corée) [annuellement] (ajout proposé \
par l'Indonésie) au Conseil.
"""


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'decl.sqlite3'}"


@pytest.fixture
def annex(tmp_path: Path) -> Path:
    text = seed_path().read_text("utf-8")
    path = tmp_path / "annex-ii.txt"
    path.write_text(text[text.index(ANNEX_START) :], "utf-8")
    return path


def run_json(cli, *args: str) -> dict:  # type: ignore[no-untyped-def]
    code, out, err = cli(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_import_prints_the_stable_json(cli, database: str, annex: Path) -> None:
    data = run_json(
        cli, "declaration", "import", str(annex), "--lang", "fr", "--database", database
    )
    assert data["id"] == 1
    got = [(a["id"], a["action"], a["proposer"], a["part"]) for a in data["amendments"]]
    assert got == [
        ("A1", "insert", "Indonesia", 6),
        ("A2", "insert", "Indonesia", 6),
        ("A3", "replace", "Indonesia", 9),
        ("A4", "insert", "Republic of Korea", 11),
        ("A5", "delete", "Secretariat", 11),
        ("A6", "insert", "Secretariat", 11),
        ("A7", "replace", "Secretariat", 23),
        ("A8", "insert", "Republic of Korea", 24),
    ]
    expected = expected_amendments(annex.read_text("utf-8"))
    assert [(a["action"], a["text"], a["quoted"]) for a in data["amendments"]] == [
        (action.value, new, old) for action, new, old, _ in expected
    ]
    assert all(set(a) >= {"id", "action", "text", "proposer", "part"} for a in data["amendments"])


def test_decide_accept_all_and_the_consolidated_text(
    cli, database: str, annex: Path, tmp_path: Path
) -> None:
    run_json(cli, "declaration", "import", str(annex), "--lang", "fr", "--database", database)
    decided = run_json(
        cli, "declaration", "decide", "1", "--accept", "all", "--reject", "A5",
        "--note", "CTP 249/250", "--database", database,
    )  # fmt: skip
    statuses = {a["id"]: a["status"] for a in decided["changed"]}
    assert statuses == {f"A{n}": "accepted" for n in range(1, 9) if n != 5} | {"A5": "rejected"}
    assert all(a["decision_note"] == "CTP 249/250" for a in decided["changed"])
    out = tmp_path / "consolidated.txt"
    code, _, err = cli(
        "declaration", "export", "1", "--format", "text", "--view", "consolidated",
        "--lang", "fr", "-o", str(out), "--database", database,
    )  # fmt: skip
    assert code == 0, err
    text = out.read_text("utf-8")
    engine = make_engine(database)
    stored = service.declaration(local_actor("t"), engine, 1).declaration
    part = consolidated(stored, "fr")[10]  # part 11: A4 and A6 in, A5 rejected
    assert part.text in text
    a4, a5, a6 = (stored.amendment(key).wordings["fr"] for key in ("A4", "A5", "A6"))
    assert a4.text in part.text and a6.text in part.text
    assert part.part.texts["fr"][a5.start : a5.end] == a5.quoted  # the deleted word stays
    notes = text.split("Modifications apportées")[1]
    assert "A4 " in notes and "A6 " in notes and "A5 " not in notes
    history = service.decisions(local_actor("t"), engine, 1)
    assert [d.amendment for d in history] == [f"A{n}" for n in range(1, 9)]
    code, _, err = cli("declaration", "decide", "1", "--accept", "A9", "--database", database)
    assert code == 2 and "A9" in err


def draft_declaration(cli, database: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    en = tmp_path / "draft.en.md"
    en.write_text(DRAFT_EN, "utf-8")
    fr = tmp_path / "draft.fr.md"
    fr.write_text(DRAFT_FR, "utf-8")
    run_json(cli, "declaration", "import", str(en), "--lang", "en", "--database", database)
    run_json(
        cli, "declaration", "import", str(fr), "--lang", "fr", "--into", "1",
        "--database", database,
    )  # fmt: skip


def test_conflicts_decided_in_text_order_across_languages(
    cli, database: str, tmp_path: Path
) -> None:
    draft_declaration(cli, database, tmp_path)
    shown = run_json(cli, "declaration", "show", "1", "--lang", "fr", "--database", database)
    assert [a["conflicts_with"] for a in shown["amendments"]][-2:] == [["A5"], ["A4"]]
    assert shown["amendments"][3]["text"] == "chaque année"
    assert shown["languages"] == ["en", "fr"]
    decided = run_json(
        cli, "declaration", "decide", "1", "--accept", "A5,A4", "--database", database
    )
    states = {a["id"]: (a["status"], a["preempted_by"]) for a in decided["changed"]}
    assert states == {"A4": ("accepted", None), "A5": ("rejected", "A4")}
    code, _, err = cli("declaration", "decide", "1", "--accept", "A5", "--database", database)
    assert code == 2 and "A4" in err
    engine = make_engine(database)
    stored = service.declaration(local_actor("t"), engine, 1).declaration
    assert stored.amendment("A5").status is AmendmentStatus.REJECTED


def test_a_second_language_must_match(cli, database: str, tmp_path: Path) -> None:
    en = tmp_path / "draft.en.md"
    en.write_text(DRAFT_EN, "utf-8")
    run_json(cli, "declaration", "import", str(en), "--lang", "en", "--database", database)
    wrong = tmp_path / "draft.fr.md"
    wrong.write_text(
        DRAFT_FR.replace("(ajout proposé par la Corée)", "(ajout proposé par le Secrétariat)"),
        "utf-8",
    )
    code, _, err = cli(
        "declaration", "import", str(wrong), "--lang", "fr", "--into", "1", "--database", database
    )
    assert code == 2 and "A4" in err and f"{wrong}:6:17:" in err
    fewer = tmp_path / "fewer.fr.md"
    fewer.write_text("# T\n\nUn seul paragraphe.\n", "utf-8")
    code, _, err = cli(
        "declaration", "import", str(fewer), "--lang", "fr", "--into", "1", "--database", database
    )
    assert code == 2 and "1" in err and "3" in err
    code, _, err = cli(
        "declaration", "import", str(en), "--lang", "en", "--into", "1", "--database", database
    )
    assert code == 2


def test_nothing_is_imported_from_a_broken_file(cli, database: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text(
        "Title\n\nGood [one] (ajout proposé par le Secrétariat).\n\nBad [two.\n", "utf-8"
    )
    code, _, err = cli("declaration", "import", str(broken), "--lang", "fr", "--database", database)
    assert code == 2
    assert f"{broken}:5:5:" in err
    code, out, _ = cli("declaration", "list", "--json", "--database", database)
    assert json.loads(out) == []


def test_an_amendment_on_an_exact_span(cli, database: str, tmp_path: Path) -> None:
    en = tmp_path / "draft.en.md"
    en.write_text(DRAFT_EN, "utf-8")
    run_json(cli, "declaration", "import", str(en), "--lang", "en", "--database", database)
    base = "Recognising that customs controls matter;"
    start = base.index("customs")
    added = run_json(
        cli, "declaration", "amend", "1", "--part", "1", "--action", "replace",
        "--start", str(start), "--end", str(start + 16), "--quote", "customs controls",
        "--text", "checks", "--proposer", "la délégation de l'Indonésie", "--lang", "en",
        "--database", database,
    )  # fmt: skip
    assert (added["id"], added["proposer"], added["conflicts_with"]) == ("A6", "Indonesia", [])
    code, _, err = cli(
        "declaration", "amend", "1", "--part", "1", "--action", "replace",
        "--start", str(start), "--end", str(start + 8), "--quote", "controlz",
        "--text", "checks", "--proposer", "Indonesia", "--lang", "en", "--database", database,
    )  # fmt: skip
    assert code == 2 and "no longer matches" in err
    shown = run_json(cli, "declaration", "show", "1", "--lang", "en", "--database", database)
    assert [a["conflicts_with"] for a in shown["amendments"] if a["id"] == "A1"] == [["A6"]]


def test_the_tracked_text_imports_back_to_the_same_amendments(
    cli, database: str, annex: Path, tmp_path: Path
) -> None:
    first = run_json(
        cli, "declaration", "import", str(annex), "--lang", "fr", "--database", database
    )
    out = tmp_path / "tracked.txt"
    code, _, err = cli(
        "declaration", "export", "1", "--format", "text", "--view", "tracked", "--lang", "fr",
        "-o", str(out), "--database", database,
    )  # fmt: skip
    assert code == 0, err
    again = run_json(cli, "declaration", "import", str(out), "--lang", "fr", "--database", database)
    keys = ("action", "text", "quoted", "proposer", "part", "start", "end")
    assert [{k: a[k] for k in keys} for a in again["amendments"]] == [
        {k: a[k] for k in keys} for a in first["amendments"]
    ]
    engine = make_engine(database)
    one = service.declaration(local_actor("t"), engine, 1).declaration
    two = service.declaration(local_actor("t"), engine, 2).declaration
    assert [p.texts for p in one.parts] == [p.texts for p in two.parts]


def test_html_is_escaped(cli, database: str, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        'A <b>title</b>\n\nText with <script>alert(1)</script> and "quotes" '
        "[<img src=x onerror=alert(2)>] (addition proposed by the Secretariat).\n",
        "utf-8",
    )
    run_json(cli, "declaration", "import", str(hostile), "--lang", "en", "--database", database)
    for view in ("tracked", "consolidated"):
        out = tmp_path / f"{view}.html"
        code, _, err = cli(
            "declaration", "export", "1", "--format", "html", "--view", view, "--lang", "en",
            "-o", str(out), "--database", database,
        )  # fmt: skip
        assert code == 0, err
        html = out.read_text("utf-8")
        assert "<script>" not in html and "<img" not in html and "<b>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_exports_refuse_what_they_cannot_do(
    cli, database: str, annex: Path, tmp_path: Path
) -> None:
    run_json(cli, "declaration", "import", str(annex), "--lang", "fr", "--database", database)
    out = tmp_path / "x"
    for args, word in (
        (("--view", "bilingual", "--lang", "fr"), "deux langues"),
        (("--lang", "en"), "no text"),
        (("--format", "pdf"), "text, html, docx"),
        (("--view", "sideways"), "tracked"),
    ):
        code, _, err = cli(
            "declaration", "export", "1", "-o", str(out), "--database", database, *args
        )
        assert code == 2 and word in err, (args, err)
    code, _, err = cli("declaration", "show", "7", "--database", database)
    assert code == 2 and "no declaration 7" in err


def test_oversized_and_hostile_texts_are_refused(cli, database: str, tmp_path: Path) -> None:
    many = tmp_path / "many.txt"
    many.write_text("Title\n\n" + "\n\n".join(f"Paragraph {n}." for n in range(2001)), "utf-8")
    code, _, err = cli("declaration", "import", str(many), "--lang", "en", "--database", database)
    assert code == 2 and "2000" in err
    long_part = tmp_path / "long.txt"
    long_part.write_text("Title\n\n" + "word " * 5000, "utf-8")
    code, _, err = cli(
        "declaration", "import", str(long_part), "--lang", "en", "--database", database
    )
    assert code == 2 and "20000" in err
    binary = tmp_path / "binary.docx"
    binary.write_bytes(b"\x00\xff" * 100)
    code, _, err = cli("declaration", "import", str(binary), "--lang", "en", "--database", database)
    assert code == 2 and "DOCX" in err
    code, _, err = cli(
        "declaration",
        "import",
        str(tmp_path / "missing.txt"),
        "--lang",
        "en",
        "--database",
        database,
    )
    assert code == 2
    code, out, _ = cli("declaration", "list", "--json", "--database", database)
    assert json.loads(out) == []

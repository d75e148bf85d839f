"""The Word documents of the action plan and the declarations, read back by python-docx and
opened by LibreOffice: revision marks by proposer, the committee report, PDF pages as PNG."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import docx
import pytest
from defusedxml import ElementTree
from docx.oxml.ns import qn

from gcat.core.amendments import consolidated, decide
from gcat.declarations.docx import render_docx
from gcat.declarations.proposers import make_resolver
from gcat.declarations.views import change_note
from gcat.policy.access import local_actor
from gcat.services import declarations as declaration_service
from gcat.services.actionplan_report import committee_report
from gcat.storage.db import make_engine, migrate

from .office import convert, odt_content, pdf_text, png_pages
from .test_annex_ii import ANNEX_START, expected_amendments, seed_path

pytestmark = pytest.mark.slow

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
DC = "{http://purl.org/dc/elements/1.1/}"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("gcap-docs")
    engine = make_engine(f"sqlite:///{folder / 'db.sqlite3'}")
    migrate(engine)
    text = seed_path().read_text("utf-8")
    annex = text[text.index(ANNEX_START) :].encode("utf-8")
    declaration_service.import_declaration(local_actor("t"), engine, annex, "annex.txt", lang="fr")
    return engine


@pytest.fixture(scope="module")
def files(engine, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("gcap-files")
    stored = declaration_service.declaration(local_actor("t"), engine, 1)
    out = {}
    for view in ("tracked", "consolidated"):
        path = folder / f"declaration-{view}.docx"
        path.write_bytes(render_docx(stored.declaration, view, "fr", when=stored.created_at))
        out[path.stem] = path
    for lang in ("fr", "en", "es"):
        report = committee_report(
            local_actor("t"),
            engine,
            as_of=date(2025, 9, 22),
            compare="2025-05-14",
            fmt="docx",
            lang=lang,
        )
        path = folder / f"report-{lang}.docx"
        path.write_bytes(report.data)
        out[path.stem] = path
    return out


@pytest.fixture(scope="module")
def pdfs(files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return convert(list(files.values()), "pdf", tmp_path_factory.mktemp("gcap-pdf"))


def revisions(path: Path) -> list[tuple[str, str, str, str]]:
    """(kind, author, date, text) of every revision mark, read back with python-docx."""
    document = docx.Document(str(path))
    found = []
    for mark in document.element.body.iter(f"{W}ins", f"{W}del"):
        kind = "ins" if mark.tag == f"{W}ins" else "del"
        text = "".join(t.text or "" for t in mark.iter(f"{W}t", f"{W}delText"))
        found.append((kind, mark.get(qn("w:author")), mark.get(qn("w:date")), text))
    return found


def test_the_tracked_declaration_carries_real_revision_marks(files: dict[str, Path]) -> None:
    found = revisions(files["declaration-tracked"])
    assert len(found) == 10  # the ten bracketed changes of Annex II
    assert {author for _, author, _, _ in found} == {
        "Indonesia",
        "Republic of Korea",
        "Secretariat",
    }
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp) for _, _, stamp, _ in found)
    kinds = [(kind, author) for kind, author, _, _ in found]
    indonesia, korea, secretariat = "Indonesia", "Republic of Korea", "Secretariat"
    assert kinds == [
        ("ins", indonesia),
        ("ins", indonesia),
        ("del", indonesia),  # A3, a replacement: the deleted list, then the new words
        ("ins", indonesia),
        ("ins", korea),
        ("del", secretariat),
        ("ins", secretariat),
        ("del", secretariat),  # A7, a replacement
        ("ins", secretariat),
        ("ins", korea),
    ]
    text = seed_path().read_text("utf-8")
    expected = expected_amendments(text[text.index(ANNEX_START) :])
    assert found[5][3].strip() == expected[4][2] and found[1][3].strip() == expected[1][1]
    document = docx.Document(str(files["declaration-tracked"]))
    ids = [m.get(qn("w:id")) for m in document.element.body.iter(f"{W}ins", f"{W}del")]
    assert len(set(ids)) == len(ids)
    settings = document.settings.element
    assert settings.find(qn("w:trackRevisions")) is not None


def test_libreoffice_sees_each_change_and_accepting_all_gives_our_text(
    files: dict[str, Path],
    engine,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    odt = convert([files["declaration-tracked"]], "odt", tmp_path)["declaration-tracked"]
    root = ElementTree.fromstring(odt_content(odt))
    regions = root.findall(f".//{{{TEXT_NS}}}changed-region")
    assert len(regions) == 10
    creators = [r.find(f".//{DC}creator").text for r in regions]
    assert creators.count("Indonesia") == 4 and creators.count("Secretariat") == 4
    assert creators.count("Republic of Korea") == 2
    # the body with every insertion kept and every deletion gone is "accept all"
    body = root.find(".//{urn:oasis:names:tc:opendocument:xmlns:office:1.0}text")
    tracked = body.find(f"{{{TEXT_NS}}}tracked-changes")
    body.remove(tracked)
    paragraphs = [
        " ".join("".join(p.itertext()).split())
        for p in body.iter()
        if p.tag in (f"{{{TEXT_NS}}}p", f"{{{TEXT_NS}}}h")
    ]
    stored = declaration_service.declaration(local_actor("t"), engine, 1).declaration
    everything = {a.id for a in stored.amendments}
    for view in consolidated(stored, "fr", accepted=everything):
        if any(s.kind != "same" for s in view.segments):
            assert " ".join(view.text.split()) in paragraphs


def test_the_consolidated_declaration_has_no_marks_and_notes_each_change(
    files: dict[str, Path],
    engine,  # type: ignore[no-untyped-def]
) -> None:
    assert revisions(files["declaration-consolidated"]) == []
    document = docx.Document(str(files["declaration-consolidated"]))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "A2 (Indonésie)" not in text  # nothing is accepted yet
    stored = declaration_service.declaration(local_actor("t"), engine, 1)
    accepted = decide(stored.declaration, accept=["A2", "A5"], by="x", at=stored.created_at)
    data = render_docx(accepted.declaration, "consolidated", "fr")
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    for view in consolidated(accepted.declaration, "fr"):
        assert view.text in text
    for key in ("A2", "A5"):
        assert change_note(accepted.declaration.amendment(key), "fr", "fr") in text
    assert "A2 (Indonésie) : ajouter « " in text and "A5 (Secrétariat) : supprimer « " in text


def test_bilingual_word_view(tmp_path: Path) -> None:
    from .test_declarations import DRAFT_EN, DRAFT_FR

    resolve = make_resolver()
    engine = make_engine(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    migrate(engine)
    actor = local_actor("t")
    declaration_service.import_declaration(actor, engine, DRAFT_EN.encode(), "d.md", lang="en")
    declaration_service.import_declaration(
        actor, engine, DRAFT_FR.encode(), "d.md", lang="fr", into=1, resolve=resolve
    )
    stored = declaration_service.declaration(actor, engine, 1).declaration
    document = docx.Document(io.BytesIO(render_docx(stored, "bilingual", "fr", "en")))
    (text_table, _) = document.tables
    assert [c.text for c in text_table.rows[0].cells] == ["Français", "English"]
    assert len(text_table.rows) == 1 + len(stored.parts)
    cell_marks = list(text_table._tbl.iter(f"{W}ins", f"{W}del"))
    assert {m.get(qn("w:author")) for m in cell_marks} >= {"Secretariat", "Indonesia"}
    assert "Amendement en conflit" in text_table.rows[3].cells[0].text


def test_word_files_open_in_libreoffice_and_render(pdfs: dict[str, Path], tmp_path: Path) -> None:
    for name, pdf in pdfs.items():
        pages = png_pages(pdf, tmp_path / name)
        assert pages and all(page.stat().st_size > 5000 for page in pages), name
    report = pdf_text(pdfs["report-fr"])
    assert "20 réalisés (50 %), 16 en cours (40 %), 4 non lancés (10 %)" in report
    assert "Jalons en retard" in report and "GCAP-24" in report
    assert "(titre fictif)" in report
    assert "20 done (50 %), 16 in progress (40 %), 4 not started (10 %)" in pdf_text(
        pdfs["report-en"]
    )
    assert "20 realizados (50 %)" in pdf_text(pdfs["report-es"])
    tracked = pdf_text(pdfs["declaration-tracked"])
    assert "Amendements" in tracked and "Indonésie" in tracked and "République de Corée" in tracked


def test_the_report_is_an_editable_word_document(files: dict[str, Path]) -> None:
    document = docx.Document(str(files["report-fr"]))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Synthèse", "Par pilier", "Par direction responsable"]
    assert "Évolution depuis le dernier point de situation" in headings
    assert "Dépendances" in headings and any(h.startswith("Jalons en retard") for h in headings)
    points = next(
        t for t in document.tables if t.rows[0].cells[0].text == "Point" and len(t.rows) > 40
    )
    assert len(points.rows) == 41
    moved = [t for t in document.tables if "Avant" in [c.text for c in t.rows[0].cells]]
    assert moved and {r.cells[0].text for r in moved[0].rows[1:]} >= {"GCAP-02", "GCAP-06"}
    assert document.inline_shapes  # the dependency chart


def test_the_committee_report_as_pdf(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Typst sets the report: the summary line, the tables, the chart, hostile text as text."""
    from gcat.services import actionplan

    actor = local_actor("t")
    actionplan.set_status(
        actor, engine, "GCAP-36", "in_progress", on=date(2025, 9, 1),
        note='#set page(fill: red) [x] $y$ <script>alert(1)</script> "quotes"',
    )  # fmt: skip
    for lang, line in (
        ("fr", "20 réalisés (50 %), 17 en cours (43 %), 3 non lancés (7 %)"),
        ("en", "20 done (50 %), 17 in progress (43 %), 3 not started (7 %)"),
    ):
        out = committee_report(
            actor, engine, as_of=date(2025, 9, 22), compare="2025-05-14", fmt="pdf", lang=lang
        )
        path = tmp_path / f"report-{lang}.pdf"
        path.write_bytes(out.data)
        text = pdf_text(path)
        assert line in text, text[:400]
        assert "#set page(fill: red) [x] $y$ <script>alert(1)</script>" in text
        assert "GCAP-40" in text and "GCAP-24" in text
        pages = png_pages(path, tmp_path / lang)
        assert 3 <= len(pages) <= 8

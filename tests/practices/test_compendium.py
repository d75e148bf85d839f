"""The Compendium in every format: content, grouping, languages, and hostile text."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from html import unescape

import pytest
from openpyxl import load_workbook

from gcat.compendium.pack import read_pack
from gcat.core.practices import (
    Consent,
    Contact,
    MeasurableResult,
    Practice,
    PracticeMember,
    PracticeRecord,
    Status,
)
from gcat.demo.compendium import build_demo, demo_records
from gcat.services.compendium import render

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def record(n: int, **changes: object) -> PracticeRecord:
    practice = Practice(
        member=PracticeMember("Kenya", "KEN", "esa", {"en": "Kenya", "fr": "Kenya", "es": "Kenia"}),
        title=f"Practice {n}",
        lang="en",
        contact=Contact("Hidden Person", "Role", "hidden@example.org"),
        domains=("cooperation",),
        thematic_areas=("national_collaboration",),
        description="Plain description.",
        measurable_results=(MeasurableResult("Seizures", 12, "cases", 3, 2024),),
        links=("https://example.org/a",),
        consent=Consent.YES,
    ).with_changes(**changes)
    return PracticeRecord(id=n, administration_id=1, status=Status.ACCEPTED, practice=practice)


def test_the_demo_compendium_has_its_parts_in_french() -> None:
    html = unescape(build_demo(fmt="html", lang="fr").data.decode())
    assert '<html lang="fr">' in html and "Sommaire" in html and "Index par Membre" in html
    assert "Édition de démonstration" in html
    assert "7 pratiques" in html and "5 Membres" in html and "4 régions" in html
    assert "Texte en espagnol, tel que le Membre l'a présenté." in html
    assert 'lang="es"' in html
    assert "Résultats mesurables de l'ensemble des pratiques" in html
    # never a contact, never a refused, withdrawn or unreviewed practice, never a withheld section
    for hidden in (
        "i.marten@",
        "Ilse Marten",
        "Kestria",
        "Kestrie",
        "Lumeria",
        "Lumérie",
        "CITES permits",
        "Les premiers chiffres montrent",
    ):
        assert hidden not in html, hidden
    assert "https://douane.qalamar.example" not in html


@pytest.mark.parametrize("group_by", ["domain", "area", "region"])
def test_grouping(group_by: str) -> None:
    build = render(demo_records(), fmt="html", lang="en", group_by=group_by)
    html = build.data.decode()
    expected = {
        "domain": "Policy and legislation",
        "area": "Capacity building",
        "region": "West and Central Africa",
    }
    assert f">{expected[group_by]}</h2>" in html


def test_hostile_text_stays_text_and_links_are_never_javascript() -> None:
    bad = record(
        1,
        title=HOSTILE,
        description=HOSTILE,
        links=("javascript:alert(1)", "https://example.org/ok", "data:text/html,<b>x</b>"),
    )
    html = render([bad], fmt="html", lang="en").data.decode()
    assert "<script>" not in html and "<img" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript:' not in html and 'href="data:' not in html
    assert '<span class="url">javascript:alert(1)</span>' in html
    assert '<a href="https://example.org/ok" rel="noopener noreferrer nofollow">' in html
    data = render([bad], fmt="docx", lang="en").data
    rels = zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels").decode()
    assert "javascript:" not in rels and "https://example.org/ok" in rels
    assert "javascript:alert(1)" in docx_text(data)


def test_formula_prefixes_are_neutralised_in_spreadsheets() -> None:
    bad = record(
        1,
        title='=HYPERLINK("http://evil","x")',
        description="+cmd|' /C calc'!A0",
        measurable_results=(MeasurableResult("-2+3", 1, "@x"),),
    )
    rows = list(
        csv.reader(io.StringIO(render([bad], fmt="csv", lang="en").data.decode("utf-8-sig")))
    )
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil","x")' in cells and "'+cmd|' /C calc'!A0" in cells
    assert "'-2+3" in cells and "'@x" in cells
    book = load_workbook(io.BytesIO(render([bad], fmt="xlsx", lang="en").data))
    values = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value]
    formulas = [cell for cell in values if cell.data_type == "f"]
    assert formulas == []
    assert any(
        cell.value == '=HYPERLINK("http://evil","x")' and cell.quotePrefix for cell in values
    )


def test_results_table_index_and_language_notes_in_word() -> None:
    records = [
        record(1),
        record(
            2,
            member=PracticeMember(
                "Chile", "CHL", "americas", {"en": "Chile", "fr": "Chili", "es": "Chile"}
            ),
            lang="es",
            title="Práctica",
        ),
    ]
    text = docx_text(render(records, fmt="docx", lang="fr").data)
    assert "Index par Membre" in text and "Chili (Amériques" in text
    assert "Texte en espagnol, tel que le Membre l'a présenté." in text
    assert "Texte en anglais, tel que le Membre l'a présenté." in text
    assert "Seizures" in text and "Hidden Person" not in text and "hidden@example.org" not in text


def test_an_empty_compendium_says_so() -> None:
    html = unescape(render([record(1, consent=Consent.NO)], fmt="html", lang="es").data.decode())
    assert "Todavía no puede publicarse ninguna práctica." in html
    assert "Práctica 1" not in html and "Practice 1" not in html


def test_the_pack_holds_only_published_released_practices() -> None:
    records = [record(1), record(2, withheld=frozenset({"description"}))]
    published = PracticeRecord(
        id=3,
        administration_id=1,
        status=Status.PUBLISHED,
        practice=record(3, withheld=frozenset({"description"})).practice,
    )
    data = render([*records, published], fmt="pack", lang="en").data
    payload = json.loads(data)
    assert [item["id"] for item in payload["practices"]] == [3]
    assert payload["practices"][0]["description"] == ""
    assert "contact" not in payload["practices"][0] and b"hidden@" not in data
    assert len(read_pack(data, "p.json").practices) == 1


def test_hostile_text_is_printed_as_text_in_the_pdf(tmp_path) -> None:
    """Typst reads the practice as data: markup, code and a Typst escape stay literal text."""
    import subprocess

    typst_like = '#eval("1+1") *bold* $x$ <label> @ref [link](javascript:alert(1)) \\u{41}'
    bad = record(1, title=HOSTILE, description=typst_like, links=("javascript:alert(1)",))
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(render([bad], fmt="pdf", lang="fr").data)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    assert '<script>alert("x")</script>' in flat
    assert '#eval("1+1") *bold* $x$ <label> @ref' in flat
    assert "javascript:alert(1)" in flat
    assert b"/JavaScript" not in pdf.read_bytes() and b"/URI (javascript" not in pdf.read_bytes()

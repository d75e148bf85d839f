"""The three templates: blank ones in every language, filled-in ones read back, hostile ones
refused before they are unpacked."""

from __future__ import annotations

import io
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gcat.errors import InputError
from gcat.frameworks import load_framework
from gcat.members import packaged_members
from gcat.practices import FreeFormat, read_practices
from gcat.services.templates import practice_template
from tests.practices.forms import fill_docx

LANGS = ("en", "fr", "es")
FILLED = {
    "member": "Côte d'Ivoire",
    "contact_name": "Awa Koné",
    "contact_role": "Cheffe de service",
    "contact_email": "awa@example.org",
    "title": "Licences électroniques <script>alert(1)</script>",
    "primary_domain": "facilitation",
    "domain:customs_controls": True,
    "area:digital_technology": True,
    "area:procedures": True,
    "gcat_indicators": "FA-02, CC-01",
    "background": "Premier paragraphe.\nDeuxième paragraphe.",
    "description": "La douane vérifie les licences en ligne. " * 10,
    "results": "Plus rapide.",
    "measure:1:indicator": "Délai de dédouanement",
    "measure:1:value": "1,5",
    "measure:1:unit": "jours",
    "measure:1:baseline": "4",
    "measure:1:year": "2024",
    "links": "https://example.org/licences\njavascript:alert(1)",
    "consent": "yes",
    "withhold:results": True,
    "lang": "fr",
}


def read(data: bytes, name: str):
    return read_practices(data, name, packaged_members(), load_framework())


def blank_problems(data: bytes, name: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        read(data, name)
    return [problem.field or "" for problem in caught.value.problems]


@pytest.mark.parametrize("lang", LANGS)
def test_blank_yaml_template_is_commented_and_refused_until_filled(lang: str) -> None:
    text = practice_template("yaml", lang).decode()
    assert "schema: gcat-practice/1" in text and f"lang: {lang}" in text
    assert text.count("\n# ") > 20
    assert {"member", "title", "consent"} <= set(blank_problems(text.encode(), "blank.yaml"))


@pytest.mark.parametrize("lang", LANGS)
def test_blank_word_form_has_headings_instructions_and_controls(lang: str) -> None:
    import docx

    data = practice_template("docx", lang)
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[1].startswith("I.") and any(h.startswith("X.") for h in headings)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert xml.count("<w:sdt>") + xml.count("<w:sdt ") >= 60
    assert {"member", "title", "consent"} <= set(blank_problems(data, "blank.docx"))


def test_filled_word_form_reads_back() -> None:
    data = fill_docx(practice_template("docx", "fr"), FILLED)
    (parsed,) = read(data, "filled.docx")
    p = parsed.practice
    assert p.member.code == "CIV"
    assert p.title == "Licences électroniques <script>alert(1)</script>"
    assert p.domains == ("facilitation", "customs_controls")
    assert p.thematic_areas == ("digital_technology", "procedures")
    assert p.gcat_indicators == ("FA-02", "CC-01")
    assert p.background == "Premier paragraphe.\n\nDeuxième paragraphe."
    assert p.measurable_results[0].value == 1.5 and p.measurable_results[0].year == 2024
    assert p.links == ("https://example.org/licences", "javascript:alert(1)")
    assert p.withheld == frozenset({"results"}) and p.lang == "fr"


def test_a_word_form_without_consent_is_refused() -> None:
    values = {key: value for key, value in FILLED.items() if key != "consent"}
    data = fill_docx(practice_template("docx", "en"), values)
    with pytest.raises(InputError) as caught:
        read(data, "filled.docx")
    assert (
        caught.value.localized("en")
        == "filled.docx: consent: Section X (consent) must be answered yes or no"
    )


@pytest.mark.slow
def test_a_word_form_saved_again_by_libreoffice_reads_back(tmp_path: Path) -> None:
    """LibreOffice keeps the content controls but drops their tags and moves extra paragraphs
    out of them: the reader finds the fields by their place."""
    source = tmp_path / "filled.docx"
    source.write_bytes(fill_docx(practice_template("docx", "es"), FILLED))
    out = tmp_path / "out"
    profile = f"file:///tmp/lo-{uuid.uuid4().hex}"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    (parsed,) = read((out / "filled.docx").read_bytes(), "saved.docx")
    assert parsed.practice.member.code == "CIV"
    assert parsed.practice.background == "Premier paragraphe.\n\nDeuxième paragraphe."
    assert parsed.practice.domains == ("facilitation", "customs_controls")
    assert parsed.practice.withheld == frozenset({"results"})


def _fill_workbook(data: bytes, rows: list[dict[str, object]]) -> bytes:
    book = load_workbook(io.BytesIO(data))
    sheet = book["Practices"]
    keys = [cell.value for cell in sheet[1]]
    for offset, row in enumerate(rows):
        for key, value in row.items():
            sheet.cell(row=3 + offset, column=keys.index(key) + 1, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ROW = {
    "member": "Indonésie",
    "contact_name": "Sari",
    "contact_email": "sari@example.org",
    "title": "Permis électroniques",
    "domain_1": "Facilitation",
    "domain_2": "Contrôles douaniers",
    "area_1": "Systèmes et technologies numériques",
    "description": "Texte " * 90,
    "measure_1_indicator": "Délai",
    "measure_1_value": 1.5,
    "measure_1_unit": "jours",
    "consent": "Oui",
    "withheld": "Résultats et avantages, links",
    "lang": "fr",
}


@pytest.mark.parametrize("lang", LANGS)
def test_blank_workbook_has_one_row_per_practice_and_dropdowns(lang: str) -> None:
    data = practice_template("xlsx", lang)
    book = load_workbook(io.BytesIO(data))
    sheet = book["Practices"]
    assert sheet.row_dimensions[1].hidden
    ranges = {
        str(rule.sqref).split(":")[0][:1] + ":" + rule.formula1
        for rule in sheet.data_validations.dataValidation
    }
    assert any("Lists!$A$1:$A$7" in item for item in ranges)
    assert any("Lists!$C$1:$C$2" in item for item in ranges)
    with pytest.raises(InputError) as caught:
        read(data, "blank.xlsx")
    assert "holds no practice" in caught.value.localized("en")


def test_filled_workbook_reads_every_row_with_cells_in_messages() -> None:
    data = _fill_workbook(practice_template("xlsx", "fr"), [ROW, ROW | {"title": "Deuxième"}])
    parsed = read(data, "filled.xlsx")
    assert [p.practice.title for p in parsed] == ["Permis électroniques", "Deuxième"]
    p = parsed[0].practice
    assert p.domains == ("facilitation", "customs_controls")
    assert p.withheld == frozenset({"results", "links"})
    bad = _fill_workbook(
        practice_template("xlsx", "fr"), [ROW, ROW | {"consent": "", "domain_1": "Forêts"}]
    )
    with pytest.raises(InputError) as caught:
        read(bad, "bad.xlsx")
    texts = [problem.localized("en") for problem in caught.value.problems]
    assert 'bad.xlsx, sheet Practices:4: G4 (domains[0]): unknown domain "Forêts"' in texts
    assert any(
        text.startswith("bad.xlsx, sheet Practices:4: ") and "consent" in text for text in texts
    )


def test_a_workbook_formula_is_refused() -> None:
    data = _fill_workbook(
        practice_template("xlsx", "en"), [ROW | {"title": '=HYPERLINK("http://x","y")'}]
    )
    with pytest.raises(InputError) as caught:
        read(data, "f.xlsx")
    assert "a formula is not accepted" in caught.value.localized("en")


def _zip(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def test_hostile_word_files_are_refused_before_unpacking() -> None:
    template = practice_template("docx", "en")
    parts = {
        item.filename: zipfile.ZipFile(io.BytesIO(template)).read(item.filename)
        for item in zipfile.ZipFile(io.BytesIO(template)).infolist()
    }
    macros = dict(parts)
    macros["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro"
    docm_types = dict(parts)
    docm_types["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"document.main+xml", b"document.macroEnabled.main+xml"
    )
    bomb = dict(parts)
    bomb["word/media/filler.bin"] = b"\0" * (120 * 1024 * 1024)
    entity = dict(parts)
    entity["word/document.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>'
    )
    cases = {
        "macros.docm": (_zip(macros), "contains macros"),
        "types.docx": (_zip(docm_types), "contains macros"),
        "bomb.docx": (_zip(bomb), "would unpack to more than 100 MB"),
        "entity.docx": (_zip(entity), "this is not a DOCX file"),
        "fake.docx": (b"PK\x03\x04 not a zip at all", "this is not a DOCX file"),
        "big.docx": (b"PK" + b"\0" * (50 * 1024 * 1024), "larger than the 20 MB limit"),
    }
    for name, (data, expected) in cases.items():
        with pytest.raises(InputError) as caught:
            read(data, name)
        assert expected in caught.value.localized("en"), name


def test_a_word_file_that_is_not_the_template_is_a_free_format_submission() -> None:
    import docx

    document = docx.Document()
    document.add_heading("Our green customs initiative", 1)
    document.add_paragraph("We replaced paper licences by electronic ones.")
    buffer = io.BytesIO()
    document.save(buffer)
    found = read(buffer.getvalue(), "own.docx")
    assert isinstance(found, FreeFormat) and found.filename == "own.docx"
    assert isinstance(read(b"%PDF-1.7\n...", "own.pdf"), FreeFormat)

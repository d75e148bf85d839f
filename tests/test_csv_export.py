"""CSV export: one row per indicator in scope, UTF-8 with BOM, no formula ever runs."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from gcat.core.assessment import Answer
from gcat.core.evaluation import Evaluation, evaluate
from gcat.exchange.csv_export import export_csv, neutralise

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "＝1+1",
    "=cmd|' /C calc'!A0",
]
HEADERS = {
    "en": ["Domain", "Indicator", "Title", "Level", "Reason", "Target level", "Evidence"],
    "fr": ["Domaine", "Indicateur", "Intitulé", "Niveau", "Motif", "Niveau cible"],
    "es": ["Ámbito", "Indicador", "Título", "Nivel", "Motivo", "Nivel meta", "Evidencias"],
}


def rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def hostile(current: Evaluation) -> Evaluation:
    """FA-01…FA-03 answered with formulas in every text field; FA-03 not applicable."""
    answers = {
        "FA-01": Answer(level=3, target=5, comment=HOSTILE[0], evidence=tuple(HOSTILE[1:4])),
        "FA-02": Answer(level=0, reason=HOSTILE[1], comment=HOSTILE[4], flagged=True),
        "FA-03": Answer(not_applicable=True, reason=HOSTILE[5], comment=HOSTILE[6]),
        "FA-04": Answer(level=2, comment=HOSTILE[7], evidence=(HOSTILE[8], "=2")),
        "FA-05": Answer(level=1, comment=HOSTILE[2]),
        "FA-06": Answer(level=4, comment=HOSTILE[3]),
    }
    assessment = replace(current.assessment, domains=("facilitation",), answers=answers)
    return evaluate(current.framework, assessment)


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_one_row_per_indicator_in_the_language(current: Evaluation, lang: str) -> None:
    table = rows(export_csv(current, lang))
    assert table[0][: len(HEADERS[lang])] == HEADERS[lang]
    assert len(table[0]) == 9
    assert [row[1] for row in table[1:]] == list(current.framework.indicators)
    first = table[1]
    framework = current.framework
    assert first[0] == framework.domain("policy_legislation").title[lang]
    assert first[2] == framework.indicator("PL-01").title[lang]
    answer = current.assessment.answer("PL-01")
    assert first[3:6] == [str(answer.level), "", str(answer.target)]
    assert first[6] == " | ".join(answer.evidence)
    assert first[7] == answer.comment
    assert first[8] == {"en": "no", "fr": "non", "es": "no"}[lang]


def test_scope_na_unanswered_and_flags(current: Evaluation) -> None:
    table = rows(export_csv(hostile(current), "fr"))
    assert [row[1] for row in table[1:]] == [f"FA-0{i}" for i in range(1, 8)]
    by_id = {row[1]: row for row in table[1:]}
    assert by_id["FA-03"][3] == "S.O."
    assert by_id["FA-07"][3:] == ["", "", "", "", "", "non"]
    assert by_id["FA-02"][8] == "oui"
    assert by_id["FA-01"][5] == "5"


def test_formulas_are_neutralised(current: Evaluation) -> None:
    data = export_csv(hostile(current), "en")
    cells = [cell for row in rows(data) for cell in row]
    for text in HOSTILE:
        assert "'" + text in cells or any(cell.startswith("'" + text) for cell in cells), text
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r", "＝")]
    assert not [c for c in cells if c.lstrip()[:1] in ("=", "+", "-", "@")]
    # levels stay numbers: written bare, never quoted or prefixed
    title = current.framework.indicator("FA-02").title["en"]
    assert f"\r\nFacilitation,FA-02,{title},0,'+1+1,,,".encode() in data
    assert rows(data)[2][3] == "0"


def test_neutralise() -> None:
    assert neutralise("=1") == "'=1"
    assert neutralise("a=1") == "a=1"
    assert neutralise("") == ""
    assert neutralise("'=1") == "'=1"
    assert neutralise("Politique et législation") == "Politique et législation"


def _soffice() -> str | None:
    found = shutil.which("soffice")
    if found is None and os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) is required in CI")
    return found


def test_libreoffice_opens_no_formula(current: Evaluation, tmp_path: Path) -> None:
    """LibreOffice, told to evaluate formulas, finds none in the export (but does in a control)."""
    soffice = _soffice()
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    exported = tmp_path / "export.csv"
    exported.write_bytes(export_csv(hostile(current), "fr"))
    control = tmp_path / "control.csv"
    control.write_bytes(b'\xef\xbb\xbfa,b\r\n=1+1,=HYPERLINK("http://x","y")\r\n')
    # comma, double quote, UTF-8, from line 1, …, token 13: evaluate formulas
    infilter = "CSV:44,34,76,1,,1036,false,true,false,false,false,false,true"
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            f"--infilter={infilter}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            str(exported),
            str(control),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sheet = openpyxl.load_workbook(tmp_path / "control.xlsx").active
    assert sheet["A2"].data_type == "f"  # the control proves formulas would run

    sheet = openpyxl.load_workbook(tmp_path / "export.xlsx").active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [t for t in texts if t.lstrip()[:1] in ("=", "+", "-", "@")]
    assert sheet["C1"].value == "Intitulé"
    assert sheet["A2"].value == current.framework.domain("facilitation").title["fr"]
    levels = [sheet.cell(row=r, column=4).value for r in range(2, 9)]
    assert levels == [3, 0, "S.O.", 2, 1, 4, None]
    assert sheet["F2"].value == 5

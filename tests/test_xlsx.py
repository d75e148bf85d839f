"""The assessment workbook: round trip, LibreOffice recalculation against the engine, bad input."""

from __future__ import annotations

import csv
import io
import os
import random
import shutil
import struct
import subprocess
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from gcat.core.assessment import Answer, Assessment
from gcat.core.evaluation import Evaluation, evaluate
from gcat.core.model import Framework
from gcat.errors import AnswersFileError
from gcat.exchange.xlsx import export_workbook, import_workbook
from gcat.exchange.xlsx_import import MAX_FILE_BYTES, MAX_UNPACKED_BYTES
from gcat.exchange.xlsx_layout import (
    COL_COMMENT,
    COL_FLAG,
    COL_LEVEL,
    COL_REASON,
    COL_TARGET,
    FIRST_ROW,
    META_SHEET,
    RES_EVIDENCE_ROW_OFFSET,
    RESULTS_FIRST_ROW,
)
from gcat.frameworks import load_framework

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed"
)
RANDOM_WORKBOOKS = 200
# CSV export of the second sheet (Results): UTF-8, raw values (not as shown), dot decimals
RESULTS_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,2"


def soffice(tmp_path: Path, target: str, out: Path, files: list[Path]) -> None:
    """One headless LibreOffice call, with a profile of its own."""
    assert SOFFICE, "LibreOffice is required"
    profile = (tmp_path / "lo-profile").as_uri()
    command = [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile}"]
    command += ["--convert-to", target, "--outdir", str(out), *map(str, files)]
    subprocess.run(command, check=True, capture_output=True, timeout=600)


# --- export and round trip ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_round_trip_gives_the_same_assessment(current: Evaluation, lang: str) -> None:
    framework, assessment = import_workbook(export_workbook(current, lang), "current.xlsx")
    assert framework is current.framework
    assert assessment == current.assessment


def test_round_trip_of_scope_na_unanswered_and_hostile_text(framework: Framework) -> None:
    hostile = '=HYPERLINK("http://evil.example","click")'
    answers = {
        "FA-01": Answer(level=3, evidence=("+cmd|' /C calc'!A0", "@SUM(1)"), comment=hostile),
        "FA-03": Answer(not_applicable=True, reason="-set by customs-union law"),
        "FA-04": Answer(level=0, target=2, flagged=True),
        "FA-05": Answer(comment="not answered yet, only a note"),
        "GT-03": Answer(level=5, target=5),
    }
    assessment = Assessment(
        "gcat", "1.0", "=Evil Customs", "2026", answers, ("facilitation", "green_tariff")
    )
    data = export_workbook(evaluate(framework, assessment), "es")
    wb = load_workbook(io.BytesIO(data))
    facilitation = wb["Facilitación"]
    cell = facilitation.cell(FIRST_ROW, COL_COMMENT)
    assert cell.data_type == "s" and cell.quotePrefix and cell.value == hostile
    assert wb["Acerca de"]["B3"].data_type == "s"
    _, back = import_workbook(data, "scope.xlsx")
    assert back == assessment


def test_workbook_structure(current: Evaluation) -> None:
    wb = load_workbook(io.BytesIO(export_workbook(current, "fr")))
    assert wb.sheetnames[:3] == ["À propos", "Résultats", "Politique et législation"]
    assert wb[META_SHEET].sheet_state == "hidden"
    assert all(ws.protection.sheet for ws in wb.worksheets)
    sheet = wb["Politique et législation"]
    assert sheet.freeze_panes == "E3"
    assert sheet.cell(FIRST_ROW, COL_LEVEL).protection.locked is False
    assert sheet.cell(FIRST_ROW, 1).protection.locked is True
    assert wb["Résultats"]["B5"].protection.locked is True
    assert str(wb["Résultats"]["B5"].value).startswith("=IF(")
    assert wb["À propos"]["B3"].protection.locked is False
    lists = {dv.formula1: str(dv.sqref) for dv in sheet.data_validations.dataValidation}
    assert lists['"0,1,2,3,4,5,N/A"'] == "D9"  # PL-07 is the only one that allows N/A
    assert lists['"oui,non"'].startswith("O3")
    assert len(wb["Résultats"]._charts) == 1


# --- LibreOffice recalculation -----------------------------------------------------------


def random_assessment(framework: Framework, rng: random.Random) -> Assessment:
    """Levels clustered around a base per domain (so the strict rule bites), N/A, gaps."""
    domain_ids = [domain.id for domain in framework.domains]
    scope = None
    if rng.random() < 0.6:  # fewer sheets also keep LibreOffice's share of the time down
        scope = tuple(rng.sample(domain_ids, rng.choice([1, 2, 2, 3, 4])))
    skip = rng.choice([0.0, 0.0, 0.1, 0.3, 0.6, 0.9, 1.0])
    answers: dict[str, Answer] = {}
    for domain in framework.domains:
        if scope is not None and domain.id not in scope:
            continue
        base = rng.randint(0, 5)
        for ind in domain.indicators:
            if rng.random() < skip:
                if rng.random() < 0.2:
                    answers[ind.id] = Answer(comment="to do")
            elif ind.not_applicable_allowed and rng.random() < 0.3:
                answers[ind.id] = Answer(not_applicable=True, reason="not relevant here")
            else:
                level = min(5, max(0, base + rng.choice([-2, -1, 0, 0, 0, 1])))
                evidence = ("register extract",) if rng.random() < 0.6 else ()
                answers[ind.id] = Answer(level=level, evidence=evidence, flagged=rng.random() < 0.1)
    return Assessment("gcat", "1.0", "Random Customs", "2025", answers, scope)


def tie_assessments() -> list[Assessment]:
    """Scores exactly half-way between two hundredths: 17/8 = 2.125, (2.13 + 2.00) / 2."""
    ip = dict(zip([f"IP-0{n}" for n in range(1, 9)], [3, 3, 2, 2, 2, 2, 2, 1], strict=True))
    fa = {f"FA-0{n}": 2 for n in range(1, 8)}
    answers = {key: Answer(level=level) for key, level in (ip | fa).items()}
    both = Assessment(
        "gcat", "1.0", "Ties", "2025", answers, ("facilitation", "internal_practices")
    )
    only_ip = Assessment("gcat", "1.0", "Ties", "2025", answers, ("internal_practices",))
    return [both, only_ip]


def check_results(rows: list[list[str]], evaluation: Evaluation, name: str) -> None:
    """The recalculated Results sheet equals the engine's result to 2 decimals."""
    result = evaluation.result

    def same(cell: str, expected: float | None, what: str) -> None:
        where = f"{name}: {what}"
        if expected is None:
            assert cell == "", where
        else:
            assert cell != "", where
            assert f"{float(cell):.2f}" == f"{expected:.2f}", f"{where}: {cell} != {expected}"

    for n, domain in enumerate(result.domains):
        row = rows[RESULTS_FIRST_ROW - 1 + n]
        same(row[1], domain.score, f"{domain.domain_id} score")
        same(row[2], domain.level, f"{domain.domain_id} level")
        same(row[3], domain.level_noncompensatory, f"{domain.domain_id} strict level")
        same(row[4], domain.completeness, f"{domain.domain_id} completeness")
        assert int(row[5]) == domain.answered and int(row[6]) == domain.not_applicable
    overall = RESULTS_FIRST_ROW + len(result.domains)
    row = rows[overall - 1]
    same(row[1], result.overall_score, "overall score")
    same(row[2], result.overall_level, "overall level")
    same(row[3], result.overall_level_noncompensatory, "overall strict level")
    same(row[4], result.completeness, "completeness")
    coverage = overall + RES_EVIDENCE_ROW_OFFSET
    same(rows[coverage - 1][1], result.evidence_coverage, "evidence coverage")
    assert bool(rows[coverage][1]) == bool(result.confidence_notes), f"{name}: confidence note"


def export_to(path: Path, assessment: Assessment, lang: str) -> None:
    """Export ``assessment`` to ``path`` (run in worker processes)."""
    path.write_bytes(export_workbook(evaluate(load_framework(), assessment), lang))


@needs_soffice
def test_libreoffice_recalculates_as_the_engine(framework: Framework, tmp_path: Path) -> None:
    """200 random assessments, exported, recalculated by one LibreOffice call, read back."""
    started = time.perf_counter()
    rng = random.Random(20251129)
    assessments = tie_assessments()
    assessments += [random_assessment(framework, rng) for _ in range(RANDOM_WORKBOOKS)]
    inbox, outbox = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    paths = [inbox / f"w{n:03d}.xlsx" for n in range(len(assessments))]
    languages = [rng.choice(["en", "fr", "es"]) for _ in assessments]
    with ProcessPoolExecutor() as pool:
        list(pool.map(export_to, paths, assessments, languages, chunksize=8))
    exported = time.perf_counter()
    soffice(tmp_path, RESULTS_CSV, outbox, paths)
    recalculated = time.perf_counter()
    outcomes = {"no domain score": 0, "N/A": 0}
    for path, assessment in zip(paths, assessments, strict=True):
        evaluation = evaluate(framework, assessment)
        (results,) = outbox.glob(f"{path.stem}-*.csv")
        check_results(
            list(csv.reader(results.read_text("utf-8").splitlines())), evaluation, path.stem
        )
        outcomes["no domain score"] += any(d.score is None for d in evaluation.result.domains)
        outcomes["N/A"] += any(d.not_applicable for d in evaluation.result.domains)
    print(
        f"\n{len(paths)} workbooks: export {exported - started:.1f} s, "
        f"LibreOffice {recalculated - exported:.1f} s, total {time.perf_counter() - started:.1f} s"
    )
    assert outcomes["no domain score"] > 10 and outcomes["N/A"] > 50


@needs_soffice
def test_a_workbook_saved_by_libreoffice_imports(current: Evaluation, tmp_path: Path) -> None:
    source = tmp_path / "current.xlsx"
    source.write_bytes(export_workbook(current, "fr"))
    soffice(tmp_path, "xlsx", tmp_path / "out", [source])
    data = (tmp_path / "out" / "current.xlsx").read_bytes()
    overall = RESULTS_FIRST_ROW + len(current.result.domains)
    results = load_workbook(io.BytesIO(data), data_only=True)["Résultats"]
    assert results.cell(overall, 2).value == current.result.overall_score == 1.9
    _, assessment = import_workbook(data, "current.xlsx")
    assert assessment == current.assessment


# --- bad input ---------------------------------------------------------------------------


def edited(data: bytes, edit: Callable[[Workbook], None]) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def set_cell(sheet: str, col: int, row: int, value: object) -> Callable[[Workbook], None]:
    def edit(wb: Workbook) -> None:
        wb[sheet].cell(row, col).value = value

    return edit


def refused(data: bytes, name: str = "answers.xlsx") -> str:
    with pytest.raises(AnswersFileError) as caught:
        import_workbook(data, name)
    return caught.value.localized("en")


PL, PL_07 = "Policy and legislation", FIRST_ROW + 6  # PL-07 allows N/A


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (set_cell(PL, COL_LEVEL, 3, "=1+2"), "sheet Policy and legislation:3: D3 "),
        (set_cell(PL, COL_LEVEL, 4, "abc"), "D4 (answers.PL-02.level): choose a level"),
        (
            set_cell(PL, COL_LEVEL, 5, 7),
            'D5 (answers.PL-03.level): choose a level from 0 to 5, or N/A; got "7"',
        ),
        (set_cell(PL, COL_LEVEL, 5, 2.5), 'got "2.5"'),
        (set_cell(PL, COL_LEVEL, PL_07, "N/A"), "K9 (answers.PL-07.reason): a reason is required"),
        (set_cell(PL, COL_LEVEL, 3, "N/A"), 'D3 (answers.PL-01.level): "not applicable" is not'),
        (set_cell(PL, COL_TARGET, 3, 0), "L3 (answers.PL-01.target): the target (0) is below"),
        (
            set_cell(PL, COL_FLAG, 3, "maybe"),
            'O3 (answers.PL-01.flagged): choose yes or no; got "maybe"',
        ),
        (set_cell(PL, COL_REASON, PL_07, "=A1"), "K9 (answers.PL-07.reason): a formula"),
        (set_cell("About", 2, 3, None), "sheet About:3: B3 (administration): a non-empty text"),
        (set_cell("About", 2, 6, "9.9"), "B6 (framework.version): the framework gcat version 9.9"),
        (set_cell(META_SHEET, 2, 1, "other/1"), "sheet gcat:1: the schema must be"),
        (
            lambda wb: wb.remove(wb[PL]),
            'answers.xlsx: the sheet "Policy and legislation" is missing',
        ),
        (lambda wb: wb.remove(wb[META_SHEET]), "was not exported by gcat"),
    ],
)
def test_bad_cells_are_refused_with_their_place(
    current: Evaluation, edit: Callable[[Workbook], None], expected: str
) -> None:
    message = refused(edited(export_workbook(current, "en"), edit))
    assert message.startswith("answers.xlsx")
    assert expected in message


def test_wrong_types_and_every_problem_reported(current: Evaluation) -> None:
    def edit(wb: Workbook) -> None:
        wb[PL].cell(3, COL_COMMENT).value = datetime(2025, 1, 1)
        wb[PL].cell(4, COL_LEVEL).value = True
        wb["Facilitation"].cell(3, COL_LEVEL).value = "=FA"

    with pytest.raises(AnswersFileError) as caught:
        import_workbook(edited(export_workbook(current, "en"), edit), "answers.xlsx")
    where = {(p.source, p.sheet, p.field, p.path) for p in caught.value.problems}
    assert where == {
        ("answers.xlsx", "Facilitation", "D3", "answers.FA-01.level"),
        ("answers.xlsx", "Policy and legislation", "N3", "answers.PL-01.comment"),
        ("answers.xlsx", "Policy and legislation", "D4", "answers.PL-02.level"),
    }
    lines = {p.localized("en").split(": ")[0] for p in caught.value.problems}
    assert "answers.xlsx, sheet Facilitation:3" in lines


def test_unknown_sheets_are_ignored(current: Evaluation) -> None:
    data = edited(export_workbook(current, "en"), lambda wb: wb.create_sheet("My notes"))
    assert import_workbook(data, "answers.xlsx")[1] == current.assessment


def zip_with(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = content if item.filename == name else source.read(item)
            target.writestr(item.filename, body, zipfile.ZIP_DEFLATED)
        if name not in source.namelist():
            target.writestr(name, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def declared_size(data: bytes, size: int) -> bytes:
    """``data`` with the central directory claiming ``size`` bytes for its first part."""
    at = data.index(b"PK\x01\x02")
    return data[: at + 24] + struct.pack("<I", size) + data[at + 28 :]


def test_hostile_files_are_refused_before_unpacking(current: Evaluation) -> None:
    good = export_workbook(current, "en")
    entity_bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="3"><c r="A3" t="inlineStr"><is><t>&b;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    cases = {
        "truncated": (good[: len(good) // 2], "is not an Excel workbook"),
        "not a zip": (b"id,level\nPL-01,3\n", "is not an Excel workbook"),
        "zeros": (zip_with(good, "xl/media/zeros.bin", bytes(50 * 1024**2)), "zip bomb"),
        "declared": (declared_size(good, 2**32 - 1), f"more than {MAX_UNPACKED_BYTES // 2**20} MB"),
        "oversized": (bytes(MAX_FILE_BYTES + 1), "larger than the 20 MB limit"),
        "entities": (zip_with(good, "xl/worksheets/sheet3.xml", entity_bomb), "damaged or holds"),
    }
    for case, (data, expected) in cases.items():
        message = refused(data, f"{case}.xlsx")
        assert message.startswith(f"{case}.xlsx: "), message
        assert expected in message, (case, message)

"""The editable, publishable toolkit: workbook export, checked import into a draft version,
the change report, and the toolkit published as PDF and Word."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook, load_workbook

from gcat.core.evaluation import evaluate
from gcat.frameworks import available_frameworks, framework_dir, load_framework
from gcat.frameworks.quality import content_issues
from gcat.toolkit.publish import build_toolkit
from gcat.toolkit.render import render_toolkit_docx, render_toolkit_pdf
from gcat.toolkit.workbook import export_framework_workbook
from tests.conftest import Cli
from tests.test_reports import _run, _tool

V11 = load_framework("gcat", "1.1")


@pytest.fixture
def drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "drafts"
    monkeypatch.setenv("GCAT_DRAFTS_DIR", str(folder))
    return folder


@pytest.fixture
def workbook(cli: Cli, tmp_path: Path) -> Path:
    path = tmp_path / "gcat-1.1.xlsx"
    code, _, stderr = cli(
        "framework", "export", "--version", "1.1", "--format", "xlsx", "-o", str(path)
    )
    assert code == 0, stderr
    return path


def _edit(path: Path, sheet: str, row_id: str, header: str, value: object) -> Path:
    wb = load_workbook(path)
    ws = wb[sheet]
    columns = {cell.value: cell.column for cell in ws[1]}
    for row in ws.iter_rows(min_row=2):
        if row[0].value == row_id:
            ws.cell(row[0].row, columns[header]).value = value
            break
    else:
        raise AssertionError(row_id)
    wb.save(path)
    return path


def _packaged_hashes() -> dict[str, str]:
    folder = framework_dir("gcat", "1.1")
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_shipped_versions_meet_the_content_rules() -> None:
    for framework_id, version in available_frameworks():
        assert content_issues(load_framework(framework_id, version)) == []


def test_workbook_has_a_sheet_per_domain_and_a_column_per_language(workbook: Path) -> None:
    wb = load_workbook(workbook, read_only=True)
    domains = [d.id for d in V11.domains]
    assert wb.sheetnames == ["readme", "framework", "scale", "domains", "thematic_areas",
                             "references", "glossary", *domains]  # fmt: skip
    ws = wb["facilitation"]
    header = [c.value for c in next(ws.iter_rows(max_row=1))]
    assert header[:6] == [
        "id",
        "weight",
        "foundational",
        "not_applicable",
        "thematic_areas",
        "references",
    ]
    assert {"title::fr", "level_3::es", "evidence::en", "not_applicable_when::fr"} <= set(header)
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
    assert [r[0] for r in rows] == [i.id for i in V11.domain("facilitation").indicators]
    fa01 = dict(zip(header, rows[0], strict=True))
    assert fa01["title::fr"] == V11.indicator("FA-01").title["fr"]
    assert fa01["evidence::es"].splitlines() == list(V11.indicator("FA-01").evidence["es"])


def test_text_that_looks_like_a_formula_stays_text() -> None:
    hostile = replace(V11, title={**V11.title, "en": '=HYPERLINK("http://x","y")'})
    wb = load_workbook(io.BytesIO(export_framework_workbook(hostile)))
    cell = next(c for c in wb["framework"]["A"] if c.value == "title::en").offset(column=1)
    assert cell.data_type == "s" and cell.quotePrefix


def test_round_trip_makes_a_draft_with_no_changes_and_leaves_packaged_data_alone(
    cli: Cli, drafts: Path, workbook: Path
) -> None:
    before = _packaged_hashes()
    code, stdout, stderr = cli("framework", "import", str(workbook), "--as", "1.2-draft")
    assert code == 0, stderr
    assert "Draft version 1.2-draft written to" in stdout
    assert "fr: 0 texts added · 0 texts changed · 0 texts retired" in stdout
    assert _packaged_hashes() == before
    draft = load_framework("gcat", "1.2-draft")
    assert [d.id for d in draft.domains] == [d.id for d in V11.domains]
    for ind in V11.indicators.values():
        other = draft.indicator(ind.id)
        assert (other.levels, other.evidence, other.weight) == (
            ind.levels,
            ind.evidence,
            ind.weight,
        )
        assert other.not_applicable_when == ind.not_applicable_when
    assert dict(draft.glossary) == dict(V11.glossary)
    code, stdout, _ = cli("framework", "list", "--json")
    assert {"id": "gcat", "version": "1.2-draft", "draft": True} in __import__("json").loads(stdout)
    assert (drafts / "gcat" / "1.2-draft" / "changes-from-1.1.md").is_file()
    from gcat.frameworks.loader import version_status

    released, based_on = version_status("gcat", "1.2-draft")
    assert (released, based_on) == (None, "1.1")
    ctx = build_toolkit(draft, "en", released=released, based_on=based_on)
    assert ctx.status == "Draft, not released: a revision of version 1.1"
    out = drafts.parent / "draft.pdf"
    code, _, _ = cli(
        "framework", "publish", "--version", "1.2-draft", "--format", "pdf", "-o", str(out)
    )
    assert code == 0 and out.read_bytes().startswith(b"%PDF")
    code, _, stderr = cli("framework", "import", str(workbook), "--as", "1.2-draft")
    assert code == 2 and "already exists" in stderr


def test_edited_texts_are_reported_per_language(cli: Cli, drafts: Path, workbook: Path) -> None:
    _edit(workbook, "policy_legislation", "PL-01", "title::fr", "Stratégie douanes vertes révisée")
    _edit(workbook, "facilitation", "FA-02", "level_3::es", "Un nuevo descriptor del nivel 3.")
    code, stdout, stderr = cli("framework", "import", str(workbook), "--as", "1.2", "--lang", "fr")
    assert code == 0, stderr
    assert "fr : 0 texte ajouté · 1 texte modifié · 0 texte supprimé" in stdout
    assert "es : 0 texte ajouté · 1 texte modifié · 0 texte supprimé" in stdout
    assert "en : 0 texte ajouté · 0 texte modifié · 0 texte supprimé" in stdout
    report = (drafts / "gcat" / "1.2" / "changes-from-1.1.md").read_text("utf-8")
    assert "# Changements de la version 1.1 au projet de version 1.2" in report
    assert "**PL-01 · title**" in report and "Stratégie douanes vertes révisée" in report
    assert "**FA-02 · level_3**" in report
    assert (
        load_framework("gcat", "1.2").indicator("PL-01").title["fr"]
        == "Stratégie douanes vertes révisée"
    )


@pytest.mark.parametrize(
    ("sheet", "row_id", "header", "value", "expected"),
    [
        ("facilitation", "FA-02", "level_2::fr", None, "sheet facilitation:3: "),
        ("facilitation", "FA-02", "weight", "heavy", "the weight must be a number"),
        ("facilitation", "FA-02", "references", "nowhere", 'unknown reference "nowhere"'),
        ("facilitation", "FA-02", "level_4::es", "=1+1", "a formula is not accepted here"),
        ("facilitation", "FA-02", "foundational", "perhaps", '"perhaps" is neither TRUE nor FALSE'),
        (
            "facilitation",
            "FA-02",
            "not_applicable_when::en",
            "Never.",
            'does not allow "not applicable"',
        ),
        ("policy_legislation", "PL-01", "definition::es", None, "sheet policy_legislation:2: "),
    ],
)
def test_every_cell_is_checked_and_located(
    cli: Cli,
    drafts: Path,
    workbook: Path,
    sheet: str,
    row_id: str,
    header: str,
    value: object,
    expected: str,
) -> None:
    _edit(workbook, sheet, row_id, header, value)
    code, _, stderr = cli("framework", "import", str(workbook), "--as", "1.2-x")
    assert code == 2, stderr
    assert str(workbook) in stderr and expected in stderr, stderr
    assert not (drafts / "gcat" / "1.2-x").exists()


def test_content_rules_apply_to_the_workbook(cli: Cli, drafts: Path, workbook: Path) -> None:
    english = V11.indicator("FA-01").definition["en"]
    _edit(workbook, "facilitation", "FA-01", "definition::fr", english)
    _edit(workbook, "facilitation", "FA-01", "level_2::en", V11.indicator("FA-01").levels[1]["en"])
    _edit(workbook, "facilitation", "FA-01", "evidence::es", "solo una prueba")
    code, _, stderr = cli("framework", "import", str(workbook), "--as", "1.2-y")
    assert code == 2
    assert "S2 (definition::fr): this text is a copy of the en text" in stderr
    assert "(level_2::en): this descriptor repeats the one of level 1" in stderr
    assert "AL2 (evidence::es): give at least 2 evidence examples" in stderr
    assert stderr.endswith("3 problems found\n")


def test_refusals(cli: Cli, drafts: Path, workbook: Path, tmp_path: Path) -> None:
    for version, expected in (
        ("1.1", "released version shipped with gcat"),
        ("../up", "is not a version name"),
    ):
        code, _, stderr = cli("framework", "import", str(workbook), "--as", version)
        assert code == 2 and expected in stderr
    not_xlsx = tmp_path / "notes.xlsx"
    not_xlsx.write_bytes(b"not a zip")
    code, _, stderr = cli("framework", "import", str(not_xlsx), "--as", "9")
    assert code == 2 and "notes.xlsx" in stderr
    empty = tmp_path / "empty.xlsx"
    Workbook().save(empty)
    code, _, stderr = cli("framework", "import", str(empty), "--as", "9")
    assert code == 2 and "framework" in stderr
    code, _, stderr = cli(
        "framework", "export", "--version", "1.1", "--format", "csv", "-o", str(tmp_path / "x")
    )
    assert code == 2 and "xlsx" in stderr


def test_show_takes_a_version_and_keeps_the_framework_option(cli: Cli) -> None:
    import json

    code, by_version, _ = cli("framework", "show", "--version", "1.1", "--json")
    code2, by_framework, _ = cli("framework", "show", "--framework", "gcat@1.1", "--json")
    assert code == code2 == 0 and by_version == by_framework
    data = json.loads(by_version)
    assert data["version"] == "1.1" and len(data["domains"]) == 7
    assert set(data) == set(json.loads(cli("framework", "show", "--json")[1]))


def test_toolkit_content_follows_the_framework_and_the_engine() -> None:
    ctx = build_toolkit(V11, "en")
    assert ctx.status == "Draft, not released"
    assert [d.id for d in ctx.domains] == [d.id for d in V11.domains]
    assert sum(len(d.indicators) for d in ctx.domains) == 59
    example = ctx.example
    assert example is not None and example.rows[2].answer == "Not applicable"
    # the example's strict level is the engine's
    from gcat.core.assessment import Answer, Assessment

    domain = V11.domain("facilitation")
    levels = [3, 2, None, 4, 1, 1]
    answers = {
        ind.id: (Answer(not_applicable=True, reason="x") if lv is None else Answer(level=lv))
        for ind, lv in zip(domain.indicators, levels, strict=False)
    }
    result = evaluate(V11, Assessment("gcat", "1.1", "", "", answers, ("facilitation",))).result
    assert f"therefore {result.domain('facilitation').level_noncompensatory}." in example.steps[-2]
    from gcat.frameworks.loader import version_status

    when, _ = version_status("gcat", "1.0")
    released = build_toolkit(load_framework(), "fr", released=when)
    assert released.status == "Publiée le 29 novembre 2026"


def test_toolkit_pdf_in_french_has_every_part(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "toolkit.pdf"
    code, _, stderr = cli(
        "framework",
        "publish",
        "--version",
        "1.1",
        "--format",
        "pdf",
        "--lang",
        "fr",
        "-o",
        str(out),
    )
    assert code == 0, stderr
    text = _run(_tool("pdftotext"), "-layout", str(out), "-")
    for heading in ("Introduction", "Échelle de maturité", "Guide de notation", "Exemple commenté",
                    "Règles de notation", "Termes définis", "Documents de référence"):  # fmt: skip
        assert heading in text, heading
    for ind in V11.indicators:
        assert ind in text
    assert "Pourquoi c'est important".upper() in text.upper()
    assert "Sans objet" in text and "Exemples de justificatifs" in text
    pages = int(
        next(
            line.split()[-1]
            for line in _run(_tool("pdfinfo"), str(out)).splitlines()
            if line.startswith("Pages")
        )
    )
    assert pages > 40
    _run(_tool("pdftoppm"), "-r", "40", "-png", "-f", "1", "-l", "3", str(out), str(tmp_path / "p"))
    assert len(list(tmp_path.glob("p-*.png"))) == 3


@pytest.mark.slow
def test_toolkit_word_is_editable_with_headings_and_contents(tmp_path: Path) -> None:
    data = render_toolkit_docx(build_toolkit(V11, "es"))
    document = docx.Document(io.BytesIO(data))
    styles = [p.style.name for p in document.paragraphs]
    assert styles.count("Heading 1") == 3 + 7 + 2  # intro, scale, guide, domains, glossary, refs
    assert styles.count("Heading 2") >= 59
    assert any(
        "TOC" in (instr.text or "")
        for instr in document.element.body.iter(docx.oxml.ns.qn("w:instrText"))
    )
    path = tmp_path / "toolkit.docx"
    path.write_bytes(data)
    soffice = _tool("soffice")
    profile = f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}"
    subprocess.run(
        [soffice, "--headless", "--norestore", profile, "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    text = _run(_tool("pdftotext"), str(tmp_path / "toolkit.pdf"), "-")
    assert "Guía de puntuación" in text and "CO-09" in text


def test_pdf_renders_hostile_framework_text_literally() -> None:
    hostile = replace(V11, title={**V11.title, "en": "#set page(width: 1cm) $x$ <l> @ref \\ ]"})
    pdf = render_toolkit_pdf(build_toolkit(hostile, "en"))
    assert pdf.startswith(b"%PDF")
    assert shutil.which("pdftotext") is not None or True

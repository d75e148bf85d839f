"""PDF, Word and HTML reports: content in every language, fonts, escaping, layout, LibreOffice.

The demo 2025 cycle is reported against 2024 in en, fr and es. PDFs are checked with poppler
(pdftotext, pdffonts, pdftoppm, pdfinfo); Word files are opened with python-docx and converted
to PDF by LibreOffice in one headless call. Those tools are required in CI, never skipped.
"""

from __future__ import annotations

import dataclasses
import html
import io
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from gcat.core.assessment import Answer
from gcat.core.evaluation import Evaluation, evaluate
from gcat.core.model import ScoringParameters
from gcat.core.records import Tracking
from gcat.reports import build_context, render_docx, render_html, render_pdf

LANGS = ("en", "fr", "es")
SECTIONS = {
    "en": ["Executive summary", "Results by domain", "Indicator detail", "Improvement plan"],
    "fr": ["Synthèse", "Résultats par domaine", "Détail par indicateur", "Plan d'amélioration"],
    "es": ["Resumen ejecutivo", "Resultados por ámbito", "Detalle por indicador", "Plan de mejora"],
}
ANNEX = {"en": "Annex: methodology", "fr": "Annexe : méthodologie", "es": "Anexo: metodología"}
PAGE_3 = {"en": "Page 3 of", "fr": "Page 3 sur", "es": "Página 3 de"}
ACCENTED = {"en": "Policy and legislation", "fr": "Réponses étayées", "es": "Política"}
LONG_WORD = "Zollverwaltungsdienststellenleiterinnenversammlungsprotokollführungsverordnung" * 2
HOSTILE_ADMIN = f'<script>alert("x")</script> & Co </style> {LONG_WORD}'
A4_WIDTH = 595.28  # points
MARGIN = 56.69  # 2 cm, the side margin of both reports


def _tool(name: str) -> str:
    """The path of a command-line tool; skipped when absent, except in CI where it must be."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI")
        pytest.skip(f"{name} is not installed")
    return found


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=120).stdout


_TOC_LINE = re.compile(r"^(.*?)\s{2,}(\d+)$")


def _flat_lines(text: str) -> list[str]:
    """The non-empty lines of ``text``, stripped."""
    return [line.strip() for line in text.replace("\u00a0", " ").splitlines() if line.strip()]


def _flat(text: str) -> str:
    """Text with every run of white space (no-break spaces included) as one space."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.fixture(scope="module")
def hostile(demo: tuple[Evaluation, Evaluation]) -> Evaluation:
    """The demo cycle with markup, ampersands and very long words in the user's texts."""
    current = demo[1]
    answers = dict(current.assessment.answers)
    answers["PL-01"] = dataclasses.replace(
        answers["PL-01"],
        comment=f"<b>bold?</b> & {{{{ 7*7 }}}} {LONG_WORD}",
        evidence=(f"<img src=x onerror=alert(1)> {LONG_WORD}",),
    )
    answers["FA-03"] = Answer(not_applicable=True, reason="Set by customs-union law & <EU>")
    assessment = dataclasses.replace(current.assessment, administration=HOSTILE_ADMIN)
    return evaluate(current.framework, dataclasses.replace(assessment, answers=answers))


@pytest.fixture(scope="module")
def files(
    demo: tuple[Evaluation, Evaluation],
    hostile: Evaluation,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Path]:
    """PDF and DOCX of the demo in every language, and of the hostile assessment in French."""
    folder = tmp_path_factory.mktemp("reports")
    previous, current = demo
    out: dict[str, Path] = {}
    jobs = [(lang, current, lang) for lang in LANGS] + [("hostile", hostile, "fr")]
    for name, evaluation, lang in jobs:
        ctx = build_context(evaluation, lang=lang, previous=previous, generated_on=date(2026, 3, 2))
        for kind, render in (("pdf", render_pdf), ("docx", render_docx)):
            path = folder / f"{name}.{kind}"
            path.write_bytes(render(ctx))
            out[f"{name}.{kind}"] = path
    return out


@pytest.fixture(scope="module")
def converted(files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every DOCX converted to PDF by LibreOffice, in one soffice call with its own profile."""
    soffice = _tool("soffice")
    out = tmp_path_factory.mktemp("converted")
    profile = tmp_path_factory.mktemp("lo-profile")
    sources = [str(path) for name, path in files.items() if name.endswith(".docx")]
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *sources,
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return {Path(source).stem: out / f"{Path(source).stem}.pdf" for source in sources}


def _pdf_text(path: Path) -> str:
    return _flat(_run(_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"))


def _pages(path: Path) -> int:
    match = re.search(r"^Pages:\s+(\d+)", _run(_tool("pdfinfo"), str(path)), re.MULTILINE)
    assert match, path
    return int(match[1])


def _page_fill(path: Path) -> list[float]:
    """How far down each page its text reaches (0–1), page footers left out."""
    html = _run(_tool("pdftotext"), "-bbox", str(path), "-")
    fill = []
    for height, words in re.findall(
        r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', html, re.S
    ):
        bottoms = [float(y) for y in re.findall(r'yMax="([\d.]+)"', words)]
        fill.append(max((y for y in bottoms if y < float(height) - 60), default=0) / float(height))
    return fill


def _rightmost_word(path: Path) -> float:
    """The largest right edge of any word on any page, in points."""
    html = _run(_tool("pdftotext"), "-bbox", str(path), "-")
    return max(float(x) for x in re.findall(r'xMax="([\d.]+)"', html))


# PDF -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_text_in_the_language(
    lang: str, files: dict[str, Path], demo: tuple[Evaluation, Evaluation]
) -> None:
    text = _pdf_text(files[f"{lang}.pdf"])
    framework = demo[1].framework
    assert "Valdoria Revenue and Customs Authority" in text
    for heading in [*SECTIONS[lang], ANNEX[lang]]:
        assert heading in text, heading
    for domain in framework.domains:
        assert domain.title[lang] in text, domain.title[lang]
    assert PAGE_3[lang] in text
    assert ACCENTED[lang] in text
    assert framework.indicator("PL-02").title[lang] in text


def test_pdf_fonts_are_embedded(files: dict[str, Path]) -> None:
    for lang in LANGS:
        lines = _run(_tool("pdffonts"), str(files[f"{lang}.pdf"])).splitlines()
        header, rows = lines[0], lines[2:]
        emb = header.index("emb")
        assert rows, lang
        assert all(row[emb : emb + 3] == "yes" for row in rows), rows
        assert any("Carlito" in row for row in rows)


def test_pdf_pages_render(files: dict[str, Path], tmp_path: Path) -> None:
    """The cover, the contents, the summary and the first table pages render to PNG."""
    pdf = files["en.pdf"]
    assert _pages(pdf) >= 15
    _run(_tool("pdftoppm"), "-r", "50", "-png", "-f", "1", "-l", "6", str(pdf), str(tmp_path / "p"))
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == 6
    assert all(image.stat().st_size > 3000 for image in images)


def test_pdf_table_of_contents_has_page_numbers(files: dict[str, Path]) -> None:
    layout = _run(_tool("pdftotext"), "-layout", "-f", "2", "-l", "2", str(files["en.pdf"]), "-")
    assert re.search(r"Executive summary\s+3\s*$", layout, re.MULTILINE), layout
    assert re.search(r"Annex: methodology\s+\d{2}\s*$", layout, re.MULTILINE), layout


def test_pdf_contents_pages_match_the_bookmarks(files: dict[str, Path]) -> None:
    """Every entry of the printed contents gives the page its bookmark points to."""
    for lang in LANGS:
        pdf = files[f"{lang}.pdf"]
        layout = _flat_lines(
            _run(_tool("pdftotext"), "-layout", "-f", "2", "-l", "2", str(pdf), "-")
        )
        printed = [(m[1], int(m[2])) for m in map(_TOC_LINE.match, layout) if m]
        xml = _run(_tool("pdftohtml"), "-xml", "-stdout", "-i", "-q", str(pdf))
        bookmarks = [
            (_flat(html.unescape(title)), int(page))
            for page, title in re.findall(r'<item page="(\d+)">([^<]+)</item>', xml)
        ]
        assert printed == bookmarks, lang


def test_pdf_no_page_is_nearly_empty(files: dict[str, Path]) -> None:
    """Text reaches past the middle of every page but the last (the contents aside)."""
    for name in ("en.pdf", "fr.pdf", "es.pdf", "hostile.pdf"):
        fill = _page_fill(files[name])
        short = [n + 1 for n, f in enumerate(fill[:-1]) if f < 0.5 and n != 1]
        assert short == [], (name, fill)


def test_pdf_plan_badges_stay_on_one_line(files: dict[str, Path]) -> None:
    """Each "level → target" of the plan is one line: the arrow between its two levels."""
    html = _run(_tool("pdftotext"), "-bbox", str(files["fr.pdf"]), "-")
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', html)
    arrows = [n for n, (_, word) in enumerate(words) if word == "→"]
    assert len(arrows) > 40  # one per plan action
    for n in arrows:
        (before_y, before), (y, _), (after_y, after) = words[n - 1], words[n], words[n + 1]
        if before.isdigit():
            assert after.isdigit() and float(before_y) == float(y) == float(after_y)


def test_pdf_hostile_text_is_escaped_and_stays_on_the_page(files: dict[str, Path]) -> None:
    pdf = files["hostile.pdf"]
    text = _pdf_text(pdf)
    assert '<script>alert("x")</script> & Co </style>' in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "{{ 7*7 }}" in text
    assert _rightmost_word(pdf) <= A4_WIDTH - MARGIN + 1


# Word ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_docx_headings_tables_and_fields(
    lang: str, files: dict[str, Path], demo: tuple[Evaluation, Evaluation]
) -> None:
    document = docx.Document(str(files[f"{lang}.docx"]))
    by_style: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(_flat(paragraph.text))
    assert by_style["Heading 1"] == [*SECTIONS[lang], ANNEX[lang]]
    titles = [domain.title[lang] for domain in demo[1].framework.domains]
    assert by_style["Heading 2"][: len(titles)] == titles  # indicator detail, by domain
    assert len(by_style["Heading 3"]) >= 4  # summary parts
    assert len(document.tables) >= 1 + 7 + 7 + 2  # results, details, plan, annex
    body = document.element.body
    instructions = " ".join(node.text for node in body.iter(qn("w:instrText")))
    assert 'TOC \\o "1-2"' in instructions
    assert len(list(body.iter(qn("w:hyperlink")))) >= 20  # one TOC entry per heading
    footer = document.sections[-1].footer._element
    assert {node.text.strip() for node in footer.iter(qn("w:instrText"))} == {"PAGE", "NUMPAGES"}
    settings = document.settings.element
    assert settings.find(qn("w:updateFields")) is not None
    header_rows = body.iter(qn("w:tblHeader"))
    assert len(list(header_rows)) >= 15


def test_docx_converts_with_libreoffice(converted: dict[str, Path]) -> None:
    words = {"en": "Page 3 of", "fr": "Page 3 sur", "es": "Página 3 de"}
    for lang in LANGS:
        pdf = converted[lang]
        assert _pages(pdf) >= 12, lang
        fill = _page_fill(pdf)
        # No blank or nearly empty page (the plan and the annex still start a new page).
        assert min(fill[:-1]) > 0.35, (lang, fill)
        text = _pdf_text(pdf)
        assert "Valdoria Revenue and Customs Authority" in text
        assert words[lang] in text
        assert ACCENTED[lang] in text
    hostile = converted["hostile"]
    assert '<script>alert("x")</script> & Co </style>' in _pdf_text(hostile)
    assert _rightmost_word(hostile) <= A4_WIDTH - MARGIN + 1


# HTML and content ----------------------------------------------------------------------------


def test_html_is_standalone_and_escaped(hostile: Evaluation) -> None:
    html = render_html(build_context(hostile, lang="fr"))
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html
    assert re.findall(r"https?://[^\s\"'<>]+", html) == ["http://www.w3.org/2000/svg"]
    assert "<svg" in html  # the radar chart, inline
    assert "Réponses étayées\u00a0:" in html  # French spacing before a colon


def test_context_figures_follow_the_engine(demo: tuple[Evaluation, Evaluation]) -> None:
    previous, current = demo
    ctx = build_context(current, lang="en", previous=previous, generated_on=date(2026, 3, 2))
    result = current.result
    assert ctx.overall.score == f"{result.overall_score:.2f}"
    assert ctx.overall.level == result.overall_level
    assert ctx.overall.strict_level == result.overall_level_noncompensatory
    assert [row.id for row in ctx.domains] == [d.domain_id for d in result.domains]
    assert ctx.generated_on == "2 March 2026"
    assert ctx.previous_cycle == "2024"
    assert sum(len(group.rows) for group in ctx.plan) == len(current.plan.items)
    assert [w[0] for w in ctx.methodology.weights] == ["PL-02", "FA-02", "GT-02", "CB-01"]
    strongest = ctx.summary.strongest[0]
    best = max(result.domains, key=lambda d: d.score or 0)
    assert strongest.startswith(current.framework.domain(best.domain_id).title["en"])
    assert any("80%" in rule for rule in ctx.methodology.rules)


def test_methodology_reads_the_framework_parameters(demo: tuple[Evaluation, Evaluation]) -> None:
    current = demo[1]
    scoring = ScoringParameters(
        noncompensatory_share=0.75,
        noncompensatory_max_shortfall=2,
        min_completeness=90.0,
        min_evidence_coverage=50.0,
    )
    framework = dataclasses.replace(current.framework, scoring=scoring)
    ctx = build_context(evaluate(framework, current.assessment), lang="en")
    text = " ".join(ctx.methodology.rules + ctx.methodology.confidence)
    assert "at least 75% of the weight" in text and "more than 2 levels below" in text
    assert "below 90%" in text and "below 50%" in text


def test_tracking_and_partial_scope(demo: tuple[Evaluation, Evaluation]) -> None:
    current = demo[1]
    answers = {k: v for k, v in current.assessment.answers.items() if k.startswith("FA-")}
    assessment = dataclasses.replace(current.assessment, domains=("facilitation",), answers=answers)
    evaluation = evaluate(current.framework, assessment)
    first = evaluation.plan.items[0].indicator_id
    tracking = {first: Tracking(owner="Ana López", due=date(2026, 6, 30), status="in_progress")}
    ctx = build_context(evaluation, lang="es", tracking=tracking)
    assert ctx.tracking and len(ctx.details) == 1 and ctx.radar_axes == ("Facilitación",)
    row = ctx.plan[0].rows[0]
    assert (row.owner, row.status) == ("Ana López", "En curso") and "2026" in row.due
    assert [w[0] for w in ctx.methodology.weights] == ["FA-02"]
    html = render_html(ctx)
    assert "Ana López" in html and "<svg" not in html  # one domain: no radar
    document = docx.Document(io.BytesIO(render_docx(ctx)))
    assert "Ana López" in " ".join(c.text for t in document.tables for c in t._cells)


def test_empty_assessment_and_unknown_language(demo: tuple[Evaluation, Evaluation]) -> None:
    current = demo[1]
    empty = evaluate(current.framework, dataclasses.replace(current.assessment, answers={}))
    ctx = build_context(empty, lang="fr")
    assert ctx.plan == () and ctx.plan_empty
    assert "<svg" not in render_html(ctx)
    assert render_docx(ctx).startswith(b"PK")
    with pytest.raises(ValueError, match="unsupported language"):
        build_context(current, lang="de")

"""The document layer (Typst): user text stays text, fonts come from the package, structure.

Hostile strings go through the real report template in every place a user writes: the
administration's name (cover, footer, metadata), comments, evidence notes, a not-applicable
reason and a plan owner. PDFs are read back with poppler (pdftotext, pdffonts, pdftohtml,
pdftoppm), which CI must have.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from gcat.core.assessment import Answer
from gcat.core.evaluation import Evaluation, evaluate
from gcat.core.records import Tracking
from gcat.documents import compile_pdf, template_messages, to_data
from gcat.i18n import catalog
from gcat.reports import build_context, render_pdf

HOSTILE = (
    '#import "/gcat.typ": *',
    '#read("/etc/passwd")',
    "#let x = 1",
    '#panic("boom")',
    "] ) } [",
    "$x^2$",
    "*bold* _slanted_",
    "<label> @ref",
    "= not a heading",
    "`raw` \\ back\\slash",
    "#set page(fill: red)",
    "שלום עולם",
    "مرحبا بالعالم",
    "😀 🌱 ✅",
    '"}, "injected": {"',
)
OWNER = "Bureau #3 [Légal] & <Contentieux> $1"
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# The package's fonts, and the ones inside the typst wheel that Typst falls back on.
ALLOWED_FONTS = ("Carlito", "NotoEmoji", "LibertinusSerif", "DejaVuSansMono", "NewCM")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI")
        pytest.skip(f"{name} is not installed")
    return found


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=120).stdout


def _text(path: Path) -> str:
    """The PDF's text with bidi marks removed and every run of white space as one space."""
    raw = _run(_tool("pdftotext"), "-enc", "UTF-8", str(path), "-")
    return " ".join(BIDI.sub("", raw).replace("\u00a0", " ").split())


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def hostile_pdf(demo: tuple[Evaluation, Evaluation], tmp_path_factory: pytest.TempPathFactory):
    previous, current = demo
    answers = dict(current.assessment.answers)
    answers["PL-01"] = dataclasses.replace(
        answers["PL-01"], comment=" ".join(HOSTILE), evidence=HOSTILE
    )
    answers["FA-03"] = Answer(not_applicable=True, reason=HOSTILE[1] + " " + HOSTILE[4])
    assessment = dataclasses.replace(
        current.assessment, administration=f"{HOSTILE[10]} {HOSTILE[0]}", answers=answers
    )
    evaluation = evaluate(current.framework, assessment)
    tracking = {
        item.indicator_id: Tracking(owner=OWNER, due=date(2026, 6, 30), status="in_progress")
        for item in evaluation.plan.items
    }
    ctx = build_context(
        evaluation, lang="fr", previous=previous, tracking=tracking, generated_on=date(2026, 3, 2)
    )
    path = tmp_path_factory.mktemp("documents") / "hostile.pdf"
    path.write_bytes(render_pdf(ctx))
    return path


def test_hostile_text_comes_out_literally(hostile_pdf: Path) -> None:
    text = _text(hostile_pdf)
    squeezed = _squeezed(text)
    for item in HOSTILE:
        # pdftotext guesses spaces from the gaps between glyphs: compare the characters.
        assert _squeezed(item) in squeezed, item
    for item in HOSTILE[:3] + HOSTILE[5:11]:
        assert item in text, item  # the markup-looking ones, exactly
    assert OWNER in text
    assert f"{HOSTILE[10]} {HOSTILE[0]}" in text  # the cover
    info = _run(_tool("pdfinfo"), str(hostile_pdf))
    assert "#set page(fill: red)" in info  # the title and author metadata, as text


def test_hostile_text_runs_nothing(hostile_pdf: Path, tmp_path: Path) -> None:
    text = _text(hostile_pdf)
    assert "root:x:0:0" not in text  # #read did not read
    assert "boom" in text  # #panic did not stop the document
    assert "injected" in text  # the JSON carrying the data was not broken out of
    _run(
        _tool("pdftoppm"),
        "-r",
        "20",
        "-png",
        "-f",
        "3",
        "-l",
        "3",
        str(hostile_pdf),
        str(tmp_path / "p"),
    )
    (image,) = tmp_path.glob("p-*.png")
    with Image.open(image) as page:
        assert page.convert("RGB").getpixel((2, 2)) == (255, 255, 255)  # no red page


def test_fonts_are_embedded_and_come_from_the_package(hostile_pdf: Path) -> None:
    rows = [row.split() for row in _run(_tool("pdffonts"), str(hostile_pdf)).splitlines()[2:]]
    names = [row[0].split("+", 1)[-1] for row in rows]
    assert all(row[-5] == "yes" for row in rows), rows  # emb, counted from the right
    assert {"Carlito", "Carlito-Bold", "NotoEmoji-Regular"} <= set(names), names
    assert all(name.startswith(ALLOWED_FONTS) for name in names), names


def test_outline_and_page_count(demo: tuple[Evaluation, Evaluation], tmp_path: Path) -> None:
    previous, current = demo
    ctx = build_context(current, lang="es", previous=previous, generated_on=date(2026, 3, 2))
    path = tmp_path / "es.pdf"
    path.write_bytes(render_pdf(ctx))
    xml = _run(_tool("pdftohtml"), "-xml", "-stdout", "-i", "-q", str(path))
    bookmarks = re.findall(r'<item page="(\d+)">([^<]+)</item>', xml)
    titles = [title for _, title in bookmarks]
    assert titles[0] == "Resumen ejecutivo" and "Anexo: metodología" in titles
    assert all(d.title in titles for d in ctx.details)  # level 2 under the detail and the plan
    assert len(bookmarks) == 5 + 2 * len(ctx.details) + 5
    pages = int(re.search(r"Pages:\s+(\d+)", _run(_tool("pdfinfo"), str(path)))[1])
    assert 12 <= pages <= 20
    assert all(3 <= int(page) <= pages for page, _ in bookmarks)


def test_oversized_notes_run_onto_the_next_pages(
    demo: tuple[Evaluation, Evaluation], tmp_path: Path
) -> None:
    """An indicator with notes longer than a page breaks across pages instead of losing text."""
    sentence = "Le registre Zébrinet recense les certificats CITES et les licences SAO. "
    note = (sentence * 80)[:5000]  # the longest note an answers file accepts
    current = demo[1]
    answers = dict(current.assessment.answers)
    answers["PL-03"] = dataclasses.replace(answers["PL-03"], comment=note, evidence=(note,) * 4)
    evaluation = evaluate(
        current.framework, dataclasses.replace(current.assessment, answers=answers)
    )
    path = tmp_path / "long.pdf"
    path.write_bytes(render_pdf(build_context(evaluation, lang="fr")))
    assert _text(path).count("Zébrinet") == 5 * note.count("Zébrinet")  # every note, whole


def test_radar_is_vector(demo: tuple[Evaluation, Evaluation], tmp_path: Path) -> None:
    """The SVG radar embeds as vector graphics: the report holds no raster image."""
    path = tmp_path / "en.pdf"
    path.write_bytes(render_pdf(build_context(demo[1], lang="en")))
    assert len(_run(_tool("pdfimages"), "-list", str(path)).splitlines()) == 2  # header only


def test_concurrent_documents(demo: tuple[Evaluation, Evaluation]) -> None:
    """The web app renders from worker threads: one compiler, one document at a time."""
    contexts = [build_context(demo[1], lang=lang) for lang in ("en", "fr", "es", "fr")]
    results: dict[int, bytes] = {}

    def work(n: int) -> None:
        results[n] = render_pdf(contexts[n])

    threads = [threading.Thread(target=work, args=(n,)) for n in range(len(contexts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1, 2, 3]
    assert all(pdf.startswith(b"%PDF-") for pdf in results.values())


@dataclass(frozen=True)
class _Row:
    name: str
    values: tuple[float | None, ...]


def test_to_data() -> None:
    data = {"rows": (_Row("a", (1.5, None)),), "flag": True, "n": 3}
    assert to_data(data, str.upper) == {
        "rows": [{"name": "A", "values": [1.5, None]}],
        "flag": True,
        "n": 3,
    }
    with pytest.raises(TypeError, match="date"):
        to_data({"when": date(2026, 1, 1)})


def test_templates_and_their_messages() -> None:
    english = catalog("en")
    codes = template_messages("report")
    assert "reports.summary" in codes and codes <= set(english)
    for name in ("../report", "nope", "Report", "report.typ"):
        with pytest.raises(ValueError, match="no document template"):
            compile_pdf(name, {})


def test_compiler_loads_with_the_first_pdf() -> None:
    """Importing the report and document modules loads neither Typst nor the other renderers."""
    code = (
        "import sys, gcat.documents, gcat.reports, gcat.reports.pdf; "
        "print(sorted(m for m in ('typst', 'docx', 'jinja2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "[]"

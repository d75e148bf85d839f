"""The survey report as HTML, XLSX and DOCX (PDF: see :func:`render_pdf`)."""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from gcat.exchange.cells import looks_like_formula
from gcat.survey.validation import Validation
from gcat.survey.view import SurveyView, summary_line

__all__ = [
    "render_docx",
    "render_html",
    "render_validation_docx",
    "render_validation_html",
    "render_xlsx",
    "safe_cell",
]


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("gcat.survey", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(view: SurveyView) -> str:
    """The report as one self-contained HTML page (texts escaped, charts inline SVG)."""
    charts = {name: Markup(svg) for name, svg in view.charts.items()}  # noqa: S704 (our SVG, texts escaped)
    return (
        _environment()
        .get_template("report.html")
        .render(v=view, t=view.t, charts=charts, summary=summary_line(view))
    )


def safe_cell(value: Any) -> Any:
    """A cell value a spreadsheet will not run: text read as a formula gets a leading quote."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def render_xlsx(view: SurveyView) -> bytes:
    """The report's tables, one sheet each (plain values, formula prefixes neutralised)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.worksheets[0])
    t = view.t
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        (
            t("survey.participation"),
            [
                t("survey.region"),
                t("survey.members"),
                t("survey.responded"),
                t("survey.rate"),
                t("survey.with_initiatives"),
                t("survey.consenting"),
            ],
            [
                [
                    line.name,
                    line.row.members,
                    line.row.responded,
                    line.row.rate,
                    line.row.with_initiatives,
                    line.row.consenting,
                ]
                for line in (*view.regions, view.total)
            ],
        ),
        (
            t("survey.by_area"),
            [
                t("survey.area"),
                t("survey.initiatives"),
                t("survey.members"),
                t("survey.share_members"),
            ],
            [list(row) for row in view.area_rows],
        ),
        (
            t("survey.by_domain"),
            [
                t("survey.domain"),
                t("survey.initiatives"),
                t("survey.members"),
                t("survey.share_members"),
            ],
            [list(row) for row in view.domain_rows],
        ),
        (
            t("survey.cross_table"),
            [
                t("survey.area"),
                *[view.region_short.get(line.row.region, line.name) for line in view.regions],
            ],
            [[name, *counts] for name, counts in view.cross_rows],
        ),
        (
            t("survey.follow_up"),
            [t("survey.member"), t("survey.region"), t("survey.initiative_titles")],
            [[name, region, "\n".join(titles)] for name, region, titles in view.consenting],
        ),
    ]
    for title, header, rows in sheets:
        sheet = book.create_sheet(title[:31].replace("/", "-"))
        start = 1
        if view.demo:
            sheet.cell(row=1, column=1, value=t("survey.demo_banner")).font = Font(bold=True)
            start = 3
        for j, name in enumerate(header, 1):
            sheet.cell(row=start, column=j, value=safe_cell(name)).font = Font(bold=True)
        for i, row in enumerate(rows, start + 1):
            for j, value in enumerate(row, 1):
                sheet.cell(row=i, column=j, value=safe_cell(value))
        sheet.column_dimensions["A"].width = 48
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bar_png(labels: list[str], values: list[float], title: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    figure, axes = plt.subplots(figsize=(6.5, 0.32 * len(labels) + 0.8), dpi=150)
    axes.barh(range(len(labels)), values, color="#2c7fb8")
    axes.set_yticks(range(len(labels)), labels=labels, fontsize=8)
    axes.invert_yaxis()
    axes.set_title(title, fontsize=9)
    axes.tick_params(axis="x", labelsize=8)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    plt.close(figure)
    return out.getvalue()


def render_docx(view: SurveyView) -> bytes:
    """The report as an editable Word document (real headings and tables, charts as images)."""
    import docx
    from docx.shared import Inches

    from gcat.reports.wordml import xml_text

    document = docx.Document()
    t = view.t
    if view.demo:
        document.add_paragraph().add_run(t("survey.demo_banner")).bold = True
    document.add_heading(xml_text(view.title), level=0)
    document.add_paragraph(xml_text(summary_line(view)))
    document.add_paragraph(xml_text(t("survey.member_list_used", list=view.member_list)))

    def table(header: list[str], rows: list[list[Any]]) -> None:
        grid = document.add_table(rows=1, cols=len(header))
        grid.style = "Table Grid"
        for cell, name in zip(grid.rows[0].cells, header, strict=True):
            cell.text = xml_text(name)
        for row in rows:
            cells = grid.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = xml_text(view.pct(value) if isinstance(value, float) else str(value))

    document.add_heading(xml_text(t("survey.participation")), level=1)
    table(
        [
            t("survey.region"),
            t("survey.members"),
            t("survey.responded"),
            t("survey.rate"),
            t("survey.with_initiatives"),
            t("survey.consenting"),
        ],
        [
            [
                line.name,
                line.row.members,
                line.row.responded,
                line.row.rate,
                line.row.with_initiatives,
                line.row.consenting,
            ]
            for line in (*view.regions, view.total)
        ],
    )
    document.add_picture(
        io.BytesIO(
            _bar_png(
                [view.region_short.get(line.row.region, line.name) for line in view.regions],
                [line.row.rate for line in view.regions],
                t("survey.chart_regions"),
            )
        ),
        width=Inches(6),
    )
    document.add_heading(xml_text(t("survey.by_area")), level=1)
    table(
        [t("survey.area"), t("survey.initiatives"), t("survey.members"), t("survey.share_members")],
        [list(r) for r in view.area_rows],
    )
    document.add_picture(
        io.BytesIO(
            _bar_png(
                [r[0] for r in view.area_rows],
                [float(r[1]) for r in view.area_rows],
                t("survey.chart_areas"),
            )
        ),
        width=Inches(6),
    )
    document.add_heading(xml_text(t("survey.by_domain")), level=1)
    table(
        [
            t("survey.domain"),
            t("survey.initiatives"),
            t("survey.members"),
            t("survey.share_members"),
        ],
        [list(r) for r in view.domain_rows],
    )
    document.add_heading(xml_text(t("survey.cross_table")), level=1)
    document.add_paragraph(xml_text(t("survey.cross_table_note")))
    table(
        [
            t("survey.area"),
            *[view.region_short.get(line.row.region, line.name) for line in view.regions],
        ],
        [[name, *counts] for name, counts in view.cross_rows],
    )
    document.add_heading(xml_text(t("survey.follow_up")), level=1)
    document.add_paragraph(xml_text(t("survey.follow_up_note", count=len(view.consenting))))
    table(
        [t("survey.member"), t("survey.region"), t("survey.initiative_titles")],
        [[name, region, "\n".join(titles)] for name, region, titles in view.consenting],
    )
    document.add_heading(xml_text(t("survey.limits")), level=1)
    for item in view.limits:
        document.add_paragraph(xml_text(item), style="List Bullet")
    document.core_properties.title = xml_text(view.title)[:250]
    document.core_properties.language = view.lang
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_validation_html(validation: Validation) -> str:
    """The framework validation as one self-contained HTML page."""
    return _environment().get_template("validation.html").render(v=validation, t=validation.t)


def render_validation_docx(v: Validation) -> bytes:
    """The framework validation as an editable Word document."""
    import docx

    from gcat.reports.wordml import xml_text

    document = docx.Document()
    t = v.t
    if v.demo:
        document.add_paragraph().add_run(t("survey.demo_banner")).bold = True
    document.add_heading(xml_text(t("crosswalk.title", year=v.year)), level=0)
    document.add_paragraph(
        xml_text(
            t(
                "crosswalk.intro",
                initiatives=v.initiatives,
                framework=v.framework,
                threshold=v.threshold,
            )
        )
    )

    def table(header: list[str], rows: list[list[str]]) -> None:
        grid = document.add_table(rows=1, cols=len(header))
        grid.style = "Table Grid"
        for cell, name in zip(grid.rows[0].cells, header, strict=True):
            cell.text = xml_text(name)
        for row in rows:
            for cell, value in zip(grid.add_row().cells, row, strict=True):
                cell.text = xml_text(value)

    for domain_id, name in v.domain_names.items():
        heading = f"{name} — {t('crosswalk.domain_count', count=v.domain_counts[domain_id])}"
        document.add_heading(xml_text(heading), level=1)
        table(
            [t("crosswalk.indicator"), t("survey.initiatives"), t("crosswalk.examples")],
            [
                [f"{r.indicator_id} {r.title}", str(r.count), "\n".join(r.examples)]
                for r in v.indicators
                if r.domain_id == domain_id
            ],
        )
    document.add_heading(xml_text(t("crosswalk.untouched")), level=1)
    document.add_paragraph(xml_text(t("crosswalk.untouched_note")))
    for r in v.untouched or ():
        document.add_paragraph(xml_text(f"{r.indicator_id} {r.title}"), style="List Bullet")
    if not v.untouched:
        document.add_paragraph(xml_text(t("crosswalk.none")))
    document.add_heading(xml_text(t("crosswalk.gaps")), level=1)
    document.add_paragraph(xml_text(t("crosswalk.gaps_note")))
    if v.gaps:
        table(
            [t("crosswalk.id"), t("crosswalk.initiative"), t("crosswalk.best_score")],
            [[ref, text, f"{best:.2f}"] for ref, text, best in v.gaps],
        )
    else:
        document.add_paragraph(xml_text(t("crosswalk.none")))
    document.add_heading(xml_text(t("crosswalk.coverage")), level=1)
    table(
        [t("survey.area"), *v.domain_names.values()],
        [
            [name, *(str(v.coverage[a][d]) for d in v.domain_names)]
            for a, name in v.area_names.items()
        ],
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

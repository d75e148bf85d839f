"""The released practices as a spreadsheet (XLSX) or CSV: one row per practice, then one row per
measurable result. Text a spreadsheet could run as a formula is neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook

from gcat.compendium.context import CompendiumContext
from gcat.exchange.csv_export import BOM, neutralise
from gcat.exchange.xlsx_layout import put
from gcat.i18n import message

__all__ = ["practice_rows", "render_csv", "render_xlsx", "result_rows"]


def _header(lang: str, codes: Sequence[str]) -> list[str]:
    return [message(code, lang) for code in codes]


_PRACTICE_COLUMNS = (
    "compendium.reference",
    "practices.label_member",
    "practices.label_region",
    "practices.label_title",
    "practices.label_lang",
    "practices.label_domains",
    "practices.label_thematic_areas",
    "practices.label_gcat_indicators",
    "practices.label_background",
    "practices.label_description",
    "practices.label_results",
    "practices.label_challenges",
    "practices.label_future_plans",
    "practices.label_links",
)
_RESULT_COLUMNS = (
    "compendium.reference",
    "practices.label_member",
    "practices.measure_indicator",
    "practices.measure_value",
    "practices.measure_unit",
    "practices.measure_baseline",
    "practices.measure_year",
)


def practice_rows(ctx: CompendiumContext) -> list[list[str]]:
    """The header and one row per practice."""
    rows = [_header(ctx.lang, _PRACTICE_COLUMNS)]
    for entry in ctx.practices:
        texts = {section.key: "\n".join(section.paragraphs) for section in entry.sections}
        rows.append(
            [
                entry.reference,
                entry.member,
                entry.region,
                entry.title,
                entry.lang,
                "; ".join(entry.domains),
                "; ".join(entry.areas),
                ", ".join(entry.indicators),
                texts.get("background", ""),
                texts.get("description", ""),
                texts.get("results", ""),
                texts.get("challenges", ""),
                texts.get("future_plans", ""),
                "\n".join(link.url for link in entry.links),
            ]
        )
    return rows


def result_rows(ctx: CompendiumContext) -> list[list[str]]:
    """The header and one row per measurable result."""
    rows = [_header(ctx.lang, _RESULT_COLUMNS)]
    rows += [
        [row.reference, row.member, row.indicator, row.value, row.unit, row.baseline, row.year]
        for row in ctx.results
    ]
    return rows


def render_csv(ctx: CompendiumContext) -> bytes:
    """The practices, a blank line, then the measurable results, as UTF-8 CSV with a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in practice_rows(ctx):
        writer.writerow([neutralise(cell) for cell in row])
    writer.writerow([])
    for row in result_rows(ctx):
        writer.writerow([neutralise(cell) for cell in row])
    return (BOM + buffer.getvalue()).encode("utf-8")


def render_xlsx(ctx: CompendiumContext) -> bytes:
    """A workbook with a sheet of practices and a sheet of measurable results."""
    book = Workbook()
    sheets = [book.active, book.create_sheet()]
    titles = [
        message("compendium.sheet_practices", ctx.lang),
        message("compendium.sheet_results", ctx.lang),
    ]
    for sheet, title, rows in zip(
        sheets, titles, (practice_rows(ctx), result_rows(ctx)), strict=True
    ):
        assert sheet is not None
        sheet.title = title[:31]
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                put(sheet, r, c, value)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

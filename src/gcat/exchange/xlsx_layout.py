"""Layout and cell helpers shared by the workbook export and import.

The workbook:

- **About**: administration, cycle, framework id and version in column B of rows 3–6, then
  how to fill in the workbook and the scoring rules.
- **One questionnaire sheet per domain in scope**: a title row, a header row, then one row per
  indicator (id, title, weight, level, the six level descriptors, N/A reason, target, evidence
  notes, comment, flag). Answer cells are unlocked; everything else is protected.
- **Results**: per domain and overall, formulas that apply exactly the engine's rules
  (docs/methodology.md), with the working columns beside them, and a bar chart.
- **gcat** (hidden): the schema, language, scope and which sheet holds which domain.

Sheets are protected without a password: protection keeps formulas from being overwritten by
mistake; it is not a security boundary.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from gcat.exchange.cells import looks_like_formula

SCHEMA = "gcat-workbook/1"
META_SHEET = "gcat"
NOT_APPLICABLE = "N/A"
# About sheet: the cells the importer reads.
ABOUT_ADMINISTRATION, ABOUT_CYCLE, ABOUT_FRAMEWORK, ABOUT_VERSION = "B3", "B4", "B5", "B6"
# Questionnaire sheets: header row, first indicator row and columns (1-based).
HEADER_ROW, FIRST_ROW = 2, 3
COL_ID, COL_TITLE, COL_WEIGHT, COL_LEVEL = 1, 2, 3, 4
COL_DESCRIPTORS = 5  # six columns, levels 0 to 5
COL_REASON, COL_TARGET, COL_EVIDENCE, COL_COMMENT, COL_FLAG = 11, 12, 13, 14, 15
# Results sheet: first domain row and the result columns.
RESULTS_FIRST_ROW = 5
RES_EVIDENCE_ROW_OFFSET = 2  # evidence coverage: two rows below the overall row

Value = str | float | None
GREEN = "1F5C3F"


def font(*, size: float = 10, bold: bool = False, color: str | None = None) -> Font:
    """Calibri (LibreOffice shows Carlito, with the same metrics)."""
    return Font(name="Calibri", size=size, bold=bold, color=color)


_THIN = Side(style="thin", color="B7C4BC")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)
_MIDDLE = Alignment(horizontal="center", vertical="center")
_LABEL = Alignment(wrap_text=True, vertical="center")
_INPUT = PatternFill("solid", fgColor="FFF7D6")
_GREY = PatternFill("solid", fgColor="F2F2F2")
_HEADER = PatternFill("solid", fgColor=GREEN)
# name: font, alignment, fill, number format, whether the cell is an answer cell (unlocked)
_STYLES: dict[str, tuple[Font, Alignment, PatternFill | None, str, bool]] = {
    "header": (font(bold=True, color="FFFFFF"), _CENTER, _HEADER, "General", False),
    "id": (font(bold=True), _CENTER, None, "General", False),
    "text": (font(), WRAP, None, "General", False),
    "center": (font(), _CENTER, None, "General", False),
    "descriptor": (font(size=9, color="333333"), WRAP, None, "General", False),
    "input": (font(), WRAP, _INPUT, "General", True),
    "input center": (font(), _CENTER, _INPUT, "General", True),
    "muted": (font(), WRAP, _GREY, "General", False),
    "label": (font(), _LABEL, None, "General", False),
    "result": (font(), _MIDDLE, None, "General", False),
    "score": (font(), _MIDDLE, None, "0.00", False),
    "total label": (font(bold=True), _LABEL, None, "General", False),
    "total": (font(bold=True), _MIDDLE, None, "General", False),
    "total score": (font(bold=True), _MIDDLE, None, "0.00", False),
    "calc": (font(size=9, color="555555"), _MIDDLE, _GREY, "0.##", False),
}
LINE_HEIGHT = 12.5  # points per line of 10-point text


def add_styles(wb: Workbook) -> None:
    """Register the named styles (``gcat header``, ``gcat input``…) that :func:`put` applies."""
    for name, (face, alignment, fill, number_format, answer) in _STYLES.items():
        style = NamedStyle(
            f"gcat {name}",
            font=face,
            alignment=alignment,
            border=_BORDER,
            number_format=number_format,
            protection=Protection(locked=not answer),
        )
        if fill is not None:
            style.fill = fill
        wb.add_named_style(style)


def quote_sheet(title: str) -> str:
    """``title`` quoted for use in a formula reference."""
    return "'" + title.replace("'", "''") + "'"


class Formula(str):
    """A formula written by the exporter itself; any other text is written as text."""

    __slots__ = ()


def put(ws: Worksheet, row: int, col: int, value: Value, style: str | None = None) -> Cell:
    """Write ``value`` in a cell with a named style; text is never taken as a formula."""
    cell = ws.cell(row, col)
    assert isinstance(cell, Cell)  # never a merged cell: values go to a range's first cell
    if style:
        cell.style = f"gcat {style}"
    if isinstance(value, str) and not isinstance(value, Formula):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        if looks_like_formula(value):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def formula_text(text: str) -> str:
    """``text`` as a string literal inside a formula."""
    return '"' + text.replace('"', '""') + '"'


def row_height(texts: Iterable[tuple[str, float, float]]) -> float:
    """Row height (points) for wrapped ``(text, column width, font size)`` cells; a rough fit."""
    tallest = 1.0
    for text, width, size in texts:
        per_line = max(width * 13.5 / size - 1, 4)
        lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
        tallest = max(tallest, lines * size * 1.3)
    return min(tallest + 5, 409)


def protect(ws: Worksheet) -> None:
    """Protect ``ws`` without a password; columns and rows may still be resized."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def page_setup(ws: Worksheet) -> None:
    """Landscape A4, as wide as the page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

"""Pilot feedback collected across members, for the framework's authors.

Each ``.gcat.json`` that a member exported with its feedback (opt-in) is checked like any
exchange file; the notes are then gathered per framework version, indicator and level: how
many administrations found the text unclear or not fitting, and what they wrote. Written as a
workbook (a summary sheet and a notes sheet, text never read as a formula) or a standalone,
escaped HTML page.
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gcat.exchange.cells import looks_like_formula
from gcat.exchange.exchange_import import read_exchange
from gcat.i18n import message
from gcat.reports.formatting import typography

__all__ = [
    "FeedbackCollection",
    "FeedbackItem",
    "SummaryRow",
    "collect_feedback",
    "feedback_html",
    "feedback_xlsx",
]

KIND_CODES = {"unclear": "feedback.kind_unclear", "does_not_fit": "feedback.kind_does_not_fit"}


@dataclass(frozen=True, slots=True)
class FeedbackItem:
    """One note, with the administration and cycle it came from."""

    version: str
    indicator_id: str
    title: str
    level: int | None
    kind: str
    note: str
    administration: str
    cycle: str


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """The notes on one text (an indicator, or one of its level descriptors) of one version."""

    version: str
    indicator_id: str
    title: str
    level: int | None
    unclear: int
    does_not_fit: int
    administrations: int


@dataclass(frozen=True, slots=True)
class FeedbackCollection:
    """Every note of the files, and the summary per text."""

    files: int
    items: tuple[FeedbackItem, ...]
    rows: tuple[SummaryRow, ...]


def collect_feedback(files: Sequence[tuple[str, bytes]], lang: str) -> FeedbackCollection:
    """The feedback of ``files`` ((name, bytes) of ``.gcat.json`` files), checked one by one."""
    items: list[FeedbackItem] = []
    files_frameworks: dict[str, tuple[str, ...]] = {}
    for name, data in files:
        framework, assessment, top = read_exchange(data, name)
        files_frameworks[framework.version] = tuple(framework.indicators)
        for entry in top.get("feedback", ()):
            indicator = framework.indicator(entry["indicator_id"])
            items.append(
                FeedbackItem(
                    framework.version,
                    indicator.id,
                    indicator.title.get(lang, indicator.title[framework.languages[0]]),
                    entry["level"],
                    entry["kind"],
                    entry["note"],
                    assessment.administration,
                    assessment.cycle,
                )
            )
    order = {
        (version, ind): n for version, ids in files_frameworks.items() for n, ind in enumerate(ids)
    }

    def place(i: FeedbackItem) -> tuple[str, int, int]:
        return (
            i.version,
            order.get((i.version, i.indicator_id), 0),
            -1 if i.level is None else i.level,
        )

    items.sort(key=place)
    rows: list[SummaryRow] = []
    for item in items:
        key = (item.version, item.indicator_id, item.level)
        if rows and (rows[-1].version, rows[-1].indicator_id, rows[-1].level) == key:
            continue
        same = [i for i in items if (i.version, i.indicator_id, i.level) == key]
        rows.append(
            SummaryRow(
                item.version,
                item.indicator_id,
                item.title,
                item.level,
                sum(1 for i in same if i.kind == "unclear"),
                sum(1 for i in same if i.kind == "does_not_fit"),
                len({i.administration for i in same}),
            )
        )
    return FeedbackCollection(len(files), tuple(items), tuple(rows))


def _level(level: int | None, lang: str) -> str:
    return (
        message("feedback.whole_indicator", lang)
        if level is None
        else message("feedback.level_n", lang, level=level)
    )


def _cell(sheet: Worksheet, row: int, col: int, value: str | int) -> None:
    cell = sheet.cell(row, col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    cell.alignment = Alignment(wrap_text=True, vertical="top")


_SUMMARY_COLUMNS = (
    "feedback.col_version",
    "feedback.col_indicator",
    "feedback.col_title",
    "feedback.col_level",
    "feedback.kind_unclear",
    "feedback.kind_does_not_fit",
    "feedback.col_administrations",
)
_NOTE_COLUMNS = (
    "feedback.col_version",
    "feedback.col_indicator",
    "feedback.col_title",
    "feedback.col_level",
    "feedback.col_kind",
    "feedback.col_note",
    "feedback.col_administration",
    "feedback.col_cycle",
)
_WIDE = ("feedback.col_title", "feedback.col_note")


def _sheet(
    sheet: Worksheet, columns: tuple[str, ...], rows: list[tuple[str | int, ...]], lang: str
) -> None:
    for col, code in enumerate(columns, start=1):
        _cell(sheet, 1, col, message(code, lang))
        sheet.cell(1, col).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(col)].width = 50 if code in _WIDE else 16
    sheet.freeze_panes = "A2"
    for n, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            _cell(sheet, n, col, value)


def feedback_xlsx(collection: FeedbackCollection, lang: str) -> bytes:
    """The collection as a workbook: a summary per text, then every note."""
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = message("feedback.sheet_summary", lang)[:31]
    _sheet(
        summary,
        _SUMMARY_COLUMNS,
        [
            (
                r.version,
                r.indicator_id,
                r.title,
                _level(r.level, lang),
                r.unclear,
                r.does_not_fit,
                r.administrations,
            )
            for r in collection.rows
        ],
        lang,
    )
    _sheet(
        wb.create_sheet(message("feedback.sheet_notes", lang)[:31]),
        _NOTE_COLUMNS,
        [
            (
                i.version,
                i.indicator_id,
                i.title,
                _level(i.level, lang),
                message(KIND_CODES[i.kind], lang),
                i.note,
                i.administration,
                i.cycle,
            )
            for i in collection.items
        ],
        lang,
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 70rem; margin: 1rem auto;
  padding: 0 1rem; color: #1d2329; }}
table {{ border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }}
th, td {{ border-bottom: 1px solid #c9d1da; padding: .3rem .5rem; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }}
th {{ background: #eaeff4; }}
</style></head><body>
<h1>{title}</h1>
<p>{intro}</p>
{body}
</body></html>
"""


def feedback_html(collection: FeedbackCollection, lang: str) -> str:
    """The collection as a standalone HTML page (every text escaped, no script)."""
    e = html.escape

    def t(code: str, **params: object) -> str:
        return e(typography(message(code, lang, **params), lang))

    parts: list[str] = []
    if not collection.rows:
        parts.append(f"<p>{t('feedback.none')}</p>")
    head = "".join(
        f'<th scope="col">{t(code)}</th>'
        for code in (
            "feedback.col_kind",
            "feedback.col_note",
            "feedback.col_administration",
            "feedback.col_cycle",
        )
    )
    for row in collection.rows:
        level = e(_level(row.level, lang))
        version = f"{t('feedback.col_version')} {e(row.version)}"
        parts.append(f"<h2>{e(row.indicator_id)} {e(row.title)} — {level} ({version})</h2>")
        counts = t(
            "feedback.counts",
            unclear=row.unclear,
            unfit=row.does_not_fit,
            administrations=row.administrations,
        )
        parts.append(f"<p>{counts}</p>")
        key = (row.version, row.indicator_id, row.level)
        body = "".join(
            f"<tr><td>{t(KIND_CODES[i.kind])}</td><td>{e(i.note) or '—'}</td>"
            f"<td>{e(i.administration)}</td><td>{e(i.cycle)}</td></tr>"
            for i in collection.items
            if (i.version, i.indicator_id, i.level) == key
        )
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return _PAGE.format(
        lang=e(lang),
        title=t("feedback.title"),
        intro=t("feedback.intro", files=collection.files, notes=len(collection.items)),
        body="\n".join(parts),
    )

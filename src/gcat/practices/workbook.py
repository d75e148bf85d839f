"""The practices workbook: one row per practice, drop-down lists for domains, areas, consent and
language; and its reader, which turns each row into a practice-file mapping.

Row 1 holds the field keys (hidden), row 2 the column titles in the member's language, and the
practices start on row 3. Problems name the sheet, row and cell.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from gcat.core.members import name_key
from gcat.core.model import Framework
from gcat.core.practices import NARRATIVE_KEYS, SECTION_KEYS
from gcat.errors import InputError, Problem
from gcat.exchange.archive import check_archive
from gcat.i18n import LANGUAGES, message
from gcat.limits import MAX_PRACTICE_ROWS
from gcat.practices.texts import COLUMN, HELP, LABEL, MEASURE
from gcat.yamlio import Document

__all__ = ["SHEET", "WorkbookRow", "workbook_rows", "xlsx_template"]

SHEET = "Practices"
_LISTS = "Lists"
FIRST_ROW = 3
MEASURES = 3
_SPLIT = re.compile(r"[,;\n]+")


def _columns() -> list[str]:
    keys = ["member", "contact_name", "contact_role", "contact_email", "contact_phone", "title"]
    keys += ["domain_1", "domain_2", "domain_3", "area_1", "area_2", "area_3", "gcat_indicators"]
    keys += ["background", "description", "results"]
    for n in range(1, MEASURES + 1):
        keys += [
            f"measure_{n}_{part}" for part in ("indicator", "value", "unit", "baseline", "year")
        ]
    keys += ["challenges", "future_plans", "links", "consent", "withheld", "lang"]
    return keys


COLUMNS = _columns()
_WIDE = {"background", "description", "results", "challenges", "future_plans", "links", "title"}


def _label(key: str, lang: str) -> str:

    def t(code: str, **params: object) -> str:
        return message(code, lang, **params)

    if key.startswith("measure_"):
        _, n, part = key.split("_", 2)
        return t("practices.column_measure", n=n, part=t(MEASURE[part]))
    if key.startswith("domain_"):
        return t("practices.column_domain", n=key.rsplit("_", 1)[1])
    if key.startswith("area_"):
        return t("practices.column_area", n=key.rsplit("_", 1)[1])
    return t(COLUMN[key])


def xlsx_template(framework: Framework, lang: str) -> bytes:
    """A workbook to fill in, one practice per row, in ``lang``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    lists = book.create_sheet(_LISTS)
    lists.sheet_state = "hidden"
    domains = [domain.title[lang] for domain in framework.domains]
    areas = [names[lang] for names in framework.thematic_areas.values()]
    consent = [message("practices.consent_yes", lang), message("practices.consent_no", lang)]
    languages = list(LANGUAGES)
    for column, values in enumerate((domains, areas, consent, languages), 1):
        for row, value in enumerate(values, 1):
            lists.cell(row=row, column=column, value=value)
    header_fill = PatternFill("solid", fgColor="1F3A5F")
    for index, key in enumerate(COLUMNS, 1):
        sheet.cell(row=1, column=index, value=key)
        title = sheet.cell(row=2, column=index, value=_label(key, lang))
        title.font = Font(bold=True, color="FFFFFF")
        title.fill = header_fill
        title.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = 48 if key in _WIDE else 18
    sheet.row_dimensions[1].hidden = True
    sheet.row_dimensions[2].height = 45
    sheet.freeze_panes = "B3"
    last = FIRST_ROW + MAX_PRACTICE_ROWS - 1

    def dropdown(source: str, keys: list[str], prompt: str) -> None:
        rule = DataValidation(type="list", formula1=source, allow_blank=True)
        rule.prompt = message(prompt, lang)
        rule.showInputMessage = True
        rule.error = message("practices.choose_from_list", lang)
        rule.showErrorMessage = True
        sheet.add_data_validation(rule)
        for key in keys:
            letter = get_column_letter(COLUMNS.index(key) + 1)
            rule.add(f"{letter}{FIRST_ROW}:{letter}{last}")

    dropdown(
        f"{_LISTS}!$A$1:$A${len(domains)}",
        ["domain_1", "domain_2", "domain_3"],
        "practices.help_domains",
    )
    dropdown(
        f"{_LISTS}!$B$1:$B${len(areas)}", ["area_1", "area_2", "area_3"], "practices.help_areas"
    )
    dropdown(f"{_LISTS}!$C$1:$C$2", ["consent"], "practices.help_consent")
    dropdown(f"{_LISTS}!$D$1:$D$3", ["lang"], "practices.help_lang")
    for row in range(FIRST_ROW, FIRST_ROW + 20):
        sheet.cell(
            row=row, column=COLUMNS.index("lang") + 1, value=lang if row == FIRST_ROW else None
        )
    instructions = book.create_sheet(message("practices.sheet_instructions", lang)[:31])
    instructions.column_dimensions["A"].width = 30
    instructions.column_dimensions["B"].width = 100
    lines = [
        ("", message("practices.template_intro", lang)),
        ("", message("practices.template_consent_note", lang)),
        ("", message("practices.xlsx_help", lang)),
    ]
    lines += [
        (_label(key, lang), _column_help(key, lang)) for key in COLUMNS if _column_help(key, lang)
    ]
    for row, (label, text) in enumerate(lines, 1):
        instructions.cell(row=row, column=1, value=label).font = Font(bold=True)
        cell = instructions.cell(row=row, column=2, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _column_help(key: str, lang: str) -> str:
    if key.startswith("measure_1_") and key.endswith("indicator"):
        return message("practices.help_measurable_results", lang)
    help_of = {
        "member": "practices.help_member",
        "contact_name": "practices.help_contact",
        "title": "practices.help_title",
        "domain_1": "practices.help_domains",
        "area_1": "practices.help_areas",
        "gcat_indicators": "practices.help_gcat_indicators",
        "withheld": "practices.help_withheld_xlsx",
        "consent": "practices.help_consent",
        "lang": "practices.help_lang",
        **{key: HELP[key] for key in (*NARRATIVE_KEYS, "links")},
    }
    return message(help_of[key], lang) if key in help_of else ""


@dataclass
class WorkbookRow:
    """One practice read from the workbook: its mapping as a document, and where its cells are."""

    row: int
    document: Document
    cells: dict[str, str] = field(default_factory=dict)

    def locate(self, problem: Problem, source: str) -> Problem:
        """``problem`` placed on its cell."""
        top = (problem.field or "").split(".")[0].split("[")[0]
        cell = self.cells.get(_CELL_OF.get(top, top), "")
        where = f"{cell} ({problem.field})" if cell else problem.field
        return Problem(
            problem.code,
            problem.params,
            source=f"{source}, sheet {SHEET}",
            line=self.row,
            field=where,
        )


_CELL_OF = {
    "contact": "contact_name",
    "domains": "domain_1",
    "thematic_areas": "area_1",
    "measurable_results": "measure_1_indicator",
}


@cache
def _withhold_names() -> dict[str, str]:
    """Section keys by their key or their label in any language."""
    names = {key: key for key in SECTION_KEYS}
    for key in SECTION_KEYS:
        for lang in LANGUAGES:
            names[name_key(message(LABEL[key], lang))] = key
    return names


def _read(data: bytes, source: str) -> Iterator[tuple[int, list[tuple[Any, bool]]]]:
    check_archive(data, source, "XLSX", {"[Content_Types].xml", "xl/workbook.xml"})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # a damaged or hostile workbook
        raise InputError(
            [Problem("members.bad_xlsx", {"reason": type(exc).__name__}, source=source)]
        ) from exc
    try:
        if SHEET not in book.sheetnames:
            raise InputError(
                [Problem("practices.not_workbook_template", {"sheet": SHEET}, source=source)]
            )
        rows = book[SHEET].iter_rows(
            max_row=FIRST_ROW + MAX_PRACTICE_ROWS, max_col=len(COLUMNS) + 5
        )
        for number, cells in enumerate(rows, 1):
            yield number, [(cell.value, getattr(cell, "data_type", None) == "f") for cell in cells]
    finally:
        book.close()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def workbook_rows(data: bytes, source: str) -> list[WorkbookRow]:
    """Every filled-in row of the workbook as a practice-file mapping."""
    keys: list[str] = []
    out: list[WorkbookRow] = []
    problems: list[Problem] = []
    for number, cells in _read(data, source):
        if number == 1:
            keys = [_text(value).strip() for value, _ in cells]
            if not {"member", "consent"} <= set(keys):
                raise InputError(
                    [Problem("practices.not_workbook_template", {"sheet": SHEET}, source=source)]
                )
            continue
        if number < FIRST_ROW or not any(_text(value).strip() for value, _ in cells):
            continue
        if number >= FIRST_ROW + MAX_PRACTICE_ROWS:
            raise InputError(
                [Problem("practices.too_many_rows", {"limit": MAX_PRACTICE_ROWS}, source=source)]
            )
        values: dict[str, Any] = {}
        where: dict[str, str] = {}
        for index, (value, formula) in enumerate(cells):
            key = keys[index] if index < len(keys) else ""
            if not key:
                continue
            cell = f"{get_column_letter(index + 1)}{number}"
            where[key] = cell
            if formula:
                problems.append(
                    Problem(
                        "members.formula",
                        {},
                        source=f"{source}, sheet {SHEET}",
                        line=number,
                        field=cell,
                    )
                )
            values[key] = value
        # lang is pre-filled on empty rows: a row with nothing but a language is not a practice
        if not any(_text(v).strip() for k, v in values.items() if k != "lang"):
            continue
        out.append(WorkbookRow(number, Document(_mapping(values), {}, source), where))
    if problems:
        raise InputError(problems)
    return out


def _mapping(values: dict[str, Any]) -> dict[str, Any]:
    def text(key: str) -> str:
        return _text(values.get(key)).strip()

    measures = []
    for n in range(1, MEASURES + 1):
        item = {
            part: values.get(f"measure_{n}_{part}")
            for part in ("indicator", "value", "unit", "baseline", "year")
        }
        if any(_text(value).strip() for value in item.values()):
            measures.append({k: v for k, v in item.items() if _text(v).strip()})
    withheld = [
        _withhold_names().get(name_key(part), part.strip())
        for part in _SPLIT.split(text("withheld"))
        if part.strip()
    ]
    return {
        "member": text("member"),
        "contact": {part: text(f"contact_{part}") for part in ("name", "role", "email", "phone")},
        "title": text("title"),
        "domains": [text(f"domain_{n}") for n in (1, 2, 3) if text(f"domain_{n}")],
        "thematic_areas": [text(f"area_{n}") for n in (1, 2, 3) if text(f"area_{n}")],
        "gcat_indicators": [
            part.strip() for part in _SPLIT.split(text("gcat_indicators")) if part.strip()
        ],
        "background": _text(values.get("background")),
        "description": _text(values.get("description")),
        "results": _text(values.get("results")),
        "measurable_results": measures,
        "challenges": _text(values.get("challenges")),
        "future_plans": _text(values.get("future_plans")),
        "links": [line.strip() for line in re.split(r"[\n\s]+", text("links")) if line.strip()],
        "consent": text("consent") or None,
        "withheld": withheld,
        "lang": text("lang").lower(),
    }

"""Export an assessment as a workbook: About, Results, one questionnaire sheet per domain."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from gcat.core.assessment import Answer
from gcat.core.evaluation import Evaluation
from gcat.core.model import Domain, Framework
from gcat.exchange.xlsx_layout import (
    ABOUT_ADMINISTRATION,
    ABOUT_CYCLE,
    ABOUT_FRAMEWORK,
    ABOUT_VERSION,
    COL_COMMENT,
    COL_DESCRIPTORS,
    COL_EVIDENCE,
    COL_FLAG,
    COL_ID,
    COL_LEVEL,
    COL_REASON,
    COL_TARGET,
    COL_TITLE,
    COL_WEIGHT,
    FIRST_ROW,
    GREEN,
    HEADER_ROW,
    LINE_HEIGHT,
    META_SHEET,
    NOT_APPLICABLE,
    SCHEMA,
    WRAP,
    Value,
    add_styles,
    font,
    formula_text,
    page_setup,
    protect,
    put,
    row_height,
)
from gcat.exchange.xlsx_results import write_results
from gcat.i18n import message
from gcat.limits import MAX_TEXT as MAX_NOTE

__all__ = ["export_workbook"]

_MAX_SHEET_TITLE = 31
_WIDTHS = {
    COL_ID: 8,
    COL_TITLE: 32,
    COL_WEIGHT: 12,
    COL_LEVEL: 9,
    COL_REASON: 26,
    COL_TARGET: 8,
    COL_EVIDENCE: 34,
    COL_COMMENT: 28,
    COL_FLAG: 10,
} | {COL_DESCRIPTORS + level: 30 for level in range(6)}


def export_workbook(evaluation: Evaluation, lang: str) -> bytes:
    """The assessment of ``evaluation`` as an ``.xlsx`` workbook in ``lang``."""
    framework, assessment = evaluation.framework, evaluation.assessment
    domains = assessment.domains_in_scope(framework)
    wb = Workbook()
    add_styles(wb)
    about = wb.active
    assert about is not None
    about.title = _sheet_title(message("xlsx.sheet_about", lang), set())
    taken = {about.title, META_SHEET}
    results_title = _sheet_title(message("xlsx.sheet_results", lang), taken)
    taken.add(results_title)
    sheets: list[tuple[Domain, Worksheet]] = []
    for domain in domains:
        ws = wb.create_sheet(_sheet_title(domain.title[lang], taken))
        taken.add(ws.title)
        _questionnaire(ws, framework, domain, assessment.answers, lang)
        sheets.append((domain, ws))
    _about(about, evaluation, lang, domains)
    write_results(wb.create_sheet(results_title, 1), framework, sheets, lang)
    _meta(wb.create_sheet(META_SHEET), lang, assessment.domains, sheets, about.title)
    wb.calculation.fullCalcOnLoad = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_title(text: str, taken: set[str]) -> str:
    """A valid, unused sheet title from ``text`` (at most 31 characters, no ``[]:*?/\\``)."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in text).strip(" '")
    if len(clean) > _MAX_SHEET_TITLE:
        clean = clean[: _MAX_SHEET_TITLE - 1].rstrip() + "…"
    title, n = clean, 2
    while title.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        title, n = clean[: _MAX_SHEET_TITLE - len(suffix)] + suffix, n + 1
    return title


def _list(choices: Sequence[str], lang: str, title: str, error: str) -> DataValidation:
    return DataValidation(
        type="list",
        formula1=formula_text(",".join(choices)),
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=message(title, lang)[:32],
        error=message(error, lang),
    )


def _questionnaire(
    ws: Worksheet, framework: Framework, domain: Domain, answers: Mapping[str, Answer], lang: str
) -> None:
    """One domain's questionnaire: a row per indicator, answers prefilled."""
    put(ws, 1, 1, f"{domain.code} — {domain.title[lang]}").font = font(bold=True, size=13)
    ws.row_dimensions[1].height = 22
    headers = {
        COL_ID: message("xlsx.col_id", lang),
        COL_TITLE: message("xlsx.col_indicator", lang),
        COL_WEIGHT: message("xlsx.col_weight", lang),
        COL_LEVEL: message("xlsx.col_level", lang),
        COL_REASON: message("xlsx.col_reason", lang),
        COL_TARGET: message("xlsx.col_target", lang),
        COL_EVIDENCE: message("xlsx.col_evidence", lang),
        COL_COMMENT: message("xlsx.col_comment", lang),
        COL_FLAG: message("xlsx.col_flag", lang),
    } | {COL_DESCRIPTORS + s.level: f"{s.level} · {s.name[lang]}" for s in framework.scale}
    for col, text in headers.items():
        put(ws, HEADER_ROW, col, text, "header")
        ws.column_dimensions[get_column_letter(col)].width = _WIDTHS[col]
    ws.row_dimensions[HEADER_ROW].height = 3 * LINE_HEIGHT + 4
    yes, no = message("xlsx.yes", lang), message("xlsx.no", lang)
    levels = [str(level) for level in range(6)]
    level_na = _list([*levels, NOT_APPLICABLE], lang, "xlsx.col_level", "xlsx.level_error")
    level_only = _list(levels, lang, "xlsx.col_level", "xlsx.level_only_error")
    target = _list(levels, lang, "xlsx.col_target", "xlsx.target_error")
    flag = _list([yes, no], lang, "xlsx.col_flag", "xlsx.flag_error")
    for dv in (level_na, level_only, target, flag):
        ws.add_data_validation(dv)
    for row, ind in enumerate(domain.indicators, start=FIRST_ROW):
        answer = answers.get(ind.id) or Answer()
        na_allowed = ind.not_applicable_allowed
        cells: list[tuple[int, Value, str]] = [
            (COL_ID, ind.id, "id"),
            (COL_TITLE, ind.title[lang], "text"),
            (COL_WEIGHT, ind.weight, "center"),
            (COL_LEVEL, NOT_APPLICABLE if answer.not_applicable else answer.level, "input center"),
            (COL_REASON, answer.reason, "input" if na_allowed else "muted"),
            (COL_TARGET, answer.target, "input center"),
            (COL_EVIDENCE, "\n".join(answer.evidence), "input"),
            (COL_COMMENT, answer.comment, "input"),
            (COL_FLAG, yes if answer.flagged else None, "input center"),
        ]
        cells += [
            (COL_DESCRIPTORS + n, text[lang], "descriptor") for n, text in enumerate(ind.levels)
        ]
        for col, value, style in cells:
            put(ws, row, col, None if value == "" else value, style)
        (level_na if na_allowed else level_only).add(ws.cell(row, COL_LEVEL))
        target.add(ws.cell(row, COL_TARGET))
        flag.add(ws.cell(row, COL_FLAG))
        if na_allowed and ind.not_applicable_when:
            _na_prompt(ws, row, ind.not_applicable_when[lang], lang)
        ws.row_dimensions[row].height = row_height(
            (str(value or ""), _WIDTHS[col], 9 if style == "descriptor" else 10)
            for col, value, style in cells
        )
    ws.freeze_panes = f"{get_column_letter(COL_DESCRIPTORS)}{FIRST_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    page_setup(ws)
    protect(ws)


def _na_prompt(ws: Worksheet, row: int, when: str, lang: str) -> None:
    """Show when "not applicable" may be chosen, as the input message of the reason cell."""
    dv = DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1=str(MAX_NOTE),
        allow_blank=True,
        showInputMessage=True,
        promptTitle=message("xlsx.na_when", lang)[:32],
        prompt=when if len(when) <= 250 else when[:249] + "…",
    )
    ws.add_data_validation(dv)
    dv.add(ws.cell(row, COL_REASON))


def _about(ws: Worksheet, evaluation: Evaluation, lang: str, domains: Sequence[Domain]) -> None:
    framework, assessment = evaluation.framework, evaluation.assessment
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 100
    title = put(ws, 1, 1, message("xlsx.title", lang, framework=framework.title[lang]))
    title.font = font(bold=True, size=14, color=GREEN)
    ws.row_dimensions[1].height = 24
    fields = (
        (ABOUT_ADMINISTRATION, "xlsx.administration", assessment.administration, "input"),
        (ABOUT_CYCLE, "xlsx.cycle", assessment.cycle, "input"),
        (ABOUT_FRAMEWORK, "xlsx.framework", framework.id, "text"),
        (ABOUT_VERSION, "xlsx.version", framework.version, "text"),
    )
    for ref, code, value, style in fields:
        row = ws[ref].row
        put(ws, row, 1, message(code, lang), "total label")
        put(ws, row, 2, value, style)
    put(ws, 7, 1, message("xlsx.scope", lang), "total label")
    put(ws, 7, 2, ", ".join(domain.title[lang] for domain in domains), "text")
    ws.row_dimensions[7].height = row_height([(str(ws["B7"].value), 90, 10)])
    sections = (
        (
            "xlsx.howto",
            (
                "xlsx.howto_sheets",
                "xlsx.howto_level",
                "xlsx.howto_na",
                "xlsx.howto_notes",
                "xlsx.howto_results",
                "xlsx.howto_import",
            ),
        ),
        (
            "xlsx.rules",
            (
                "score.rule_primary",
                "score.rule_alternative",
                "xlsx.rule_na",
                "xlsx.rule_overall",
                "xlsx.rule_completeness",
                "xlsx.rule_protection",
            ),
        ),
    )
    row = 9
    for heading, items in sections:
        put(ws, row, 1, message(heading, lang)).font = font(bold=True, size=12, color=GREEN)
        ws.row_dimensions[row].height = 20
        row += 1
        for number, code in enumerate(items, start=1):
            text = f"{number}. {message(code, lang)}"
            put(ws, row, 1, text).alignment = WRAP
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
            ws.row_dimensions[row].height = row_height(
                [(text, 115, 10)]
            )  # merged A:B, 130 wide, less word-wrap slack
            row += 1
        row += 1
    page_setup(ws)
    protect(ws)


def _meta(
    ws: Worksheet,
    lang: str,
    scope: tuple[str, ...] | None,
    sheets: Sequence[tuple[Domain, Worksheet]],
    about_title: str,
) -> None:
    """The hidden sheet the importer starts from."""
    rows: list[tuple[str, str]] = [
        ("schema", SCHEMA),
        ("language", lang),
        ("about", about_title),
        ("domains", "*" if scope is None else ",".join(scope)),
    ]
    rows += [(domain.id, sheet.title) for domain, sheet in sheets]
    for row, (key, value) in enumerate(rows, start=1):
        put(ws, row, 1, key)
        put(ws, row, 2, value)
    ws.sheet_state = "hidden"
    protect(ws)

"""The Results sheet: live formulas that score the questionnaire sheets as the engine does."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gcat.core.model import Domain, Framework
from gcat.exchange.xlsx_layout import (
    FIRST_ROW,
    GREEN,
    LINE_HEIGHT,
    RES_EVIDENCE_ROW_OFFSET,
    RESULTS_FIRST_ROW,
    WRAP,
    Formula,
    Value,
    font,
    formula_text,
    page_setup,
    protect,
    put,
    quote_sheet,
    row_height,
)
from gcat.i18n import message

__all__ = ["write_results"]


def write_results(
    ws: Worksheet, framework: Framework, sheets: Sequence[tuple[Domain, Worksheet]], lang: str
) -> None:
    """Per-domain and overall results as live formulas, with the working columns beside them."""
    first, last = RESULTS_FIRST_ROW, RESULTS_FIRST_ROW + len(sheets) - 1
    overall = last + 1
    coverage = overall + RES_EVIDENCE_ROW_OFFSET
    share, shortfall = f"$B${coverage + 3}", f"$B${coverage + 4}"
    put(ws, 1, 1, message("xlsx.results_title", lang)).font = font(bold=True, size=14, color=GREEN)
    put(ws, 2, 1, message("xlsx.results_note", lang)).alignment = WRAP
    ws.merge_cells("A2:H2")
    ws.row_dimensions[2].height = 30
    put(ws, 3, 10, message("xlsx.calc", lang)).font = font(bold=True, size=10, color="555555")
    headers = [
        message("score.domain", lang),
        message("score.score", lang),
        message("score.level", lang),
        message("score.level_noncompensatory", lang),
        message("xlsx.col_completeness", lang),
        message("score.answered", lang),
        message("xlsx.col_na", lang),
        message("xlsx.col_total", lang),
        None,
        message("xlsx.col_weight_answered", lang),
        message("xlsx.col_weighted_sum", lang),
        message("xlsx.col_lowest", lang),
        *(message("xlsx.col_weight_at", lang, level=k) for k in range(1, 6)),
        message("xlsx.col_high", lang),
        message("xlsx.col_high_evidence", lang),
    ]
    for col, text in enumerate(headers, start=1):
        if text is not None:
            put(ws, first - 1, col, text, "header")
        ws.column_dimensions[get_column_letter(col)].width = 12
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["I"].width = 3
    ws.row_dimensions[first - 1].height = 4 * LINE_HEIGHT + 4
    for row, (domain, sheet) in enumerate(sheets, start=first):
        _domain_row(ws, row, domain, sheet, share, shortfall, lang)
    _overall_rows(ws, framework, first, last, share, shortfall, lang)
    _chart(ws, first, last, coverage + 8, lang)
    page_setup(ws)
    protect(ws)


def _domain_row(
    ws: Worksheet,
    row: int,
    domain: Domain,
    sheet: Worksheet,
    share: str,
    shortfall: str,
    lang: str,
) -> None:
    """A domain's results; columns J–S hold the working (weights per level, counts)."""
    q = quote_sheet(sheet.title)
    end = FIRST_ROW + len(domain.indicators) - 1
    weights = f"{q}!$C${FIRST_ROW}:$C${end}"
    levels = f"{q}!$D${FIRST_ROW}:$D${end}"
    evidence = f"{q}!$M${FIRST_ROW}:$M${end}"
    numeric = f"ISNUMBER({levels})"
    # strict level: the highest k (1–5) not more than `shortfall` above the lowest level with
    # at least `share` of the answered weight at k or above (columns M–Q); 0 when none
    strict = ",".join(
        f"{k}*({k}<=L{row}+{shortfall})*({get_column_letter(12 + k)}{row}>={share}*J{row}-1E-9)"
        for k in range(1, 6)
    )
    cells: list[tuple[int, Value, str]] = [
        (1, domain.title[lang], "label"),
        (2, Formula(f'=IF(J{row}=0,"",ROUND(K{row}/J{row},2))'), "score"),
        (3, Formula(f'=IF(B{row}="","",INT(B{row}))'), "result"),
        (4, Formula(f'=IF(J{row}=0,"",MAX(0,{strict}))'), "result"),
        (5, Formula(f"=ROUND(100*F{row}/H{row},2)"), "score"),
        (6, Formula(f"=COUNT({levels})+G{row}"), "result"),
        (7, Formula(f'=COUNTIF({levels},"N/A")+COUNTIF({levels},"na")'), "result"),
        (8, len(domain.indicators), "result"),
        (10, Formula(f"=SUMPRODUCT({numeric}*{weights})"), "calc"),
        (11, Formula(f"=SUMPRODUCT({weights},{levels})"), "calc"),
        (12, Formula(f'=IF(J{row}=0,"",MIN({levels}))'), "calc"),
        (18, Formula(f"=SUMPRODUCT({numeric}*({levels}>=3))"), "calc"),
        (
            19,
            Formula(f"=SUMPRODUCT({numeric}*({levels}>=3)*(LEN(TRIM(CLEAN({evidence})))>0))"),
            "calc",
        ),
    ]
    cells += [
        (12 + k, Formula(f"=SUMPRODUCT({numeric}*({levels}>={k})*{weights})"), "calc")
        for k in range(1, 6)
    ]
    for col, value, style in cells:
        put(ws, row, col, value, style)


def _overall_rows(
    ws: Worksheet,
    framework: Framework,
    first: int,
    last: int,
    share: str,
    shortfall: str,
    lang: str,
) -> None:
    """The overall row, evidence coverage, the confidence note and the rule parameters."""
    params = framework.scoring
    overall = last + 1
    coverage = overall + RES_EVIDENCE_ROW_OFFSET
    scores, stricts = f"B{first}:B{last}", f"D{first}:D{last}"
    overall_strict = ",".join(
        f"{k}*({k}<=MIN({stricts})+{shortfall})"
        f"*(SUMPRODUCT(ISNUMBER({stricts})*({stricts}>={k}))>={share}*COUNT({stricts})-1E-9)"
        for k in range(1, 6)
    )
    cells: list[tuple[int, Value, str]] = [
        (1, message("score.overall", lang), "total label"),
        (
            2,
            Formula(f'=IF(COUNT({scores})=0,"",ROUND(SUM({scores})/COUNT({scores}),2))'),
            "total score",
        ),
        (3, Formula(f'=IF(B{overall}="","",INT(B{overall}))'), "total"),
        (4, Formula(f'=IF(COUNT({stricts})=0,"",MAX(0,{overall_strict}))'), "total"),
        (5, Formula(f"=ROUND(100*F{overall}/H{overall},2)"), "total score"),
    ]
    cells += [
        (col, Formula(f"=SUM({c}{first}:{c}{last})"), "total" if col < 9 else "calc")
        for col, c in ((6, "F"), (7, "G"), (8, "H"), (18, "R"), (19, "S"))
    ]
    for col, value, style in cells:
        put(ws, overall, col, value, style)
    min_complete, min_evidence = f"$B${coverage + 5}", f"$B${coverage + 6}"
    low_completeness = formula_text(message("confidence.low_completeness", lang))
    low_evidence = formula_text(message("confidence.low_evidence", lang))
    rows: tuple[tuple[int, str, Value], ...] = (
        (
            coverage,
            "score.evidence_coverage",
            Formula(f'=IF(R{overall}=0,"",ROUND(100*S{overall}/R{overall},2))'),
        ),
        (
            coverage + 1,
            "xlsx.confidence",
            Formula(
                f'=IF(E{overall}<{min_complete},{low_completeness},"")'
                f'&IF(B{coverage}="","",IF(B{coverage}<{min_evidence},'
                f'IF(E{overall}<{min_complete}," ","")&{low_evidence},""))'
            ),
        ),
        (coverage + 3, "xlsx.param_share", params.noncompensatory_share),
        (coverage + 4, "xlsx.param_shortfall", params.noncompensatory_max_shortfall),
        (coverage + 5, "xlsx.param_completeness", params.min_completeness),
        (coverage + 6, "xlsx.param_evidence", params.min_evidence_coverage),
    )
    for row, code, value in rows:
        put(ws, row, 1, message(code, lang), "total label")
        put(ws, row, 2, value, "label")
        ws.row_dimensions[row].height = row_height([(message(code, lang), 40, 10)])
    ws.cell(coverage, 2).number_format = "0.00"
    ws.merge_cells(start_row=coverage + 1, start_column=2, end_row=coverage + 1, end_column=8)
    ws.row_dimensions[coverage + 1].height = 42


def _chart(ws: Worksheet, first: int, last: int, anchor_row: int, lang: str) -> None:
    """Horizontal bars: each domain's score and strict level on the 0–5 scale."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = message("xlsx.chart_title", lang)
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 5
    chart.y_axis.majorUnit = 1
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.scaling.orientation = "maxMin"
    chart.height = 3 + 1.2 * (last - first + 1)
    chart.width = 22
    for col in (2, 4):
        chart.add_data(
            Reference(ws, min_col=col, min_row=first - 1, max_row=last), titles_from_data=True
        )
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    ws.add_chart(chart, f"A{anchor_row}")

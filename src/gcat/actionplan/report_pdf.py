"""The committee report as PDF, set by Typst (``gcat/documents/typst/committee.typ``).

The report's texts travel as data and the charts as SVG: nothing a user typed is ever read as
Typst markup.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from gcat.actionplan.chart import status_bar_svg
from gcat.actionplan.report import CommitteeReport
from gcat.documents import compile_pdf, template_messages
from gcat.i18n import message
from gcat.reports.formatting import typography

__all__ = ["render_report_pdf"]

_TEMPLATE = "committee"
_PLACEHOLDER = re.compile(r"\{(page|pages)\}")
_TEXT_WIDTH_PT = 482  # A4 less 2 × 20 mm, in points
_PX_TO_PT = 0.75


def _page_of(lang: str) -> list[object]:
    pieces: list[object] = []
    for n, part in enumerate(_PLACEHOLDER.split(message("reports.page_of", lang))):
        if n % 2:
            pieces.append({"field": part})
        elif part:
            pieces.append(part)
    return pieces


def render_report_pdf(report: CommitteeReport) -> bytes:
    """The report as the bytes of a PDF file."""
    labels = dict(report.labels)
    labels |= {code: report.t(code) for code in template_messages(_TEMPLATE) if code not in labels}
    labels["apreport.as_of"] = message("apreport.as_of", report.lang, date="{date}")
    content: dict[str, Any] = {
        field: getattr(report, field)
        for field in (
            "lang",
            "title",
            "plan_title",
            "as_of",
            "notice",
            "summary",
            "by_pillar",
            "by_owner",
            "compared_with",
            "moves",
            "newly_blocked",
            "unblocked",
            "points",
            "overdue",
            "chart_title",
            "chart_description",
            "footer",
        )
    }
    chart_width = min(_TEXT_WIDTH_PT, report.chart.width * _PX_TO_PT)
    return compile_pdf(
        _TEMPLATE,
        {
            "report": content,
            "labels": labels,
            "page_of": _page_of(report.lang),
            "chart_width": round(chart_width),
        },
        images={
            "chart": report.chart_svg,
            "bar": status_bar_svg(report.counts, label=report.summary),
        },
        text=partial(typography, lang=report.lang),
    )

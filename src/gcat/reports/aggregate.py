"""The Secretariat's aggregate as a document: JSON, an Excel workbook or a standalone HTML page.

Renderers take the groups as :func:`gcat.policy.suppression.suppress` let them be shown; a
hidden group arrives without figures and is written as "fewer than k" (or "hidden to protect a
small group"), never computed here. Texts are escaped (HTML) or kept from being read as
formulas (Excel).
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gcat.exchange.cells import looks_like_formula
from gcat.i18n import message
from gcat.policy.suppression import Reason, Shown

__all__ = ["FORMATS", "AggregateDocument", "render_aggregate"]

FORMATS = {
    "json": ("application/json", ".json"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "html": ("text/html; charset=utf-8", ".html"),
}


@dataclass(frozen=True, slots=True)
class AggregateDocument:
    """What a document of the aggregate shows: the cycle's groups, the trend, and names."""

    cycle: str | None
    k: int
    groups: Sequence[Shown]
    trend: Sequence[tuple[str, Sequence[Shown]]]
    regions: Mapping[str, str]
    """Region id → name in the document's language (the world included)."""
    domains: Mapping[str, str]
    """Domain id → title in the document's language, in framework order."""
    lang: str
    data: Mapping[str, Any]
    """The JSON shape of the same aggregate (for the JSON format)."""


_PARTS = ("secretariat.median", "secretariat.q1", "secretariat.q3")


def _members(group: Shown, lang: str) -> str:
    if group.figures is not None:
        return str(group.figures.members)
    if group.reason is Reason.SMALL_GROUP:
        return message("secretariat.fewer_than", lang, k=group.k)
    return message("secretariat.hidden", lang)


def _cell(text: str) -> str:
    return "'" + text if looks_like_formula(text) else text


def _xlsx(doc: AggregateDocument) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    lang = doc.lang
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = message("secretariat.sheet_summary", lang)[:31]
    header = [message("secretariat.region", lang), message("secretariat.members", lang)]
    for title in doc.domains.values():
        for code in _PARTS:
            header.append(f"{title} — {message(code, lang)}")
    sheet.append([_cell(text) for text in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for group in doc.groups:
        row: list[Any] = [_cell(doc.regions.get(group.region, group.region)), _members(group, lang)]
        for domain_id in doc.domains:
            figures = group.figures.domains.get(domain_id) if group.figures else None
            spread = figures.score if figures else None
            row.extend(
                [round(spread.median, 2), round(spread.q1, 2), round(spread.q3, 2)]
                if spread
                else ["", "", ""]
            )
        sheet.append(row)
    trend = book.create_sheet(message("secretariat.sheet_trend", lang)[:31])
    trend.append(
        [
            _cell(message("secretariat.cycle", lang)),
            _cell(message("secretariat.region", lang)),
            _cell(message("secretariat.members", lang)),
            *[_cell(title) for title in doc.domains.values()],
        ]
    )
    for cycle, groups in doc.trend:
        for group in groups:
            medians = []
            for domain_id in doc.domains:
                figures = group.figures.domains.get(domain_id) if group.figures else None
                medians.append(round(figures.score.median, 2) if figures and figures.score else "")
            trend.append(
                [
                    _cell(cycle),
                    _cell(doc.regions.get(group.region, group.region)),
                    _members(group, lang),
                    *medians,
                ]
            )
    distribution = book.create_sheet(message("secretariat.sheet_distribution", lang)[:31])
    distribution.append(
        [
            _cell(message("secretariat.region", lang)),
            _cell(message("secretariat.indicator", lang)),
            *[str(level) for level in range(6)],
            _cell(message("secretariat.not_applicable", lang)),
        ]
    )
    for group in doc.groups:
        if group.figures is None:
            continue
        for indicator_id, counts in group.figures.distribution.items():
            distribution.append(
                [
                    _cell(doc.regions.get(group.region, group.region)),
                    _cell(indicator_id),
                    *[counts.get(str(level), 0) for level in range(6)],
                    counts.get("na", 0),
                ]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _html(doc: AggregateDocument) -> bytes:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("gcat.reports", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    lang = doc.lang
    page = env.get_template("aggregate.html").render(
        doc=doc,
        lang=lang,
        t=lambda code, **kw: message(code, lang, **kw),
        members=lambda group: _members(group, lang),
    )
    return page.encode("utf-8")


def render_aggregate(fmt: str, doc: AggregateDocument) -> bytes:
    """The aggregate in ``fmt`` (json, xlsx or html)."""
    if fmt == "json":
        return (json.dumps(doc.data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "xlsx":
        return _xlsx(doc)
    if fmt == "html":
        return _html(doc)
    raise ValueError(fmt)

"""The report as a PDF, set by Typst: A4, fonts embedded, text extractable, bookmarks.

The layout is ``gcat/documents/typst/report.typ``; this module hands it the report context as
data, with the labels the template shows, the level palette and the radar chart as SVG.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from gcat.charts import level_colour, level_text_colour
from gcat.documents import compile_pdf, template_messages
from gcat.reports.context import ReportContext
from gcat.reports.formatting import typography
from gcat.reports.radar import radar_chart

__all__ = ["render_pdf"]

_TEMPLATE = "report"
_PLACEHOLDER = re.compile(r"\{(page|pages)\}")


def render_pdf(ctx: ReportContext) -> bytes:
    """The report as PDF bytes."""
    radar = radar_chart(ctx)
    return compile_pdf(
        _TEMPLATE,
        {"ctx": ctx, "labels": _labels(ctx), "texts": _texts(ctx), "theme": _theme()},
        images={"radar": radar} if radar is not None else None,
        text=partial(typography, lang=ctx.lang),
    )


def _labels(ctx: ReportContext) -> dict[str, str]:
    """Every message the template shows with ``t("code")``, in the report's language."""
    return {code: ctx.t(code) for code in sorted(template_messages(_TEMPLATE))}


def _texts(ctx: ReportContext) -> dict[str, Any]:
    """The labels that take a value, and the page footer split around its page numbers."""
    t, previous = ctx.t, ctx.previous_cycle or ""
    pieces: list[object] = []
    for n, part in enumerate(_PLACEHOLDER.split(t("reports.page_of"))):
        if n % 2:
            pieces.append({"field": part})
        elif part:
            pieces.append(part)
    return {
        "title": f"{ctx.administration} — {t('reports.title')} — "
        + t("reports.cover_cycle", cycle=ctx.cycle),
        "cycle": t("reports.cover_cycle", cycle=ctx.cycle),
        "previous": t("reports.cover_previous", cycle=previous),
        "framework": t(
            "reports.framework_version", title=ctx.framework_title, version=ctx.framework_version
        ),
        "prepared": t("reports.prepared_with", version=ctx.gcat_version),
        "changes_heading": t("reports.changes_h", cycle=previous),
        "change_column": t("score.change", cycle=previous),
        "previous_column": t("reports.cover_cycle", cycle=previous),
        "page_of": pieces,
    }


def _theme() -> dict[str, Any]:
    """The level palette of ``gcat.charts``: (background, text) per level, and for no level."""
    return {
        "levels": [(level_colour(level), level_text_colour(level)) for level in range(6)],
        "no_level": (level_colour(None), level_text_colour(None)),
    }

"""The report as one self-contained HTML page, for the screen and the browser's print."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from gcat.charts import level_colour, level_text_colour
from gcat.reports.context import ReportContext
from gcat.reports.formatting import typography
from gcat.reports.radar import radar_chart

__all__ = ["render_html"]

_PLACEHOLDER = re.compile(r"\{(page|pages)\}")


def render_html(ctx: ReportContext) -> str:
    """The whole report as an HTML document with its stylesheet and chart inline."""
    return (
        _environment(ctx.lang)
        .get_template("report.html")
        .render(
            ctx=ctx,
            t=ctx.t,
            radar=_radar(ctx),
            stylesheet=Markup(_stylesheet() + _dynamic_css(ctx)),  # noqa: S704 (our own CSS)
        )
    )


@cache
def _environment(lang: str) -> Environment:
    def finalize(value: Any) -> Any:
        if isinstance(value, str) and not isinstance(value, Markup):
            return typography(value, lang)
        return value

    return Environment(
        loader=PackageLoader("gcat.reports", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=finalize,
    )


@cache
def _stylesheet() -> str:
    return resources.files("gcat.reports").joinpath("templates", "report.css").read_text("utf-8")


def _dynamic_css(ctx: ReportContext) -> str:
    """The level palette as classes, and the page footer in the report's language."""
    rules = [
        f".lv{level}{{background:{level_colour(level)};color:{level_text_colour(level)}}}"
        for level in range(6)
    ]
    rules.append(f".lvx{{background:{level_colour(None)};color:{level_text_colour(None)}}}")
    pieces = []
    for n, part in enumerate(_PLACEHOLDER.split(ctx.t("reports.page_of"))):
        if n % 2:
            pieces.append(f"counter({part})")
        elif part:
            pieces.append(_css_string(part))
    rules.append(
        "@page main{"
        f"@bottom-left{{content:{_css_string(ctx.running_title)}}}"
        f"@bottom-right{{content:{' '.join(pieces)}}}}}"
    )
    return "\n".join(rules)


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string: anything but letters, digits and spaces is escaped, so
    it can end neither the string nor the style element."""
    escaped = "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in text)
    return f'"{escaped}"'


def _radar(ctx: ReportContext) -> Markup | None:
    svg = radar_chart(ctx)
    return None if svg is None else Markup(svg)  # noqa: S704 (radar_svg escapes every text)

"""The committee report as one self-contained HTML page (styles and charts inline)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from gcat.actionplan.chart import status_bar_svg
from gcat.actionplan.report import CommitteeReport
from gcat.reports.formatting import typography

__all__ = ["render_report_html"]


def render_report_html(report: CommitteeReport) -> str:
    """The report as an HTML document; every text is escaped, the charts are our own SVG."""
    bar = status_bar_svg(report.counts, label=report.summary)
    return (
        _environment(report.lang)
        .get_template("committee.html")
        .render(
            r=report,
            chart=Markup(report.chart_svg),  # noqa: S704 (built by chart_svg, which escapes)
            bar=Markup(bar),  # noqa: S704 (built by status_bar_svg, which escapes)
            stylesheet=Markup(_stylesheet()),  # noqa: S704 (our own CSS)
        )
    )


@cache
def _environment(lang: str) -> Environment:
    def finalize(value: Any) -> Any:
        if isinstance(value, str) and not isinstance(value, Markup):
            return typography(value, lang)
        return value

    return Environment(
        loader=PackageLoader("gcat.actionplan", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=finalize,
    )


@cache
def _stylesheet() -> str:
    return resources.files("gcat.actionplan").joinpath("templates/committee.css").read_text("utf-8")

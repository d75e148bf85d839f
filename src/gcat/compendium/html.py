"""The Compendium as one self-contained HTML file: no script, its stylesheet inline, every text
escaped, and only http(s) links clickable."""

from __future__ import annotations

from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from gcat.compendium.context import CompendiumContext
from gcat.reports.formatting import typography

__all__ = ["render_html"]


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("gcat.compendium", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["typo"] = lambda text, lang: typography(str(text), lang)
    return environment


@cache
def _stylesheet() -> str:
    return resources.files("gcat.compendium").joinpath("templates", "style.css").read_text("utf-8")


def render_html(ctx: CompendiumContext) -> bytes:
    """The Compendium as an HTML document (UTF-8)."""
    page = (
        _environment()
        .get_template("compendium.html")
        .render(ctx=ctx, L=ctx.labels, stylesheet=Markup(_stylesheet()))  # noqa: S704 (our own CSS)
    )
    return page.encode("utf-8")

"""The help in the officer's language: the guide to the app, the methodology, the indicator
reference of every installed framework version, and the glossary of abbreviations."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from gcat.errors import NotFoundError
from gcat.frameworks import available_frameworks, load_framework
from gcat.frameworks.loader import DEFAULT_FRAMEWORK
from gcat.help import glossary, image, page_markdown
from gcat.reference_docs import indicators_markdown
from gcat.web import deps
from gcat.web.rendering import render

__all__ = ["HELP_PAGES", "router", "slug"]

router = APIRouter(include_in_schema=False)
Lang = Annotated[str, Depends(deps.language)]
HELP_PAGES = ("/help", "/help/methodology", "/help/indicators", "/help/glossary")
"""The help's own pages (the indicator reference also by version)."""


def slug(text: str) -> str:
    """A heading's anchor: lower case, letters and digits kept (accents too), spaces to
    hyphens, the rest dropped — as the guides' own contents links write them."""
    text = unicodedata.normalize("NFC", text).lower()
    kept = "".join(ch for ch in text if ch.isalnum() or ch in " -")
    return re.sub(r"\s+", "-", kept.strip())


@cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt  # only the help needs it: keep it off the start-up path

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def to_html(text: str) -> str:
    """Markdown as HTML (no raw HTML passes, comments are dropped), every heading with its
    anchor."""
    md = _markdown()
    tokens = md.parse(re.sub(r"<!--.*?-->", "", text, flags=re.S))  # notes for editors
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and index + 1 < len(tokens):
            token.attrSet("id", slug(tokens[index + 1].content))
    return str(md.renderer.render(tokens, md.options, {}))


def _page(request: Request, lang: str, page: str, html: str, **context: Any) -> HTMLResponse:
    return render(request, "help.html", lang, help_page=page, guide=html, **context)


@router.get("/help", response_class=HTMLResponse)
def guide(request: Request, lang: Lang) -> HTMLResponse:
    """The officer's guide to the app."""
    return _page(request, lang, "guide", to_html(page_markdown("guide", lang)))


@router.get("/help/methodology", response_class=HTMLResponse)
def methodology(request: Request, lang: Lang) -> HTMLResponse:
    """The maturity model, both scoring rules with a worked example, the plan, the sources."""
    return _page(request, lang, "methodology", to_html(page_markdown("methodology", lang)))


@router.get("/help/indicators", response_class=HTMLResponse)
def indicators(
    request: Request,
    lang: Lang,
    version: Annotated[str, Query(max_length=20, pattern=r"^[0-9A-Za-z._-]*$")] = "",
) -> HTMLResponse:
    """The indicator reference of an installed framework version (the default one first)."""
    framework_id, default = DEFAULT_FRAMEWORK
    versions = [v for fid, v in available_frameworks() if fid == framework_id]
    chosen = version or default
    if chosen not in versions:
        raise NotFoundError("framework.unknown", id=framework_id, version=chosen)
    framework = load_framework(framework_id, chosen)
    html = to_html(indicators_markdown(framework, lang))
    return _page(request, lang, "indicators", html, versions=versions, shown_version=chosen)


@router.get("/help/glossary", response_class=HTMLResponse)
def glossary_page(request: Request, lang: Lang) -> HTMLResponse:
    """The abbreviations the indicators use, and the terms a framework version defines."""
    defined = []
    for framework_id, version in available_frameworks():
        framework = load_framework(framework_id, version)
        if framework.glossary:
            defined.append(framework)
    return render(
        request,
        "glossary.html",
        lang,
        help_page="glossary",
        terms=sorted(glossary(), key=lambda term: term.label(lang).casefold()),
        defined=defined,
    )


@router.get("/help/images/{name}")
def help_image(name: str) -> Response:
    """A screenshot of the guide."""
    data = image(name)
    if data is None:
        raise NotFoundError("request.not_found", field="-", reason=name[:40])
    return Response(data, media_type="image/png", headers={"Cache-Control": "max-age=86400"})

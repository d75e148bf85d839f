"""The Compendium as a PDF, set by Typst (``gcat/documents/typst/compendium.typ``) from the
Compendium context as data: no user text is ever read as Typst markup.

Typst keeps what it laid out in a cache that lives as long as the process (the Python binding
never evicts it), about a megabyte per practice. A Compendium of more than
:data:`ISOLATE_FROM` practices is therefore set in a child process of its own, so that the app
gets that memory back when the PDF is done; a small one is set in-process, where the warm
compiler is fastest.
"""

from __future__ import annotations

import re
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from gcat.compendium.context import CompendiumContext
from gcat.documents import compile_pdf
from gcat.i18n import message
from gcat.reports.formatting import typography

__all__ = ["ISOLATE_FROM", "render_pdf"]

ISOLATE_FROM = 60
"""Practices from which the PDF is set in a child process."""
_PLACEHOLDER = re.compile(r"\{(page|pages)\}")


def _texts(ctx: CompendiumContext) -> dict[str, Any]:
    """Labels followed by a colon (French puts a space before it), the cover's kind and the
    page footer split around its page numbers."""
    lang = ctx.lang

    def label(key: str) -> str:
        return typography(message("label", lang, label=ctx.labels[key]), lang)

    pieces: list[object] = []
    for n, part in enumerate(_PLACEHOLDER.split(message("reports.page_of", lang))):
        if n % 2:
            pieces.append({"field": part})
        elif part:
            pieces.append(part)
    return {
        "organisation": message("compendium.subtitle", lang),
        "kind": message("compendium.kind", lang),
        "page_of": pieces,
        **{
            key: label(key)
            for key in ("member", "region", "domains", "areas", "indicators", "reference")
        },
    }


def _compile(ctx: CompendiumContext) -> bytes:
    return compile_pdf("compendium", {"ctx": ctx, "texts": _texts(ctx)})


def render_pdf(ctx: CompendiumContext) -> bytes:
    """The Compendium as PDF bytes."""
    if len(ctx.practices) < ISOLATE_FROM:
        return _compile(ctx)
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(_compile, ctx).result()

"""The Compendium as a PDF, set by Typst (``gcat/documents/typst/compendium.typ``) from the
Compendium context as data: no user text is ever read as Typst markup."""

from __future__ import annotations

import re
from typing import Any

from gcat.compendium.context import CompendiumContext
from gcat.documents import compile_pdf
from gcat.i18n import message
from gcat.reports.formatting import typography

__all__ = ["render_pdf"]

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


def render_pdf(ctx: CompendiumContext) -> bytes:
    """The Compendium as PDF bytes."""
    return compile_pdf("compendium", {"ctx": ctx, "texts": _texts(ctx)})

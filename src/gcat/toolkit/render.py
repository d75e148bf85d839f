"""The toolkit laid out: as a PDF set by Typst (``documents/typst/toolkit.typ``) and as an
editable Word document with real headings and a table of contents."""

from __future__ import annotations

import io
import re
from functools import partial
from typing import Any

from gcat.charts import level_colour, level_text_colour
from gcat.documents import compile_pdf, template_messages
from gcat.reports.formatting import typography
from gcat.toolkit.publish import ToolkitContext

__all__ = ["render_toolkit_docx", "render_toolkit_pdf"]

_TEMPLATE = "toolkit"
_PLACEHOLDER = re.compile(r"\{(page|pages)\}")


def _page_of(ctx: ToolkitContext) -> list[object]:
    pieces: list[object] = []
    for n, part in enumerate(_PLACEHOLDER.split(ctx.t("reports.page_of"))):
        if n % 2:
            pieces.append({"field": part})
        elif part:
            pieces.append(part)
    return pieces


def render_toolkit_pdf(ctx: ToolkitContext) -> bytes:
    """The toolkit as PDF bytes."""
    labels = {code: ctx.t(code) for code in sorted(template_messages(_TEMPLATE))}
    texts: dict[str, Any] = {
        "title": f"{ctx.title} {ctx.version} — {ctx.t('toolkit.kind')}",
        "version": ctx.t("toolkit.version_line", version=ctx.version),
        "page_of": _page_of(ctx),
    }
    theme = {"levels": [(level_colour(n), level_text_colour(n)) for n in range(6)]}
    return compile_pdf(
        _TEMPLATE,
        {"ctx": ctx, "labels": labels, "texts": texts, "theme": theme},
        text=partial(typography, lang=ctx.lang),
    )


def render_toolkit_docx(ctx: ToolkitContext) -> bytes:
    """The toolkit as the bytes of an editable ``.docx`` file."""
    from gcat.toolkit.render_docx import write_toolkit_docx

    out = io.BytesIO()
    write_toolkit_docx(ctx).save(out)
    return out.getvalue()

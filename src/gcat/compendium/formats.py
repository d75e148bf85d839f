"""The Compendium's formats, registered once: name, media type, file suffix, renderer.

The CLI, the app's downloads and the benchmark all read this table; the PDF renderer loads the
document layer only when a PDF is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gcat.compendium.context import CompendiumContext

__all__ = ["DOCUMENT_FORMATS", "FORMATS", "Format"]


@dataclass(frozen=True, slots=True)
class Format:
    """One output of the Compendium."""

    name: str
    media_type: str
    suffix: str
    render: Callable[[CompendiumContext], bytes] | None
    """None for the pack, which is written from the released views themselves."""


def _html(ctx: CompendiumContext) -> bytes:
    from gcat.compendium.html import render_html

    return render_html(ctx)


def _docx(ctx: CompendiumContext) -> bytes:
    from gcat.compendium.docx import render_docx

    return render_docx(ctx)


def _pdf(ctx: CompendiumContext) -> bytes:
    from gcat.compendium.pdf import render_pdf

    return render_pdf(ctx)


def _csv(ctx: CompendiumContext) -> bytes:
    from gcat.compendium.tables import render_csv

    return render_csv(ctx)


def _xlsx(ctx: CompendiumContext) -> bytes:
    from gcat.compendium.tables import render_xlsx

    return render_xlsx(ctx)


FORMATS: dict[str, Format] = {
    item.name: item
    for item in (
        Format("html", "text/html; charset=utf-8", ".html", _html),
        Format(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
            _docx,
        ),
        Format(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
            _xlsx,
        ),
        Format("pdf", "application/pdf", ".pdf", _pdf),
        Format("csv", "text/csv; charset=utf-8", ".csv", _csv),
        Format("pack", "application/json", ".gcat-pack.json", None),
    )
}
DOCUMENT_FORMATS = ("html", "docx", "pdf")

"""The report as a PDF (WeasyPrint): A4, fonts embedded, text extractable, bookmarks."""

from __future__ import annotations

from gcat.reports.context import ReportContext
from gcat.reports.html import render_html

__all__ = ["render_pdf"]


def render_pdf(ctx: ReportContext) -> bytes:
    """The report as PDF bytes, laid out from the same HTML as :func:`render_html`."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # slow to import: only here

    pdf: bytes = HTML(string=render_html(ctx)).write_pdf()
    return pdf

"""The committee report as PDF: for now WeasyPrint on the report's HTML.

The Typst document layer (``gcat.documents``) replaces this once it is on main.
"""

from __future__ import annotations

from gcat.actionplan.report import CommitteeReport
from gcat.actionplan.report_html import render_report_html

__all__ = ["render_report_pdf"]


def render_report_pdf(report: CommitteeReport) -> bytes:
    """The report as the bytes of a PDF file."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # slow to import: only here

    pdf: bytes = HTML(string=render_report_html(report)).write_pdf()
    return pdf

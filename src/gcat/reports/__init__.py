"""Reports: the assessment as an HTML page, a PDF and an editable Word document.

``build_context`` gathers what a report shows, in one language; the renderers lay it out.
WeasyPrint and matplotlib are imported only when a PDF or a chart image is made.
"""

from gcat.reports.context import ReportContext, TrackingLike, build_context
from gcat.reports.docx import render_docx
from gcat.reports.html import render_html
from gcat.reports.pdf import render_pdf

__all__ = [
    "ReportContext",
    "TrackingLike",
    "build_context",
    "render_docx",
    "render_html",
    "render_pdf",
]

"""Reports: the assessment as an HTML page, a PDF and an editable Word document.

``build_context`` gathers what a report shows, in one language; the renderers lay it out.
Each renderer loads on first use (python-docx, Jinja, the Typst compiler), so that importing
one format does not pay for the others.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from gcat.reports.context import ReportContext, TrackingLike, build_context

if TYPE_CHECKING:
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

_RENDERERS = {"render_docx": "docx", "render_html": "html", "render_pdf": "pdf"}


def __getattr__(name: str) -> Any:
    if name in _RENDERERS:
        return getattr(import_module(f"gcat.reports.{_RENDERERS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

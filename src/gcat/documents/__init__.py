"""The document layer: PDFs set by Typst from a template and data.

A document is a context (a dataclass of texts already in the document's language) and a Typst
template in ``documents/typst/`` built from the shared pieces of ``typst/gcat.typ``;
:func:`compile_pdf` sets one from the other. The Typst compiler loads with the first PDF.
"""

from gcat.documents.pdf import DocumentWarning, compile_pdf, template_messages, to_data

__all__ = ["DocumentWarning", "compile_pdf", "template_messages", "to_data"]

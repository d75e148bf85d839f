"""The Word report's page set-up, styles, footer and table of contents."""

from __future__ import annotations

import re
from typing import Protocol

from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from gcat.reports.formatting import typography
from gcat.reports.wordml import (
    add_bookmark,
    add_field,
    add_internal_link,
    field_parts,
    paragraph_after,
    set_document_settings,
    set_language,
    xml_text,
)

__all__ = [
    "FONT",
    "INK",
    "MUTED",
    "NAVY",
    "RULE",
    "TEXT_WIDTH",
    "FooterContext",
    "Headings",
    "add_footer",
    "set_up",
]

FONT = "Calibri"  # LibreOffice shows it with Carlito, which has the same metrics
NAVY = RGBColor(0x1F, 0x3A, 0x5F)
INK = RGBColor(0x1D, 0x23, 0x29)
MUTED = RGBColor(0x5A, 0x65, 0x70)
RULE = "#c9d1da"
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 11906, 16838, 1134  # A4 and 2 cm, in twips
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
_LANGUAGE_TAGS = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES"}
_PLACEHOLDER = re.compile(r"\{(page|pages)\}")


def _clear_fonts(style: ParagraphStyle) -> None:
    """Drop the theme fonts and colours of a built-in style, so that ours apply."""
    r_pr = style.element.rPr
    if r_pr is not None:
        for tag in ("w:rFonts", "w:color"):
            for old in r_pr.findall(qn(tag)):
                r_pr.remove(old)


def _style(
    document: Document,
    name: str,
    *,
    size: float,
    bold: bool = False,
    colour: RGBColor = INK,
    before: float = 0,
    after: float = 4,
) -> ParagraphStyle:
    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, 1)
    assert isinstance(style, ParagraphStyle)
    _clear_fonts(style)
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = colour
    style.paragraph_format.space_before = Pt(before)
    style.paragraph_format.space_after = Pt(after)
    return style


def set_up(document: Document, lang: str) -> None:
    """A4 pages, the report's fonts, colours and language, and the styles it uses."""
    defaults = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"
    )
    if defaults is not None:
        for old in defaults.findall(qn("w:rFonts")):
            defaults.remove(old)
    set_language(document, _LANGUAGE_TAGS[lang])
    set_document_settings(document)
    section = document.sections[0]
    section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    section.footer_distance = Cm(1)
    normal = _style(document, "Normal", size=10.5, after=5)
    normal.paragraph_format.line_spacing = 1.1
    normal.element.rPr.rFonts.set(qn("w:cs"), FONT)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    h1 = _style(document, "Heading 1", size=20, bold=True, colour=NAVY, after=12)
    h1.paragraph_format.page_break_before = True
    _style(document, "Heading 2", size=14, bold=True, colour=NAVY, before=14, after=6)
    h3 = _style(document, "Heading 3", size=10.5, bold=True, colour=NAVY, before=10, after=3)
    h3.font.all_caps = True
    toc_heading = _style(document, "TOC Heading", size=20, bold=True, colour=NAVY, after=14)
    toc_heading.paragraph_format.page_break_before = False
    for level, (bold, indent, before) in enumerate(((True, 0.0, 7), (False, 0.6, 2)), 1):
        toc = _style(document, f"TOC {level}", size=10.5, bold=bold, before=before, after=0)
        toc.paragraph_format.left_indent = Cm(indent)
    table_text = _style(document, "Table Text", size=9.5, after=1)
    table_text.paragraph_format.line_spacing = 1.0
    _style(document, "Table Heading", size=8.5, bold=True, after=0)
    _style(document, "Note", size=9, colour=MUTED, before=2)
    _style(document, "Caption", size=9, colour=MUTED, after=10)
    bullet = _style(document, "List Bullet", size=10.5, after=2)
    bullet.paragraph_format.line_spacing = 1.1
    footer = _style(document, "Footer", size=8, colour=MUTED, after=0)
    footer.paragraph_format.tab_stops.clear_all()
    footer.paragraph_format.tab_stops.add_tab_stop(Twips(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT)


class FooterContext(Protocol):
    """What the footer needs of a document's content (a report's or the toolkit's)."""

    @property
    def lang(self) -> str: ...
    @property
    def running_title(self) -> str: ...
    def t(self, code: str, **params: object) -> str: ...


def add_footer(document: Document, ctx: FooterContext) -> None:
    """A new section after the cover, whose footer names the report and numbers the pages."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.footer.is_linked_to_previous = False
    paragraph = section.footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    paragraph.add_run(xml_text(typography(ctx.running_title, ctx.lang)) + "\t")
    for n, part in enumerate(_PLACEHOLDER.split(ctx.t("reports.page_of"))):
        if n % 2:
            add_field(paragraph, "PAGE" if part == "page" else "NUMPAGES", "1")
        elif part:
            paragraph.add_run(part)


class Headings:
    """Headings with bookmarks, and the table of contents that lists them.

    The contents is a real TOC field, which Word rebuilds with page numbers when the document
    opens (the settings ask it to). Until then it shows one link per heading, without page
    numbers: LibreOffice keeps that text until the user updates the index.
    """

    def __init__(self, document: Document) -> None:
        self.document = document
        self.entries: list[tuple[int, str, str]] = []
        self._toc: Paragraph | None = None

    def table_of_contents(self, title: str) -> None:
        """Mark the place of the table of contents, filled by :meth:`finish`."""
        self.document.add_paragraph(title, style="TOC Heading")
        self._toc = self.document.add_paragraph()

    def add(self, text: str, level: int) -> Paragraph:
        """A heading of ``level`` (1–3); levels 1 and 2 go into the table of contents."""
        paragraph: Paragraph = self.document.add_heading(xml_text(text), level)
        if level <= 2:
            name = f"_Toc{len(self.entries) + 1:08d}"
            add_bookmark(paragraph, name, len(self.entries) + 1)
            self.entries.append((level, text, name))
        return paragraph

    def finish(self) -> None:
        """Write the table of contents field with its current entries."""
        if self._toc is None:
            return
        paragraph = self._toc
        begin, instruction, separate, _, end = field_parts('TOC \\o "1-2" \\h \\z \\u')
        for part in (begin, instruction, separate):
            paragraph.add_run()._r.append(part)
        for n, (level, text, name) in enumerate(self.entries):
            if n:
                paragraph = paragraph_after(paragraph)
            paragraph.style = self.document.styles[f"TOC {level}"]
            add_internal_link(paragraph, name).append(paragraph.add_run(text)._r)
        paragraph.add_run()._r.append(end)

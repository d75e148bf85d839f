"""The Compendium as an editable Word document: cover, contents, introduction, the practices by
chapter, the results table and the index by member.

The document starts from the Word report's page set-up and styles; its body is then written as
WordprocessingML directly (styles referred to by id, tables with fixed widths), which is some
twenty times faster than python-docx's per-paragraph style look-ups for a Compendium of a
thousand practices. Text is set as text (never as fields or markup); only http(s) links become
hyperlinks. Each practice's paragraphs carry the language it was written in.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml

from gcat.compendium.context import CompendiumContext, PracticeEntry
from gcat.i18n import message
from gcat.reports.docx_styles import MUTED, NAVY, RULE, TEXT_WIDTH, set_up
from gcat.reports.formatting import typography
from gcat.reports.wordml import add_field, xml_text

__all__ = ["render_docx"]

_LANGUAGE_TAGS = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES"}
_STYLES = (
    "Normal",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "TOC Heading",
    "TOC 1",
    "TOC 2",
    "Table Text",
    "Table Heading",
    "Note",
    "List Bullet",
)
_NAVY = str(NAVY)
_MUTED = str(MUTED)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TOC_FIELD = 'TOC \\o "1-2" \\h \\z \\u'


class _Writer:
    """Writes the body as WordprocessingML text, parsed once at the end."""

    def __init__(self, ctx: CompendiumContext) -> None:
        self.ctx = ctx
        self.L = ctx.labels
        self.document: DocumentObject = Document()
        set_up(self.document, ctx.lang)
        self.style_ids = {name: self.document.styles[name].style_id for name in _STYLES}
        self.out: list[str] = []
        self.toc: list[tuple[int, str, str]] = []
        self._bookmark = 0

    # -- runs and paragraphs ---------------------------------------------------------------

    def text(self, value: str, lang: str | None = None) -> str:
        return typography(value, lang or self.ctx.lang)

    @staticmethod
    def run(
        text: str,
        *,
        bold: bool = False,
        colour: str | None = None,
        lang: str | None = None,
        size: float | None = None,
        underline: bool = False,
    ) -> str:
        props = ""
        if bold:
            props += "<w:b/>"
        if colour:
            props += f'<w:color w:val="{colour}"/>'
        if size:
            props += f'<w:sz w:val="{round(size * 2)}"/>'
        if underline:
            props += '<w:u w:val="single"/>'
        if lang in _LANGUAGE_TAGS:
            props += f'<w:lang w:val="{_LANGUAGE_TAGS[lang]}"/>'
        r_pr = f"<w:rPr>{props}</w:rPr>" if props else ""
        return f'<w:r>{r_pr}<w:t xml:space="preserve">{escape(xml_text(text))}</w:t></w:r>'

    def p(self, style: str, content: str, *, keep_next: bool = False) -> str:
        keep = "<w:keepNext/>" if keep_next else ""
        return (
            f'<w:p><w:pPr><w:pStyle w:val="{self.style_ids[style]}"/>{keep}</w:pPr>{content}</w:p>'
        )

    def add(self, style: str, content: str, *, keep_next: bool = False) -> None:
        self.out.append(self.p(style, content, keep_next=keep_next))

    def para(self, text: str, style: str = "Normal", lang: str | None = None) -> None:
        shown = lang if lang is not None and lang != self.ctx.lang else None
        self.add(style, self.run(self.text(text, lang), lang=shown))

    def heading(self, text: str, level: int, lang: str | None = None) -> None:
        """A heading; levels 1 and 2 carry a bookmark and go into the contents."""
        run = self.run(text, lang=lang if lang != self.ctx.lang else None)
        if level <= 2:
            self._bookmark += 1
            name = f"_Toc{self._bookmark:08d}"
            mark = self._bookmark
            start = f'<w:bookmarkStart w:id="{mark}" w:name="{name}"/>'
            run = f'{start}{run}<w:bookmarkEnd w:id="{mark}"/>'
            self.toc.append((level, text, name))
        self.add(f"Heading {level}", run)

    def labelled(self, label: str, value: str) -> None:
        label_text = self.text(message("label", self.ctx.lang, label=label)) + " "
        self.add("Table Text", self.run(label_text, bold=True) + self.run(value))

    def link(self, url: str) -> str:
        """An external hyperlink showing its own address."""
        rels = self.document.part.rels
        relation = rels._next_rId  # a new relationship per link: no search among the others
        rels.add_relationship(RELATIONSHIP_TYPE.HYPERLINK, url, relation, is_external=True)
        shown = self.run(url, colour=_NAVY, underline=True)
        return f'<w:hyperlink r:id="{relation}">{shown}</w:hyperlink>'

    def table(
        self, header: Sequence[str], widths: Sequence[float], rows: Sequence[Sequence[str]]
    ) -> None:
        """A table with a repeated header row and fixed column widths (shares of the text)."""
        twips = [int(TEXT_WIDTH * share) for share in widths]
        sides = "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{RULE[1:]}"/>'
            if side in ("bottom", "insideH")
            else f'<w:{side} w:val="nil"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        margins = "".join(
            f'<w:{side} w:w="{value}" w:type="dxa"/>'
            for side, value in (("top", 60), ("left", 100), ("bottom", 60), ("right", 100))
        )
        parts = [
            f'<w:tbl><w:tblPr><w:tblW w:w="{sum(twips)}" w:type="dxa"/>'
            f'<w:tblBorders>{sides}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            f"<w:tblCellMar>{margins}</w:tblCellMar></w:tblPr><w:tblGrid>"
            + "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
            + "</w:tblGrid>"
        ]
        for n, cells in enumerate([header, *rows]):
            head = "<w:trPr><w:tblHeader/></w:trPr>" if n == 0 else ""
            style = "Table Heading" if n == 0 else "Table Text"
            shown = [self.text(value) for value in cells] if n == 0 else list(cells)
            parts.append(
                f"<w:tr>{head}"
                + "".join(
                    f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>'
                    f"{self.p(style, self.run(value))}</w:tc>"
                    for w, value in zip(twips, shown, strict=True)
                )
                + "</w:tr>"
            )
        parts.append("</w:tbl>")
        self.out.append("".join(parts))
        self.add("Note", "")  # Word needs a paragraph between two tables

    # -- parts -----------------------------------------------------------------------------

    def cover(self) -> None:
        ctx = self.ctx
        for text, size, bold, colour in (
            (message("compendium.subtitle", ctx.lang), 12, False, _MUTED),
            (ctx.title, 28, True, _NAVY),
            (ctx.date, 12, False, _MUTED),
        ):
            self.add("Normal", self.run(self.text(text), bold=bold, colour=colour, size=size))
        if ctx.demo:
            self.para(ctx.subtitle, "Note")
        for count in ctx.counts:
            self.para(count, "List Bullet")

    def contents(self) -> str:
        """A TOC field that Word refreshes on opening, showing one linked line per chapter and
        practice until then."""
        field = (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {escape(_TOC_FIELD)} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        )
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        entries = self.toc or [(1, "", "")]
        lines = []
        for n, (level, text, name) in enumerate(entries):
            content = field if n == 0 else ""
            if name:
                content += (
                    f'<w:hyperlink w:anchor="{name}" w:history="1">{self.run(text)}</w:hyperlink>'
                )
            if n == len(entries) - 1:
                content += end
            lines.append(self.p(f"TOC {level}", content))
        return "".join(lines)

    def practice(self, entry: PracticeEntry) -> None:
        L = self.L
        self.heading(f"{entry.number}. {entry.title}", 2, entry.lang)
        for key, value in (
            ("member", entry.member),
            ("region", entry.region),
            ("domains", " · ".join(entry.domains)),
            ("areas", " · ".join(entry.areas)),
            ("indicators", ", ".join(entry.indicators)),
            ("reference", entry.reference),
        ):
            if value:
                self.labelled(L[key], value)
        if entry.language_note:
            self.para(entry.language_note, "Note")
        for section in entry.sections:
            self.heading(section.heading, 3)
            for paragraph in section.paragraphs:
                self.para(paragraph, lang=entry.lang)
        if entry.results:
            self.heading(L["measurable_results"], 3)
            self.table(
                [L["indicator"], L["value"], L["unit"], L["baseline"], L["year"]],
                [0.4, 0.15, 0.15, 0.15, 0.15],
                [[r.indicator, r.value, r.unit, r.baseline, r.year] for r in entry.results],
            )
        if entry.links:
            self.heading(L["links"], 3)
            for link in entry.links:
                content = self.link(link.url) if link.clickable else self.run(link.url)
                self.add("List Bullet", content)

    def body_parts(self) -> None:
        ctx, L = self.ctx, self.L
        self.heading(L["introduction"], 1)
        for paragraph in ctx.intro:
            self.para(paragraph)
        for count in ctx.counts:
            self.para(count, "List Bullet")
        if not ctx.groups:
            self.para(L["empty"], "Note")
        for group in ctx.groups:
            self.heading(group.title, 1)
            for entry in group.practices:
                self.practice(entry)
        self.heading(L["results_table"], 1)
        if ctx.results:
            header = [L["practice"], L["member"], L["indicator"], L["value"], L["unit"]]
            self.table(
                [*header, L["baseline"], L["year"]],
                [0.08, 0.2, 0.3, 0.11, 0.1, 0.11, 0.1],
                [
                    [str(r.number), r.member, r.indicator, r.value, r.unit, r.baseline, r.year]
                    for r in ctx.results
                ],
            )
        else:
            self.para(L["results_none"], "Note")
        self.heading(L["index"], 1)
        for item in ctx.index:
            self.add(
                "Normal",
                self.run(self.text(f"{item.member} ({item.region})"), bold=True),
                keep_next=True,
            )
            for entry in item.practices:
                self.para(f"{entry.number}. {entry.title}", "List Bullet", lang=entry.lang)
        self.para(L["footer"], "Note")

    def splice(self, cover: str, body: str) -> None:
        """Put ``cover`` at the start of the document body and ``body`` at its end: the
        document is serialised, the texts spliced in and the whole parsed once, which is far
        faster than moving thousands of parsed elements into the tree."""
        part = self.document.part
        document = serialize_part_xml(part.element).decode("utf-8")
        start = document.index(">", document.index("<w:body")) + 1
        end = document.rindex("<w:sectPr")
        spliced = document[:start] + cover + document[start:end] + body + document[end:]
        part._element = parse_xml(spliced.encode("utf-8"))

    def footer(self) -> None:
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        section.footer.is_linked_to_previous = False
        paragraph = section.footer.paragraphs[0]
        paragraph.style = self.document.styles["Footer"]
        paragraph.add_run(xml_text(self.text(self.ctx.title)) + "\t")
        add_field(paragraph, "PAGE", "1")

    def render(self) -> bytes:
        self.footer()  # a second section after the cover, whose footer numbers the pages
        self.cover()
        cover = "".join(self.out)
        self.out = []
        self.body_parts()
        heading = self.p("TOC Heading", self.run(self.text(self.L["contents"])))
        self.splice(cover, heading + self.contents() + "".join(self.out))
        buffer = io.BytesIO()
        self.document.part.package.save(buffer)
        return buffer.getvalue()


def render_docx(ctx: CompendiumContext) -> bytes:
    """The Compendium as a .docx file."""
    return _Writer(ctx).render()

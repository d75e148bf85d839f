"""The Compendium as an editable Word document: cover, contents, introduction, the practices by
chapter, the results table and the index by member.

Text is set as text (never as fields or markup); only http(s) links become hyperlinks. Each
practice's paragraphs carry the language it was written in, for the spelling checker.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from gcat.compendium.context import CompendiumContext, PracticeEntry
from gcat.i18n import message
from gcat.reports.docx_styles import MUTED, NAVY, RULE, TEXT_WIDTH, Headings, set_up
from gcat.reports.formatting import typography
from gcat.reports.wordml import (
    add_field,
    repeat_header,
    set_fixed_layout,
    set_table_borders,
    xml_text,
)

__all__ = ["render_docx"]

_LANGUAGE_TAGS = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES"}


def _set_run_language(paragraph: Paragraph, lang: str) -> None:
    tag = _LANGUAGE_TAGS.get(lang)
    if tag is None:
        return
    for run in paragraph.runs:
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), tag)
        run._r.get_or_add_rPr().append(language)


class _Writer:
    def __init__(self, ctx: CompendiumContext) -> None:
        self.ctx = ctx
        self.document: DocumentObject = Document()
        set_up(self.document, ctx.lang)
        self.headings = Headings(self.document)
        self.L = ctx.labels

    def text(self, value: str, lang: str | None = None) -> str:
        return xml_text(typography(value, lang or self.ctx.lang))

    def para(self, text: str = "", style: str = "Normal", lang: str | None = None) -> Paragraph:
        paragraph = self.document.add_paragraph(self.text(text, lang), style=style)
        if lang is not None and lang != self.ctx.lang:
            _set_run_language(paragraph, lang)
        return paragraph

    def labelled(self, label: str, value: str) -> None:
        paragraph = self.document.add_paragraph(style="Table Text")
        label_text = message("label", self.ctx.lang, label=label)
        paragraph.add_run(self.text(label_text) + " ").bold = True
        paragraph.add_run(xml_text(value))

    def link(self, paragraph: Paragraph, url: str) -> None:
        """An external hyperlink showing its own address."""
        part = self.document.part
        relation = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), relation)
        run = paragraph.add_run(xml_text(url))
        run.font.color.rgb = NAVY
        run.font.underline = True
        hyperlink.append(run._r)
        paragraph._p.append(hyperlink)

    def table(self, header: list[str], widths: list[float]) -> Table:
        table: Table = self.document.add_table(rows=1, cols=len(header))
        twips = [int(TEXT_WIDTH * share) for share in widths]
        set_fixed_layout(table, twips)
        set_table_borders(table, RULE)
        repeat_header(table.rows[0])
        for cell, title in zip(table.rows[0].cells, header, strict=True):
            cell.paragraphs[0].style = self.document.styles["Table Heading"]
            cell.paragraphs[0].add_run(self.text(title))
        return table

    @staticmethod
    def row(table: Table, values: list[str]) -> None:
        cells = table.add_row().cells  # type: ignore[no-untyped-call]
        for cell, value in zip(cells, values, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.style = "Table Text"
            paragraph.add_run(xml_text(value))

    def cover(self) -> None:
        ctx = self.ctx
        for text, size, bold, colour, before in (
            (ctx.subtitle, 12, False, MUTED, 120),
            (ctx.title, 28, True, NAVY, 6),
            (ctx.date, 12, False, MUTED, 12),
        ):
            paragraph = self.para(text)
            paragraph.paragraph_format.space_before = Pt(before)
            for run in paragraph.runs:
                run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour
        for count in ctx.counts:
            self.para(count, "List Bullet")

    def footer(self) -> None:
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        section.footer.is_linked_to_previous = False
        paragraph = section.footer.paragraphs[0]
        paragraph.style = self.document.styles["Footer"]
        paragraph.add_run(self.text(self.ctx.title) + "\t")
        add_field(paragraph, "PAGE", "1")

    def practice(self, entry: PracticeEntry) -> None:
        L = self.L
        heading = self.headings.add(f"{entry.number}. {entry.title}", 2)
        _set_run_language(heading, entry.lang)
        self.labelled(L["member"], entry.member)
        self.labelled(L["region"], entry.region)
        if entry.domains:
            self.labelled(L["domains"], " · ".join(entry.domains))
        if entry.areas:
            self.labelled(L["areas"], " · ".join(entry.areas))
        if entry.indicators:
            self.labelled(L["indicators"], ", ".join(entry.indicators))
        self.labelled(L["reference"], entry.reference)
        if entry.language_note:
            self.para(entry.language_note, "Note")
        for section in entry.sections:
            self.headings.add(section.heading, 3)
            for paragraph in section.paragraphs:
                self.para(paragraph, lang=entry.lang)
        if entry.results:
            self.headings.add(L["measurable_results"], 3)
            table = self.table(
                [L["indicator"], L["value"], L["unit"], L["baseline"], L["year"]],
                [0.4, 0.15, 0.15, 0.15, 0.15],
            )
            for row in entry.results:
                self.row(table, [row.indicator, row.value, row.unit, row.baseline, row.year])
        if entry.links:
            self.headings.add(L["links"], 3)
            for link in entry.links:
                item = self.document.add_paragraph(style="List Bullet")
                if link.clickable:
                    self.link(item, link.url)
                else:
                    item.add_run(xml_text(link.url))

    def body(self) -> None:
        ctx, L = self.ctx, self.L
        self.headings.add(L["introduction"], 1)
        for paragraph in ctx.intro:
            self.para(paragraph)
        for count in ctx.counts:
            self.para(count, "List Bullet")
        if not ctx.groups:
            self.para(L["empty"], "Note")
        for group in ctx.groups:
            self.headings.add(group.title, 1)
            for entry in group.practices:
                self.practice(entry)
        self.headings.add(L["results_table"], 1)
        if ctx.results:
            table = self.table(
                [
                    L["practice"],
                    L["member"],
                    L["indicator"],
                    L["value"],
                    L["unit"],
                    L["baseline"],
                    L["year"],
                ],
                [0.08, 0.2, 0.3, 0.11, 0.1, 0.11, 0.1],
            )
            for row in ctx.results:
                self.row(
                    table,
                    [
                        str(row.number),
                        row.member,
                        row.indicator,
                        row.value,
                        row.unit,
                        row.baseline,
                        row.year,
                    ],
                )
        else:
            self.para(L["results_none"], "Note")
        self.headings.add(L["index"], 1)
        for item in ctx.index:
            name = self.para(f"{item.member} ({item.region})")
            name.runs[0].bold = True
            name.paragraph_format.keep_with_next = True
            for entry in item.practices:
                self.para(f"{entry.number}. {entry.title}", "List Bullet", lang=entry.lang)

    def render(self) -> bytes:
        self.cover()
        self.footer()
        self.headings.table_of_contents(self.L["contents"])
        self.body()
        self.headings.finish()
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def render_docx(ctx: CompendiumContext) -> bytes:
    """The Compendium as a .docx file."""
    return _Writer(ctx).render()

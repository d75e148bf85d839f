"""The toolkit as a Word document: Heading 1–3 styles, a real table of contents, tables with a
repeated header row, the level colours; everything editable."""

from __future__ import annotations

from collections.abc import Sequence

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from gcat.charts import level_colour, level_text_colour
from gcat.reports.docx_styles import MUTED, NAVY, RULE, TEXT_WIDTH, Headings, add_footer, set_up
from gcat.reports.formatting import typography
from gcat.reports.wordml import repeat_header, set_fixed_layout, set_table_borders, shade, xml_text
from gcat.toolkit.publish import IndicatorPart, ToolkitContext

__all__ = ["write_toolkit_docx"]

_PROPERTY_LIMIT = 255


def write_toolkit_docx(ctx: ToolkitContext) -> Document:
    """The toolkit as a python-docx document."""
    document = docx.Document()
    set_up(document, ctx.lang)
    writer = _Writer(document, ctx)
    writer.cover()
    add_footer(document, ctx)
    writer.headings.table_of_contents(ctx.t("reports.contents"))
    writer.introduction()
    writer.scale()
    writer.scoring()
    for domain in ctx.domains:
        writer.heading(domain.heading, 1)
        writer.para(domain.purpose).runs[0].font.italic = True
        for ind in domain.indicators:
            writer.indicator(ind)
    writer.glossary()
    writer.references()
    writer.headings.finish()
    properties = document.core_properties
    properties.title = xml_text(f"{ctx.title} {ctx.version} — {ctx.t('toolkit.kind')}")[
        :_PROPERTY_LIMIT
    ]
    properties.author = xml_text(ctx.t("toolkit.author"))[:_PROPERTY_LIMIT]
    properties.language = ctx.lang
    properties.comments = ctx.prepared
    return document


class _Writer:
    def __init__(self, document: Document, ctx: ToolkitContext) -> None:
        self.document = document
        self.ctx = ctx
        self.headings = Headings(document)
        # python-docx looks a style up by name slowly: set the style ids directly
        self.style_ids = {style.name: style.style_id for style in document.styles}

    def text(self, value: str) -> str:
        return xml_text(typography(value, self.ctx.lang))

    def para(self, text: str = "", style: str = "Normal") -> Paragraph:
        paragraph = self.document.add_paragraph(self.text(text))
        paragraph._p.style = self.style_ids[style]
        return paragraph

    def heading(self, text: str, level: int) -> None:
        self.headings.add(self.text(text), level)

    def label(self, text: str) -> None:
        p = self.para(text)
        p.paragraph_format.space_after = Pt(1)
        p.paragraph_format.keep_with_next = True
        p.runs[0].font.bold, p.runs[0].font.color.rgb = True, NAVY

    def bullets(self, label: str, items: Sequence[str]) -> None:
        if not items:
            return
        self.label(label)
        for item in items:
            self.para(item, "List Bullet")

    def cell_text(self, cell: _Cell, text: str, *, bold: bool = False) -> Paragraph:
        p: Paragraph = cell.paragraphs[0]
        p._p.style = self.style_ids["Table Text"]
        run = p.add_run(self.text(text))
        run.font.bold = bold or None
        return p

    def level_cell(self, cell: _Cell, level: int) -> None:
        shade(cell, level_colour(level))
        p = self.cell_text(cell, str(level), bold=True)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.runs[0].font.color.rgb = RGBColor.from_string(level_text_colour(level)[1:])

    def table(self, header: Sequence[str], widths: Sequence[int]) -> Table:
        table: Table = self.document.add_table(rows=1, cols=len(header))
        set_table_borders(table, RULE)
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            shade(cell, "#eaeff4")
            p = cell.paragraphs[0]
            p._p.style = self.style_ids["Table Heading"]
            p.add_run(self.text(text))
        repeat_header(table.rows[0])
        set_fixed_layout(table, [TEXT_WIDTH * w // 100 for w in widths])
        return table

    def gap(self) -> None:
        self.para().paragraph_format.space_after = Pt(2)

    # parts -----------------------------------------------------------------------------------

    def cover(self) -> None:
        ctx = self.ctx
        p = self.para(ctx.t("toolkit.kind").upper())
        p.runs[0].font.size, p.runs[0].font.color.rgb = Pt(12), MUTED
        p.paragraph_format.space_before = Pt(120)
        p = self.para(ctx.title)
        p.runs[0].font.size, p.runs[0].font.bold, p.runs[0].font.color.rgb = Pt(28), True, NAVY
        for line in (ctx.t("toolkit.version_line", version=ctx.version), ctx.status):
            p = self.para(line)
            p.runs[0].font.size = Pt(14)
        p = self.para(f"{ctx.t('toolkit.date_label')} {ctx.generated_on}")
        p.paragraph_format.space_before = Pt(60)
        self.para(ctx.prepared).runs[0].font.color.rgb = MUTED

    def introduction(self) -> None:
        ctx = self.ctx
        self.heading(ctx.t("toolkit.intro_h"), 1)
        for text in ctx.intro:
            self.para(text)
        self.bullets(ctx.t("toolkit.domains_h"), ctx.domain_list)

    def scale(self) -> None:
        ctx = self.ctx
        self.heading(ctx.t("docs.scale"), 1)
        self.para(ctx.scale_intro)
        table = self.table(
            (ctx.t("docs.level"), ctx.t("docs.name"), ctx.t("docs.meaning")), (10, 20, 70)
        )
        for level, name, meaning in ctx.scale:
            cells = table.add_row().cells  # type: ignore[no-untyped-call]
            self.level_cell(cells[0], level)
            self.cell_text(cells[1], name, bold=True)
            self.cell_text(cells[2], meaning)
        self.gap()

    def scoring(self) -> None:
        ctx, t = self.ctx, self.ctx.t
        self.heading(t("toolkit.scoring_h"), 1)
        for heading, texts in (
            ("toolkit.answering_h", ctx.answering),
            ("reports.annex_rules", ctx.rules),
            ("reports.annex_confidence", ctx.confidence),
            ("reports.annex_plan", ctx.plan),
        ):
            self.heading(t(heading), 2)
            for text in texts:
                self.para(text)
        example = ctx.example
        if example is None:
            return
        self.heading(t("toolkit.example_h"), 2)
        self.para(example.intro)
        header = (
            t("reports.col_indicator"),
            t("reports.weight"),
            t("score.level"),
            t("toolkit.example_product"),
        )
        table = self.table(header, (34, 18, 28, 20))
        for row in (*example.rows, example.total):
            cells = table.add_row().cells  # type: ignore[no-untyped-call]
            bold = row is example.total
            for cell, text in zip(
                cells, (row.indicator, row.weight, row.answer, row.product), strict=True
            ):
                self.cell_text(cell, text, bold=bold)
        self.gap()
        for step in example.steps:
            self.para(step, "List Bullet")

    def indicator(self, ind: IndicatorPart) -> None:
        t = self.ctx.t
        self.heading(f"{ind.id} {ind.title}", 2)
        if ind.notes:
            self.para(ind.notes, "Note")
        self.para(ind.definition)
        self.heading(t("docs.rationale"), 3)
        self.para(ind.rationale)
        self.heading(t("toolkit.levels_h"), 3)
        table = self.table((t("docs.level"), t("docs.name"), t("docs.descriptor")), (9, 17, 74))
        for level, name, text in ind.levels:
            cells = table.add_row().cells  # type: ignore[no-untyped-call]
            self.level_cell(cells[0], level)
            self.cell_text(cells[1], name)
            self.cell_text(cells[2], text)
        self.gap()
        self.bullets(t("docs.evidence"), ind.evidence)
        self.label(t("toolkit.na_h"))
        self.para(ind.not_applicable)
        self.bullets(t("docs.references"), ind.references)
        if ind.areas:
            self.para(f"{t('docs.thematic_areas')} — {ind.areas}", "Note")

    def glossary(self) -> None:
        if not self.ctx.glossary:
            return
        self.heading(self.ctx.t("docs.glossary"), 1)
        for term, definition in self.ctx.glossary:
            self.label(term)
            self.para(definition)

    def references(self) -> None:
        ctx = self.ctx
        self.heading(ctx.t("toolkit.references_h"), 1)
        self.para(ctx.t("toolkit.references_intro"))
        for kind, titles in ctx.references:
            self.bullets(kind, titles)

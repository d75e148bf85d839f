"""The report as an editable Word document (python-docx).

Real Heading 1–3 styles (the navigation pane and the table of contents use them), real tables
with a repeated header row, the radar chart as a PNG image, page numbers in the footer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from gcat.charts import Series, level_colour, level_text_colour
from gcat.reports.context import IndicatorRow, ReportContext
from gcat.reports.docx_styles import (
    MUTED,
    NAVY,
    RULE,
    TEXT_WIDTH,
    Headings,
    add_footer,
    set_up,
)
from gcat.reports.formatting import typography
from gcat.reports.png_chart import radar_png
from gcat.reports.radar import CURRENT_COLOUR, TARGET_COLOUR
from gcat.reports.wordml import (
    cant_split,
    clear_borders,
    repeat_header,
    set_fixed_layout,
    set_table_borders,
    shade,
    shade_run,
    xml_text,
)

__all__ = ["render_docx"]

_HEAD_FILL = "#eaeff4"
_WHITE = RGBColor(0xFF, 0xFF, 0xFF)
_PRIORITY_COLOURS = {
    "high": RGBColor(0x9C, 0x1C, 0x1C),
    "medium": RGBColor(0x8A, 0x4B, 0x00),
    "low": RGBColor(0x2F, 0x5D, 0x34),
}
_NOTE_LABEL = 1360  # width of the label column of indicator notes, in twips
_COVER_LINE = 34  # characters of the administration's name per line on the cover
_PROPERTY_LIMIT = 255  # characters of a core property (title, author)


def render_docx(ctx: ReportContext) -> bytes:
    """The report as the bytes of a ``.docx`` file."""
    document = docx.Document()
    set_up(document, ctx.lang)
    writer = _Writer(document, ctx)
    writer.cover()
    add_footer(document, ctx)
    writer.headings.table_of_contents(ctx.t("reports.contents"))
    writer.summary()
    writer.results()
    writer.details()
    writer.plan()
    writer.annex()
    writer.headings.finish()
    properties = document.core_properties
    title = f"{ctx.t('reports.title')} — {ctx.administration} — {ctx.cycle}"
    properties.title = xml_text(title)[:_PROPERTY_LIMIT]
    properties.author = xml_text(ctx.administration)[:_PROPERTY_LIMIT]
    properties.language = ctx.lang
    properties.comments = ctx.t("reports.prepared_with", version=ctx.gcat_version)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _Writer:
    """Writes the report's parts into ``document``, texts in the report's language."""

    def __init__(self, document: Document, ctx: ReportContext) -> None:
        self.document = document
        self.ctx = ctx
        self.headings = Headings(document)
        self.spacer: Paragraph | None = None
        self.style_ids = {style.name: style.style_id for style in document.styles}

    def text(self, value: str) -> str:
        return xml_text(typography(value, self.ctx.lang))

    def para(self, text: str = "", style: str = "Normal") -> Paragraph:
        paragraph = self.document.add_paragraph(self.text(text))
        self.set_style(paragraph, style)
        return paragraph

    def set_style(self, paragraph: Paragraph, style: str) -> None:
        """Apply the paragraph style named ``style`` (python-docx's own lookup is slow)."""
        paragraph._p.style = self.style_ids[style]

    def heading(self, text: str, level: int, *, new_page: bool = True) -> None:
        """A heading; a chapter (level 1) starts a new page unless ``new_page`` is false."""
        if level == 1 and new_page:
            self.drop_spacer()
        paragraph = self.headings.add(self.text(text), level)
        if level == 1 and not new_page:
            paragraph.paragraph_format.page_break_before = False

    # Cover ---------------------------------------------------------------------------------

    def cover(self) -> None:
        ctx, t = self.ctx, self.ctx.t
        band = self.document.add_table(rows=1, cols=1)
        set_fixed_layout(band, [TEXT_WIDTH])
        shade(band.cell(0, 0), f"#{NAVY}")
        p = band.cell(0, 0).paragraphs[0]
        p.paragraph_format.space_before = Pt(14)
        p.paragraph_format.space_after = Pt(14)
        run = p.add_run(self.text(ctx.framework_title).upper())
        run.font.color.rgb, run.font.size = _WHITE, Pt(11)
        strip = self.document.add_table(rows=1, cols=6)
        set_fixed_layout(strip, [TEXT_WIDTH // 6] * 6)
        for level, cell in enumerate(strip.rows[0].cells):
            shade(cell, level_colour(level))
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)
            cell.paragraphs[0].add_run().font.size = Pt(3)
        kind = self.para(t("reports.title").upper())
        kind.paragraph_format.space_before = Pt(150)
        self._runs(kind, size=12, colour=MUTED)
        admin = self.para(ctx.administration)
        admin.paragraph_format.space_after = Pt(10)
        self._runs(admin, size=28, colour=NAVY, bold=True)
        self._runs(self.para(t("reports.cover_cycle", cycle=ctx.cycle)), size=18, colour=NAVY)
        if ctx.previous_cycle is not None:
            previous = self.para(t("reports.cover_previous", cycle=ctx.previous_cycle))
            self._runs(previous, size=11, colour=MUTED)
        if ctx.signoff:
            self._runs(self.para(ctx.signoff), size=11, colour=MUTED)
        meta = [
            (t("reports.report_date"), ctx.generated_on),
            (
                t("reports.framework_label"),
                t(
                    "reports.framework_version",
                    title=ctx.framework_title,
                    version=ctx.framework_version,
                ),
            ),
        ]
        lines = -(-len(ctx.administration) // _COVER_LINE) + (ctx.previous_cycle is not None)
        for n, (label, value) in enumerate(meta):
            p = self.para()
            p.paragraph_format.space_before = Pt(max(24, 215 - 34 * lines) if n == 0 else 4)
            p.paragraph_format.space_after = Pt(0)
            label_run = p.add_run(self.text(label).upper() + "   ")
            label_run.font.size, label_run.font.color.rgb = Pt(8.5), MUTED
            p.add_run(self.text(value))
        note = self.para(t("reports.prepared_with", version=ctx.gcat_version), "Note")
        note.paragraph_format.space_before = Pt(16)

    @staticmethod
    def _runs(paragraph: Paragraph, *, size: float, colour: RGBColor, bold: bool = False) -> None:
        for run in paragraph.runs:
            run.font.size, run.font.color.rgb, run.font.bold = Pt(size), colour, bold

    # Tables --------------------------------------------------------------------------------

    def table(self, header: Sequence[str], widths: Sequence[float]) -> Table:
        """A table with a repeated header row; ``widths`` are shares of the text width."""
        table: Table = self.document.add_table(rows=1, cols=len(header))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        set_table_borders(table, RULE)
        for cell, label in zip(table.rows[0].cells, header, strict=True):
            shade(cell, _HEAD_FILL)
            self.cell_text(cell, label, style="Table Heading")
        repeat_header(table.rows[0])
        cant_split(table.rows[0])
        set_fixed_layout(table, [round(TEXT_WIDTH * w) for w in widths])
        return table

    def row(self, table: Table, values: Sequence[str | None]) -> list[_Cell]:
        """A row of plain texts (``None`` leaves a cell empty for the caller)."""
        cells = table.add_row().cells  # type: ignore[no-untyped-call]
        for cell, value in zip(cells, values, strict=True):
            if value is not None:
                self.cell_text(cell, value)
        return list(cells)

    def cell_text(
        self, cell: _Cell, text: str, *, style: str = "Table Text", bold: bool = False
    ) -> Paragraph:
        paragraph: Paragraph = cell.paragraphs[0]
        if paragraph.text or paragraph.runs:
            paragraph = cell.add_paragraph()
        self.set_style(paragraph, style)
        run = paragraph.add_run(self.text(text))
        run.font.bold = bold or None
        return paragraph

    def level_cell(self, cell: _Cell, level: int | None, text: str | None = None) -> None:
        shade(cell, level_colour(level))
        p = self.cell_text(cell, text if text is not None else "—" if level is None else str(level))
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.runs[0]
        run.font.bold = True
        colour = level_text_colour(level)
        run.font.color.rgb = RGBColor.from_string(colour[1:])

    def level_runs(self, cell: _Cell, current: int, target: int) -> None:
        """``current → target`` with each level on its colour."""
        p = self.cell_text(cell, "")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for level, after in ((current, " → "), (target, "")):
            run = p.add_run(f"\u2007{level}\u2007")  # figure spaces: never trimmed
            run.font.bold = True
            run.font.color.rgb = RGBColor.from_string(level_text_colour(level)[1:])
            shade_run(run, level_colour(level))
            if after:
                p.add_run(after)

    def close(self) -> None:
        """The space after a table (an empty paragraph)."""
        self.spacer = self.para()
        self.spacer.paragraph_format.space_after = Pt(2)

    def drop_spacer(self) -> None:
        """Remove the space after the last table when nothing came after it: before a page
        break it would land alone on a blank page whenever the table filled its page."""
        spacer, self.spacer = self.spacer, None
        if spacer is not None:
            after = spacer._p.getnext()
            if after is None or after.tag == qn("w:sectPr"):
                spacer._p.getparent().remove(spacer._p)

    # Sections ------------------------------------------------------------------------------

    def summary(self) -> None:
        ctx, t, s = self.ctx, self.ctx.t, self.ctx.summary
        self.heading(t("reports.summary"), 1)
        figures: Table = self.document.add_table(rows=0, cols=3)
        set_table_borders(figures, RULE)
        for start in range(0, len(s.figures), 3):
            cells = figures.add_row().cells  # type: ignore[no-untyped-call]
            cant_split(figures.rows[-1])
            for cell, figure in zip(cells, s.figures[start : start + 3], strict=False):
                if figure.level is not None:
                    shade(cell, level_colour(figure.level))
                self.cell_text(cell, figure.label.upper(), style="Table Heading")
                value = self.cell_text(cell, figure.value, bold=True)
                value.runs[0].font.size = Pt(22)
                self.cell_text(cell, figure.detail)
        set_fixed_layout(figures, [TEXT_WIDTH // 3] * 3)
        self.heading(t("reports.overall_h"), 3)
        for text in s.overall:
            self.para(text)
        if s.strongest:
            self.heading(t("reports.domains_h"), 3)
            self.labelled_list(t("reports.strongest"), s.strongest)
            self.labelled_list(t("reports.weakest"), s.weakest)
        if ctx.previous_cycle is not None:
            self.heading(t("reports.changes_h", cycle=ctx.previous_cycle), 3)
            for text in s.changes:
                self.para(text)
            self.labelled_list(t("reports.improved"), s.improved)
            self.labelled_list(t("reports.declined"), s.declined)
        self.heading(t("reports.coverage_h"), 3)
        for text in s.coverage:
            self.para(text)
        for note in s.confidence:
            p = self.para(f"⚠ {note}")
            p.runs[0].font.color.rgb = RGBColor(0x8A, 0x4B, 0x00)
        self.team()
        self.heading(t("reports.plan_h"), 3)
        self.para(s.plan or ctx.plan_empty)
        if s.top_actions:
            self.labelled_list(
                s.top_actions_title,
                [
                    f"{a.indicator_id} {a.title} ({a.priority_text}): {a.next_step}"
                    for a in s.top_actions
                ],
            )

    def team(self) -> None:
        """Several assessors: the agreement figures and the indicators decided by consensus."""
        team, t = self.ctx.team, self.ctx.t
        if team is None:
            return
        self.heading(t("team.report_h"), 3)
        for text in team.figures:
            self.para(text)
        for title, value in team.domains:
            self.para(f"{title} — α {value}", "List Bullet")
        self.para(team.decisions_intro)
        if not team.decisions:
            return
        table: Table = self.document.add_table(rows=1, cols=4)
        set_table_borders(table, RULE)
        header = (
            "reports.col_indicator",
            "team.col_agreed",
            "team.col_scores",
            "team.col_rationale",
        )
        for cell, code in zip(table.rows[0].cells, header, strict=True):
            shade(cell, _HEAD_FILL)
            self.cell_text(cell, t(code), style="Table Heading")
        repeat_header(table.rows[0])
        for d in team.decisions:
            cells = table.add_row().cells  # type: ignore[no-untyped-call]
            for cell, text in zip(
                cells, (f"{d.indicator_id} {d.title}", d.agreed, d.scores, d.rationale), strict=True
            ):
                self.cell_text(cell, text)
        set_fixed_layout(table, [TEXT_WIDTH * w // 100 for w in (30, 10, 22, 38)])
        self.close()

    def labelled_list(self, label: str, items: Sequence[str]) -> None:
        if not items:
            return
        p = self.para(label)
        p.paragraph_format.space_after = Pt(1)
        p.paragraph_format.keep_with_next = True
        p.runs[0].font.bold, p.runs[0].font.color.rgb = True, NAVY
        for item in items:
            self.para(item, "List Bullet")

    def results(self) -> None:
        ctx, t = self.ctx, self.ctx.t
        # Results and detail follow on from the chapter before: a forced page break there left
        # the end of the summary alone on a nearly empty page.
        self.heading(t("reports.results"), 1, new_page=False)
        if len(ctx.radar_axes) >= 3 and any(v is not None for v in ctx.radar_current):
            png = radar_png(
                ctx.radar_axes,
                [
                    Series(t("results.current"), ctx.radar_current, CURRENT_COLOUR),
                    Series(t("results.target"), ctx.radar_target, TARGET_COLOUR, dashed=True),
                ],
                missing_label=t("reports.radar_missing"),
            )
            picture = self.para()
            picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
            picture.add_run().add_picture(io.BytesIO(png), width=Cm(13))
            caption = self.para(t("results.radar_caption"), "Caption")
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        compared = ctx.previous_cycle is not None
        header = [t("score.domain"), t("score.score"), t("score.level")]
        header.append(t("score.level_noncompensatory"))
        widths = [0.34, 0.11, 0.1, 0.11]
        if compared:
            header.append(t("score.change", cycle=ctx.previous_cycle))
            widths.append(0.1)
        header += [t("score.answered"), t("score.completeness")]
        widths += [0.12, 0.12] if compared else [0.17, 0.17]
        table = self.table(header, widths)
        for d in (*ctx.domains, ctx.overall):
            values: list[str | None] = [d.title, d.score, None, None]
            if compared:
                values.append(d.change)
            cells = self.row(table, [*values, d.answered, d.completeness])
            self.level_cell(cells[2], d.level)
            self.level_cell(cells[3], d.strict_level)
            for cell in cells[1:]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for cell in cells[2:4]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            if d is ctx.overall:
                for cell in cells:
                    for run in cell.paragraphs[0].runs:
                        run.font.bold = True
        self.close()
        self.para(t("reports.results_intro"), "Note")

    def details(self) -> None:
        ctx, t = self.ctx, self.ctx.t
        self.heading(t("reports.details"), 1, new_page=False)
        self.para(t("reports.details_intro"))
        compared = ctx.previous_cycle is not None
        header = [t("reports.col_indicator"), t("score.level"), t("results.target")]
        widths = [0.55, 0.2, 0.1]
        if compared:
            header.append(t("reports.cover_cycle", cycle=ctx.previous_cycle))
            widths.append(0.15)
        else:
            widths[0] = 0.7
        for domain in ctx.details:
            self.heading(domain.title, 2)
            table = self.table(header, widths)
            for row in domain.indicators:
                self.indicator(table, row, compared)
            self.close()

    def indicator(self, table: Table, row: IndicatorRow, compared: bool) -> None:
        t = self.ctx.t
        values: list[str | None] = [None, None, row.target]
        if compared:
            values.append(row.previous)
        cells = self.row(table, values)
        cant_split(table.rows[-1])
        title = cells[0].paragraphs[0]
        self.set_style(title, "Table Text")
        run = title.add_run(row.id + " ")
        run.font.bold, run.font.color.rgb = True, NAVY
        title.add_run(self.text(row.title))
        if row.weight_note:
            note = title.add_run(self.text(f" · {row.weight_note}"))
            note.font.size, note.font.color.rgb = Pt(8.5), MUTED
        if row.flagged:
            flag = title.add_run(self.text(f"  ⚑ {t('reports.flagged')}"))
            flag.font.size, flag.font.bold = Pt(8.5), True
            flag.font.color.rgb = RGBColor(0x8A, 0x4B, 0x00)
        self.level_cell(cells[1], row.level, f"{row.level_text} {row.level_name}")
        for cell in cells[2:]:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for cell in cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True
            clear_borders(cell, "bottom")
        notes_cells = table.add_row().cells  # type: ignore[no-untyped-call]
        notes = notes_cells[0].merge(notes_cells[-1])
        clear_borders(notes, "top")
        lines = []
        if row.na_reason:
            lines.append((t("reports.na_reason"), row.na_reason))
        lines += [(t("reports.evidence") if n == 0 else "", e) for n, e in enumerate(row.evidence)]
        if row.comment:
            lines.append((t("reports.comment"), row.comment))
        if not lines:
            lines.append(("", t("reports.no_notes")))
        for label, text in lines:
            p = self.cell_text(notes, "")
            p.paragraph_format.left_indent = Pt(_NOTE_LABEL / 20)
            p.paragraph_format.first_line_indent = Pt(-_NOTE_LABEL / 20)
            p.paragraph_format.tab_stops.add_tab_stop(Pt(_NOTE_LABEL / 20))
            label_run = p.add_run(self.text(label) + "\t")
            label_run.font.bold, label_run.font.color.rgb = True, MUTED
            p.add_run(self.text(text))

    def plan(self) -> None:
        ctx, t = self.ctx, self.ctx.t
        self.heading(t("reports.plan"), 1)
        if not ctx.plan:
            self.para(ctx.plan_empty)
            return
        self.para(t("reports.plan_intro"))
        header = [
            t("reports.col_step"),
            t("reports.col_levels"),
            f"{t('plan.priority_label')} · {t('plan.horizon_label')}",
        ]
        widths = [0.62, 0.18, 0.2]
        if ctx.tracking:
            header.append(t("reports.col_follow_up"))
            widths = [0.5, 0.16, 0.17, 0.17]
        for group in ctx.plan:
            self.heading(group.title, 2)
            table = self.table(header, widths)
            for r in group.rows:
                cells = self.row(table, [None] * len(widths))
                cant_split(table.rows[-1])
                title = cells[0].paragraphs[0]
                self.set_style(title, "Table Text")
                run = title.add_run(f"{r.indicator_id} ")
                run.font.bold, run.font.color.rgb = True, NAVY
                title.add_run(self.text(r.title)).font.bold = True
                self.cell_text(cells[0], r.next_step)
                if r.practices:
                    label = self.cell_text(cells[0], t("compendium.who_did"))
                    label.runs[0].font.color.rgb = MUTED
                    for practice in r.practices:
                        self.cell_text(
                            cells[0], f"{practice.member} — {practice.title} ({practice.reference})"
                        )
                self.level_runs(cells[1], r.current, r.target)
                priority = self.cell_text(cells[2], r.priority_text, bold=True)
                priority.runs[0].font.color.rgb = _PRIORITY_COLOURS[r.priority]
                self.cell_text(cells[2], r.horizon)
                if ctx.tracking:
                    self.cell_text(cells[3], r.owner or t("reports.no_owner"))
                    if r.due:
                        self.cell_text(cells[3], r.due)
                    self.cell_text(cells[3], r.status)
            self.close()

    def annex(self) -> None:
        t, m = self.ctx.t, self.ctx.methodology
        self.heading(t("reports.annex"), 1)
        self.heading(t("docs.scale"), 2)
        table = self.table([t("docs.level"), t("docs.name"), t("docs.meaning")], [0.1, 0.22, 0.68])
        for level, name, meaning in m.scale:
            cells = self.row(table, [None, name, meaning])
            self.level_cell(cells[0], level)
        self.close()
        self.heading(t("reports.annex_rules"), 2)
        for text in m.rules:
            self.para(text)
        self.heading(t("reports.annex_weights"), 2)
        self.para(m.weights_intro)
        if m.weights:
            table = self.table(
                [t("reports.col_indicator"), "", t("reports.weight")], [0.14, 0.72, 0.14]
            )
            for ind_id, title, weight, foundational in m.weights:
                label = f"{title} ({foundational})" if foundational else title
                cells = self.row(table, [ind_id, label, weight])
                cells[0].paragraphs[0].runs[0].font.bold = True
                cells[2].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            self.close()
        self.heading(t("reports.annex_confidence"), 2)
        for text in m.confidence:
            self.para(text)
        self.heading(t("reports.annex_plan"), 2)
        for text in m.plan:
            self.para(text)

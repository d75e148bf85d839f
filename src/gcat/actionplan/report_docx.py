"""The committee report as an editable Word document (python-docx).

Real headings and tables (header rows repeated on each page), the dependency chart as a PNG,
the page number in the footer, and the document language set, so that the Secretariat edits
it as any other committee paper.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from gcat.actionplan.chart import STATUS_COLOURS, chart_png
from gcat.actionplan.report import CommitteeReport
from gcat.core.actionplan import Status
from gcat.reports.docx_styles import MUTED, NAVY, RULE, TEXT_WIDTH, set_up
from gcat.reports.formatting import typography
from gcat.reports.wordml import (
    add_field,
    cant_split,
    repeat_header,
    set_fixed_layout,
    set_table_borders,
    shade,
    xml_text,
)

__all__ = ["render_report_docx"]

_HEAD_FILL = "#eaeff4"
_NOTICE_FILL = "#fff4e0"
_BLOCKED = RGBColor(0xA4, 0x26, 0x2C)
_PROPERTY_LIMIT = 255


class _Writer:
    def __init__(self, document: Document, report: CommitteeReport) -> None:
        self.document = document
        self.report = report
        self.style_ids = {style.name: style.style_id for style in document.styles}

    def text(self, value: str) -> str:
        return xml_text(typography(value, self.report.lang))

    def para(self, text: str = "", style: str = "Normal") -> Paragraph:
        paragraph = self.document.add_paragraph(self.text(text))
        paragraph._p.style = self.style_ids[style]
        return paragraph

    def heading(self, text: str, level: int) -> Paragraph:
        paragraph: Paragraph = self.document.add_heading(self.text(text), level)
        paragraph.paragraph_format.page_break_before = False
        paragraph.paragraph_format.keep_with_next = True
        if level == 1:
            paragraph.paragraph_format.space_before = Pt(20)
        return paragraph

    def table(
        self, header: Sequence[str], widths: Sequence[float], right: Sequence[int] = ()
    ) -> Table:
        table: Table = self.document.add_table(rows=1, cols=len(header))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        set_table_borders(table, RULE)
        for n, (cell, label) in enumerate(zip(table.rows[0].cells, header, strict=True)):
            shade(cell, _HEAD_FILL)
            self.cell(cell, label, style="Table Heading", right=n in right)
        repeat_header(table.rows[0])
        cant_split(table.rows[0])
        set_fixed_layout(table, [round(TEXT_WIDTH * w) for w in widths])
        return table

    def cell(
        self, cell: _Cell, text: str, *, style: str = "Table Text", right: bool = False
    ) -> Paragraph:
        paragraph: Paragraph = cell.paragraphs[0]
        if paragraph.runs:
            paragraph = cell.add_paragraph()
        paragraph._p.style = self.style_ids[style]
        paragraph.add_run(self.text(text))
        if right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        return paragraph

    def row(self, table: Table, values: Sequence[str], right: Sequence[int] = ()) -> list[_Cell]:
        cells = list(table.add_row().cells)  # type: ignore[no-untyped-call]
        cant_split(table.rows[-1])
        for n, (cell, value) in enumerate(zip(cells, values, strict=True)):
            self.cell(cell, value, right=n in right)
        return cells

    def header(self) -> None:
        r = self.report
        kicker = self.para(r.plan_title.upper())
        for run in kicker.runs:
            run.font.size, run.font.color.rgb = Pt(9), MUTED
        title = self.document.add_heading(self.text(r.title), 0)
        title.paragraph_format.page_break_before = False
        for run in title.runs:
            run.font.color.rgb, run.font.size = NAVY, Pt(22)
        self.para(r.t("apreport.as_of", date=r.as_of))
        if r.notice:
            band = self.document.add_table(rows=1, cols=1)
            set_fixed_layout(band, [TEXT_WIDTH])
            shade(band.cell(0, 0), _NOTICE_FILL)
            self.cell(band.cell(0, 0), r.notice)
            self.para()

    def summary(self) -> None:
        r = self.report
        self.heading(r.labels["apreport.summary"], 1)
        line = self.para(r.summary)
        for run in line.runs:
            run.font.bold, run.font.size = True, Pt(13)
        bar = self.document.add_table(rows=1, cols=3)
        total = sum(r.counts) or 1
        widths = [max(1, round(TEXT_WIDTH * c / total)) for c in r.counts]
        set_fixed_layout(bar, widths)
        for cell, count, status in zip(
            bar.rows[0].cells,
            r.counts,
            (Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED),
            strict=True,
        ):
            fill, ink = STATUS_COLOURS[status]
            shade(cell, fill)
            paragraph = self.cell(cell, str(count) if count else "")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.font.bold = True
                run.font.color.rgb = RGBColor.from_string(ink[1:])
        self.para()
        header = [
            r.labels["apreport.col_name"],
            r.labels["apstatus.done"],
            r.labels["apstatus.in_progress"],
            r.labels["apstatus.not_started"],
            r.labels["apreport.col_total"],
        ]
        for caption, rows in (
            (r.labels["apreport.by_pillar"], r.by_pillar),
            (r.labels["apreport.by_owner"], r.by_owner),
        ):
            self.heading(caption, 2)
            table = self.table(header, (0.48, 0.13, 0.13, 0.13, 0.13), right=(1, 2, 3, 4))
            for row in rows:
                values = (row.name, row.done, row.in_progress, row.not_started, row.total)
                self.row(table, [str(v) for v in values], right=(1, 2, 3, 4))

    def changes(self) -> None:
        r = self.report
        self.heading(r.labels["apreport.changes"], 1)
        if not r.compared_with:
            self.para(r.labels["apreport.no_changes"])
            return
        self.para(r.compared_with)
        self.heading(f"{r.labels['apreport.moved']} ({len(r.moves)})", 2)
        if r.moves:
            table = self.table(
                [
                    r.labels["actionplan.col_id"],
                    r.labels["actionplan.col_title"],
                    r.labels["apreport.col_before"],
                    r.labels["apreport.col_after"],
                    r.labels["actionplan.col_note"],
                ],
                (0.11, 0.34, 0.13, 0.13, 0.29),
            )
            for m in r.moves:
                self.row(table, [m.id, m.title, m.before, m.after, m.note])
        else:
            self.para("—")
        for label, rows in (
            (r.labels["apreport.newly_blocked"], r.newly_blocked),
            (r.labels["apreport.unblocked"], r.unblocked),
        ):
            self.heading(f"{label} ({len(rows)})", 2)
            for m in rows:
                self.para(f"{m.id} {m.title}" + (f" — {m.note}" if m.note else ""), "List Bullet")
            if not rows:
                self.para("—")

    def points(self) -> None:
        r = self.report
        self.heading(r.labels["apreport.points"], 1)
        table = self.table(
            [
                r.labels["actionplan.col_id"],
                r.labels["actionplan.col_title"],
                r.labels["actionplan.col_owner"],
                r.labels["actionplan.col_status"],
                r.labels["actionplan.col_note"],
            ],
            (0.11, 0.33, 0.18, 0.14, 0.24),
        )
        for p in r.points:
            cells = self.row(table, [p.id, p.title, p.owner, p.status, p.note])
            fill, ink = STATUS_COLOURS[Status(p.status_key)]
            shade(cells[3], fill)
            for run in cells[3].paragraphs[0].runs:
                run.font.color.rgb = RGBColor.from_string(ink[1:])
            if p.placeholder:
                for run in cells[1].paragraphs[0].runs:
                    run.font.italic = True
            if p.blocked:
                blocked = self.cell(cells[3], p.blocked)
                for run in blocked.runs:
                    run.font.color.rgb, run.font.bold = _BLOCKED, True
                    run.font.size = Pt(8.5)

    def chart(self) -> None:
        r = self.report
        self.heading(r.labels["apreport.chart"], 1)
        layout = r.chart
        width = min(Twips(TEXT_WIDTH), Cm(layout.width / 96 * 2.54))
        self.document.add_picture(io.BytesIO(chart_png(layout)), width=width)
        picture = self.document.paragraphs[-1]
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.para(r.chart_description, "Caption")
        self.para(r.labels["apreport.chart_legend"], "Caption")

    def overdue(self) -> None:
        r = self.report
        self.heading(f"{r.labels['apreport.overdue']} ({len(r.overdue)})", 1)
        if not r.overdue:
            self.para(r.labels["apreport.no_overdue"])
            return
        table = self.table(
            [
                r.labels["actionplan.col_id"],
                r.labels["actionplan.col_milestone"],
                r.labels["actionplan.col_title"],
                r.labels["actionplan.col_due"],
                r.labels["apreport.col_days"],
            ],
            (0.11, 0.3, 0.31, 0.14, 0.14),
            right=(4,),
        )
        for o in r.overdue:
            self.row(table, [o.id, o.milestone, o.title, o.due, o.days], right=(4,))

    def footer(self) -> None:
        section = self.document.sections[0]
        paragraph = section.footer.paragraphs[0]
        paragraph._p.style = self.style_ids["Footer"]
        paragraph.add_run(self.text(self.report.footer) + "\t")
        add_field(paragraph, "PAGE", "1")


def render_report_docx(report: CommitteeReport) -> bytes:
    """The report as the bytes of a ``.docx`` file."""
    document = docx.Document()
    set_up(document, report.lang)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    writer = _Writer(document, report)
    writer.header()
    writer.summary()
    writer.changes()
    writer.points()
    writer.chart()
    writer.overdue()
    writer.footer()
    properties = document.core_properties
    properties.title = xml_text(f"{report.title} — {report.as_of}")[:_PROPERTY_LIMIT]
    properties.language = report.lang
    properties.author = "gcat"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

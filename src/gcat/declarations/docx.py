"""A declaration as a Word document, with real revision marks for the tracked views.

python-docx has no API for revisions, so each insertion is a ``w:ins`` and each deletion a
``w:del`` (its text in ``w:delText``), built with lxml on the document, with ``w:author`` set
to the proposer, ``w:date`` and a unique ``w:id``. Word and LibreOffice then list them by
author, and the reader accepts or rejects each one. Track changes is on, so the reader's own
edits are marked too.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from xml.sax.saxutils import escape

import docx
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from gcat.core.amendments import (
    Amendment,
    Declaration,
    PartKind,
    PartView,
    Segment,
    consolidated,
    tracked,
)
from gcat.declarations.html import LANGUAGE_NAMES, amendment_rows
from gcat.declarations.views import change_note
from gcat.i18n import message
from gcat.reports.docx_styles import MUTED, NAVY, RULE, TEXT_WIDTH, set_up
from gcat.reports.wordml import (
    repeat_header,
    set_fixed_layout,
    set_table_borders,
    shade,
    track_revisions,
    xml_text,
)

__all__ = ["render_docx"]

_HEAD_FILL = "#eaeff4"
_CONFLICT = RGBColor(0xA4, 0x26, 0x2C)
_HEADINGS = {
    "tracked": "declaration.view_tracked",
    "consolidated": "declaration.view_consolidated",
    "bilingual": "declaration.view_bilingual",
}


def _run(text: str, *, deleted: bool = False) -> BaseOxmlElement:
    run: BaseOxmlElement = OxmlElement("w:r")
    body = OxmlElement("w:delText" if deleted else "w:t")
    body.set(qn("xml:space"), "preserve")
    body.text = xml_text(text)
    run.append(body)
    return run


class _Revisions:
    """Numbers the revisions of one document and dates each by its amendment."""

    def __init__(self, amendments: Mapping[str, Amendment], when: datetime) -> None:
        self.amendments = amendments
        self.when = when
        self.next_id = 1

    def date_of(self, amendment: Amendment) -> str:
        if amendment.proposed_on is not None:
            return f"{amendment.proposed_on.isoformat()}T00:00:00Z"
        return self.when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def write(self, paragraph: Paragraph, segments: Sequence[Segment]) -> None:
        """The segments as runs of ``paragraph``: unchanged, inserted and deleted."""
        for segment in segments:
            if not segment.text:
                continue
            if segment.kind == "same" or segment.amendment is None:
                paragraph._p.append(_run(segment.text))
                continue
            amendment = self.amendments[segment.amendment]
            mark = OxmlElement("w:ins" if segment.kind == "ins" else "w:del")
            mark.set(qn("w:id"), str(self.next_id))
            mark.set(qn("w:author"), xml_text(amendment.proposer))
            mark.set(qn("w:date"), self.date_of(amendment))
            self.next_id += 1
            mark.append(_run(segment.text, deleted=segment.kind == "del"))
            paragraph._p.append(mark)


class _Writer:
    def __init__(self, document: Document, declaration: Declaration, lang: str) -> None:
        self.document = document
        self.declaration = declaration
        self.lang = lang
        self.style_ids = {style.name: style.style_id for style in document.styles}

    def t(self, code: str, **params: object) -> str:
        return message(code, self.lang, **params)

    def para(self, text: str = "", style: str = "Normal", parent: _Cell | None = None) -> Paragraph:
        if parent is not None:
            paragraph: Paragraph = parent.paragraphs[0]
            if paragraph.runs or len(paragraph._p) > 1:
                paragraph = parent.add_paragraph()
        else:
            paragraph = self.document.add_paragraph()
        paragraph._p.style = self.style_ids[style]
        if text:
            paragraph.add_run(xml_text(text))
        return paragraph

    def header(self, view: str) -> None:
        title = self.declaration.title
        kicker = self.para(self.t(_HEADINGS[view]).upper())
        for run in kicker.runs:
            run.font.size, run.font.color.rgb = Pt(9), MUTED
        heading = self.document.add_heading(
            xml_text(title.get(self.lang) or next(iter(title.values()))), 0
        )
        for run in heading.runs:
            run.font.color.rgb, run.font.size = NAVY, Pt(20)
        self.para(self.t("declaration.version", version=self.declaration.version), "Note")

    def part_style(self, view: PartView) -> str:
        if view.part.kind is PartKind.ITEM:
            return "List Bullet"
        return "Normal"

    def aside(self, view: PartView, text_lang: str, parent: _Cell | None = None) -> None:
        for amendment in view.aside:
            note = self.para(
                self.t(
                    "declaration.conflict_aside", note=change_note(amendment, text_lang, self.lang)
                ),
                "Note",
                parent,
            )
            for run in note.runs:
                run.font.color.rgb = _CONFLICT

    def table(self, header: Sequence[str], widths: Sequence[float]) -> Table:
        table: Table = self.document.add_table(rows=1, cols=len(header))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        set_table_borders(table, RULE)
        for cell, label in zip(table.rows[0].cells, header, strict=True):
            shade(cell, _HEAD_FILL)
            self.para(label, "Table Heading", cell)
        repeat_header(table.rows[0])
        set_fixed_layout(table, [round(TEXT_WIDTH * w) for w in widths])
        return table

    def amendments(self) -> None:
        """The table of amendments, its rows written as XML in one go (python-docx adds rows
        one at a time in quadratic time, too slow for thousands of amendments)."""
        rows = amendment_rows(self.declaration, self.lang, self.lang)
        if not rows:
            return
        self.document.add_heading(xml_text(self.t("declaration.amendments")), 1)
        widths = (0.12, 0.12, 0.16, 0.34, 0.14, 0.12)
        table = self.table(
            [
                self.t("declaration.col_amendment"),
                self.t("declaration.col_part"),
                self.t("declaration.col_proposer"),
                self.t("declaration.col_change"),
                self.t("declaration.col_status"),
                self.t("declaration.col_conflicts"),
            ],
            widths,
        )
        twips = [round(TEXT_WIDTH * w) for w in widths]
        style = self.style_ids["Table Text"]
        body = []
        for row in rows:
            note = row.amendment.decision_note
            values = (
                row.amendment.id,
                str(row.amendment.part),
                row.proposer,
                row.does,
                row.status + (f" — {note}" if note else ""),
                ", ".join(row.conflicts) or "—",
            )
            cells = []
            for n, (value, width) in enumerate(zip(values, twips, strict=True)):
                marked = (
                    '<w:rPr><w:b/><w:color w:val="A4262C"/></w:rPr>'
                    if n == 5 and row.conflicts
                    else ""
                )
                cells.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                    f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r>{marked}'
                    f'<w:t xml:space="preserve">{escape(xml_text(value))}</w:t></w:r></w:p></w:tc>'
                )
            body.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>")
        fragment = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(body)}</w:tbl>")
        for tr in list(fragment):
            table._tbl.append(tr)


def render_docx(
    declaration: Declaration,
    view: str,
    lang: str,
    second: str | None = None,
    *,
    when: datetime | None = None,
) -> bytes:
    """The declaration as a ``.docx``: ``tracked`` and ``bilingual`` with revision marks,
    ``consolidated`` as clean text with a note of who made each change."""
    document = docx.Document()
    set_up(document, lang)
    writer = _Writer(document, declaration, lang)
    writer.header(view)
    by_id = {a.id: a for a in declaration.amendments}
    revisions = _Revisions(by_id, when or datetime.now(UTC))
    if view == "bilingual" and second is not None:
        table = writer.table([LANGUAGE_NAMES[lang], LANGUAGE_NAMES[second]], (0.5, 0.5))
        for mine, other in zip(
            tracked(declaration, lang), tracked(declaration, second), strict=True
        ):
            cells = table.add_row().cells  # type: ignore[no-untyped-call]
            for cell, part, text_lang in ((cells[0], mine, lang), (cells[1], other, second)):
                revisions.write(writer.para("", "Table Text", cell), part.segments)
                writer.aside(part, text_lang, cell)
        track_revisions(document)
    elif view == "consolidated":
        for part in consolidated(declaration, lang):
            writer.para(part.text, writer.part_style(part))
            made = dict.fromkeys(s.amendment for s in part.segments if s.amendment)
            for key in made:
                if key:
                    writer.para(change_note(by_id[key], lang, lang), "Note")
    else:
        for part in tracked(declaration, lang):
            revisions.write(writer.para("", writer.part_style(part)), part.segments)
            writer.aside(part, lang)
        track_revisions(document)
    writer.amendments()
    properties = document.core_properties
    properties.title = xml_text(declaration.title.get(lang) or "")[:255]
    properties.language = lang
    properties.author = "gcat"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

"""The blank Annex I template as a Word form: headings, instructions and content controls.

Each answer goes in a content control tagged with its practice field (see
:mod:`gcat.practices.wordforms`), so the filled-in form reads back exactly, whatever the member
typed around it. Domains, thematic areas and withheld sections are check boxes; the primary
domain, consent and language are drop-down lists.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Cm, Pt

from gcat.core.model import Framework
from gcat.core.practices import SECTION_KEYS
from gcat.i18n import LANGUAGES, message
from gcat.practices.texts import FIELD, HELP, LABEL, LANGUAGE_NAME, MEASURE, SECTION
from gcat.practices.wordforms import add_checkbox, add_dropdown, add_inline_text, text_block
from gcat.reports.docx_styles import MUTED, set_up

__all__ = ["MEASURE_ROWS", "docx_template"]

MEASURE_ROWS = 6
"""Rows of the measurable-results table in the template."""
MEASURE_FIELDS = ("indicator", "value", "unit", "baseline", "year")


class _Form:
    def __init__(self, document: DocumentObject, lang: str) -> None:
        self.document = document
        self.lang = lang

    def t(self, code: str, **params: object) -> str:
        return message(code, self.lang, **params)

    def heading(self, code: str) -> None:
        self.document.add_heading(self.t(code), 2)

    def help(self, code: str) -> None:
        paragraph = self.document.add_paragraph(style="Note")
        run = paragraph.add_run(self.t(code))
        run.italic = True

    def line(self, label_code: str, tag: str, value: str = "") -> None:
        paragraph = self.document.add_paragraph()
        paragraph.add_run(self.t("label", label=self.t(label_code)) + " ").bold = True
        add_inline_text(
            paragraph, tag, self.t(label_code), self.t("practices.click_to_type"), value
        )

    def block(self, tag: str, title_code: str) -> None:
        body = self.document.element.body
        body.insert(
            len(body) - 1, text_block(tag, self.t(title_code), self.t("practices.click_to_type"))
        )

    def boxes(self, items: list[tuple[str, str]]) -> None:
        for tag, label in items:
            paragraph = self.document.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(0.5)
            paragraph.paragraph_format.space_after = Pt(1)
            add_checkbox(paragraph, tag, label)
            paragraph.add_run(" " + label)


def docx_template(framework: Framework, lang: str) -> bytes:
    """The Annex I form in ``lang`` as a .docx file."""
    document = Document()
    set_up(document, lang)
    document.styles["Heading 1"].paragraph_format.page_break_before = False
    form = _Form(document, lang)
    t = form.t
    document.add_heading(t("practices.template_title"), 1)
    for code in (
        "practices.template_intro",
        "practices.template_free_format",
        "practices.template_consent_note",
    ):
        document.add_paragraph(t(code))

    _member_and_title(form)
    _domains(form, framework)
    _narrative(form)
    _consent(form)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _member_and_title(form: _Form) -> None:
    form.heading("practices.section_member")
    form.help("practices.help_member")
    form.line("practices.field_member", "member")
    form.help("practices.help_contact")
    for key in ("contact_name", "contact_role", "contact_email", "contact_phone"):
        form.line(FIELD[key], key)

    form.heading("practices.section_title")
    form.help("practices.help_title")
    form.line("practices.field_title", "title")


def _domains(form: _Form, framework: Framework) -> None:
    document, lang, t = form.document, form.lang, form.t
    form.heading("practices.section_domains")
    form.help("practices.help_domains")
    paragraph = document.add_paragraph()
    paragraph.add_run(t("label", label=t("practices.field_primary_domain")) + " ").bold = True
    choices = [(domain.id, domain.title[lang]) for domain in framework.domains]
    add_dropdown(
        paragraph,
        "primary_domain",
        t("practices.field_primary_domain"),
        t("practices.choose"),
        choices,
    )
    document.add_paragraph(t("practices.field_other_domains"))
    form.boxes([(f"domain:{domain.id}", domain.title[lang]) for domain in framework.domains])
    form.help("practices.help_areas")
    form.boxes([(f"area:{area}", names[lang]) for area, names in framework.thematic_areas.items()])
    form.help("practices.help_gcat_indicators")
    form.line("practices.field_gcat_indicators", "gcat_indicators")


def _narrative(form: _Form) -> None:
    document, t = form.document, form.t
    for key in ("background", "description", "results"):
        form.heading(SECTION[key])
        form.help(HELP[key])
        form.block(key, SECTION[key])

    document.add_heading(t("practices.section_measurable_results"), 3)
    form.help("practices.help_measurable_results")
    table = document.add_table(rows=MEASURE_ROWS + 1, cols=len(MEASURE_FIELDS))
    table.style = document.styles["Table Grid"]
    for column, field in enumerate(MEASURE_FIELDS):
        cell = table.rows[0].cells[column]
        cell.paragraphs[0].add_run(t(MEASURE[field])).bold = True
        for row in range(1, MEASURE_ROWS + 1):
            add_inline_text(
                table.rows[row].cells[column].paragraphs[0],
                f"measure:{row}:{field}",
                t(MEASURE[field]),
                "…",
            )

    for key in ("challenges", "future_plans", "links"):
        form.heading(SECTION[key])
        form.help(HELP[key])
        form.block(key, SECTION[key])


def _consent(form: _Form) -> None:
    document, lang, t = form.document, form.lang, form.t
    form.heading("practices.section_consent")
    document.add_paragraph(t("practices.consent_statement"))
    paragraph = document.add_paragraph()
    paragraph.add_run(t("label", label=t("practices.field_consent")) + " ").bold = True
    add_dropdown(
        paragraph,
        "consent",
        t("practices.field_consent"),
        t("practices.choose"),
        [("yes", t("practices.consent_yes")), ("no", t("practices.consent_no"))],
    )
    form.help("practices.help_withheld")
    form.boxes([(f"withhold:{key}", t(LABEL[key])) for key in SECTION_KEYS])

    paragraph = document.add_paragraph()
    paragraph.add_run(t("label", label=t("practices.field_lang")) + " ").bold = True
    add_dropdown(
        paragraph,
        "lang",
        t("practices.field_lang"),
        t("practices.choose"),
        [(code, message(LANGUAGE_NAME[code], code)) for code in LANGUAGES],
        value=lang,
    )
    note = document.add_paragraph(t("practices.template_return"), style="Note")
    for run in note.runs:
        run.font.color.rgb = MUTED

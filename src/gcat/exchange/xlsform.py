"""XLSForm export: the assessment as a form for ODK Collect or KoboToolbox tablets.

The form has one group per domain in scope and, inside it, one screen (a ``field-list`` group)
per indicator: the level (0–5 with the indicator's own descriptors, plus "not applicable" where
allowed), the N/A reason, the target, evidence notes, a comment and a review flag. Labels are in
English, French and Spanish. :mod:`gcat.exchange.odk_import` reads the submissions back.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gcat.core.evaluation import Evaluation
from gcat.core.model import Indicator
from gcat.exchange.cells import looks_like_formula
from gcat.i18n import LANGUAGES, message

__all__ = [
    "ANSWER_FIELDS",
    "LANGUAGE_NAMES",
    "META_FIELDS",
    "NOT_APPLICABLE",
    "export_xlsform",
    "field_name",
]

LANGUAGE_NAMES = {"en": "English (en)", "fr": "Français (fr)", "es": "Español (es)"}
"""The XLSForm language of each interface language, as used in ``label::<name>`` columns."""

META_FIELDS = ("framework_id", "framework_version", "domains", "administration", "cycle")
"""Question names of the form's metadata, in the order they appear."""

ANSWER_FIELDS = ("level", "reason", "target", "evidence", "comment", "flag")
"""Suffixes of an indicator's question names (``pl_01_level`` …)."""

NOT_APPLICABLE = "na"
YES, NO = "yes", "no"
LEVELS = range(6)

_TRANSLATED = ("label", "hint", "required_message", "constraint_message")
_SURVEY_COLUMNS = (
    "type",
    "name",
    *(f"{col}::{LANGUAGE_NAMES[lang]}" for col in _TRANSLATED for lang in LANGUAGES),
    "required",
    "relevance",
    "constraint",
    "calculation",
    "default",
    "appearance",
)
_CHOICE_COLUMNS = ("list_name", "name", *(f"label::{LANGUAGE_NAMES[lang]}" for lang in LANGUAGES))
_SETTINGS_COLUMNS = ("form_title", "form_id", "version", "default_language", "instance_name")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Row = dict[str, str]


def field_name(indicator_id: str) -> str:
    """The XLSForm name stem of an indicator: ``PL-01`` → ``pl_01``."""
    return indicator_id.lower().replace("-", "_")


def _text(value: str) -> str:
    """Text safe in a label: no control characters, no ``${`` read as a field reference."""
    return _CONTROL.sub(" ", value).replace("${", "$ {")


def _literal(value: str) -> str:
    """An XPath expression for the string ``value`` (quotes and ``$`` kept as they are)."""
    parts = [part for part in re.split(r"(['$])", _CONTROL.sub(" ", value)) if part]
    pieces = [f'"{part}"' if part == "'" else f"'{part}'" for part in parts] or ["''"]
    return pieces[0] if len(pieces) == 1 else f"concat({', '.join(pieces)})"


def _translated(column: str, code: str, **params: object) -> Row:
    """``column::<language>`` cells holding the message ``code`` in every language."""
    return {
        f"{column}::{LANGUAGE_NAMES[lang]}": _text(message(code, lang, **params))
        for lang in LANGUAGES
    }


def _labels(texts: dict[str, str], column: str = "label") -> Row:
    return {f"{column}::{LANGUAGE_NAMES[lang]}": _text(texts[lang]) for lang in LANGUAGES}


def _metadata(evaluation: Evaluation) -> list[Row]:
    assessment = evaluation.assessment
    rows: list[Row] = [
        {
            "type": "calculate",
            "name": "framework_id",
            "calculation": _literal(assessment.framework_id),
        },
        {
            "type": "calculate",
            "name": "framework_version",
            "calculation": _literal(assessment.framework_version),
        },
    ]
    if assessment.domains is not None:
        scope = " ".join(assessment.domains)
        rows.append({"type": "calculate", "name": "domains", "calculation": _literal(scope)})
    rows += [
        {
            "type": "calculate",
            "name": "administration",
            "calculation": _literal(assessment.administration),
        },
        {
            "type": "note",
            "name": "intro",
            **{  # a trusted template around a field reference: not passed through _text
                f"label::{LANGUAGE_NAMES[lang]}": message(
                    "xlsform.intro", lang, administration="${administration}"
                )
                for lang in LANGUAGES
            },
        },
        {
            "type": "text",
            "name": "cycle",
            "required": YES,
            "default": f"string({_literal(assessment.cycle)})",
            **_translated("label", "xlsform.cycle"),
        },
    ]
    return rows


def _indicator(ind: Indicator) -> list[Row]:
    stem = field_name(ind.id)
    level_ref = f"${{{stem}_level}}"
    title = {lang: f"{ind.id} — {ind.title[lang]}" for lang in LANGUAGES}
    rows: list[Row] = [
        {"type": "begin_group", "name": stem, "appearance": "field-list", **_labels(title)},
        {
            "type": f"select_one levels_{stem}",
            "name": f"{stem}_level",
            **_translated("label", "xlsform.level"),
            **_labels(dict(ind.definition), "hint"),
        },
    ]
    if ind.not_applicable_allowed:
        rows.append(
            {
                "type": "text",
                "name": f"{stem}_reason",
                "relevance": f"{level_ref} = '{NOT_APPLICABLE}'",
                "required": YES,
                "appearance": "multiline",
                **_translated("label", "xlsform.reason"),
                **(
                    _labels(dict(ind.not_applicable_when), "hint")
                    if ind.not_applicable_when
                    else {}
                ),
                **_translated("required_message", "xlsform.reason_required"),
            }
        )
    rows += [
        {
            "type": "select_one target",
            "name": f"{stem}_target",
            "relevance": f"{level_ref} != '{NOT_APPLICABLE}'",
            "constraint": f"{level_ref} = '' or number(.) >= number({level_ref})",
            **_translated("label", "xlsform.target"),
            **_translated("constraint_message", "xlsform.target_below_level"),
        },
        {
            "type": "text",
            "name": f"{stem}_evidence",
            "appearance": "multiline",
            **_translated("label", "xlsform.evidence"),
            **_translated("hint", "xlsform.evidence_hint"),
        },
        {
            "type": "text",
            "name": f"{stem}_comment",
            "appearance": "multiline",
            **_translated("label", "xlsform.comment"),
        },
        {
            "type": "select_one yes_no",
            "name": f"{stem}_flag",
            **_translated("label", "xlsform.flag"),
        },
        {"type": "end_group", "name": stem},
    ]
    return rows


def _survey(evaluation: Evaluation) -> list[Row]:
    framework = evaluation.framework
    rows = _metadata(evaluation)
    for domain in evaluation.assessment.domains_in_scope(framework):
        rows.append({"type": "begin_group", "name": domain.id, **_labels(dict(domain.title))})
        rows.append(
            {"type": "note", "name": f"{domain.id}_purpose", **_labels(dict(domain.purpose))}
        )
        for ind in domain.indicators:
            rows += _indicator(ind)
        rows.append({"type": "end_group", "name": domain.id})
    return rows


def _choices(evaluation: Evaluation) -> list[Row]:
    framework = evaluation.framework
    scale = {s.level: s.name for s in framework.scale}
    rows: list[Row] = []
    for domain in evaluation.assessment.domains_in_scope(framework):
        for ind in domain.indicators:
            list_name = f"levels_{field_name(ind.id)}"
            for level in LEVELS:
                texts = {
                    lang: message(
                        "xlsform.level_choice",
                        lang,
                        level=level,
                        name=scale[level][lang],
                        descriptor=ind.levels[level][lang],
                    )
                    for lang in LANGUAGES
                }
                rows.append({"list_name": list_name, "name": str(level), **_labels(texts)})
            if ind.not_applicable_allowed:
                rows.append(
                    {
                        "list_name": list_name,
                        "name": NOT_APPLICABLE,
                        **_translated("label", "xlsform.not_applicable"),
                    }
                )
    for level in LEVELS:
        names = {lang: f"{level} ({scale[level][lang]})" for lang in LANGUAGES}
        rows.append({"list_name": "target", "name": str(level), **_labels(names)})
    rows.append({"list_name": "yes_no", "name": YES, **_translated("label", "xlsform.yes")})
    rows.append({"list_name": "yes_no", "name": NO, **_translated("label", "xlsform.no")})
    return rows


def _settings(evaluation: Evaluation, lang: str, content: str) -> Row:
    framework, assessment = evaluation.framework, evaluation.assessment
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:10]
    title = message(
        "xlsform.form_title",
        lang,
        title=framework.title[lang],
        administration=assessment.administration,
        cycle=assessment.cycle,
    )
    return {
        "form_title": _text(title),
        "form_id": re.sub(r"[^a-z0-9_]", "_", f"{framework.id}_{framework.version}".lower()),
        "version": f"{framework.version}-{digest}",
        "default_language": LANGUAGE_NAMES[lang],
        "instance_name": "concat(${administration}, ' — ', ${cycle})",
    }


def _write(sheet: Worksheet, columns: Iterable[str], rows: Iterable[Row]) -> None:
    """Write a header and rows, every cell as text (never a formula)."""
    columns = tuple(columns)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, row in enumerate(rows, start=2):
        for col, key in enumerate(columns, start=1):
            value = row.get(key, "")
            if not value:
                continue
            cell = sheet.cell(index, col)
            cell.value = value
            cell.data_type = "s"
            if looks_like_formula(value):
                cell.quotePrefix = True
    for col, key in enumerate(columns, start=1):
        width = (
            14 if key in ("required", "default", "appearance") else 24 if "::" not in key else 48
        )
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"


def export_xlsform(evaluation: Evaluation, lang: str) -> bytes:
    """The assessment as an XLSForm (.xlsx) with labels in en, fr and es; titled in ``lang``."""
    if lang not in LANGUAGE_NAMES:
        raise ValueError(f"unsupported language {lang!r}")
    survey, choices = _survey(evaluation), _choices(evaluation)
    content = repr((survey, choices, lang))
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "survey"
    _write(sheet, _SURVEY_COLUMNS, survey)
    _write(workbook.create_sheet("choices"), _CHOICE_COLUMNS, choices)
    _write(
        workbook.create_sheet("settings"), _SETTINGS_COLUMNS, [_settings(evaluation, lang, content)]
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

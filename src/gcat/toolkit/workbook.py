"""The framework as an editable workbook: one sheet per domain, a row per indicator, a column
per text and language (``title::fr``, ``level_3::es``), for authors and translators who do not
write YAML. :mod:`gcat.toolkit.workbook_import` reads it back."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gcat.core.model import Framework, Indicator
from gcat.exchange.cells import looks_like_formula
from gcat.i18n import LANGUAGES, message
from gcat.toolkit.layout import (
    DOMAIN_TEXTS,
    GLOSSARY_TEXTS,
    INDICATOR_FIELDS,
    INDICATOR_TEXTS,
    LIST_SEPARATOR,
    SCALE_TEXTS,
    SCHEMA,
    SHEET_AREAS,
    SHEET_DOMAINS,
    SHEET_FRAMEWORK,
    SHEET_GLOSSARY,
    SHEET_README,
    SHEET_REFERENCES,
    SHEET_SCALE,
    column,
)

__all__ = ["domain_sheet", "export_framework_workbook"]

Cell = str | float | bool | None
_HEAD = PatternFill("solid", fgColor="E2ECE6")
_WRAP = Alignment(wrap_text=True, vertical="top")


def domain_sheet(domain_id: str, code: str) -> str:
    """The sheet of a domain: its id, or its code when the id is too long for a sheet name."""
    return domain_id if len(domain_id) <= 31 else code


def _put(sheet: Worksheet, row: int, col: int, value: Cell) -> None:
    """A value in a cell; text is always text, never read as a formula."""
    if value is None or value == "":
        return
    cell = sheet.cell(row, col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    cell.alignment = _WRAP


def _table(
    sheet: Worksheet, header: Sequence[str], rows: Iterable[Sequence[Cell]], widths: dict[str, int]
) -> None:
    for col, key in enumerate(header, start=1):
        cell = sheet.cell(1, col, key)
        cell.font = Font(bold=True)
        cell.fill = _HEAD
        base = key.split("::")[0]
        sheet.column_dimensions[get_column_letter(col)].width = widths.get(base, 40)
    for row, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            _put(sheet, row, col, value)
    sheet.freeze_panes = "B2"


def _texts(keys: Sequence[str], languages: Sequence[str]) -> list[str]:
    return [column(key, lang) for lang in languages for key in keys]


def _indicator_row(ind: Indicator, languages: Sequence[str]) -> list[Cell]:
    structure: list[Cell] = [
        ind.id,
        ind.weight,
        ind.foundational,
        ind.not_applicable_allowed,
        LIST_SEPARATOR.join(ind.thematic_areas),
        LIST_SEPARATOR.join(ind.references),
    ]
    texts: list[Cell] = []
    for lang in languages:
        texts += [ind.title[lang], ind.definition[lang], ind.rationale[lang]]
        texts += [ind.levels[n][lang] for n in range(6)]
        texts.append("\n".join(ind.evidence[lang]))
        texts.append(ind.not_applicable_when[lang] if ind.not_applicable_when else None)
    return structure + texts


def _readme(sheet: Worksheet, framework: Framework) -> None:
    sheet.column_dimensions["A"].width = 120
    row = 1
    for lang in LANGUAGES:
        title = message(
            "toolkit.readme_title",
            lang,
            title=framework.title.get(lang, framework.title["en"]),
            version=framework.version,
        )
        sheet.cell(row, 1, title).font = Font(bold=True, size=13)
        row += 1
        for code in ("toolkit.readme_edit", "toolkit.readme_lists", "toolkit.readme_import"):
            _put(sheet, row, 1, message(code, lang))
            row += 1
        row += 1


def export_framework_workbook(framework: Framework) -> bytes:
    """The workbook of ``framework`` (every text in every language of the framework)."""
    languages = framework.languages
    wb = Workbook()
    readme = wb.active
    assert readme is not None
    readme.title = SHEET_README
    _readme(readme, framework)
    params = framework.scoring
    settings = wb.create_sheet(SHEET_FRAMEWORK)
    _table(
        settings,
        ("key", "value"),
        [
            ("schema", SCHEMA),
            ("id", framework.id),
            ("version", framework.version),
            ("languages", LIST_SEPARATOR.join(languages)),
            ("scoring_primary", params.primary),
            ("noncompensatory_share", params.noncompensatory_share),
            ("noncompensatory_max_shortfall", params.noncompensatory_max_shortfall),
            ("min_completeness", params.min_completeness),
            ("min_evidence_coverage", params.min_evidence_coverage),
            *((column("title", lang), framework.title[lang]) for lang in languages),
        ],
        {"key": 30, "value": 60},
    )
    _table(
        wb.create_sheet(SHEET_SCALE),
        ["level", *_texts(SCALE_TEXTS, languages)],
        [
            [s.level, *(getattr(s, key)[lang] for lang in languages for key in SCALE_TEXTS)]
            for s in framework.scale
        ],
        {"level": 8, "name": 20, "meaning": 50},
    )
    _table(
        wb.create_sheet(SHEET_DOMAINS),
        ["id", "code", "sheet", *_texts(DOMAIN_TEXTS, languages)],
        [
            [
                d.id,
                d.code,
                domain_sheet(d.id, d.code),
                *(getattr(d, key)[lang] for lang in languages for key in DOMAIN_TEXTS),
            ]
            for d in framework.domains
        ],
        {"id": 22, "code": 8, "sheet": 22, "title": 30, "purpose": 60},
    )
    _table(
        wb.create_sheet(SHEET_AREAS),
        ["id", *_texts(("name",), languages)],
        [
            [key, *(names[lang] for lang in languages)]
            for key, names in framework.thematic_areas.items()
        ],
        {"id": 28, "name": 40},
    )
    _table(
        wb.create_sheet(SHEET_REFERENCES),
        ["id", "kind", *_texts(("title",), languages)],
        [
            [ref.id, ref.kind, *(ref.title[lang] for lang in languages)]
            for ref in framework.references.values()
        ],
        {"id": 22, "kind": 14, "title": 60},
    )
    _table(
        wb.create_sheet(SHEET_GLOSSARY),
        ["id", *_texts(GLOSSARY_TEXTS, languages)],
        [
            [term.id, *(getattr(term, key)[lang] for lang in languages for key in GLOSSARY_TEXTS)]
            for term in framework.glossary.values()
        ],
        {"id": 30, "term": 30, "definition": 70},
    )
    widths = {"id": 8, "weight": 8, "foundational": 12, "not_applicable": 12}
    widths |= {"thematic_areas": 24, "references": 24, "title": 30, "evidence": 50}
    for domain in framework.domains:
        _table(
            wb.create_sheet(domain_sheet(domain.id, domain.code)),
            [*INDICATOR_FIELDS, *_texts(INDICATOR_TEXTS, languages)],
            [_indicator_row(ind, languages) for ind in domain.indicators],
            widths,
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

"""The layout of the framework workbook, shared by its export and its import.

Every sheet has one header row of keys and one row per item. Texts have one column per
language, named like XLSForm's ``label::lang``: ``title::fr``, ``level_3::es``. Lists are one
item per line (evidence examples) or comma-separated ids (thematic areas, references).
"""

from __future__ import annotations

__all__ = [
    "DOMAIN_TEXTS",
    "GLOSSARY_TEXTS",
    "INDICATOR_FIELDS",
    "INDICATOR_TEXTS",
    "LIST_SEPARATOR",
    "SCALE_TEXTS",
    "SCHEMA",
    "SETTINGS_KEYS",
    "SHEET_AREAS",
    "SHEET_DOMAINS",
    "SHEET_FRAMEWORK",
    "SHEET_GLOSSARY",
    "SHEET_README",
    "SHEET_REFERENCES",
    "SHEET_SCALE",
    "column",
]

SCHEMA = "gcat-framework-workbook/1"
SHEET_README = "readme"
SHEET_FRAMEWORK = "framework"
SHEET_SCALE = "scale"
SHEET_DOMAINS = "domains"
SHEET_AREAS = "thematic_areas"
SHEET_REFERENCES = "references"
SHEET_GLOSSARY = "glossary"

SETTINGS_KEYS = (
    "schema",
    "id",
    "version",
    "languages",
    "scoring_primary",
    "noncompensatory_share",
    "noncompensatory_max_shortfall",
    "min_completeness",
    "min_evidence_coverage",
)
"""Rows of the ``framework`` sheet (key, value), then ``title::lang`` rows."""

SCALE_TEXTS = ("name", "meaning")
DOMAIN_TEXTS = ("title", "purpose")
GLOSSARY_TEXTS = ("term", "definition")
INDICATOR_FIELDS = (
    "id",
    "weight",
    "foundational",
    "not_applicable",
    "thematic_areas",
    "references",
)
"""Structure columns of a domain sheet, before the texts."""
INDICATOR_TEXTS = (
    "title",
    "definition",
    "rationale",
    *(f"level_{n}" for n in range(6)),
    "evidence",
    "not_applicable_when",
)
"""Text columns of a domain sheet, each once per language."""
LIST_SEPARATOR = ","


def column(key: str, lang: str) -> str:
    """The header of the text ``key`` in ``lang``: ``title::fr``."""
    return f"{key}::{lang}"

"""The two label sets of the assisted classification: survey thematic areas and GCAT domains."""

from __future__ import annotations

from typing import Final

__all__ = ["AREAS", "DOMAINS", "TAXONOMIES", "Taxonomy"]

AREAS: Final = (
    "internal_office",
    "dematerialisation",
    "strategy_policy",
    "capacity_building",
    "enforcement",
    "digital_technology",
    "procedures",
    "national_collaboration",
    "international_collaboration",
)
"""The nine thematic areas of the 2025 survey, in the survey's order."""

DOMAINS: Final = (
    "policy_legislation",
    "facilitation",
    "internal_practices",
    "customs_controls",
    "green_tariff",
    "capacity_building",
    "cooperation",
)
"""The seven GCAT domains, in the framework's order."""

Taxonomy = str
"""``"thematic_areas"`` or ``"gcat_domains"``: the field name of a label set."""

TAXONOMIES: Final[dict[Taxonomy, tuple[str, ...]]] = {
    "thematic_areas": AREAS,
    "gcat_domains": DOMAINS,
}
"""Each label set by the field name it has in examples, outputs and the database."""

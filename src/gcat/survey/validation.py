"""Validating the GCAT framework against the survey: which indicators the reported initiatives
evidence, which none touches, and which initiatives fit no indicator (possible gaps).

An initiative *evidences* an indicator when the indicator is among its top suggestions with a
score of at least :data:`~gcat.classify.suggest.MIN_INDICATOR_SCORE`; an initiative whose best
indicator scores below that maps to no indicator with confidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gcat.classify.labels import AREAS, DOMAINS
from gcat.classify.suggest import MIN_INDICATOR_SCORE
from gcat.core.survey_records import SurveyData
from gcat.frameworks import load_framework
from gcat.i18n import message
from gcat.survey.view import TITLE_CHARS

__all__ = ["EXAMPLES", "IndicatorCoverage", "Validation", "validate_framework", "validation_json"]

EXAMPLES = 3
"""Example initiatives listed per indicator."""


@dataclass(frozen=True, slots=True)
class IndicatorCoverage:
    """How many initiatives evidence one indicator, with a few of them."""

    indicator_id: str
    domain_id: str
    title: str
    count: int
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Validation:
    """The crosswalk from the survey's initiatives to the framework, in one language."""

    lang: str
    year: int
    demo: bool
    framework: str
    indicators: tuple[IndicatorCoverage, ...]
    domain_counts: dict[str, int]
    domain_names: dict[str, str]
    area_names: dict[str, str]
    untouched: tuple[IndicatorCoverage, ...]
    gaps: tuple[tuple[str, str, float], ...]
    """(initiative id, title, best indicator score) of initiatives mapping to no indicator."""
    coverage: dict[str, dict[str, int]]
    initiatives: int
    threshold: float

    def t(self, code: str, **params: Any) -> str:
        """A message in the report's language."""
        return message(code, self.lang, **params)


def _title(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1].rstrip() + "…"


def validate_framework(data: SurveyData, lang: str) -> Validation:
    """The crosswalk of ``data`` to the default framework, in ``lang``."""
    framework = load_framework()
    evidencing: dict[str, list[str]] = {i: [] for i in framework.indicators}
    gaps = []
    for item in data.initiatives:
        confident = [(i, s) for i, s in item.indicators if s >= MIN_INDICATOR_SCORE]
        for indicator_id, _ in confident:
            if indicator_id in evidencing:
                evidencing[indicator_id].append(_title(item.text))
        if not confident:
            best = max((s for _, s in item.indicators), default=0.0)
            gaps.append((item.ref, _title(item.text), round(best, 3)))
    rows = tuple(
        IndicatorCoverage(
            ind.id,
            ind.domain_id,
            ind.title[lang],
            len(evidencing[ind.id]),
            tuple(evidencing[ind.id][:EXAMPLES]),
        )
        for ind in framework.indicators.values()
    )
    return Validation(
        lang=lang,
        year=data.survey.year,
        demo=data.survey.demo,
        framework=framework.key,
        indicators=rows,
        domain_counts={d: sum(d in i.gcat_domains for i in data.initiatives) for d in DOMAINS},
        domain_names={d: framework.domain(d).title[lang] for d in DOMAINS},
        area_names={a: framework.thematic_areas[a][lang] for a in AREAS},
        untouched=tuple(row for row in rows if row.count == 0),
        gaps=tuple(gaps),
        coverage=data.analysis.area_by_domain,
        initiatives=len(data.initiatives),
        threshold=MIN_INDICATOR_SCORE,
    )


def validation_json(v: Validation) -> dict[str, Any]:
    """The stable JSON shape of ``gcat survey validate --format json``."""
    return {
        "year": v.year,
        "demo": v.demo,
        "framework": v.framework,
        "initiatives": v.initiatives,
        "threshold": v.threshold,
        "domains": {
            d: {
                "initiatives": v.domain_counts[d],
                "indicators": [
                    {"id": r.indicator_id, "initiatives": r.count, "examples": list(r.examples)}
                    for r in v.indicators
                    if r.domain_id == d
                ],
            }
            for d in DOMAINS
        },
        "untouched_indicators": [r.indicator_id for r in v.untouched],
        "unmapped_initiatives": [{"id": i, "text": t, "best_score": s} for i, t, s in v.gaps],
        "coverage": v.coverage,
    }

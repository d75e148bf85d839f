"""The scoring engine: domain scores and levels under two rules, overall result, completeness.

Rules (docs/methodology.md explains them with a worked example):

- **Compensatory (primary):** the domain score is the weighted mean of the levels of its
  applicable, answered indicators, rounded half up to two decimals; the domain level is the
  whole part of that score. Strong indicators make up for weak ones.
- **Non-compensatory:** a domain reaches level *k* when at least ``share`` of its applicable,
  answered weight is at level *k* or above and no indicator is more than ``max_shortfall``
  levels below *k*. Weak indicators hold the domain back.

"Not applicable" answers and unanswered indicators take no part in either rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from gcat.core.assessment import MAX_LEVEL, Assessment
from gcat.core.model import Framework

__all__ = [
    "CONFIDENCE_LOW_COMPLETENESS",
    "CONFIDENCE_LOW_EVIDENCE",
    "DomainScore",
    "Result",
    "compensatory_level",
    "noncompensatory_level",
    "round_score",
    "score_assessment",
]

CONFIDENCE_LOW_COMPLETENESS = "confidence.low_completeness"
CONFIDENCE_LOW_EVIDENCE = "confidence.low_evidence"
EVIDENCE_LEVEL = 3
"""Answers at this level or above are expected to carry evidence."""

_EPSILON = 1e-9


def round_score(value: float) -> float:
    """Round half up to two decimals, as a spreadsheet's ROUND does for positive numbers."""
    return math.floor(value * 100 + 0.5 + _EPSILON) / 100


def compensatory_level(score: float) -> int:
    """The level of a (rounded) score: its whole part."""
    return math.floor(score + _EPSILON)


def noncompensatory_level(
    levels: list[tuple[int, float]], *, share: float, max_shortfall: int
) -> int:
    """The highest level *k* reached by the (level, weight) pairs under the threshold rule."""
    total = sum(weight for _, weight in levels)
    lowest = min(level for level, _ in levels)
    for k in range(MAX_LEVEL, 0, -1):
        if lowest < k - max_shortfall:
            continue
        at_or_above = sum(weight for level, weight in levels if level >= k)
        if at_or_above + _EPSILON >= share * total:
            return k
    return 0


@dataclass(frozen=True, slots=True)
class DomainScore:
    """A domain's result. Scores and levels are ``None`` when nothing applicable is answered."""

    domain_id: str
    score: float | None
    level: int | None
    level_noncompensatory: int | None
    total: int
    answered: int
    not_applicable: int

    @property
    def completeness(self) -> float:
        """Share of the domain's indicators answered (a level or N/A), in percent."""
        return round_score(100 * self.answered / self.total) if self.total else 0.0


@dataclass(frozen=True, slots=True)
class Result:
    """The result of an assessment under both rules."""

    framework_key: str
    primary_rule: str
    domains: tuple[DomainScore, ...]
    overall_score: float | None
    overall_level: int | None
    overall_level_noncompensatory: int | None
    completeness: float
    evidence_coverage: float | None
    """Share of answers at level 3 or above that carry evidence, or ``None`` when there are none."""
    confidence_notes: tuple[str, ...]
    """Message codes, translated at the edges."""

    def domain(self, domain_id: str) -> DomainScore:
        """The result for ``domain_id`` (KeyError when it is not in scope)."""
        for domain in self.domains:
            if domain.domain_id == domain_id:
                return domain
        raise KeyError(domain_id)


def score_assessment(framework: Framework, assessment: Assessment) -> Result:
    """Score ``assessment`` under both rules. Deterministic and pure."""
    params = framework.scoring
    share = params.noncompensatory_share
    shortfall = params.noncompensatory_max_shortfall
    answers = assessment.answers
    domain_scores: list[DomainScore] = []
    total_all = answered_all = high = high_with_evidence = 0
    for domain in assessment.domains_in_scope(framework):
        weighted = weight_sum = 0.0
        pairs: list[tuple[int, float]] = []
        answered = not_applicable = 0
        for indicator in domain.indicators:
            answer = answers.get(indicator.id)
            if answer is None:
                continue
            level = answer.level
            if level is None:
                if answer.not_applicable:
                    answered += 1
                    not_applicable += 1
                continue
            answered += 1
            weight = indicator.weight
            weighted += level * weight
            weight_sum += weight
            pairs.append((level, weight))
            if level >= EVIDENCE_LEVEL:
                high += 1
                if answer.evidence:
                    high_with_evidence += 1
        total = len(domain.indicators)
        total_all += total
        answered_all += answered
        if pairs:
            score: float | None = round_score(weighted / weight_sum)
            level_c: int | None = compensatory_level(score)
            level_n: int | None = noncompensatory_level(
                pairs, share=share, max_shortfall=shortfall
            )
        else:
            score = level_c = level_n = None
        domain_scores.append(
            DomainScore(domain.id, score, level_c, level_n, total, answered, not_applicable)
        )
    scored = [d for d in domain_scores if d.score is not None]
    if scored:
        overall: float | None = round_score(sum(d.score or 0.0 for d in scored) / len(scored))
        overall_level: int | None = compensatory_level(overall)
        overall_n: int | None = noncompensatory_level(
            [(d.level_noncompensatory or 0, 1.0) for d in scored],
            share=share,
            max_shortfall=shortfall,
        )
    else:
        overall = overall_level = overall_n = None
    completeness = round_score(100 * answered_all / total_all) if total_all else 0.0
    coverage = round_score(100 * high_with_evidence / high) if high else None
    notes: list[str] = []
    if completeness < params.min_completeness:
        notes.append(CONFIDENCE_LOW_COMPLETENESS)
    if coverage is not None and coverage < params.min_evidence_coverage:
        notes.append(CONFIDENCE_LOW_EVIDENCE)
    return Result(
        framework_key=framework.key,
        primary_rule=params.primary,
        domains=tuple(domain_scores),
        overall_score=overall,
        overall_level=overall_level,
        overall_level_noncompensatory=overall_n,
        completeness=completeness,
        evidence_coverage=coverage,
        confidence_notes=tuple(notes),
    )

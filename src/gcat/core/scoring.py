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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from gcat.core.assessment import MAX_LEVEL, Answer, Assessment
from gcat.core.model import Framework

__all__ = [
    "CONFIDENCE_LOW_COMPLETENESS",
    "CONFIDENCE_LOW_EVIDENCE",
    "CONFIDENCE_TO_REVIEW",
    "DomainScore",
    "Result",
    "compensatory_level",
    "noncompensatory_level",
    "round_score",
    "score_assessment",
]

CONFIDENCE_LOW_COMPLETENESS = "confidence.low_completeness"
CONFIDENCE_TO_REVIEW = "confidence.to_review"
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
    weight_by_level: Sequence[float], *, share: float, max_shortfall: int
) -> int:
    """The highest level *k* reached under the threshold rule.

    ``weight_by_level[j]`` is the total weight of the indicators answered at level *j* (0–5).
    """
    lowest = next(level for level, weight in enumerate(weight_by_level) if weight)
    return _strict_level(weight_by_level, sum(weight_by_level), lowest, share, max_shortfall)


def _strict_level(
    weight_by_level: Sequence[float], total: float, lowest: int, share: float, max_shortfall: int
) -> int:
    needed = share * total - _EPSILON
    top = min(MAX_LEVEL, lowest + max_shortfall)
    at_or_above = sum(weight_by_level[top:])
    for k in range(top, 0, -1):
        if at_or_above >= needed:
            return k
        at_or_above += weight_by_level[k - 1]
    return 0


class DomainScore(NamedTuple):
    """A domain's result. Scores and levels are ``None`` when nothing applicable is answered.

    An immutable record like the dataclasses, but a named tuple: it is built seven times per
    assessment on the scoring hot path, where it is six times cheaper to build.
    """

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


@dataclass(frozen=True, slots=True)
class _Layout:
    """The indicators of a scope laid out for one pass: ids, histogram offsets and weights."""

    domains: tuple[tuple[str, int], ...]  # (domain id, indicator count), in order
    ids: tuple[str, ...]
    offsets: tuple[int, ...]  # 6 × position of the indicator's domain in the scope
    weights: tuple[float, ...]


def _layout(framework: Framework, assessment: Assessment) -> _Layout:
    key = ("layout", assessment.domains)
    layout: _Layout | None = framework.memo.get(key)  # type: ignore[call-overload]
    if layout is None:
        domains = assessment.domains_in_scope(framework)
        layout = framework.memo[key] = _Layout(  # type: ignore[index]
            domains=tuple((d.id, len(d.indicators)) for d in domains),
            ids=tuple(i.id for d in domains for i in d.indicators),
            offsets=tuple(6 * n for n, d in enumerate(domains) for _ in d.indicators),
            weights=tuple(i.weight for d in domains for i in d.indicators),
        )
    return layout


def _tally(
    layout: _Layout, answers: Mapping[str, Answer]
) -> tuple[list[float], list[int], list[int], int, int, int]:
    """One pass over the answers: per-domain weight-by-level histograms (6 slots each), counts
    of unanswered and N/A indicators per domain, the evidence counts and the answers still to
    review (counted as unanswered, their levels in the histograms)."""
    histograms = [0.0] * (6 * len(layout.domains))
    unanswered = [0] * len(layout.domains)
    not_applicable = [0] * len(layout.domains)
    high = high_with_evidence = to_review = 0
    for answer, offset, weight in zip(
        map(answers.get, layout.ids), layout.offsets, layout.weights, strict=True
    ):
        if answer is None:
            unanswered[offset // 6] += 1
            continue
        level = answer.level
        if answer.to_review:  # scored on last cycle's level, not yet counted as answered
            unanswered[offset // 6] += 1
            to_review += 1
        if level is None:
            if answer.to_review:
                continue
            if answer.not_applicable:
                not_applicable[offset // 6] += 1
            else:
                unanswered[offset // 6] += 1
            continue
        histograms[offset + level] += weight
        if level >= EVIDENCE_LEVEL:
            high += 1
            if answer.evidence:
                high_with_evidence += 1
    return histograms, unanswered, not_applicable, high, high_with_evidence, to_review


def _domain_score(
    domain_id: str,
    histogram: list[float],
    total: int,
    answered: int,
    not_applicable: int,
    share: float,
    shortfall: int,
) -> DomainScore:
    """Both rules read off one domain's weight-by-level histogram.

    Equivalent to :func:`round_score`, :func:`compensatory_level` and
    :func:`noncompensatory_level` (a property test checks it), inlined for the batch hot path.
    """
    h0, h1, h2, h3, h4, h5 = histogram
    weight_sum = h0 + h1 + h2 + h3 + h4 + h5
    if not weight_sum:
        return DomainScore(domain_id, None, None, None, total, answered, not_applicable)
    mean = (h1 + 2 * h2 + 3 * h3 + 4 * h4 + 5 * h5) / weight_sum
    score = math.floor(mean * 100 + 0.5 + _EPSILON) / 100
    lowest = 0 if h0 else 1 if h1 else 2 if h2 else 3 if h3 else 4 if h4 else 5
    needed = share * weight_sum - _EPSILON
    k = min(lowest + shortfall, MAX_LEVEL)
    at_or_above = sum(histogram[k:])
    while k and at_or_above < needed:
        k -= 1
        at_or_above += histogram[k]
    return DomainScore(
        domain_id, score, math.floor(score + _EPSILON), k, total, answered, not_applicable
    )


def _overall(
    domains: list[DomainScore], share: float, shortfall: int
) -> tuple[float | None, int | None, int | None]:
    """Overall score, level and strict level from the domains that have a score."""
    scored = [d for d in domains if d.score is not None]
    if not scored:
        return None, None, None
    overall = round_score(sum(d.score or 0.0 for d in scored) / len(scored))
    strict_levels = [0.0] * (MAX_LEVEL + 1)
    for d in scored:
        strict_levels[d.level_noncompensatory or 0] += 1.0
    strict = noncompensatory_level(strict_levels, share=share, max_shortfall=shortfall)
    return overall, compensatory_level(overall), strict


def score_assessment(framework: Framework, assessment: Assessment) -> Result:
    """Score ``assessment`` under both rules. Deterministic and pure.

    One pass over the answers fills a weight-by-level histogram per domain; both rules are read
    off the histograms.
    """
    params = framework.scoring
    share = params.noncompensatory_share
    shortfall = params.noncompensatory_max_shortfall
    layout = _layout(framework, assessment)
    histograms, unanswered, not_applicable, high, with_evidence, to_review = _tally(
        layout, assessment.answers
    )
    domain_scores = [
        _domain_score(
            domain_id,
            histograms[6 * n : 6 * n + 6],
            total,
            total - unanswered[n],
            not_applicable[n],
            share,
            shortfall,
        )
        for n, (domain_id, total) in enumerate(layout.domains)
    ]
    overall, overall_level, overall_strict = _overall(domain_scores, share, shortfall)
    total_all = sum(total for _, total in layout.domains)
    answered_all = total_all - sum(unanswered)
    completeness = round_score(100 * answered_all / total_all) if total_all else 0.0
    coverage = round_score(100 * with_evidence / high) if high else None
    notes: list[str] = []
    if completeness < params.min_completeness:
        notes.append(CONFIDENCE_LOW_COMPLETENESS)
    if coverage is not None and coverage < params.min_evidence_coverage:
        notes.append(CONFIDENCE_LOW_EVIDENCE)
    if to_review:
        notes.append(CONFIDENCE_TO_REVIEW)
    return Result(
        framework_key=framework.key,
        primary_rule=params.primary,
        domains=tuple(domain_scores),
        overall_score=overall,
        overall_level=overall_level,
        overall_level_noncompensatory=overall_strict,
        completeness=completeness,
        evidence_coverage=coverage,
        confidence_notes=tuple(notes),
    )

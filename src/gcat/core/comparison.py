"""Comparison of two results of the same administration (previous cycle → current cycle).

Cycles answered under different versions of the framework are compared through the map
between them (:func:`through_map`): the previous cycle is moved to the current version as an
upgrade would move it, and only the answers the map carries take part in the comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

from gcat.core.evaluation import Evaluation, evaluate
from gcat.core.model import Framework
from gcat.core.scoring import Result
from gcat.core.upgrade import FrameworkMap, upgrade_assessment

__all__ = ["CrossVersion", "DomainDelta", "compare_results", "through_map"]


@dataclass(frozen=True, slots=True)
class DomainDelta:
    """A domain's score before and after, and the change (``None`` when either is missing)."""

    domain_id: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        """``after − before``, rounded to two decimals."""
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 2)


def compare_results(
    previous: Result, current: Result
) -> tuple[tuple[DomainDelta, ...], float | None]:
    """Per-domain deltas (current domains, in order) and the overall delta."""
    before = {domain.domain_id: domain.score for domain in previous.domains}
    deltas = tuple(
        DomainDelta(domain.domain_id, before.get(domain.domain_id), domain.score)
        for domain in current.domains
    )
    overall = None
    if previous.overall_score is not None and current.overall_score is not None:
        overall = round(current.overall_score - previous.overall_score, 2)
    return deltas, overall


@dataclass(frozen=True, slots=True)
class CrossVersion:
    """How a previous cycle answered under another version was made comparable."""

    from_version: str
    to_version: str
    carried: int
    """Answers of the previous cycle (a level or "not applicable") carried whole by the map."""
    left_out: int
    """Answers of the previous cycle that the map sends to review (for at least one of the
    indicators they lead to) or retires: those parts are not compared."""


def through_map(
    previous: Evaluation, framework: Framework, id_map: FrameworkMap
) -> tuple[Evaluation, CrossVersion]:
    """``previous`` moved to ``framework`` through ``id_map``, evaluated, with what it cost.

    Only carried answers keep a level; an answer the map sends to review counts as not
    answered, so that no level is compared with a level it does not correspond to.
    """
    moved = upgrade_assessment(previous.framework, framework, id_map, previous.assessment)
    reviewed = {
        source.indicator_id
        for item in moved.indicators
        if item.to_review
        for source in item.sources
    }
    answered = [key for key, answer in previous.assessment.answers.items() if answer.answered]
    left_out = sum(1 for key in answered if key in reviewed or key in moved.retired)
    note = CrossVersion(
        previous.framework.version,
        framework.version,
        carried=len(answered) - left_out,
        left_out=left_out,
    )
    return evaluate(framework, moved.assessment), note

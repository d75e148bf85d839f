"""Comparison of two results of the same administration (previous cycle → current cycle)."""

from __future__ import annotations

from dataclasses import dataclass

from gcat.core.scoring import Result

__all__ = ["DomainDelta", "compare_results"]


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

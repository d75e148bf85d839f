"""Figures across Members: spreads (median, quartiles), groups by region, distributions.

Pure functions over the stored figures of each Member's submission (see
:mod:`gcat.core.submissions`). They compute everything for every group; what may be *shown*
is decided apart, by :mod:`gcat.policy.suppression`.

Quantiles use the "inclusive" method (linear interpolation between order statistics, as
``statistics.quantiles(method="inclusive")``, Excel's QUARTILE.INC and numpy's default).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "WORLD",
    "DomainFigures",
    "GroupFigures",
    "MemberPoint",
    "Spread",
    "group_figures",
    "quantile",
    "spread",
]

WORLD = "world"
"""The id of the group of all Members."""


def quantile(ordered: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0…1) of sorted values, interpolating between neighbours."""
    if not ordered:
        raise ValueError("no values")
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    fraction = position - low
    return ordered[low] + (ordered[high] - ordered[low]) * fraction


@dataclass(frozen=True, slots=True)
class Spread:
    """How values spread: how many, the median, the quartiles and the 10th/90th percentiles."""

    n: int
    median: float
    q1: float
    q3: float
    p10: float
    p90: float

    def to_json(self) -> dict[str, float | int]:
        """``{n, median, q1, q3, p10, p90}``, rounded to two decimals."""
        return {
            "n": self.n,
            "median": round(self.median, 2),
            "q1": round(self.q1, 2),
            "q3": round(self.q3, 2),
            "p10": round(self.p10, 2),
            "p90": round(self.p90, 2),
        }


def spread(values: Iterable[float | None]) -> Spread | None:
    """The spread of the values that are not None; None when there are none."""
    ordered = sorted(float(v) for v in values if v is not None)
    if not ordered:
        return None
    return Spread(
        n=len(ordered),
        median=quantile(ordered, 0.5),
        q1=quantile(ordered, 0.25),
        q3=quantile(ordered, 0.75),
        p10=quantile(ordered, 0.1),
        p90=quantile(ordered, 0.9),
    )


@dataclass(frozen=True, slots=True)
class MemberPoint:
    """One Member's figures in one cycle: its key, region and stored scores."""

    member: str
    region: str
    scores: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class DomainFigures:
    """A domain across a group: the spread of scores and of levels."""

    score: Spread | None
    level: Spread | None


@dataclass(frozen=True, slots=True)
class GroupFigures:
    """Everything computed for one group (a region, or the world)."""

    region: str
    members: int
    domains: dict[str, DomainFigures] = field(default_factory=dict)
    overall: DomainFigures | None = None
    distribution: dict[str, dict[str, int]] = field(default_factory=dict)
    """Per indicator: how many Members answered each level ("0"…"5") or "na"."""


LEVEL_KEYS = ("0", "1", "2", "3", "4", "5", "na")


def group_figures(region: str, points: Sequence[MemberPoint]) -> GroupFigures:
    """The figures of ``points`` taken as one group."""
    domain_ids: list[str] = []
    for point in points:
        for domain_id in point.scores.get("domains", {}):
            if domain_id not in domain_ids:
                domain_ids.append(domain_id)
    domains = {}
    for domain_id in domain_ids:
        cells = [point.scores["domains"].get(domain_id) or {} for point in points]
        domains[domain_id] = DomainFigures(
            score=spread(cell.get("score") for cell in cells),
            level=spread(cell.get("level") for cell in cells),
        )
    overall_cells = [point.scores.get("overall") or {} for point in points]
    overall = DomainFigures(
        score=spread(cell.get("score") for cell in overall_cells),
        level=spread(cell.get("level") for cell in overall_cells),
    )
    distribution: dict[str, dict[str, int]] = {}
    for point in points:
        for indicator_id, level in point.scores.get("levels", {}).items():
            counts = distribution.setdefault(indicator_id, dict.fromkeys(LEVEL_KEYS, 0))
            key = str(level)
            if key in counts:
                counts[key] += 1
    return GroupFigures(
        region=region,
        members=len({point.member for point in points}),
        domains=domains,
        overall=overall,
        distribution=dict(sorted(distribution.items())),
    )

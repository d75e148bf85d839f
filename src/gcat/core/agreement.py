"""Agreement between assessors who scored the same indicators independently.

Pure functions over levels. :func:`krippendorff_alpha` is Krippendorff's alpha with the
nominal, ordinal or interval difference function, for any number of assessors and with missing
values (an assessor who left an indicator blank, or answered "not applicable"). It follows
K. Krippendorff, *Computing Krippendorff's Alpha-Reliability* (2011): values are paired within
each unit, the pairs make the coincidence matrix, and alpha is one minus the ratio of the
observed to the expected disagreement. :func:`agreement` adds, per indicator, the levels, their
range and median and a proposed level, and overall the share of indicators in exact agreement
and within one level.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import permutations
from typing import Literal

__all__ = [
    "DISAGREEMENT",
    "MIN_UNITS",
    "NA",
    "Agreement",
    "IndicatorAgreement",
    "Score",
    "agreement",
    "krippendorff_alpha",
    "proposed_level",
]

NA: Literal["na"] = "na"
Score = int | Literal["na"] | None
"""One assessor's answer to one indicator: a level, "not applicable", or blank (None)."""
DISAGREEMENT = 1
"""Levels further apart than this many levels are a disagreement to settle."""

Metric = Literal["nominal", "ordinal", "interval"]


def _pairable(units: Sequence[Sequence[int | None]]) -> list[list[int]]:
    """The units with at least two values, their values only (a unit with one value is never
    compared with anything, so it takes no part)."""
    out = []
    for unit in units:
        values = [v for v in unit if v is not None]
        if len(values) >= 2:
            out.append(values)
    return out


def _difference(metric: Metric, totals: Mapping[int, float]) -> Callable[[int, int], float]:
    """The squared difference δ²(c, k) of ``metric``; the ordinal one needs the value totals."""
    if metric == "nominal":
        return lambda c, k: 0.0 if c == k else 1.0
    if metric == "interval":
        return lambda c, k: float(c - k) ** 2
    ordered = sorted(totals)

    def ordinal(c: int, k: int) -> float:
        low, high = min(c, k), max(c, k)
        between = sum(totals[g] for g in ordered if low <= g <= high)
        return (between - (totals[c] + totals[k]) / 2) ** 2

    return ordinal


def krippendorff_alpha(
    units: Sequence[Sequence[int | None]], metric: Metric = "ordinal"
) -> float | None:
    """Krippendorff's alpha of ``units`` (one sequence of values per unit, None when missing).

    Returns None when no unit has two values to compare. When the values vary and every unit
    agrees, alpha is 1; when every value is the same one, there is no disagreement to expect
    and none observed, and alpha is taken as 1 (perfect agreement) too.
    """
    pairable = _pairable(units)
    if not pairable:
        return None
    coincidences: defaultdict[tuple[int, int], float] = defaultdict(float)
    for values in pairable:
        weight = 1 / (len(values) - 1)
        for c, k in permutations(values, 2):
            coincidences[(c, k)] += weight
    totals: defaultdict[int, float] = defaultdict(float)
    for (c, _), count in coincidences.items():
        totals[c] += count
    n = sum(totals.values())
    delta = _difference(metric, totals)
    observed = sum(count * delta(c, k) for (c, k), count in coincidences.items())
    if observed == 0:
        return 1.0
    expected = sum(totals[c] * totals[k] * delta(c, k) for c in totals for k in totals)
    return 1 - (n - 1) * observed / expected


def proposed_level(levels: Sequence[int]) -> int | None:
    """The median of ``levels``; between two middle levels, the lower (a claim needs all)."""
    if not levels:
        return None
    ordered = sorted(levels)
    return ordered[(len(ordered) - 1) // 2]


@dataclass(frozen=True, slots=True)
class IndicatorAgreement:
    """What the assessors said of one indicator."""

    indicator_id: str
    domain_id: str
    scores: tuple[Score, ...]
    """Each assessor's answer, in the assessors' order."""

    @property
    def levels(self) -> tuple[int, ...]:
        """The levels given (blank and "not applicable" left out)."""
        return tuple(s for s in self.scores if isinstance(s, int))

    @property
    def answered(self) -> int:
        """How many assessors answered (a level or "not applicable")."""
        return sum(1 for s in self.scores if s is not None)

    @property
    def range(self) -> int | None:
        """Highest minus lowest level, None with no level."""
        return max(self.levels) - min(self.levels) if self.levels else None

    @property
    def median(self) -> float | None:
        """The median level (a half level between two middle ones), None with no level."""
        ordered = sorted(self.levels)
        if not ordered:
            return None
        middle = len(ordered) // 2
        if len(ordered) % 2:
            return float(ordered[middle])
        return (ordered[middle - 1] + ordered[middle]) / 2

    @property
    def mixed(self) -> bool:
        """Some assessors gave a level and others "not applicable"."""
        return bool(self.levels) and NA in self.scores

    @property
    def proposed(self) -> Score:
        """The proposed answer: "not applicable" when everyone who answered said so, else the
        (lower) median level; None when nobody answered."""
        if not self.levels:
            return NA if NA in self.scores else None
        return proposed_level(self.levels)

    @property
    def disagreement(self) -> bool:
        """Levels more than one level apart, or a level beside "not applicable"."""
        return self.mixed or (self.range is not None and self.range > DISAGREEMENT)

    @property
    def exact(self) -> bool | None:
        """Everyone who answered gave the same answer (None when fewer than two answered)."""
        given = [s for s in self.scores if s is not None]
        return None if len(given) < 2 else len(set(given)) == 1

    @property
    def within_one(self) -> bool | None:
        """The answers are at most one level apart (None when fewer than two answered)."""
        if self.answered < 2:
            return None
        return not self.disagreement


@dataclass(frozen=True, slots=True)
class Agreement:
    """The agreement of a team on an assessment."""

    assessors: tuple[str, ...]
    indicators: tuple[IndicatorAgreement, ...]
    alpha: float | None
    """Krippendorff's alpha (ordinal) over every indicator; None when fewer than two
    indicators received two levels or more."""
    alpha_by_domain: Mapping[str, float | None]

    @property
    def compared(self) -> tuple[IndicatorAgreement, ...]:
        """The indicators that at least two assessors answered."""
        return tuple(i for i in self.indicators if i.answered >= 2)

    @property
    def exact_agreement(self) -> float | None:
        """Share (0–1) of the compared indicators on which every answer is the same."""
        compared = self.compared
        return sum(1 for i in compared if i.exact) / len(compared) if compared else None

    @property
    def within_one(self) -> float | None:
        """Share (0–1) of the compared indicators whose answers are at most one level apart."""
        compared = self.compared
        return sum(1 for i in compared if i.within_one) / len(compared) if compared else None

    @property
    def disagreements(self) -> tuple[IndicatorAgreement, ...]:
        """The indicators to settle: levels more than one level apart, or level beside N/A."""
        return tuple(i for i in self.indicators if i.disagreement)


MIN_UNITS = 2
"""Indicators with two levels or more needed before alpha says anything: on one indicator
alone, chance and agreement cannot be told apart."""


def _levels_only(item: IndicatorAgreement) -> list[int | None]:
    return [s if isinstance(s, int) else None for s in item.scores]


def _team_alpha(items: Sequence[IndicatorAgreement]) -> float | None:
    units = [_levels_only(i) for i in items]
    if len(_pairable(units)) < MIN_UNITS:
        return None
    return krippendorff_alpha(units)


def agreement(
    assessors: Sequence[str], scores: Sequence[tuple[str, str, Sequence[Score]]]
) -> Agreement:
    """The agreement of ``assessors`` on ``scores``: (indicator id, domain id, one answer per
    assessor) in framework order. "Not applicable" and blank answers are missing values for
    alpha; alpha is ordinal, over levels 0–5."""
    items = tuple(
        IndicatorAgreement(ind_id, domain_id, tuple(values)) for ind_id, domain_id, values in scores
    )
    for item in items:
        if len(item.scores) != len(assessors):
            raise ValueError(f"{item.indicator_id}: one answer per assessor is needed")
    domains: dict[str, list[IndicatorAgreement]] = {}
    for item in items:
        domains.setdefault(item.domain_id, []).append(item)
    return Agreement(
        tuple(assessors),
        items,
        _team_alpha(items),
        {domain: _team_alpha(group) for domain, group in domains.items()},
    )

"""The improvement plan: one item per indicator below its target, with priority and horizon.

Heuristic (docs/methodology.md):

- The target is the answer's own target, or the current level + 1 when none is set.
- ``priority score = weight × gap × (1.5 if foundational else 1) + (0.5 if current level is 0)``.
  Priority is *high* from 3, *medium* from 1.5, *low* below.
- Horizon: *short* (within 12 months) for a one-level step to level 1 or 2; *medium* (1–2
  years) for a one-level step to level 3 or 4, or a two-level step up to level 3; *long*
  (more than 2 years) otherwise.
- Items are grouped by domain in framework order and ordered by priority score (highest first),
  then by indicator order.

The concrete next step is the descriptor of the next level, ``current + 1``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from operator import itemgetter

from gcat.core.assessment import MAX_LEVEL, Assessment
from gcat.core.model import Framework, Indicator

__all__ = [
    "Horizon",
    "ItemStatus",
    "Plan",
    "PlanItem",
    "Priority",
    "build_plan",
    "plan_item",
]

FOUNDATIONAL_FACTOR = 1.5
ABSENT_BONUS = 0.5
HIGH_FROM = 3.0
MEDIUM_FROM = 1.5


class Priority(StrEnum):
    """Priority band of a plan item."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Horizon(StrEnum):
    """When an item can reasonably be achieved."""

    SHORT = "short"
    MEDIUM = "medium"
    LONG = "long"


class ItemStatus(StrEnum):
    """Tracking status of a plan item."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One step of the improvement plan, ready for tracking (owner, due date, status)."""

    indicator_id: str
    domain_id: str
    current: int
    target: int
    priority_score: float
    priority: Priority
    horizon: Horizon
    owner: str = ""
    due: date | None = None
    status: ItemStatus = ItemStatus.NOT_STARTED

    @property
    def gap(self) -> int:
        """Levels between the current level and the target."""
        return self.target - self.current

    @property
    def next_level(self) -> int:
        """The level whose descriptor is the concrete next step."""
        return self.current + 1


@dataclass(frozen=True, slots=True)
class Plan:
    """The improvement plan, grouped by domain and ordered by priority."""

    items: tuple[PlanItem, ...]

    def top(self, count: int) -> tuple[PlanItem, ...]:
        """The ``count`` items with the highest priority score, across domains."""
        return tuple(sorted(self.items, key=lambda item: -item.priority_score)[:count])

    def by_domain(self) -> dict[str, tuple[PlanItem, ...]]:
        """Items per domain id, in plan order."""
        groups: dict[str, list[PlanItem]] = {}
        for item in self.items:
            groups.setdefault(item.domain_id, []).append(item)
        return {domain_id: tuple(items) for domain_id, items in groups.items()}


def _horizon(current: int, target: int) -> Horizon:
    gap = target - current
    if gap == 1 and target <= 2:
        return Horizon.SHORT
    if (gap == 1 and target <= 4) or (gap == 2 and target <= 3):
        return Horizon.MEDIUM
    return Horizon.LONG


def plan_item(indicator: Indicator, current: int, target: int) -> PlanItem:
    """The plan item for raising ``indicator`` from ``current`` to ``target``."""
    score = indicator.weight * (target - current)
    if indicator.foundational:
        score *= FOUNDATIONAL_FACTOR
    if current == 0:
        score += ABSENT_BONUS
    if score >= HIGH_FROM:
        priority = Priority.HIGH
    elif score >= MEDIUM_FROM:
        priority = Priority.MEDIUM
    else:
        priority = Priority.LOW
    return PlanItem(
        indicator_id=indicator.id,
        domain_id=indicator.domain_id,
        current=current,
        target=target,
        priority_score=round(score, 2),
        priority=priority,
        horizon=_horizon(current, target),
    )


_Entry = tuple[float, PlanItem]
"""(sort key, item): the key orders by domain, then by priority score, highest first."""
_SORT_KEY = itemgetter(0)
_ITEM = itemgetter(1)
_DOMAIN_STRIDE = 1000.0  # larger than any priority score


def _entry_tables(
    framework: Framework, assessment: Assessment
) -> tuple[tuple[str, ...], tuple[list[list[_Entry | None]], ...]]:
    """For each indicator in scope: the entry of every (current, target) pair, built once."""
    key = ("plan_tables", assessment.domains)
    tables = framework.memo.get(key)  # type: ignore[call-overload]
    if tables is None:
        ids: list[str] = []
        rows: list[list[list[_Entry | None]]] = []
        for index, domain in enumerate(framework.domains):
            if not assessment.covers(domain.id):
                continue
            for indicator in domain.indicators:
                ids.append(indicator.id)
                rows.append(
                    [
                        [
                            (index * _DOMAIN_STRIDE - item.priority_score, item)
                            if (item := plan_item(indicator, current, target)).gap > 0
                            else None
                            for target in range(MAX_LEVEL + 1)
                        ]
                        for current in range(MAX_LEVEL + 1)
                    ]
                )
        tables = framework.memo[key] = (tuple(ids), tuple(rows))  # type: ignore[index]
    return tables  # type: ignore[no-any-return]


def build_plan(framework: Framework, assessment: Assessment) -> Plan:
    """The improvement plan of ``assessment``. Unanswered and N/A indicators get no item."""
    ids, rows = _entry_tables(framework, assessment)
    entries: list[_Entry] = []
    for answer, by_level in zip(map(assessment.answers.get, ids), rows, strict=True):
        if answer is None:
            continue
        current = answer.level
        if current is None or current == MAX_LEVEL:
            continue
        target = answer.target
        entry = by_level[current][current + 1 if target is None else target]
        if entry is not None:
            entries.append(entry)
    entries.sort(key=_SORT_KEY)  # stable: equal priorities keep indicator order
    return Plan(tuple(map(_ITEM, entries)))

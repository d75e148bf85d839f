"""Small-group suppression: the only place that decides which group figures may be shown.

A group (a region) with fewer than ``k`` Members is shown as "fewer than k": its figures are
never handed on (primary suppression). Counts and distributions add up, so the world's figures
minus the shown regions' would give the hidden ones back; when the hidden regions hold fewer
than ``k`` Members together, the smallest shown regions are hidden too (secondary, or
complementary, suppression) until they hold at least ``k``. When the world itself has fewer
than ``k`` Members, nothing is shown.

Every publication of figures across Members (the aggregate in the app, its JSON, Excel and
HTML exports, the benchmark pack) takes :class:`Shown` groups from :func:`suppress`; a
template or a client never decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from gcat.core.aggregation import GroupFigures
from gcat.settings import MIN_SUPPRESSION_K

__all__ = ["Reason", "Shown", "check_k", "suppress"]


class Reason(StrEnum):
    """Why a group's figures are hidden."""

    SMALL_GROUP = "small_group"
    """Fewer than k Members."""
    COMPLEMENTARY = "complementary"
    """Enough Members, but showing it would let a small group be worked out."""


@dataclass(frozen=True, slots=True)
class Shown:
    """A group as it may be shown: its figures, or none and the reason."""

    region: str
    k: int
    figures: GroupFigures | None
    reason: Reason | None

    @property
    def members(self) -> int | str:
        """The number of Members, or ``"<k"`` / ``">=k"`` when the group is hidden."""
        if self.figures is not None:
            return self.figures.members
        return f"<{self.k}" if self.reason is Reason.SMALL_GROUP else f">={self.k}"


def check_k(k: int) -> int:
    """``k`` itself; ValueError when it is below the floor no setting may go under."""
    if k < MIN_SUPPRESSION_K:
        raise ValueError(f"k must be at least {MIN_SUPPRESSION_K}")
    return k


def suppress(world: GroupFigures, regions: Sequence[GroupFigures], k: int) -> list[Shown]:
    """The world and each region as they may be shown (world first, then ``regions``)."""
    check_k(k)
    if world.members < k:
        return [Shown(group.region, k, None, Reason.SMALL_GROUP) for group in (world, *regions)]
    hidden: dict[str, Reason] = {
        group.region: Reason.SMALL_GROUP for group in regions if group.members < k
    }
    while True:
        total = sum(group.members for group in regions if group.region in hidden)
        if not 0 < total < k:
            break
        candidates = [group for group in regions if group.region not in hidden]
        if not candidates:
            break
        smallest = min(candidates, key=lambda group: (group.members, group.region))
        hidden[smallest.region] = Reason.COMPLEMENTARY
    shown = [Shown(world.region, k, world, None)]
    for group in regions:
        reason = hidden.get(group.region)
        shown.append(Shown(group.region, k, None if reason else group, reason))
    return shown

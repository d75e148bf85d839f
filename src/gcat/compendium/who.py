""" "Who already did this": published practices that match an improvement-plan item.

A practice matches an item when it is tagged with the item's GCAT indicator (best), or has the
item's domain as its primary domain, or among its other domains. Up to three per item, best
first, then by member and title so that the choice is stable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gcat.core.members import name_key
from gcat.policy.consent import PracticeView, Released

__all__ = ["MAX_MATCHES", "Match", "who_already_did"]

MAX_MATCHES = 3


@dataclass(frozen=True, slots=True)
class Match:
    """A published practice shown beside a plan item, and why it matched."""

    view: PracticeView
    reason: str
    """``indicator``, ``primary_domain`` or ``domain``."""


def _rank(view: PracticeView, indicator_id: str, domain_id: str) -> tuple[int, str] | None:
    if indicator_id in view.gcat_indicators:
        return 0, "indicator"
    if view.domains and view.domains[0] == domain_id:
        return 1, "primary_domain"
    if domain_id in view.domains:
        return 2, "domain"
    return None


def who_already_did(
    items: Iterable[tuple[str, str]],
    released: Sequence[Released[PracticeView]],
    limit: int = MAX_MATCHES,
) -> dict[str, list[Match]]:
    """For each ``(indicator id, domain id)`` plan item, up to ``limit`` published practices."""
    published = [item.view for item in released if item.view.published]
    found: dict[str, list[Match]] = {}
    for indicator_id, domain_id in items:
        ranked = []
        for view in published:
            rank = _rank(view, indicator_id, domain_id)
            if rank is not None:
                order = (rank[0], name_key(view.member.name), name_key(view.title), view.id)
                ranked.append((order, Match(view, rank[1])))
        ranked.sort(key=lambda pair: pair[0])
        found[indicator_id] = [match for _, match in ranked[:limit]]
    return found

"""The survey's figures, computed from plain values (pure: no I/O, nothing outside core).

Participation is counted against the member list: each region's members, how many responded,
and the rate. Initiatives are counted per thematic area and per GCAT domain, both as
initiatives and as members (a member counts once in an area however many of its initiatives
fall there). The regions' counts add up to the totals by construction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

__all__ = [
    "Analysis",
    "RegionRow",
    "Response",
    "SurveyInitiative",
    "analyse",
    "rate",
    "text_digest",
]


def text_digest(text: str) -> str:
    """SHA-256 of a text: how a decision finds its initiative again after a re-import."""
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Response:
    """One member's answer to the survey."""

    member_key: str
    responded: bool
    consent: bool
    date: date | None = None
    contact_email: str | None = None


@dataclass(frozen=True, slots=True)
class SurveyInitiative:
    """An initiative a member listed, with its labels (primary first) and where they came
    from: ``confirmed`` by an analyst, ``suggested`` by the model, or ``none``."""

    id: int
    ref: str
    member_key: str
    text: str
    lang: str
    thematic_areas: tuple[str, ...]
    gcat_domains: tuple[str, ...]
    status: str
    indicators: tuple[tuple[str, float], ...] = ()
    uncertainty: float | None = None


@dataclass(frozen=True, slots=True)
class RegionRow:
    """Participation and initiatives of one region (or the total)."""

    region: str
    members: int
    responded: int
    with_initiatives: int
    consenting: int
    initiatives: int

    @property
    def rate(self) -> float:
        """Response rate in per cent, one decimal."""
        return rate(self.responded, self.members)


@dataclass(frozen=True, slots=True)
class Analysis:
    """Every figure of the survey report."""

    total: RegionRow
    regions: tuple[RegionRow, ...]
    areas: dict[str, int]
    """Initiatives per thematic area (every selected label counts)."""
    area_members: dict[str, int]
    domains: dict[str, int]
    domain_members: dict[str, int]
    primary_areas: dict[str, int]
    """Initiatives per primary thematic area (these add up to the initiatives)."""
    area_by_region: dict[str, dict[str, int]]
    """Members with an initiative in the area, by region: ``[area][region]``."""
    area_by_domain: dict[str, dict[str, int]]
    """Initiatives with both labels: ``[area][domain]`` (the coverage table)."""


def rate(part: int, whole: int) -> float:
    """``part`` out of ``whole`` in per cent, rounded to one decimal (0 when ``whole`` is 0)."""
    return round(100.0 * part / whole, 1) if whole else 0.0


def analyse(
    members: Mapping[str, str],
    regions: Sequence[str],
    responses: Iterable[Response],
    initiatives: Sequence[SurveyInitiative],
    areas: Sequence[str],
    domains: Sequence[str],
) -> Analysis:
    """The figures of a survey: ``members`` maps each member key to its region id."""
    answered = {r.member_key: r for r in responses}
    by_member: dict[str, list[SurveyInitiative]] = {}
    for initiative in initiatives:
        by_member.setdefault(initiative.member_key, []).append(initiative)

    def row(region: str, keys: Sequence[str]) -> RegionRow:
        return RegionRow(
            region=region,
            members=len(keys),
            responded=sum(k in answered and answered[k].responded for k in keys),
            with_initiatives=sum(bool(by_member.get(k)) for k in keys),
            consenting=sum(k in answered and answered[k].consent for k in keys),
            initiatives=sum(len(by_member.get(k, ())) for k in keys),
        )

    region_rows = tuple(
        row(region, [k for k, r in members.items() if r == region]) for region in regions
    )
    total = row("total", list(members))

    def members_with(label: str, field: str, keys: Iterable[str]) -> int:
        return sum(any(label in getattr(i, field) for i in by_member.get(k, ())) for k in keys)

    return Analysis(
        total=total,
        regions=region_rows,
        areas={a: sum(a in i.thematic_areas for i in initiatives) for a in areas},
        area_members={a: members_with(a, "thematic_areas", members) for a in areas},
        domains={d: sum(d in i.gcat_domains for i in initiatives) for d in domains},
        domain_members={d: members_with(d, "gcat_domains", members) for d in domains},
        primary_areas={
            a: sum(bool(i.thematic_areas) and i.thematic_areas[0] == a for i in initiatives)
            for a in areas
        },
        area_by_region={
            a: {
                region: members_with(
                    a, "thematic_areas", [k for k, r in members.items() if r == region]
                )
                for region in regions
            }
            for a in areas
        },
        area_by_domain={
            a: {
                d: sum(a in i.thematic_areas and d in i.gcat_domains for i in initiatives)
                for d in domains
            }
            for a in areas
        },
    )

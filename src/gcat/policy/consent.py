"""Consent, in one place: the only code that builds what publications may read.

:func:`release` is the only constructor of :class:`PracticeView` and of :class:`Released`. The
Compendium (every format), every export of practices, the Compendium pack and the search accept
only ``Released[PracticeView]`` values, so a path that skips the check does not type-check, and a
test asserts that nothing else in the package constructs either class.

A record is released when it is accepted or published, not withdrawn, and its Section X consent
is an explicit yes. The view then carries every section except those the member withheld, and
never the contact details. :func:`release_all` also writes the :class:`Manifest` of what was
included and what was left out, and why; the Secretariat sees it, it is never published.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from gcat.core.practices import (
    Consent,
    MeasurableResult,
    PracticeMember,
    PracticeRecord,
    Status,
)
from gcat.errors import ConsentError

__all__ = [
    "RELEASABLE",
    "Manifest",
    "ManifestEntry",
    "PracticeView",
    "Released",
    "release",
    "release_all",
    "why_not_released",
]

T_co = TypeVar("T_co", covariant=True)

RELEASABLE = frozenset({Status.ACCEPTED, Status.PUBLISHED})
"""Statuses whose records may be released (given consent)."""
_KEY = object()


class Released(Generic[T_co]):
    """A value that went through the consent check; only :func:`release` makes one."""

    __slots__ = ("_view",)

    def __init__(self, view: T_co, *, key: object) -> None:
        if key is not _KEY:
            raise TypeError("only gcat.policy.consent.release builds a Released value")
        self._view = view

    @property
    def view(self) -> T_co:
        """The released view."""
        return self._view

    def __repr__(self) -> str:
        return f"Released({self._view!r})"


@dataclass(frozen=True, slots=True)
class PracticeView:
    """What a publication may show of a practice: never the contact, never a withheld section
    (an empty text or tuple stands for it), only released records."""

    id: int
    member: PracticeMember
    title: str
    lang: str
    domains: tuple[str, ...]
    thematic_areas: tuple[str, ...]
    gcat_indicators: tuple[str, ...]
    background: str
    description: str
    results: str
    measurable_results: tuple[MeasurableResult, ...]
    challenges: str
    future_plans: str
    links: tuple[str, ...]
    published: bool
    from_pack: bool = False
    """Whether it came from an imported Compendium pack rather than this app's database."""

    @property
    def region(self) -> str:
        """The WCO region of the member."""
        return self.member.region


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """One record of a build: included or not, why not, and what was left out of it."""

    id: int
    member: PracticeMember
    title: str
    status: Status
    included: bool
    reason: str | None
    """Why the record was left out: ``withdrawn``, ``not_accepted``, ``no_consent`` or
    ``no_consent_answer``."""
    left_out: tuple[str, ...]
    """Sections left out of an included record: the contact, always, and withheld sections."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a build included and what it left out, and why (for the Secretariat only)."""

    entries: tuple[ManifestEntry, ...]

    @property
    def included(self) -> tuple[ManifestEntry, ...]:
        """The records in the build."""
        return tuple(entry for entry in self.entries if entry.included)

    @property
    def excluded(self) -> tuple[ManifestEntry, ...]:
        """The records left out."""
        return tuple(entry for entry in self.entries if not entry.included)


def why_not_released(record: PracticeRecord) -> str | None:
    """Why ``record`` may not be released (a manifest reason), or None when it may."""
    if record.status is Status.WITHDRAWN:
        return "withdrawn"
    if record.status not in RELEASABLE:
        return "not_accepted"
    if record.practice.consent is None:
        return "no_consent_answer"
    if record.practice.consent is not Consent.YES:
        return "no_consent"
    return None


def release(record: PracticeRecord) -> Released[PracticeView]:
    """The released view of ``record``; :class:`~gcat.errors.ConsentError` when consent or the
    workflow does not let it out."""
    reason = why_not_released(record)
    if reason is not None:
        raise ConsentError("consent.not_released", id=record.id, reason=reason)
    practice = record.practice
    withheld = practice.withheld

    def text(key: str) -> str:
        return "" if key in withheld else practice.text_of(key)

    view = PracticeView(
        id=record.id,
        member=practice.member,
        title=practice.title,
        lang=practice.lang,
        domains=practice.domains,
        thematic_areas=practice.thematic_areas,
        gcat_indicators=practice.gcat_indicators,
        background=text("background"),
        description=text("description"),
        results=text("results"),
        measurable_results=() if "measurable_results" in withheld else practice.measurable_results,
        challenges=text("challenges"),
        future_plans=text("future_plans"),
        links=() if "links" in withheld else practice.links,
        published=record.status is Status.PUBLISHED,
        from_pack=record.source == "pack",
    )
    return Released(view, key=_KEY)


def release_all(
    records: Iterable[PracticeRecord],
) -> tuple[list[Released[PracticeView]], Manifest]:
    """Every releasable record's view, and the manifest of the whole build."""
    released: list[Released[PracticeView]] = []
    entries: list[ManifestEntry] = []
    for record in records:
        reason = why_not_released(record)
        practice = record.practice
        left_out: tuple[str, ...] = ()
        if reason is None:
            released.append(release(record))
            left_out = ("contact", *sorted(practice.withheld))
        entries.append(
            ManifestEntry(
                id=record.id,
                member=practice.member,
                title=practice.title,
                status=record.status,
                included=reason is None,
                reason=reason,
                left_out=left_out,
            )
        )
    return released, Manifest(tuple(entries))

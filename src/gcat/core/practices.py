"""A good practice as in Annex I of the WCO template, its workflow and its quality checklist.

Sections (Annex I): I member and contact, II title, III GCAT domains (the first is primary),
IV background, V description, VI results with optional measurable results, VII challenges,
VIII future plans, IX links, X consent. A member may withhold single sections
(:data:`SECTION_KEYS`) from publication; contact details are never published. What may be
published is decided in one place, :func:`gcat.policy.consent.release`.

Workflow: draft → submitted → in review → changes requested (with a reason) → accepted →
published; withdrawn at any point (with a reason). :data:`TRANSITIONS` is the whole graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

__all__ = [
    "ADVICE",
    "BLOCKING",
    "MEMBER_TARGETS",
    "NARRATIVE_KEYS",
    "REASON_REQUIRED",
    "SECRETARIAT_TARGETS",
    "SECTION_KEYS",
    "TRANSITIONS",
    "Consent",
    "Contact",
    "ImportedPractice",
    "MeasurableResult",
    "Practice",
    "PracticeMember",
    "PracticeRecord",
    "QualityIssue",
    "Status",
    "can_transition",
    "is_web_link",
    "quality_checks",
    "word_count",
]

SECTION_KEYS = (
    "background",
    "description",
    "results",
    "measurable_results",
    "challenges",
    "future_plans",
    "links",
)
"""Sections a member may withhold from publication, in Annex I order."""
NARRATIVE_KEYS = ("background", "description", "results", "challenges", "future_plans")
"""Sections written as free text."""
MIN_DESCRIPTION_WORDS = 80


class Status(StrEnum):
    """Where a practice is in its workflow."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    ACCEPTED = "accepted"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class Consent(StrEnum):
    """Section X: may the WCO publish the information? Only an explicit yes releases it."""

    YES = "yes"
    NO = "no"


TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.SUBMITTED, Status.WITHDRAWN}),
    Status.SUBMITTED: frozenset(
        {Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.ACCEPTED, Status.WITHDRAWN}
    ),
    Status.IN_REVIEW: frozenset({Status.CHANGES_REQUESTED, Status.ACCEPTED, Status.WITHDRAWN}),
    Status.CHANGES_REQUESTED: frozenset({Status.SUBMITTED, Status.WITHDRAWN}),
    Status.ACCEPTED: frozenset({Status.PUBLISHED, Status.CHANGES_REQUESTED, Status.WITHDRAWN}),
    Status.PUBLISHED: frozenset({Status.WITHDRAWN}),
    Status.WITHDRAWN: frozenset(),
}
"""Every allowed change of status."""
REASON_REQUIRED = frozenset({Status.CHANGES_REQUESTED, Status.WITHDRAWN})
"""Changes of status that need a reason (a return to the member, a withdrawal)."""
MEMBER_TARGETS = frozenset({Status.SUBMITTED, Status.WITHDRAWN})
"""What a member's user may move a practice to; the other targets are the Secretariat's."""
SECRETARIAT_TARGETS = frozenset(Status) - MEMBER_TARGETS - {Status.DRAFT}
EDITABLE_BY_MEMBER = frozenset({Status.DRAFT, Status.CHANGES_REQUESTED})
"""Statuses in which the member may change the text."""


def can_transition(current: Status, target: Status) -> bool:
    """Whether a practice in ``current`` may move to ``target``."""
    return target in TRANSITIONS[current]


@dataclass(frozen=True, slots=True)
class Contact:
    """Section I contact: never published."""

    name: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class MeasurableResult:
    """One measured result: "Paper used, -62 %, baseline 2019, year 2024"."""

    indicator: str
    value: float
    unit: str = ""
    baseline: float | None = None
    year: int | None = None


@dataclass(frozen=True, slots=True)
class PracticeMember:
    """The Member a practice comes from, as matched in the member list when it was recorded."""

    name: str
    code: str | None
    region: str
    names: dict[str, str] = field(compare=False, hash=False)

    def name_in(self, lang: str) -> str:
        """The Member's short name in ``lang``."""
        return self.names.get(lang) or self.name


@dataclass(frozen=True, slots=True)
class Practice:
    """The content of a practice (Annex I sections, classification, consent)."""

    member: PracticeMember
    title: str
    lang: str
    contact: Contact = Contact()
    domains: tuple[str, ...] = ()
    thematic_areas: tuple[str, ...] = ()
    gcat_indicators: tuple[str, ...] = ()
    background: str = ""
    description: str = ""
    results: str = ""
    measurable_results: tuple[MeasurableResult, ...] = ()
    challenges: str = ""
    future_plans: str = ""
    links: tuple[str, ...] = ()
    consent: Consent | None = None
    withheld: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        unknown = self.withheld - set(SECTION_KEYS)
        if unknown:
            raise ValueError(f"unknown sections withheld: {sorted(unknown)}")

    @property
    def primary_domain(self) -> str | None:
        """The first domain, the practice's main one."""
        return self.domains[0] if self.domains else None

    def text_of(self, key: str) -> str:
        """The free text of the narrative section ``key``."""
        if key not in NARRATIVE_KEYS:
            raise KeyError(key)
        value: str = getattr(self, key)
        return value

    def with_changes(self, **changes: object) -> Practice:
        """A copy with ``changes``."""
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class PracticeRecord:
    """A stored practice: its id, status, content and when and by whom consent was recorded."""

    id: int
    administration_id: int
    status: Status
    practice: Practice
    consent_recorded_at: datetime | None = None
    consent_recorded_by: str = ""
    updated_at: datetime | None = None
    updated_by: str = ""
    source: str = ""
    """Where it came from: a file name, "app", a Compendium pack."""
    version: int = 1
    """Optimistic-locking version: a change names the version it was based on."""
    owner: str = "member"
    """Who holds the record while it is a draft: the ``member`` or the ``secretariat`` (drafts
    made from free-format submissions)."""


@dataclass(frozen=True, slots=True)
class ImportedPractice:
    """A practice created by an import: its id, the file it came from, and what it is."""

    id: int
    source: str
    title: str
    member: str
    status: Status
    free_format: bool = False


BLOCKING = frozenset({"no_title", "no_domain", "no_description", "no_consent", "no_contact"})
"""Checks that stop a submission."""
ADVICE = frozenset(
    {"no_measurable_result", "short_description", "bad_link", "repeats_title", "no_area"}
)
"""Checks shown as advice: the practice can still be submitted."""


@dataclass(frozen=True, slots=True)
class QualityIssue:
    """One finding of the quality checklist: a message code, its section and parameters."""

    code: str
    section: str
    blocking: bool
    params: dict[str, object] = field(default_factory=dict, compare=False, hash=False)


_WORDS = re.compile(r"\w+", re.UNICODE)
_WEB_LINK = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+", re.IGNORECASE)


def word_count(text: str) -> int:
    """Words in ``text`` (runs of letters and digits)."""
    return len(_WORDS.findall(text))


def _fold(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


def is_web_link(link: str) -> bool:
    """Whether ``link`` is an http(s) address with a host (only those are ever clickable)."""
    return bool(_WEB_LINK.match(link.strip()))


def _repeats_title(practice: Practice) -> str | None:
    """The first narrative section that merely repeats the title, if any."""
    title = _fold(practice.title)
    if not title:
        return None
    for key in NARRATIVE_KEYS:
        text = _fold(practice.text_of(key))
        if text and (text == title or (text.startswith(title) and len(text) < 2 * len(title))):
            return key
    return None


def quality_checks(practice: Practice) -> list[QualityIssue]:
    """The quality checklist of ``practice``, blocking findings first."""
    issues: list[QualityIssue] = []

    def add(code: str, section: str, **params: object) -> None:
        issues.append(QualityIssue(code, section, code in BLOCKING, dict(params)))

    if not practice.title.strip():
        add("no_title", "title")
    contact = practice.contact
    if not (contact.name.strip() and contact.email.strip()):
        add("no_contact", "contact")
    if not practice.domains:
        add("no_domain", "domains")
    if not practice.description.strip():
        add("no_description", "description")
    if practice.consent is None:
        add("no_consent", "consent")
    if not practice.thematic_areas:
        add("no_area", "thematic_areas")
    if not practice.measurable_results:
        add("no_measurable_result", "measurable_results")
    words = word_count(practice.description)
    if 0 < words < MIN_DESCRIPTION_WORDS:
        add("short_description", "description", words=words, minimum=MIN_DESCRIPTION_WORDS)
    for link in practice.links:
        if not is_web_link(link):
            add("bad_link", "links", link=link[:80])
    repeated = _repeats_title(practice)
    if repeated:
        add("repeats_title", repeated)
    return sorted(issues, key=lambda issue: not issue.blocking)

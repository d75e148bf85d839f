"""Stored records as services hand them out: assessments, answers, history, files, tracking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from gcat.core.assessment import Answer

__all__ = [
    "AssessorRecord",
    "AssessorScore",
    "ConsensusDecision",
    "EvidenceFile",
    "FeedbackNote",
    "HistoryEntry",
    "Origin",
    "SignOff",
    "StoredAnswer",
    "StoredAssessment",
    "Tracking",
]


@dataclass(frozen=True, slots=True)
class SignOff:
    """Who signed an assessment off, when, and the hash of the content they signed."""

    signed_by: str
    signed_at: datetime
    content_hash: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class AssessorRecord:
    """An assessor of an assessment: their name, when they joined and when they revealed
    their scores to the others (None while their scores are hidden)."""

    name: str
    joined_at: datetime
    revealed_at: datetime | None


@dataclass(frozen=True, slots=True)
class AssessorScore:
    """One score an assessor gave one indicator (a level, "not applicable", or withdrawn)."""

    indicator_id: str
    assessor: str
    level: int | None
    not_applicable: bool
    comment: str
    scored_at: datetime


@dataclass(frozen=True, slots=True)
class ConsensusDecision:
    """The level a validator agreed for one indicator, why, and each assessor's score then."""

    indicator_id: str
    level: int | None
    not_applicable: bool
    rationale: str
    scores: dict[str, int | str | None]
    decided_by: str
    decided_at: datetime


@dataclass(frozen=True, slots=True)
class FeedbackNote:
    """Pilot feedback on the framework: an indicator or one of its level descriptors is
    unclear or does not fit the administration's situation."""

    id: int
    indicator_id: str
    level: int | None
    kind: str
    note: str
    author: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an assessment came from: an upgrade or a new version of a signed assessment."""

    kind: str
    """``upgrade`` or ``revision``."""
    source_id: int | None
    """The assessment it was made from (None once that one is deleted)."""
    source_label: str
    details: dict[str, Any]
    created_at: datetime
    created_by: str


@dataclass(frozen=True, slots=True)
class StoredAssessment:
    """An assessment's header as stored."""

    id: int
    administration_id: int
    administration: str
    framework_id: str
    framework_version: str
    cycle: str
    domains: tuple[str, ...] | None
    assessors: str
    previous_id: int | None
    created_at: datetime
    updated_at: datetime
    answered: int = 0
    """Indicators in scope with a level or "not applicable"."""
    indicators: int = 0
    """Indicators in scope."""
    edition: int = 1
    """1 for the cycle's first assessment; an upgrade or a new version takes the next."""
    signoff: SignOff | None = None
    """The sign-off, when the assessment is signed (and so read-only)."""

    @property
    def locked(self) -> bool:
        """Whether the assessment is signed off, and so read-only."""
        return self.signoff is not None

    @property
    def completeness(self) -> float:
        """Share of the indicators in scope that are answered, in percent (as scoring rounds)."""
        from gcat.core.scoring import round_score

        return round_score(100 * self.answered / self.indicators) if self.indicators else 0.0


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """One stored answer with its optimistic-locking version."""

    indicator_id: str
    answer: Answer
    evidence_note: str
    version: int
    updated_at: datetime
    updated_by: str


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change of an answer: who, when, the old and the new value, and why."""

    changed_at: datetime
    changed_by: str
    old_value: dict[str, Any] | None
    new_value: dict[str, Any]
    change_reason: str


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """An evidence file's metadata (the bytes are fetched separately)."""

    id: int
    indicator_id: str
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    uploaded_by: str


@dataclass(frozen=True, slots=True)
class Tracking:
    """Owner, due date and status of one improvement-plan item."""

    owner: str = ""
    due: date | None = None
    status: str = "not_started"

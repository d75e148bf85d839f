"""Stored records as services hand them out: assessments, answers, history, files, tracking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from gcat.core.assessment import Answer

__all__ = ["EvidenceFile", "HistoryEntry", "StoredAnswer", "StoredAssessment", "Tracking"]


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
    locked_at: datetime | None = None
    """When a validator locked it for submission (None: open for changes)."""
    locked_by: str = ""

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

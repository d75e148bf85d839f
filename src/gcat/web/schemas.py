"""JSON payloads of the API, separate from the core dataclasses. Ranges live in the schema."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AnswerPublic",
    "AnswerUpdate",
    "AssessmentCreate",
    "AssessmentPublic",
    "DomainResult",
    "ErrorPublic",
    "FieldChangePublic",
    "FrameworkSummary",
    "HistoryPublic",
    "NamePublic",
    "PlanItemPublic",
    "ResultsPublic",
    "Status",
    "TrackingUpdate",
]

Level = Annotated[int, Field(ge=0, le=5)]
Text = Annotated[str, Field(max_length=5000)]
Name = Annotated[str, Field(min_length=1, max_length=200, pattern=r"\S")]
DomainId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,59}$", max_length=60)]
"""A domain id; which ones exist is the loaded framework's business (modules add domains)."""
IndicatorId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$", max_length=40)]
"""An indicator id, checked against the loaded framework by the services."""


class Strict(BaseModel):
    """Payloads refuse unknown fields."""

    model_config = ConfigDict(extra="forbid")


class ErrorPublic(BaseModel):
    """A readable error."""

    code: str
    message: str
    field: str | None = None


class FrameworkSummary(BaseModel):
    """An installed framework."""

    id: str
    version: str
    title: dict[str, str]
    domains: list[str]
    indicators: int


class AssessmentCreate(Strict):
    """A new assessment; ``previous_id`` pre-fills it from an earlier cycle."""

    administration: Name
    cycle: Annotated[str, Field(min_length=1, max_length=40, pattern=r"\S")]
    domains: Annotated[list[DomainId], Field(min_length=1, max_length=60)] | None = None
    assessors: Text = ""
    previous_id: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None


class AnswerUpdate(Strict):
    """A change to one answer. ``version`` is the version the client last saw (0 if none)."""

    level: Level | None = None
    not_applicable: bool = False
    reason: Text = ""
    target: Level | None = None
    comment: Text = ""
    evidence_note: Text = ""
    flagged: bool = False
    change_reason: Text = ""
    version: Annotated[int, Field(ge=0, le=2**31 - 1)]


class AnswerPublic(BaseModel):
    """A saved answer."""

    indicator_id: str
    level: Level | None
    not_applicable: bool
    reason: str
    target: Level | None
    comment: str
    evidence_note: str
    flagged: bool
    to_review: bool = False
    """Pre-filled from the previous cycle and not yet confirmed or changed (any save of the
    answer confirms it)."""
    version: Annotated[int, Field(ge=1)]
    updated_at: datetime
    updated_by: str
    warnings: list[ErrorPublic] = []
    """What the officer should know about the saved answer (a target below the level)."""


class AssessmentPublic(BaseModel):
    """An assessment with its answers."""

    id: int
    administration: str
    cycle: str
    framework: dict[str, str]
    domains: list[str]
    assessors: str
    previous_id: int | None
    completeness: Annotated[float, Field(ge=0, le=100)]
    updated_at: datetime
    answers: list[AnswerPublic]


class DomainResult(BaseModel):
    """A domain under both rules."""

    id: str
    score: Annotated[float, Field(ge=0, le=5)] | None
    level: Level | None
    level_noncompensatory: Level | None
    completeness: Annotated[float, Field(ge=0, le=100)]


class Status(StrEnum):
    """Tracking status of a plan item."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class PlanItemPublic(BaseModel):
    """One improvement-plan item with its tracking fields."""

    indicator_id: str
    domain_id: str
    current: Level
    target: Level
    next_step: str
    priority: str
    horizon: str
    owner: str
    due: date | None
    status: Status


class ResultsPublic(BaseModel):
    """Scores under both rules, overall, completeness, evidence coverage and the plan."""

    primary_rule: str
    domains: list[DomainResult]
    overall: dict[str, Any]
    completeness: Annotated[float, Field(ge=0, le=100)]
    evidence_coverage: Annotated[float, Field(ge=0, le=100)] | None
    confidence_notes: list[str]
    plan: list[PlanItemPublic]


class TrackingUpdate(Strict):
    """Owner, due date and status of a plan item."""

    owner: Annotated[str, Field(max_length=200)] = ""
    due: date | None = None
    status: Status = Status.NOT_STARTED


class FieldChangePublic(BaseModel):
    """One field a change changed: ``answer`` (a level or "na"), ``reason``, ``target``,
    ``flagged``, ``evidence_note``, ``comment`` or ``to_review``."""

    field: str
    before: int | str | bool | None
    after: int | str | bool | None


class HistoryPublic(BaseModel):
    """One change of an answer: the whole answer before and after, and what changed."""

    indicator_id: str
    changed_at: datetime
    changed_by: str
    old_value: dict[str, Any] | None
    new_value: dict[str, Any]
    change_reason: str
    changes: list[FieldChangePublic]


class NamePublic(Strict):
    """The officer's name, recorded with each of their changes."""

    name: Annotated[str, Field(max_length=200)]

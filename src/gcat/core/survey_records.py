"""Stored survey records as services hand them out, and a survey with its analysis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from gcat.core.members import MemberList
from gcat.core.survey import Analysis, Response, SurveyInitiative

__all__ = ["NewInitiative", "StoredDecision", "StoredInitiative", "StoredSurvey", "SurveyData"]


@dataclass(frozen=True, slots=True)
class StoredSurvey:
    """A survey's header."""

    id: int
    year: int
    member_count: int
    member_list: str
    responses_file: str
    initiatives_file: str | None
    demo: bool
    imported_at: datetime
    imported_by: str


@dataclass(frozen=True, slots=True)
class NewInitiative:
    """An initiative to store, with the model's suggestion at import."""

    ref: str
    member_key: str
    text: str
    text_sha256: str
    lang: str
    lang_detected: bool
    suggestion: dict[str, Any] | None
    uncertainty: float | None


@dataclass(frozen=True, slots=True)
class StoredDecision:
    """An analyst's decision on an initiative's labels."""

    id: int
    initiative_id: int | None
    member_key: str
    text_sha256: str
    text: str
    lang: str
    thematic_areas: tuple[str, ...]
    gcat_domains: tuple[str, ...]
    note: str | None
    suggestion: dict[str, Any] | None
    decided_by: str
    decided_at: datetime


@dataclass(frozen=True, slots=True)
class StoredInitiative:
    """A stored initiative with its suggestion and its latest decision (None: not reviewed)."""

    id: int
    survey_id: int
    ref: str
    position: int
    member_key: str
    text: str
    lang: str
    lang_detected: bool
    suggestion: dict[str, Any] | None
    uncertainty: float | None
    decision: StoredDecision | None


@dataclass(frozen=True, slots=True)
class SurveyData:
    """A stored survey with everything the report, follow-up and validation need."""

    survey: StoredSurvey
    members: MemberList
    responses: tuple[Response, ...]
    initiatives: tuple[SurveyInitiative, ...]
    stored: tuple[StoredInitiative, ...]
    analysis: Analysis

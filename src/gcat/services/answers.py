"""Use-cases on answers: check and record one answer with its audit trail; read the trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from gcat.answer_rules import Issue, check_answer, check_text
from gcat.core.assessment import Answer
from gcat.core.history import HistoryFilter, answer_value
from gcat.core.model import Framework
from gcat.core.records import HistoryEntry, StoredAnswer, StoredAssessment
from gcat.core.text import clean_text
from gcat.frameworks import load_framework
from gcat.policy.access import Actor, Right, require
from gcat.services.assessments import editable_header, invalid, now, visible_header
from gcat.storage import repository as repo
from gcat.storage.db import write_transaction

__all__ = [
    "HISTORY_LIMIT",
    "AnswerChange",
    "AssessmentHistory",
    "SavedAnswer",
    "answer_history",
    "assessment_history",
    "record_answer",
]

HISTORY_LIMIT = 2000
"""Most changes one page of an assessment's history shows (newest first)."""


@dataclass(frozen=True, slots=True)
class AnswerChange:
    """A change to one answer as sent by a client."""

    level: int | None
    not_applicable: bool
    reason: str
    target: int | None
    comment: str
    evidence_note: str
    flagged: bool
    version: int
    change_reason: str = ""


def _check_change(
    framework: Framework,
    stored: StoredAssessment,
    previous: StoredAnswer | None,
    indicator_id: str,
    change: AnswerChange,
) -> tuple[Answer, tuple[Issue, ...]]:
    """The answer to save and its warnings; InputError naming the first field in error."""
    outcome = check_answer(
        framework,
        indicator_id,
        domains=stored.domains,
        level=change.level,
        not_applicable=change.not_applicable,
        reason=change.reason,
        target=change.target,
        comment=change.comment,
        flagged=change.flagged,
        raise_target=True,
    )
    errors = list(outcome.errors)
    for name, value in (
        ("evidence_note", change.evidence_note),
        ("change_reason", change.change_reason),
    ):
        check_text(value, (name,), errors)
    if errors:
        first = errors[0]
        raise invalid(_api_field(first.field), first.code, **first.params)
    assert outcome.answer is not None
    level_changed = previous is not None and (
        previous.answer.level != change.level
        or previous.answer.not_applicable != change.not_applicable
    )
    if stored.previous_id is not None and level_changed and not clean_text(change.change_reason):
        raise invalid("change_reason", "answers.change_needs_reason")
    return outcome.answer, outcome.warnings


def _api_field(path: tuple[str | int, ...]) -> str:
    """The request field a rule's issue is about (the indicator itself for an unknown id)."""
    return str(path[0]) if path else "indicator_id"


@dataclass(frozen=True, slots=True)
class SavedAnswer:
    """A saved answer and the warnings about it (for example a target below the level)."""

    stored: StoredAnswer
    warnings: tuple[Issue, ...]


def record_answer(
    actor: Actor, engine: sa.Engine, assessment_id: int, indicator_id: str, change: AnswerChange
) -> SavedAnswer:
    """Check and save one answer, with its audit trail; ConflictError when ``version`` is stale.

    A save that changes nothing (the same values sent again) records nothing and returns the
    stored answer; any change, confirming a pre-filled answer included, is recorded."""
    require(actor, Right.EDIT)
    with write_transaction(engine) as conn:
        stored = editable_header(actor, conn, assessment_id)
        framework = load_framework(stored.framework_id, stored.framework_version)
        previous = (
            repo.load_answer(conn, assessment_id=assessment_id, indicator_id=indicator_id)
            if indicator_id in framework.indicators
            else None
        )
        answer, warnings = _check_change(framework, stored, previous, indicator_id, change)
        when = now()
        evidence_note = clean_text(change.evidence_note)
        if (
            previous is not None
            and not clean_text(change.change_reason)
            and answer_value(answer, evidence_note)
            == answer_value(previous.answer, previous.evidence_note)
        ):
            return SavedAnswer(previous, warnings)  # nothing changed: nothing to record
        version = repo.save_answer(
            conn,
            assessment=stored,
            indicator_id=indicator_id,
            answer=answer,
            evidence_note=evidence_note,
            expected_version=change.version,
            who=actor.name,
            change_reason=clean_text(change.change_reason),
            now=when,
        )
    stored_answer = StoredAnswer(indicator_id, answer, evidence_note, version, when, actor.name)
    return SavedAnswer(stored_answer, warnings)


def answer_history(
    actor: Actor, engine: sa.Engine, assessment_id: int, indicator_id: str
) -> list[HistoryEntry]:
    """The audit trail of one answer: who, when, old and new value, oldest first."""
    require(actor, Right.READ)
    with engine.connect() as conn:
        visible_header(actor, conn, assessment_id)
        return repo.answer_history_of(conn, assessment_id=assessment_id, indicator_id=indicator_id)


@dataclass(frozen=True, slots=True)
class AssessmentHistory:
    """The changes of an assessment that pass a filter, newest first, and who made changes."""

    entries: list[HistoryEntry]
    people: list[str]
    truncated: bool
    """More changes pass the filter than :data:`HISTORY_LIMIT`: narrow it to see them."""


def _day_start(day: date | None) -> datetime | None:
    return datetime.combine(day, time.min, tzinfo=UTC) if day is not None else None


def assessment_history(
    actor: Actor,
    engine: sa.Engine,
    assessment_id: int,
    wanted: HistoryFilter | None = None,
    *,
    limit: int = HISTORY_LIMIT,
) -> AssessmentHistory:
    """The changes of an assessment's answers, newest first, filtered by indicator, person and
    dates (whole days in UTC, both ends included)."""
    require(actor, Right.READ)
    wanted = wanted or HistoryFilter()
    end = _day_start(wanted.end)
    with engine.connect() as conn:
        visible_header(actor, conn, assessment_id)
        entries = repo.assessment_history_of(
            conn,
            assessment_id=assessment_id,
            indicator_id=wanted.indicator_id,
            person=wanted.person,
            start=_day_start(wanted.start),
            end=end + timedelta(days=1) if end is not None else None,
            limit=limit + 1,
        )
        people = repo.history_people(conn, assessment_id=assessment_id)
    return AssessmentHistory(entries[:limit], people, len(entries) > limit)

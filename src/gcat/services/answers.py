"""Use-cases on answers: check and record one answer with its audit trail; read the trail."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from gcat.answer_rules import Issue, check_answer, check_text
from gcat.core.assessment import Answer
from gcat.core.model import Framework
from gcat.core.records import HistoryEntry, StoredAnswer, StoredAssessment
from gcat.core.text import clean_text
from gcat.frameworks import load_framework
from gcat.policy.access import Actor, Right, require
from gcat.services.assessments import editable_header, invalid, now, visible_header
from gcat.storage import repository as repo
from gcat.storage.db import write_transaction

__all__ = ["AnswerChange", "SavedAnswer", "answer_history", "record_answer"]


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
    level_changed = previous is not None and (  # previous is only loaded for pre-filled cycles
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
    """Check and save one answer, with its audit trail; ConflictError when ``version`` is stale."""
    require(actor, Right.EDIT)
    with write_transaction(engine) as conn:
        stored = editable_header(actor, conn, assessment_id)
        framework = load_framework(stored.framework_id, stored.framework_version)
        previous = (
            repo.load_answer(conn, assessment_id=assessment_id, indicator_id=indicator_id)
            if stored.previous_id is not None and indicator_id in framework.indicators
            else None
        )
        answer, warnings = _check_change(framework, stored, previous, indicator_id, change)
        when = now()
        evidence_note = clean_text(change.evidence_note)
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

"""Use-cases on answers: check and record one answer with its audit trail; read the trail."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from gcat.core.assessment import MAX_LEVEL, Answer
from gcat.core.model import Framework
from gcat.frameworks import load_framework
from gcat.limits import MAX_TEXT
from gcat.policy.access import Actor, Right, require
from gcat.services.assessments import invalid, now, visible_header
from gcat.storage import repository as repo
from gcat.storage.db import write_transaction
from gcat.storage.records import HistoryEntry, StoredAnswer, StoredAssessment

__all__ = ["AnswerChange", "answer_history", "record_answer"]


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
) -> Answer:
    if indicator_id not in framework.indicators:
        raise invalid("indicator_id", "answers.unknown_indicator", id=indicator_id)
    indicator = framework.indicator(indicator_id)
    if stored.domains is not None and indicator.domain_id not in stored.domains:
        raise invalid("indicator_id", "answers.out_of_scope", id=indicator_id)
    for field, value in (
        ("reason", change.reason),
        ("comment", change.comment),
        ("evidence_note", change.evidence_note),
        ("change_reason", change.change_reason),
    ):
        if len(value) > MAX_TEXT:
            raise invalid(field, "check.text_too_long", limit=MAX_TEXT)
    if change.level is not None and not 0 <= change.level <= MAX_LEVEL:
        raise invalid("level", "answers.bad_level", value=str(change.level))
    if change.target is not None and not 0 <= change.target <= MAX_LEVEL:
        raise invalid("target", "answers.bad_target", value=str(change.target))
    if change.not_applicable:
        if change.level is not None:
            raise invalid("level", "answers.level_and_na")
        if not indicator.not_applicable_allowed:
            raise invalid("not_applicable", "answers.na_not_allowed", id=indicator_id)
        if not change.reason.strip():
            raise invalid("reason", "answers.na_needs_reason")
    if change.level is not None and change.target is not None and change.target < change.level:
        raise invalid(
            "target", "answers.target_below_level", target=change.target, level=change.level
        )
    level_changed = previous is not None and (  # previous is only loaded for pre-filled cycles
        previous.answer.level != change.level
        or previous.answer.not_applicable != change.not_applicable
    )
    if stored.previous_id is not None and level_changed and not change.change_reason.strip():
        raise invalid("change_reason", "answers.change_needs_reason")
    return Answer(
        level=change.level,
        not_applicable=change.not_applicable,
        reason=change.reason.strip() if change.not_applicable else "",
        target=change.target,
        comment=change.comment.strip(),
        evidence=(),
        flagged=change.flagged,
    )


def record_answer(
    actor: Actor, engine: sa.Engine, assessment_id: int, indicator_id: str, change: AnswerChange
) -> StoredAnswer:
    """Check and save one answer, with its audit trail; ConflictError when ``version`` is stale."""
    require(actor, Right.EDIT)
    with write_transaction(engine) as conn:
        stored = visible_header(actor, conn, assessment_id)
        framework = load_framework(stored.framework_id, stored.framework_version)
        previous = (
            repo.load_answer(conn, assessment_id=assessment_id, indicator_id=indicator_id)
            if stored.previous_id is not None and indicator_id in framework.indicators
            else None
        )
        answer = _check_change(framework, stored, previous, indicator_id, change)
        when = now()
        evidence_note = change.evidence_note.strip()
        version = repo.save_answer(
            conn,
            assessment=stored,
            indicator_id=indicator_id,
            answer=answer,
            evidence_note=evidence_note,
            expected_version=change.version,
            who=actor.name,
            change_reason=change.change_reason.strip(),
            now=when,
        )
    return StoredAnswer(indicator_id, answer, evidence_note, version, when, actor.name)


def answer_history(
    actor: Actor, engine: sa.Engine, assessment_id: int, indicator_id: str
) -> list[HistoryEntry]:
    """The audit trail of one answer: who, when, old and new value, oldest first."""
    require(actor, Right.READ)
    with engine.connect() as conn:
        visible_header(actor, conn, assessment_id)
        return repo.answer_history_of(conn, assessment_id=assessment_id, indicator_id=indicator_id)

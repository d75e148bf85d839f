"""Pilot feedback on the framework: an officer marks an indicator, or one of its level
descriptors, as unclear or not fitting their administration's situation, with a note.

The notes stay with the assessment; they leave it only when the user asks, in its ``.gcat.json``
(without their author's name), for the framework's authors to collect with ``gcat framework
feedback``.
"""

from __future__ import annotations

import sqlalchemy as sa

from gcat.core.records import FeedbackNote
from gcat.core.text import clean_text
from gcat.errors import NotFoundError
from gcat.limits import MAX_TEXT
from gcat.policy.access import Actor, Right, require
from gcat.services.assessments import editable_header, invalid, load_in, now, visible_header
from gcat.storage import team_repository as team_repo
from gcat.storage.db import write_transaction

__all__ = ["KINDS", "add_feedback", "delete_feedback", "feedback_notes"]

KINDS = ("unclear", "does_not_fit")
"""What a note says of the text: it is unclear, or it does not fit the situation."""


def add_feedback(
    actor: Actor,
    engine: sa.Engine,
    assessment_id: int,
    indicator_id: str,
    *,
    level: int | None,
    kind: str,
    note: str,
) -> FeedbackNote:
    """Record a note on ``indicator_id`` (its level ``level`` descriptor, or the whole
    indicator when ``level`` is None)."""
    require(actor, Right.EDIT)
    if kind not in KINDS:
        raise invalid("kind", "check.bad_choice", choices=", ".join(KINDS))
    if level is not None and not 0 <= level <= 5:
        raise invalid("level", "answers.bad_level", value=str(level))
    note = clean_text(note)
    if len(note) > MAX_TEXT:
        raise invalid("note", "check.text_too_long", limit=MAX_TEXT)
    with write_transaction(engine) as conn:
        stored = editable_header(actor, conn, assessment_id)
        loaded = load_in(actor, conn, assessment_id)
        if indicator_id not in loaded.framework.indicators:
            raise invalid("indicator_id", "answers.unknown_indicator", id=indicator_id[:40])
        when = now()
        new_id = team_repo.add_feedback(
            conn,
            assessment=stored,
            indicator_id=indicator_id,
            level=level,
            kind=kind,
            note=note,
            author=actor.name,
            now=when,
        )
    return FeedbackNote(new_id, indicator_id, level, kind, note, actor.name, when)


def feedback_notes(actor: Actor, engine: sa.Engine, assessment_id: int) -> list[FeedbackNote]:
    """The feedback notes of an assessment, oldest first."""
    require(actor, Right.READ)
    with engine.connect() as conn:
        visible_header(actor, conn, assessment_id)
        return team_repo.feedback_of(conn, assessment_id=assessment_id)


def delete_feedback(actor: Actor, engine: sa.Engine, assessment_id: int, feedback_id: int) -> None:
    """Delete one feedback note (NotFoundError when it is not this assessment's)."""
    require(actor, Right.EDIT)
    with write_transaction(engine) as conn:
        editable_header(actor, conn, assessment_id)
        if not team_repo.delete_feedback(
            conn, assessment_id=assessment_id, feedback_id=feedback_id
        ):
            raise NotFoundError("feedback.not_found", id=feedback_id)

"""Use-cases on the improvement plan's tracking: owner, due date and status of each item."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from gcat.core.planning import ItemStatus
from gcat.core.records import Tracking
from gcat.core.text import clean_line
from gcat.limits import MAX_NAME
from gcat.policy.access import Actor, Right, require
from gcat.services.assessments import invalid, load_in, now, refuse_locked, visible_header
from gcat.storage import repository as repo
from gcat.storage.db import write_transaction

__all__ = ["plan_tracking", "set_tracking"]


def set_tracking(
    actor: Actor,
    engine: sa.Engine,
    assessment_id: int,
    indicator_id: str,
    *,
    owner: str,
    due: date | None,
    status: str,
) -> Tracking:
    """Set the owner, due date and status of a plan item."""
    require(actor, Right.EDIT)
    if status not in tuple(ItemStatus):
        raise invalid("status", "check.bad_choice", choices=", ".join(ItemStatus))
    owner = clean_line(owner)
    if len(owner) > MAX_NAME:
        raise invalid("owner", "check.text_too_long", limit=MAX_NAME)
    with write_transaction(engine) as conn:
        loaded = load_in(actor, conn, assessment_id)
        refuse_locked(loaded.stored)
        if indicator_id not in {item.indicator_id for item in loaded.evaluate().plan.items}:
            raise invalid("indicator_id", "plan.not_an_item", id=indicator_id)
        repo.save_tracking(
            conn,
            assessment=loaded.stored,
            indicator_id=indicator_id,
            owner=owner,
            due=due,
            status=status,
            now=now(),
        )
    return Tracking(owner, due, status)


def plan_tracking(actor: Actor, engine: sa.Engine, assessment_id: int) -> dict[str, Tracking]:
    """Owner, due date and status of an assessment's plan items, by indicator id."""
    require(actor, Right.READ)
    with engine.connect() as conn:
        visible_header(actor, conn, assessment_id)
        return repo.load_tracking(conn, assessment_id=assessment_id)

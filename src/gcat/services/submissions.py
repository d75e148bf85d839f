"""Submitting an assessment to the Secretariat; seeing and withdrawing it.

- A validator signs an assessment off (:mod:`gcat.services.signoff`: no more changes to its
  answers, evidence or plan), then submits it. The Secretariat gets an immutable snapshot: the
  assessment's exchange document (answers, plan, results, checksum) and the figures aggregation
  needs. Later work by the member (on a new version of the signed one) changes nothing in it.
- A new submission of the same administration and cycle supersedes the one in force.
- Members' users see their own administration's submissions and may withdraw one; the
  Secretariat reads every submission that is not withdrawn; nobody else reads any.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from gcat.core.evaluation import evaluate
from gcat.core.submissions import Status, Submission, member_scores
from gcat.errors import ConflictError, NotFoundError
from gcat.exchange.exchange_file import export_exchange
from gcat.members import load_members
from gcat.policy.access import Actor, Right, Role, can, require, require_visible
from gcat.services import audit
from gcat.services.assessments import load_in, now
from gcat.storage import repository as repo
from gcat.storage import submissions_repository as subs
from gcat.storage.db import write_transaction

__all__ = [
    "ASSESSMENT",
    "ORIGIN_LABELS",
    "STATUS_LABELS",
    "get_submission",
    "list_submissions",
    "snapshot",
    "submit",
    "withdraw",
]

STATUS_LABELS = {
    "submitted": "submissions.status_submitted",
    "withdrawn": "submissions.status_withdrawn",
    "superseded": "submissions.status_superseded",
}
ORIGIN_LABELS = {"app": "submissions.origin_app", "import": "submissions.origin_import"}
ASSESSMENT = "assessment"
"""The kind of submission made of an assessment (practices and survey answers may follow)."""


def _member_code(engine: sa.Engine, conn: sa.Connection, administration_id: int) -> str | None:
    from gcat.storage.schema import administrations

    code = conn.execute(
        sa.select(administrations.c.member_code).where(administrations.c.id == administration_id)
    ).scalar_one_or_none()
    if code is not None:
        return str(code)
    name = repo.administration_name(conn, administration_id=administration_id)
    member = load_members(engine).find(name)
    return member.key if member is not None else None


def submit(actor: Actor, engine: sa.Engine, assessment_id: int) -> Submission:
    """Submit a signed-off assessment (validator): an immutable snapshot for the Secretariat."""
    require(actor, Right.VALIDATE)
    with write_transaction(engine) as conn:
        loaded = load_in(actor, conn, assessment_id)
        stored = loaded.stored
        if stored.signoff is None:
            raise ConflictError("submission.not_locked")
        evaluation = loaded.evaluate()
        tracked = repo.load_tracking(conn, assessment_id=assessment_id)
        files = repo.evidence_files_of(conn, assessment_id=assessment_id)
        when = now()
        document: dict[str, Any] = json.loads(
            export_exchange(
                evaluation,
                exported_at=when,
                tracking={key: (t.owner, t.due, t.status) for key, t in tracked.items()},
                attachments=files,
            )
        )
        subs.supersede(
            conn,
            administration_id=stored.administration_id,
            kind=ASSESSMENT,
            cycle=stored.cycle,
            who=actor.name,
            now=when,
        )
        submission_id = subs.add_submission(
            conn,
            administration_id=stored.administration_id,
            member_code=_member_code(engine, conn, stored.administration_id),
            kind=ASSESSMENT,
            source_id=stored.id,
            cycle=stored.cycle,
            framework_id=stored.framework_id,
            framework_version=stored.framework_version,
            origin="app",
            filename="",
            who=actor.name,
            now=when,
            checksum=document["checksum"]["value"],
            snapshot=document,
            scores=member_scores(evaluation),
        )
        audit.record(
            conn,
            actor,
            "submitted",
            target=f"submission {submission_id}",
            detail={"assessment": stored.id, "cycle": stored.cycle},
            administration_id=stored.administration_id,
            now=when,
        )
        return subs.get_submission(conn, submission_id=submission_id)


def _sees(actor: Actor, submission: Submission) -> bool:
    if actor.role is Role.LOCAL:
        return True
    if can(actor, Right.SECRETARIAT):
        return submission.status is not Status.WITHDRAWN
    return actor.administration_id == submission.administration_id and can(actor, Right.READ)


def _visible(actor: Actor, conn: sa.Connection, submission_id: int) -> Submission:
    require(actor, Right.READ)
    found = subs.get_submission(conn, submission_id=submission_id)
    if not _sees(actor, found):
        raise NotFoundError("submission.not_found", id=submission_id)
    return found


def list_submissions(actor: Actor, engine: sa.Engine) -> list[Submission]:
    """The submissions the actor may see: their administration's, or (Secretariat) every one
    not withdrawn; newest first."""
    require(actor, Right.READ)
    with engine.connect() as conn:
        if actor.role is Role.LOCAL:
            return subs.list_submissions(conn)
        if can(actor, Right.SECRETARIAT):
            return subs.list_submissions(conn, statuses=(Status.SUBMITTED, Status.SUPERSEDED))
        if actor.administration_id is None:
            return []
        return subs.list_submissions(conn, administration_id=actor.administration_id)


def get_submission(actor: Actor, engine: sa.Engine, submission_id: int) -> Submission:
    """One submission the actor may see (NotFoundError otherwise)."""
    with engine.connect() as conn:
        return _visible(actor, conn, submission_id)


def snapshot(actor: Actor, engine: sa.Engine, submission_id: int) -> dict[str, Any]:
    """What was submitted, exactly as it was sent."""
    with engine.connect() as conn:
        _visible(actor, conn, submission_id)
        return subs.snapshot_of(conn, submission_id=submission_id)


def withdraw(actor: Actor, engine: sa.Engine, submission_id: int) -> Submission:
    """Withdraw a submission in force (the member's validator): the Secretariat no longer uses
    or sees it."""
    require(actor, Right.VALIDATE)
    with write_transaction(engine) as conn:
        found = subs.get_submission(conn, submission_id=submission_id)
        require_visible(actor, found.administration_id, "submission.not_found", id=submission_id)
        if found.status is not Status.SUBMITTED:
            raise ConflictError("submission.not_in_force", status=found.status.value)
        when = now()
        subs.set_status(
            conn, submission_id=submission_id, status=Status.WITHDRAWN, who=actor.name, now=when
        )
        audit.record(
            conn,
            actor,
            "withdrawn",
            target=f"submission {submission_id}",
            administration_id=found.administration_id,
            now=when,
        )
        return subs.get_submission(conn, submission_id=submission_id)


def snapshot_evaluation(document: dict[str, Any]) -> Any:
    """The evaluation of a snapshot (to show what was submitted with the app's result views)."""
    from gcat.answers_file import ANSWERS_SCHEMA, parse_answers
    from gcat.yamlio import Document

    answers = {key: document[key] for key in ("framework", "administration", "cycle", "answers")}
    if document.get("domains") is not None:
        answers["domains"] = document["domains"]
    framework, assessment = parse_answers(
        Document({"schema": ANSWERS_SCHEMA, **answers}, {}, "snapshot")
    )
    return evaluate(framework, assessment)

"""Sign-off: a validator locks an assessment; editing again means making a new version of it.

A signed assessment is read-only (every change is refused with a
:class:`~gcat.errors.ConflictError`, 409 in the app), carries the hash of its content
(:func:`gcat.core.signoff.content_hash`), who signed and when. :func:`new_version` makes an
editable copy, the next edition of the same cycle, linked to the signed one.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from gcat.core.records import SignOff
from gcat.core.signoff import content_hash
from gcat.core.text import clean_text
from gcat.errors import ConflictError
from gcat.limits import MAX_TEXT
from gcat.policy.access import Actor, Right, require
from gcat.services import audit
from gcat.services.assessments import LoadedAssessment, in_scope_count, invalid, load_in, now
from gcat.storage import repository as repo
from gcat.storage import team_repository as team_repo
from gcat.storage.db import write_transaction

__all__ = [
    "REVISION_REASON",
    "SignOffStatus",
    "new_version",
    "sign_off",
    "signoff_status",
    "stored_hash",
]

REVISION_REASON = "@revision"
"""History reason of the answers copied into a new version of a signed assessment."""


def stored_hash(conn: sa.Connection, loaded: LoadedAssessment) -> str:
    """The content hash of a stored assessment, as it is now."""
    files = repo.evidence_files_of(conn, assessment_id=loaded.stored.id)
    tracking = repo.load_tracking(conn, assessment_id=loaded.stored.id)
    return content_hash(
        loaded.evaluate(),
        [(f.indicator_id, f.filename, f.sha256) for f in files],
        {key: (t.owner, t.due, t.status) for key, t in tracking.items()},
    )


def sign_off(actor: Actor, engine: sa.Engine, assessment_id: int, *, note: str = "") -> SignOff:
    """Lock ``assessment_id`` with the hash of its content, the actor's name and the time."""
    require(actor, Right.VALIDATE)
    note = clean_text(note)
    if len(note) > MAX_TEXT:
        raise invalid("note", "check.text_too_long", limit=MAX_TEXT)
    with write_transaction(engine) as conn:
        loaded = load_in(actor, conn, assessment_id)
        if loaded.stored.signoff is not None:
            raise ConflictError(
                "signoff.already_signed",
                by=loaded.stored.signoff.signed_by,
                date=loaded.stored.signoff.signed_at.date().isoformat(),
            )
        when = now()
        digest = stored_hash(conn, loaded)
        team_repo.save_signoff(
            conn,
            assessment=loaded.stored,
            signed_by=actor.name,
            content_hash=digest,
            note=note,
            now=when,
        )
        audit.record(
            conn,
            actor,
            "signed_off",
            target=f"assessment {assessment_id}",
            detail={"content_hash": digest},
            administration_id=loaded.stored.administration_id,
            now=when,
        )
    return SignOff(actor.name, when, digest, note)


@dataclass(frozen=True, slots=True)
class SignOffStatus:
    """A signed assessment's sign-off, whether its content still has the signed hash, and the
    versions made from it."""

    signoff: SignOff
    intact: bool
    versions: tuple[int, ...]


def signoff_status(actor: Actor, engine: sa.Engine, assessment_id: int) -> SignOffStatus | None:
    """The sign-off of ``assessment_id`` checked against its content, or None when unsigned."""
    require(actor, Right.READ)
    with engine.connect() as conn:
        loaded = load_in(actor, conn, assessment_id)
        if loaded.stored.signoff is None:
            return None
        intact = stored_hash(conn, loaded) == loaded.stored.signoff.content_hash
        versions = tuple(
            new_id
            for new_id, kind in team_repo.derived_from(conn, source_id=assessment_id)
            if kind == "revision"
        )
    return SignOffStatus(loaded.stored.signoff, intact, versions)


def new_version(actor: Actor, engine: sa.Engine, assessment_id: int) -> int:
    """An editable copy of the signed ``assessment_id``: the next edition of its cycle, with its
    answers, evidence files and plan tracking, linked to it. Refused when it is not signed
    (an unsigned assessment is edited as it is)."""
    require(actor, Right.EDIT)
    with write_transaction(engine) as conn:
        loaded = load_in(actor, conn, assessment_id)
        stored = loaded.stored
        if stored.signoff is None:
            raise ConflictError("signoff.not_signed", id=assessment_id)
        when = now()
        edition = repo.next_edition(
            conn, administration_id=stored.administration_id, cycle=stored.cycle
        )
        new_id = repo.create_assessment(
            conn,
            administration=stored.administration,
            cycle=stored.cycle,
            framework_id=stored.framework_id,
            framework_version=stored.framework_version,
            domains=list(stored.domains) if stored.domains is not None else None,
            assessors=stored.assessors,
            previous_id=stored.previous_id,
            indicators=in_scope_count(loaded.framework, stored.domains),
            now=when,
            edition=edition,
        )
        target = repo.get_assessment(conn, assessment_id=new_id)
        reason = f"{REVISION_REASON} {stored.edition}"
        for indicator_id, item in loaded.answers.items():
            repo.save_answer(
                conn,
                assessment=target,
                indicator_id=indicator_id,
                answer=item.answer,
                evidence_note=item.evidence_note,
                expected_version=0,
                who=actor.name,
                change_reason=reason,
                now=when,
            )
        for file in repo.evidence_files_of(conn, assessment_id=assessment_id):
            team_repo.copy_evidence_file(
                conn, file_id=file.id, to=target, indicator_id=file.indicator_id
            )
        same = {key: [key] for key in loaded.framework.indicators}
        team_repo.copy_tracking(conn, source_id=assessment_id, to=target, indicators=same)
        team_repo.save_origin(
            conn,
            assessment=target,
            kind="revision",
            source_id=assessment_id,
            source_label=f"{stored.cycle} · {stored.framework_id} {stored.framework_version}",
            details={
                "edition": stored.edition,
                "signed_by": stored.signoff.signed_by,
                "signed_at": stored.signoff.signed_at.isoformat(),
                "content_hash": stored.signoff.content_hash,
            },
            who=actor.name,
            now=when,
        )
    return new_id

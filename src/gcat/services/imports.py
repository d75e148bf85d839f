"""Filled-in files coming back into the app: a new assessment, or changes to an existing one.

A workbook, a ``.gcat.json`` exchange file or an ODK/Kobo CSV export goes through
:func:`begin_import`:

- for a cycle the administration has no assessment of, it is stored as a new assessment;
- for a cycle that exists, the file waits (``pending_imports``) and the officer sees every
  change it would make (:class:`ImportPreview`: indicator, field, before, after), gives a
  reason where the level of a pre-filled answer changes, and confirms
  (:func:`apply_import`), or imports it as a copy under another cycle
  (:func:`import_as_copy`), or drops it (:func:`discard_import`);
- a CSV export with several submissions first waits for the officer to choose one
  (:class:`SubmissionChoice`, :func:`choose_submission`).

Issue 13 (several assessors, branch ``team``) adds the other way to use several submissions:
record each as one assessor's scores. It plugs in beside :func:`choose_submission`, on the
same waiting file and the same list of submissions.

An indicator the file leaves empty is left as it is: a file never clears an answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta

import sqlalchemy as sa

from gcat.core.assessment import Answer, Assessment
from gcat.core.history import FieldChange, answer_value, field_changes
from gcat.core.model import Framework
from gcat.core.records import StoredAnswer, StoredAssessment
from gcat.core.text import clean_text
from gcat.errors import ConflictError, InputError, NotFoundError, Problem
from gcat.exchange.odk_import import Submission, list_submissions
from gcat.limits import MAX_TEXT
from gcat.policy.access import Actor, Right, require, require_visible
from gcat.services.assessments import import_assessment, load_in, now, refuse_locked
from gcat.services.exchange import import_file
from gcat.storage import imports_repository as pending_repo
from gcat.storage import repository as repo
from gcat.storage.db import write_transaction

__all__ = [
    "IMPORT_REASON",
    "AnswerUpdate",
    "ImportPreview",
    "Imported",
    "SubmissionChoice",
    "apply_import",
    "begin_import",
    "choose_submission",
    "discard_import",
    "import_as_copy",
    "import_preview",
]

IMPORT_REASON = "@import"
"""History reason of an answer changed by a file: ``@import <file name>``, then the officer's
reason on the next line when one was needed (shown translated)."""
KEPT_FOR = timedelta(days=1)
"""How long a file waits for the officer before it is forgotten."""


@dataclass(frozen=True, slots=True)
class AnswerUpdate:
    """What a file changes in one answer."""

    indicator_id: str
    changes: tuple[FieldChange, ...]
    needs_reason: bool
    """The level of a pre-filled answer changes: the officer must say why."""
    version: int
    """The stored answer's version the change is based on (0: no answer yet)."""
    answer: Answer
    evidence_note: str


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """The changes a waiting file would make to an existing assessment."""

    pending_id: int
    filename: str
    target: StoredAssessment
    framework: Framework
    updates: tuple[AnswerUpdate, ...]
    outside: tuple[str, ...]
    """Indicators the file answers that the assessment does not cover (not imported)."""
    cycle: str


@dataclass(frozen=True, slots=True)
class SubmissionChoice:
    """A CSV export holding several submissions, waiting for the officer to choose one."""

    pending_id: int
    filename: str
    submissions: tuple[Submission, ...]


@dataclass(frozen=True, slots=True)
class Imported:
    """A file stored as an assessment of its own."""

    assessment_id: int


def _visible_pending(
    actor: Actor, conn: sa.Connection, pending_id: int
) -> pending_repo.PendingImport:
    pending = pending_repo.get_pending(conn, pending_id=pending_id)
    if pending.administration_id is not None:
        require_visible(actor, pending.administration_id, "import.not_found", id=pending_id)
    elif actor.administration_id is not None:
        raise NotFoundError("import.not_found", id=pending_id)
    return pending


def _updates(
    loaded_answers: Mapping[str, StoredAnswer],
    target: StoredAssessment,
    framework: Framework,
    assessment: Assessment,
    file_names: Mapping[str, set[str]],
) -> tuple[list[AnswerUpdate], list[str]]:
    updates: list[AnswerUpdate] = []
    outside: list[str] = []
    for indicator in framework.indicators.values():
        new = assessment.answers.get(indicator.id)
        if new is None:
            continue
        if target.domains is not None and indicator.domain_id not in target.domains:
            outside.append(indicator.id)
            continue
        stored = loaded_answers.get(indicator.id)
        # a workbook lists the evidence files by name: they are attached already, not notes
        notes = [n for n in new.evidence if n not in file_names.get(indicator.id, set())]
        note = "\n".join(notes)
        answer = replace(new, evidence=(), to_review=False)
        old_value = answer_value(stored.answer, stored.evidence_note) if stored else None
        changes = field_changes(old_value, answer_value(answer, note))
        if not [c for c in changes if c.field != "to_review"]:
            continue
        level_changed = stored is not None and (
            stored.answer.level != answer.level
            or stored.answer.not_applicable != answer.not_applicable
        )
        updates.append(
            AnswerUpdate(
                indicator_id=indicator.id,
                changes=changes,
                needs_reason=target.previous_id is not None and level_changed,
                version=stored.version if stored else 0,
                answer=answer,
                evidence_note=note,
            )
        )
    return updates, outside


def _preview(
    actor: Actor, conn: sa.Connection, pending: pending_repo.PendingImport
) -> ImportPreview:
    assert pending.assessment_id is not None
    framework, assessment = import_file(
        pending.data, pending.filename, submission=pending.submission
    )
    loaded = load_in(actor, conn, pending.assessment_id)
    if (framework.id, framework.version) != (loaded.framework.id, loaded.framework.version):
        raise InputError(
            [
                Problem(
                    "import.other_version",
                    {"file": framework.version, "assessment": loaded.framework.version},
                    source=pending.filename,
                )
            ]
        )
    file_names: dict[str, set[str]] = {}
    for item in repo.evidence_files_of(conn, assessment_id=loaded.stored.id):
        file_names.setdefault(item.indicator_id, set()).add(item.filename)
    updates, outside = _updates(loaded.answers, loaded.stored, framework, assessment, file_names)
    return ImportPreview(
        pending_id=pending.id,
        filename=pending.filename,
        target=loaded.stored,
        framework=framework,
        updates=tuple(updates),
        outside=tuple(outside),
        cycle=assessment.cycle,
    )


def _place(
    actor: Actor,
    conn: sa.Connection,
    assessment: Assessment,
    file: tuple[bytes, str, str | None],
    pending_id: int | None = None,
) -> ImportPreview | None:
    """A file read as ``assessment``: when its administration has an assessment of that cycle,
    the file waits (as ``pending_id``, or a new waiting file) and the preview of its changes is
    returned; else None (it is a new assessment)."""
    existing = pending_repo.find_assessment(
        conn,
        administration=assessment.administration,
        cycle=assessment.cycle,
        administration_id=actor.administration_id,
    )
    if existing is None:
        return None
    target = load_in(actor, conn, existing).stored
    data, name, submission = file
    if pending_id is None:
        pending_id = pending_repo.add_pending(
            conn,
            administration_id=target.administration_id,
            assessment_id=target.id,
            filename=name,
            data=data,
            submission=submission,
            who=actor.name,
            now=now(),
        )
    else:
        pending_repo.update_pending(
            conn,
            pending_id=pending_id,
            administration_id=target.administration_id,
            assessment_id=target.id,
            submission=submission,
        )
    return _preview(actor, conn, pending_repo.get_pending(conn, pending_id=pending_id))


def begin_import(
    actor: Actor, engine: sa.Engine, data: bytes, name: str, *, submission: str | None = None
) -> Imported | ImportPreview | SubmissionChoice:
    """Read a filled-in file: store it as a new assessment, or keep it for the officer to
    choose a submission or to confirm the changes it makes to an existing assessment.

    Blocking work (parsing, checking, writing): the app runs it in a worker thread.
    """
    require(actor, Right.EDIT)
    name = name[-200:] or "upload"
    if name.lower().endswith(".csv") and submission is None:
        submissions = list_submissions(data, name)
        if len(submissions) > 1:
            with write_transaction(engine) as conn:
                pending_repo.purge_pending(conn, before=now() - KEPT_FOR)
                pending_id = pending_repo.add_pending(
                    conn,
                    administration_id=actor.administration_id,
                    assessment_id=None,
                    filename=name,
                    data=data,
                    submission=None,
                    who=actor.name,
                    now=now(),
                )
            return SubmissionChoice(pending_id, name, tuple(submissions))
    _, assessment = import_file(data, name, submission=submission)
    with write_transaction(engine) as conn:
        pending_repo.purge_pending(conn, before=now() - KEPT_FOR)
        placed = _place(actor, conn, assessment, (data, name, submission))
    if placed is not None:
        return placed
    return Imported(import_assessment(actor, engine, assessment))


def choose_submission(
    actor: Actor, engine: sa.Engine, pending_id: int, submission: str
) -> Imported | ImportPreview:
    """Go on with the submission the officer chose in a waiting CSV export."""
    require(actor, Right.EDIT)
    with write_transaction(engine) as conn:
        pending = _visible_pending(actor, conn, pending_id)
        _, assessment = import_file(pending.data, pending.filename, submission=submission)
        file = (pending.data, pending.filename, submission)
        placed = _place(actor, conn, assessment, file, pending_id)
        if placed is not None:
            return placed
        pending_repo.delete_pending(conn, pending_id=pending_id)
    return Imported(import_assessment(actor, engine, assessment))


def import_preview(
    actor: Actor, engine: sa.Engine, pending_id: int
) -> ImportPreview | SubmissionChoice:
    """What a waiting file is waiting for: the choice of a submission, or the confirmation of
    its changes."""
    require(actor, Right.READ)
    with engine.connect() as conn:
        pending = _visible_pending(actor, conn, pending_id)
        if pending.assessment_id is None:
            return SubmissionChoice(
                pending.id,
                pending.filename,
                tuple(list_submissions(pending.data, pending.filename)),
            )
        return _preview(actor, conn, pending)


def apply_import(
    actor: Actor,
    engine: sa.Engine,
    pending_id: int,
    *,
    versions: Mapping[str, int],
    reasons: Mapping[str, str],
) -> int:
    """Make the changes of a waiting file to its assessment, in one transaction; the
    assessment's id.

    A signed-off assessment is refused (ConflictError ``assessment.locked``): the file can
    still be imported as a copy. ``versions`` are the answer versions the officer saw in the
    preview: when an answer has
    changed since, nothing is written (ConflictError) and the officer looks again. A level
    change in a pre-filled assessment needs its reason in ``reasons`` (InputError naming
    ``reason.<indicator>``).
    """
    require(actor, Right.EDIT)
    with write_transaction(engine) as conn:
        pending = _visible_pending(actor, conn, pending_id)
        if pending.assessment_id is None:
            raise NotFoundError("import.not_found", id=pending_id)
        preview = _preview(actor, conn, pending)
        refuse_locked(preview.target)  # a signed assessment changes only through a new version
        seen = {u.indicator_id: u.version for u in preview.updates}
        if dict(versions) != seen:
            raise ConflictError("import.changed_since")
        problems = []
        for update in preview.updates:
            reason = clean_text(reasons.get(update.indicator_id, ""))
            if len(reason) > MAX_TEXT:
                problems.append(
                    Problem(
                        "check.text_too_long",
                        {"limit": MAX_TEXT},
                        field=f"reason.{update.indicator_id}",
                    )
                )
            elif update.needs_reason and not reason:
                problems.append(
                    Problem(
                        "answers.change_needs_reason", {}, field=f"reason.{update.indicator_id}"
                    )
                )
        if problems:
            raise InputError(problems)
        when = now()
        for update in preview.updates:
            reason = clean_text(reasons.get(update.indicator_id, ""))
            repo.save_answer(
                conn,
                assessment=preview.target,
                indicator_id=update.indicator_id,
                answer=update.answer,
                evidence_note=update.evidence_note,
                expected_version=update.version,
                who=actor.name,
                change_reason="\n".join(
                    part for part in (f"{IMPORT_REASON} {pending.filename}", reason) if part
                ),
                now=when,
            )
        pending_repo.delete_pending(conn, pending_id=pending_id)
    return preview.target.id


def import_as_copy(actor: Actor, engine: sa.Engine, pending_id: int, *, cycle: str) -> int:
    """Store a waiting file as a new assessment under another cycle name; its id."""
    require(actor, Right.EDIT)
    with engine.connect() as conn:
        pending = _visible_pending(actor, conn, pending_id)
    _, assessment = import_file(pending.data, pending.filename, submission=pending.submission)
    new_id = import_assessment(actor, engine, replace(assessment, cycle=cycle))
    with write_transaction(engine) as conn:
        pending_repo.delete_pending(conn, pending_id=pending_id)
    return new_id


def discard_import(actor: Actor, engine: sa.Engine, pending_id: int) -> None:
    """Forget a waiting file."""
    require(actor, Right.EDIT)
    with write_transaction(engine) as conn:
        _visible_pending(actor, conn, pending_id)
        pending_repo.delete_pending(conn, pending_id=pending_id)

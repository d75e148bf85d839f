"""Use-cases on stored assessments: create, load, list, import, delete; the previous cycle."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import sqlalchemy as sa

from gcat.answer_rules import check_answer
from gcat.core.assessment import Answer, Assessment
from gcat.core.evaluation import Evaluation, evaluate
from gcat.core.model import Framework
from gcat.core.records import Origin, StoredAnswer, StoredAssessment
from gcat.core.text import clean_line, clean_text
from gcat.errors import ConflictError, ForbiddenError, InputError, Problem
from gcat.frameworks import load_framework
from gcat.limits import MAX_CYCLE, MAX_NAME, MAX_TEXT
from gcat.policy.access import Actor, Right, Role, can, require, require_visible
from gcat.storage import repository as repo
from gcat.storage.db import write_transaction

__all__ = [
    "PREFILL_REASON",
    "AssessmentSummary",
    "LoadedAssessment",
    "create_assessment",
    "delete_assessment",
    "editable_header",
    "import_assessment",
    "list_summaries",
    "load",
    "origin_of",
    "previous_evaluation",
    "refuse_locked",
    "target_administration",
]

PREFILL_REASON = "@prefill"
"""History reason of answers copied from the previous cycle (shown translated)."""


def now() -> datetime:
    """The current time in UTC (the one clock of the services)."""
    return datetime.now(UTC)


def invalid(field: str, code: str, **params: object) -> InputError:
    """An :class:`InputError` about one field of a request."""
    return InputError([Problem(code, dict(params), field=field)])


@dataclass(frozen=True, slots=True)
class LoadedAssessment:
    """A stored assessment with its framework, answers and the core assessment built from them."""

    stored: StoredAssessment
    framework: Framework
    answers: dict[str, StoredAnswer]
    assessment: Assessment

    def evaluate(self) -> Evaluation:
        """Score and plan it."""
        return evaluate(self.framework, self.assessment)


@dataclass(frozen=True, slots=True)
class AssessmentSummary:
    """A line of the home page."""

    stored: StoredAssessment
    completeness: float


def visible_header(actor: Actor, conn: sa.Connection, assessment_id: int) -> StoredAssessment:
    """The header of an assessment the actor may see (NotFoundError otherwise)."""
    stored = repo.get_assessment(conn, assessment_id=assessment_id)
    require_visible(actor, stored.administration_id, "assessment.not_found", id=assessment_id)
    return stored


def refuse_locked(stored: StoredAssessment) -> None:
    """Raise :class:`ConflictError` (409 in the app) when ``stored`` is signed off: a signed
    assessment is read-only, and editing it again means making a new version of it."""
    if stored.signoff is not None:
        raise ConflictError(
            "assessment.locked",
            id=stored.id,
            by=stored.signoff.signed_by,
            date=stored.signoff.signed_at.date().isoformat(),
        )


def editable_header(actor: Actor, conn: sa.Connection, assessment_id: int) -> StoredAssessment:
    """The header of an assessment the actor may see and that is not signed off."""
    stored = visible_header(actor, conn, assessment_id)
    refuse_locked(stored)
    return stored


def target_administration(actor: Actor, name: str) -> str | int:
    """Where a new assessment goes: the administration named (local user), or the actor's own
    whatever the name says (a member's user never creates data elsewhere)."""
    if actor.administration_id is not None:
        return actor.administration_id
    if not can(actor, Right.EDIT) or actor.role is not Role.LOCAL:
        raise ForbiddenError("access.forbidden", right=Right.EDIT.value)
    return name


def load_in(actor: Actor, conn: sa.Connection, assessment_id: int) -> LoadedAssessment:
    """:func:`load` on a connection the caller owns."""
    stored = visible_header(actor, conn, assessment_id)
    framework = load_framework(stored.framework_id, stored.framework_version)
    answers = repo.load_answers(conn, assessment_id=assessment_id)
    assessment = Assessment(
        framework_id=stored.framework_id,
        framework_version=stored.framework_version,
        administration=stored.administration,
        cycle=stored.cycle,
        answers={key: item.answer for key, item in answers.items()},
        domains=stored.domains,
    )
    return LoadedAssessment(stored, framework, answers, assessment)


def load(actor: Actor, engine: sa.Engine, assessment_id: int) -> LoadedAssessment:
    """A stored assessment, ready to show or evaluate (NotFoundError when absent or hidden)."""
    require(actor, Right.READ)
    with engine.connect() as conn:
        return load_in(actor, conn, assessment_id)


def _scope(actor: Actor) -> int | None:
    return None if actor.administration_id is None else actor.administration_id


def list_summaries(actor: Actor, engine: sa.Engine) -> list[AssessmentSummary]:
    """Every assessment the actor may see with its completeness, most recently changed first."""
    require(actor, Right.READ)
    with engine.connect() as conn:
        return [
            AssessmentSummary(item, item.completeness)
            for item in repo.list_assessments(conn, administration_id=_scope(actor))
        ]


def clean_name(value: str, field: str, limit: int = MAX_NAME) -> str:
    """A name cleaned (controls removed, spaces collapsed); refused when empty or too long."""
    value = clean_line(value)
    if not value:
        raise invalid(field, "check.empty_text")
    if len(value) > limit:
        raise invalid(field, "check.text_too_long", limit=limit)
    return value


def in_scope_count(framework: Framework, domains: Sequence[str] | None) -> int:
    """How many indicators of ``framework`` the ``domains`` hold (all when None)."""
    return sum(
        len(domain.indicators)
        for domain in framework.domains
        if domains is None or domain.id in domains
    )


def create_assessment(
    actor: Actor,
    engine: sa.Engine,
    *,
    administration: str,
    cycle: str,
    domains: Sequence[str] | None = None,
    assessors: str = "",
    previous_id: int | None = None,
    framework: Framework | None = None,
) -> int:
    """Create an assessment, optionally pre-filled with the answers of a previous one.

    Pre-filled answers are "to review" until an officer confirms or changes them: they do not
    count in completeness before that."""
    require(actor, Right.EDIT)
    framework = framework or load_framework()
    if actor.administration_id is None:
        administration = clean_name(administration, "administration")
    target = target_administration(actor, administration)
    cycle = clean_name(cycle, "cycle", MAX_CYCLE)
    if domains is not None:
        unknown = [(n, d) for n, d in enumerate(domains) if not framework.has_domain(d)]
        if unknown:
            index, value = unknown[0]
            raise invalid(f"domains.{index}", "check.unknown_domain", value=value[:60])
        if not domains:
            raise invalid("domains", "answers.no_domains")
    assessors = clean_text(assessors)
    if len(assessors) > MAX_TEXT:
        raise invalid("assessors", "check.text_too_long", limit=MAX_TEXT)
    when = now()
    with write_transaction(engine) as conn:
        previous = load_in(actor, conn, previous_id) if previous_id is not None else None
        if previous is not None and previous.framework.key != framework.key:
            raise invalid(
                "previous_id",
                "assessment.prefill_other_version",
                cycle=previous.stored.cycle,
                version=previous.stored.framework_version,
                wanted=framework.version,
            )
        new_id = repo.create_assessment(
            conn,
            administration=target,
            cycle=cycle,
            framework_id=framework.id,
            framework_version=framework.version,
            domains=list(domains) if domains is not None else None,
            assessors=assessors,
            previous_id=previous_id,
            indicators=in_scope_count(framework, domains),
            now=when,
        )
        if previous is not None:
            stored = repo.get_assessment(conn, assessment_id=new_id)
            for indicator_id, item in previous.answers.items():
                if (
                    stored.domains is None
                    or framework.indicator(indicator_id).domain_id in stored.domains
                ):
                    repo.save_answer(
                        conn,
                        assessment=stored,
                        indicator_id=indicator_id,
                        answer=replace(item.answer, to_review=True),
                        evidence_note=item.evidence_note,
                        expected_version=0,
                        who=actor.name,
                        change_reason=f"{PREFILL_REASON} {previous.stored.cycle}",
                        now=when,
                    )
    return new_id


def import_assessment(actor: Actor, engine: sa.Engine, assessment: Assessment) -> int:
    """Store an assessment read from a file, header and answers in one transaction."""
    require(actor, Right.EDIT)
    framework = load_framework(assessment.framework_id, assessment.framework_version)
    administration = clean_name(assessment.administration, "administration")
    target = target_administration(actor, administration)
    cycle = clean_name(assessment.cycle, "cycle", MAX_CYCLE)
    checked = _checked_answers(framework, assessment)
    when = now()
    with write_transaction(engine) as conn:
        new_id = repo.create_assessment(
            conn,
            administration=target,
            cycle=cycle,
            framework_id=framework.id,
            framework_version=framework.version,
            domains=list(assessment.domains) if assessment.domains is not None else None,
            assessors="",
            previous_id=None,
            indicators=in_scope_count(framework, assessment.domains),
            now=when,
        )
        stored = repo.get_assessment(conn, assessment_id=new_id)
        for indicator_id, answer in checked.items():
            repo.save_answer(
                conn,
                assessment=stored,
                indicator_id=indicator_id,
                answer=answer,
                evidence_note="\n".join(answer.evidence),
                expected_version=0,
                who=actor.name,
                change_reason="",
                now=when,
            )
    return new_id


def _checked_answers(framework: Framework, assessment: Assessment) -> dict[str, Answer]:
    """Every answer of ``assessment`` through the one answer validator (InputError on the
    first problem, naming the indicator and its field)."""
    checked: dict[str, Answer] = {}
    for indicator_id, answer in assessment.answers.items():
        outcome = check_answer(
            framework,
            indicator_id,
            domains=assessment.domains,
            level=answer.level,
            not_applicable=answer.not_applicable,
            reason=answer.reason,
            target=answer.target,
            comment=answer.comment,
            evidence=answer.evidence,
            flagged=answer.flagged,
        )
        if outcome.errors:
            first = outcome.errors[0]
            field = ".".join(str(part) for part in ("answers", indicator_id, *first.field))
            raise invalid(field, first.code, **first.params)
        assert outcome.answer is not None
        checked[indicator_id] = outcome.answer
    return checked


def delete_assessment(actor: Actor, engine: sa.Engine, assessment_id: int) -> None:
    """Delete an assessment and all that belongs to it."""
    require(actor, Right.EDIT)
    with write_transaction(engine) as conn:
        editable_header(actor, conn, assessment_id)
        repo.delete_assessment(conn, assessment_id=assessment_id)


def previous_evaluation(
    actor: Actor, engine: sa.Engine, loaded: LoadedAssessment
) -> Evaluation | None:
    """The previous cycle: the one this was pre-filled from, else the latest earlier cycle.

    It may be under another framework version: :func:`gcat.services.upgrade.comparable_previous`
    makes it comparable through the map.
    """
    stored = loaded.stored
    previous_id = stored.previous_id
    with engine.connect() as conn:
        if previous_id is None:
            earlier = [
                item
                for item in repo.list_assessments(conn, administration_id=stored.administration_id)
                if item.cycle < stored.cycle
            ]
            if not earlier:
                return None
            # the latest earlier cycle; of its editions, one under the same version, the latest
            previous_id = max(
                earlier,
                key=lambda item: (
                    item.cycle,
                    item.framework_version == stored.framework_version,
                    item.edition,
                ),
            ).id
        return load_in(actor, conn, previous_id).evaluate()


def origin_of(actor: Actor, engine: sa.Engine, assessment_id: int) -> Origin | None:
    """Where the assessment came from (an upgrade or a new version), or None."""
    from gcat.storage import team_repository

    require(actor, Right.READ)
    with engine.connect() as conn:
        visible_header(actor, conn, assessment_id)
        return team_repository.load_origin(conn, assessment_id=assessment_id)

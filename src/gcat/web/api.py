"""The JSON API. Routes parse, call one service and shape the answer."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, File, Path, Query, Request, UploadFile
from fastapi.responses import Response

from gcat.answer_rules import Issue
from gcat.core.evaluation import next_step
from gcat.core.history import HistoryFilter
from gcat.core.records import HistoryEntry, StoredAnswer
from gcat.errors import InputError, NotFoundError, Problem, UnknownFrameworkError
from gcat.frameworks import available_frameworks, load_framework
from gcat.i18n import message
from gcat.limits import MAX_ID, MAX_NAME, MAX_UPLOAD_BYTES, MB
from gcat.policy.access import Actor
from gcat.services import answers, assessments, evidence, tracking
from gcat.shapes import framework_to_json
from gcat.web import deps
from gcat.web.errors import ERROR_RESPONSES
from gcat.web.rendering import remember_name
from gcat.web.schemas import (
    AnswerPublic,
    AnswerUpdate,
    AssessmentCreate,
    AssessmentPublic,
    DomainResult,
    ErrorPublic,
    FieldChangePublic,
    FrameworkSummary,
    HistoryPublic,
    NamePublic,
    PlanItemPublic,
    ResultsPublic,
    Status,
    TrackingUpdate,
)

__all__ = ["router"]

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)
"""Writes are ``async``: they run on the event loop, one after the other, which on SQLite (one
writer at a time) is faster than handing them to worker threads that then queue for the lock.
Each write is a short local transaction (about a millisecond for an answer). Reads are plain
functions that FastAPI runs in its thread pool."""

Engine = Annotated[sa.Engine, Depends(deps.engine)]
Lang = Annotated[str, Depends(deps.language)]
Who = Annotated[Actor, Depends(deps.actor)]
AssessmentId = Annotated[int, Path(ge=1, le=MAX_ID)]
IndicatorId = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$", max_length=40)]
"""Which indicator ids exist is the loaded framework's business (modules add indicators)."""


def _answer_public(
    item: StoredAnswer, warnings: tuple[Issue, ...] = (), lang: str = "en"
) -> AnswerPublic:
    answer = item.answer
    return AnswerPublic(
        indicator_id=item.indicator_id,
        level=answer.level,
        not_applicable=answer.not_applicable,
        reason=answer.reason,
        target=answer.target,
        comment=answer.comment,
        evidence_note=item.evidence_note,
        flagged=answer.flagged,
        to_review=answer.to_review,
        version=item.version,
        updated_at=item.updated_at,
        updated_by=item.updated_by,
        warnings=[
            ErrorPublic(
                code=w.code, message=message(w.code, lang, **w.params), field=str(w.field[0])
            )
            for w in warnings
        ],
    )


@router.get("/frameworks")
def list_frameworks() -> list[FrameworkSummary]:
    """The installed frameworks."""
    out = []
    for framework_id, version in available_frameworks():
        framework = load_framework(framework_id, version)
        out.append(
            FrameworkSummary(
                id=framework.id,
                version=framework.version,
                title=dict(framework.title),
                domains=[d.id for d in framework.domains],
                indicators=len(framework.indicators),
            )
        )
    return out


def _assessment_public(actor: Actor, engine: sa.Engine, assessment_id: int) -> AssessmentPublic:
    loaded = assessments.load(actor, engine, assessment_id)
    stored = loaded.stored
    return AssessmentPublic(
        id=stored.id,
        administration=stored.administration,
        cycle=stored.cycle,
        framework={"id": stored.framework_id, "version": stored.framework_version},
        domains=[d.id for d in loaded.assessment.domains_in_scope(loaded.framework)],
        assessors=stored.assessors,
        previous_id=stored.previous_id,
        completeness=stored.completeness,
        updated_at=stored.updated_at,
        answers=[_answer_public(item) for item in loaded.answers.values()],
    )


@router.post("/assessments", status_code=201)
async def create_assessment(body: AssessmentCreate, engine: Engine, actor: Who) -> AssessmentPublic:
    """Create an assessment (``previous_id`` pre-fills it from an earlier cycle)."""
    new_id = assessments.create_assessment(
        actor,
        engine,
        administration=body.administration,
        cycle=body.cycle,
        domains=body.domains,
        assessors=body.assessors,
        previous_id=body.previous_id,
    )
    return _assessment_public(actor, engine, new_id)


@router.get("/frameworks/{framework_id}/{version}")
def get_framework(
    framework_id: Annotated[str, Path(max_length=40, pattern=r"^[a-z0-9_-]{1,40}$")],
    version: Annotated[str, Path(max_length=40, pattern=r"^[0-9A-Za-z._-]{1,40}$")],
) -> dict[str, Any]:
    """A framework in every language, as ``gcat framework show --json`` prints it: domains,
    indicators with their level descriptors, references, scoring."""
    try:
        framework = load_framework(framework_id, version)
    except UnknownFrameworkError as exc:
        raise NotFoundError("framework.unknown", id=framework_id, version=version) from exc
    return framework_to_json(framework)


@router.put("/me")
async def put_me(body: NamePublic, response: Response, actor: Who) -> NamePublic:
    """Remember the officer's name for the history of changes (a cookie on this computer; in
    server mode, where the account's name is recorded instead, only a signed-in user may)."""
    name = remember_name(response, body.name)
    if not name:
        raise InputError([Problem("check.empty_text", {}, field="name")])
    return NamePublic(name=name)


@router.get("/assessments/{assessment_id:int}")
def get_assessment(assessment_id: AssessmentId, engine: Engine, actor: Who) -> AssessmentPublic:
    """An assessment with its answers."""
    return _assessment_public(actor, engine, assessment_id)


@router.put("/assessments/{assessment_id:int}/answers/{indicator_id}")
async def put_answer(
    assessment_id: AssessmentId,
    indicator_id: IndicatorId,
    body: AnswerUpdate,
    engine: Engine,
    actor: Who,
    lang: Lang,
) -> AnswerPublic:
    """Save one answer. 409 when ``version`` is stale: reload and try again."""
    change = answers.AnswerChange(
        level=body.level,
        not_applicable=body.not_applicable,
        reason=body.reason,
        target=body.target,
        comment=body.comment,
        evidence_note=body.evidence_note,
        flagged=body.flagged,
        version=body.version,
        change_reason=body.change_reason,
    )
    saved = answers.record_answer(actor, engine, assessment_id, indicator_id, change)
    return _answer_public(saved.stored, saved.warnings, lang)


@router.get("/assessments/{assessment_id:int}/results")
def get_results(
    assessment_id: AssessmentId, engine: Engine, lang: Lang, actor: Who
) -> ResultsPublic:
    """Scores per domain under both rules, overall, completeness and the plan."""
    loaded = assessments.load(actor, engine, assessment_id)
    evaluation = loaded.evaluate()
    result = evaluation.result
    tracked = tracking.plan_tracking(actor, engine, assessment_id)
    plan = []
    for item in evaluation.plan.items:
        track = tracked.get(item.indicator_id)
        plan.append(
            PlanItemPublic(
                indicator_id=item.indicator_id,
                domain_id=item.domain_id,
                current=item.current,
                target=item.target,
                next_step=next_step(loaded.framework, item, lang),
                priority=item.priority.value,
                horizon=item.horizon.value,
                owner=track.owner if track else "",
                due=track.due if track else None,
                status=Status(track.status if track else "not_started"),
            )
        )
    return ResultsPublic(
        primary_rule=result.primary_rule,
        domains=[
            DomainResult(
                id=d.domain_id,
                score=d.score,
                level=d.level,
                level_noncompensatory=d.level_noncompensatory,
                completeness=d.completeness,
            )
            for d in result.domains
        ],
        overall={
            "score": result.overall_score,
            "level": result.overall_level,
            "level_noncompensatory": result.overall_level_noncompensatory,
        },
        completeness=result.completeness,
        evidence_coverage=result.evidence_coverage,
        confidence_notes=list(result.confidence_notes),
        plan=plan,
    )


@router.put("/assessments/{assessment_id:int}/plan/{indicator_id}")
async def put_tracking(
    assessment_id: AssessmentId,
    indicator_id: IndicatorId,
    body: TrackingUpdate,
    engine: Engine,
    actor: Who,
) -> TrackingUpdate:
    """Set the owner, due date and status of a plan item."""
    saved = tracking.set_tracking(
        actor,
        engine,
        assessment_id,
        indicator_id,
        owner=body.owner,
        due=body.due,
        status=body.status.value,
    )
    return TrackingUpdate(owner=saved.owner, due=saved.due, status=Status(saved.status))


def _history_public(entry: HistoryEntry) -> HistoryPublic:
    return HistoryPublic(
        indicator_id=entry.indicator_id,
        changed_at=entry.changed_at,
        changed_by=entry.changed_by,
        old_value=entry.old_value,
        new_value=entry.new_value,
        change_reason=entry.change_reason,
        changes=[
            FieldChangePublic(field=c.field, before=c.before, after=c.after) for c in entry.changes
        ],
    )


@router.get("/assessments/{assessment_id:int}/history/{indicator_id}")
def get_history(
    assessment_id: AssessmentId, indicator_id: IndicatorId, engine: Engine, actor: Who
) -> list[HistoryPublic]:
    """The audit trail of one answer: who, when, old and new value, what changed, oldest
    first."""
    entries = answers.answer_history(actor, engine, assessment_id, indicator_id)
    return [_history_public(e) for e in entries]


@router.get("/assessments/{assessment_id:int}/history")
def get_assessment_history(
    assessment_id: AssessmentId,
    engine: Engine,
    actor: Who,
    indicator: Annotated[str | None, Query(max_length=40)] = None,
    person: Annotated[str | None, Query(max_length=MAX_NAME)] = None,
    start: Annotated[date | None, Query(description="First day (UTC), included.")] = None,
    end: Annotated[date | None, Query(description="Last day (UTC), included.")] = None,
) -> list[HistoryPublic]:
    """Every change of the assessment's answers, newest first (at most 2000), filtered by
    indicator, person and dates."""
    wanted = HistoryFilter(indicator or None, person or None, start, end)
    found = answers.assessment_history(actor, engine, assessment_id, wanted)
    return [_history_public(e) for e in found.entries]


@router.delete("/assessments/{assessment_id:int}", status_code=204)
async def delete_assessment(assessment_id: AssessmentId, engine: Engine, actor: Who) -> None:
    """Delete an assessment with its answers, history, files and plan tracking."""
    assessments.delete_assessment(actor, engine, assessment_id)


@router.post("/assessments/{assessment_id:int}/answers/{indicator_id}/files", status_code=201)
async def upload_file(
    assessment_id: AssessmentId,
    indicator_id: IndicatorId,
    file: Annotated[UploadFile, File()],
    engine: Engine,
    actor: Who,
    request: Request,
) -> dict[str, str | int]:
    """Attach an evidence file (size limit and type allow-list; stored with its SHA-256)."""
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    saved = evidence.add_evidence(
        actor,
        engine,
        assessment_id,
        indicator_id,
        filename=file.filename or "",
        data=data,
        quota=deps.settings_of(request).evidence_quota_mb * MB,
    )
    return {"id": saved.id, "filename": saved.filename, "size": saved.size, "sha256": saved.sha256}


@router.get("/ping", include_in_schema=False)
async def ping() -> dict[str, str]:
    """A trivial endpoint: the framework's own ceiling in the load benchmark."""
    return {"status": "ok"}

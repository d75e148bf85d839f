"""Submissions and the Secretariat: submit a signed-off assessment, see and withdraw what was
submitted, the aggregate across Members (suppressed by the service), batch imports, the
benchmark pack, and, on a member's laptop, the pack's import for "where you stand"."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

import sqlalchemy as sa
from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload

from gcat.core.submissions import Submission
from gcat.limits import MAX_BATCH_FILES, MAX_CYCLE, MAX_DOCUMENT_BYTES, MAX_ID, MAX_IMPORT_BYTES
from gcat.policy.access import Actor, Right, require
from gcat.services import benchmark, secretariat, submissions
from gcat.services.secretariat import BatchFile, BatchReport
from gcat.web import deps
from gcat.web.errors import ERROR_RESPONSES
from gcat.web.rendering import render
from gcat.web.server_schemas import BatchReportPublic, SubmissionPublic

__all__ = ["pages", "router"]

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)
pages = APIRouter(include_in_schema=False)

Engine = Annotated[sa.Engine, Depends(deps.engine)]
Lang = Annotated[str, Depends(deps.language)]
Who = Annotated[Actor, Depends(deps.actor)]
AssessmentId = Annotated[int, Path(ge=1, le=MAX_ID)]
SubmissionId = Annotated[int, Path(ge=1, le=MAX_ID)]
Cycle = Annotated[str | None, Query(max_length=MAX_CYCLE)]


def _k(request: Request) -> int:
    return deps.settings_of(request).suppression_k


def _public(item: Submission) -> SubmissionPublic:
    return SubmissionPublic(
        id=item.id,
        administration=item.administration,
        member=item.member_code,
        cycle=item.cycle,
        framework={"id": item.framework_id, "version": item.framework_version},
        status=item.status.value,
        origin=item.origin,
        submitted_at=item.submitted_at,
        submitted_by=item.submitted_by,
        checksum=item.checksum,
    )


def _report_public(report: BatchReport, lang: str) -> BatchReportPublic:
    return BatchReportPublic(
        accepted=[
            {"file": name, "submission": sid, "administration": admin, "cycle": cycle}
            for name, sid, admin, cycle in report.accepted
        ],
        refused=[{"file": r.name, "reason": r.localized(lang)} for r in report.refused],
    )


# --- API --------------------------------------------------------------------------------------


@router.post("/assessments/{assessment_id:int}/submit", status_code=201)
def submit_assessment(assessment_id: AssessmentId, engine: Engine, actor: Who) -> SubmissionPublic:
    """Submit a signed-off assessment to the Secretariat (validator): an immutable snapshot."""
    return _public(submissions.submit(actor, engine, assessment_id))


@router.get("/submissions")
def get_submissions(engine: Engine, actor: Who) -> list[SubmissionPublic]:
    """Your administration's submissions (the Secretariat: every one not withdrawn)."""
    return [_public(item) for item in submissions.list_submissions(actor, engine)]


@router.get("/submissions/{submission_id:int}")
def get_submission(submission_id: SubmissionId, engine: Engine, actor: Who) -> SubmissionPublic:
    """One submission."""
    return _public(submissions.get_submission(actor, engine, submission_id))


@router.get("/submissions/{submission_id:int}/snapshot")
def get_snapshot(submission_id: SubmissionId, engine: Engine, actor: Who) -> dict[str, Any]:
    """What was submitted, exactly as sent (a ``.gcat.json`` exchange document)."""
    return submissions.snapshot(actor, engine, submission_id)


@router.post("/submissions/{submission_id:int}/withdraw")
async def withdraw_submission(
    submission_id: SubmissionId, engine: Engine, actor: Who
) -> SubmissionPublic:
    """Withdraw a submission in force (the member's validator)."""
    return _public(submissions.withdraw(actor, engine, submission_id))


@router.get("/secretariat/aggregate")
def get_aggregate(
    request: Request, engine: Engine, actor: Who, cycle: Cycle = None
) -> dict[str, Any]:
    """Figures across Members for a cycle (default: the latest), world and by region:
    ``{groups: [{region, members, domains: {id: {median, q1, q3, …}} | null, …}]}``. A group
    of fewer than k Members shows ``members: "<k"`` and ``domains: null``; one hidden so that
    a small group cannot be worked out shows ``members: ">=k"`` (Secretariat)."""
    return secretariat.aggregate(actor, engine, k=_k(request), cycle=cycle).to_json()


@router.get("/secretariat/trend")
def get_trend(request: Request, engine: Engine, actor: Who) -> list[dict[str, Any]]:
    """Per-domain medians of every cycle, world and by region, suppressed (Secretariat)."""
    return [
        secretariat.trend_json(item) for item in secretariat.trend(actor, engine, k=_k(request))
    ]


def _batch(actor: Actor, engine: sa.Engine, items: list[tuple[str, bytes]]) -> BatchReport:
    files = [BatchFile.from_bytes(name, data) for name, data in items]
    return secretariat.import_batch(actor, engine, files)


async def _read_files(request: Request) -> list[tuple[str, bytes]]:
    """The ``files`` of a multipart batch, up to one more than a batch may hold (so that an
    oversized batch gets the service's clear refusal, not the form parser's)."""
    async with request.form(max_files=MAX_BATCH_FILES + 1, max_fields=20) as form:
        files = [item for item in form.getlist("files") if isinstance(item, StarletteUpload)]
        return [(f.filename or "upload", await f.read(MAX_IMPORT_BYTES + 1)) for f in files]


_FILES_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}}
                    },
                }
            }
        },
    }
}


@router.post("/secretariat/import", openapi_extra=_FILES_BODY)
async def post_import(
    request: Request, engine: Engine, actor: Who, lang: Lang
) -> BatchReportPublic:
    """Import members' ``.gcat.json`` files (form field ``files``, repeated) as submissions
    (Secretariat): what was stored and what was refused, with the reason."""
    require(actor, Right.SECRETARIAT)
    report = await run_in_threadpool(_batch, actor, engine, await _read_files(request))
    return _report_public(report, lang)


def _download(data: bytes, media_type: str, name: str) -> Response:
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )


@router.get("/secretariat/pack")
def get_pack(request: Request, engine: Engine, actor: Who, cycle: Cycle = None) -> Response:
    """The benchmark pack of a cycle: the spreads of every group of at least k Members."""
    data = secretariat.benchmark_pack(actor, engine, k=_k(request), cycle=cycle)
    return _download(data, "application/json", "gcat-benchmark.json")


# --- pages ------------------------------------------------------------------------------------


def _secretariat_context(
    request: Request, engine: sa.Engine, actor: Actor, lang: str, cycle: str | None
) -> dict[str, Any]:
    from gcat.frameworks import load_framework

    k = _k(request)
    return {
        "aggregate": secretariat.aggregate(actor, engine, k=k, cycle=cycle),
        "trend": secretariat.trend(actor, engine, k=k),
        "regions": secretariat.region_names(engine, lang),
        "domains": {d.id: d.title[lang] for d in load_framework().domains},
        "items": submissions.list_submissions(actor, engine)[:50],
        "report": None,
    }


@pages.get("/secretariat", response_class=HTMLResponse)
def secretariat_page(
    request: Request, engine: Engine, lang: Lang, actor: Who, cycle: Cycle = None
) -> HTMLResponse:
    """The Secretariat's section: the aggregate, the trend, imports, the pack, submissions."""
    context = _secretariat_context(request, engine, actor, lang, cycle)
    return render(request, "secretariat.html", lang, **context)


@pages.post("/secretariat/import", response_class=HTMLResponse)
async def secretariat_import(
    request: Request, engine: Engine, lang: Lang, actor: Who
) -> HTMLResponse:
    """Import a batch from the form; the page shows what was stored and refused."""
    require(actor, Right.SECRETARIAT)
    report = await run_in_threadpool(_batch, actor, engine, await _read_files(request))
    context = await run_in_threadpool(_secretariat_context, request, engine, actor, lang, None)
    context["report"] = report
    return render(request, "secretariat.html", lang, **context)


@pages.get("/secretariat/download/{fmt}")
async def secretariat_download(
    request: Request,
    fmt: Annotated[str, Path(max_length=10)],
    engine: Engine,
    lang: Lang,
    actor: Who,
    cycle: Cycle = None,
) -> Response:
    """The aggregate with its trend as JSON, Excel or an HTML page."""
    data, media_type, suffix = await run_in_threadpool(
        secretariat.aggregate_document, actor, engine, fmt, lang=lang, k=_k(request), cycle=cycle
    )
    return _download(data, media_type, f"gcat-aggregate-{lang}{suffix}")


@pages.get("/secretariat/pack")
def secretariat_pack(request: Request, engine: Engine, actor: Who, cycle: Cycle = None) -> Response:
    """The benchmark pack, as a download."""
    data = secretariat.benchmark_pack(actor, engine, k=_k(request), cycle=cycle)
    return _download(data, "application/json", "gcat-benchmark.json")


@pages.get("/submissions", response_class=HTMLResponse)
def submissions_page(request: Request, engine: Engine, lang: Lang, actor: Who) -> HTMLResponse:
    """What your administration submitted (the Secretariat: everything in force)."""
    return render(
        request, "submissions.html", lang, items=submissions.list_submissions(actor, engine)
    )


@pages.get("/submissions/{submission_id:int}", response_class=HTMLResponse)
def submission_page(
    request: Request, submission_id: SubmissionId, engine: Engine, lang: Lang, actor: Who
) -> HTMLResponse:
    """One submission: its figures as sent."""
    from gcat.frameworks import load_framework

    item = submissions.get_submission(actor, engine, submission_id)
    framework = load_framework(item.framework_id, item.framework_version)
    return render(
        request,
        "submission.html",
        lang,
        item=item,
        domains={d.id: d.title[lang] for d in framework.domains},
    )


@pages.post("/submissions/{submission_id:int}/withdraw")
async def withdraw_form(submission_id: SubmissionId, engine: Engine, actor: Who) -> Response:
    """Withdraw from the form, then show the submission."""
    submissions.withdraw(actor, engine, submission_id)
    return RedirectResponse(f"/submissions/{submission_id}", status_code=303)


@pages.post("/assessments/{assessment_id:int}/submit")
def submit_form(assessment_id: AssessmentId, engine: Engine, actor: Who) -> Response:
    """Submit from the results page, then show the submission."""
    item = submissions.submit(actor, engine, assessment_id)
    return RedirectResponse(f"/submissions/{item.id}", status_code=303)


@pages.post("/benchmark")
async def benchmark_import(
    engine: Engine,
    actor: Who,
    file: Annotated[UploadFile, File()],
    back: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    """Import the Secretariat's benchmark pack (a member's laptop), then go back."""
    data = await file.read(MAX_DOCUMENT_BYTES + 1)
    await run_in_threadpool(benchmark.import_pack, actor, engine, data, file.filename or "pack")
    target = back if back.startswith("/") and not back.startswith(("//", "/\\")) else "/"
    return RedirectResponse(target, status_code=303)

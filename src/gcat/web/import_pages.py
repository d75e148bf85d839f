"""Importing a filled-in file from the home page: a new assessment, the choice of a submission
of a CSV export, or the preview and confirmation of the changes to an existing assessment."""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from gcat.errors import ConflictError, InputError
from gcat.i18n import message
from gcat.limits import MAX_CYCLE, MAX_IMPORT_BYTES, MAX_NAME
from gcat.policy.access import Actor
from gcat.services import imports
from gcat.services.imports import Imported, ImportPreview, SubmissionChoice
from gcat.web import deps
from gcat.web.rendering import remember_name, render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

Engine = Annotated[sa.Engine, Depends(deps.engine)]
Lang = Annotated[str, Depends(deps.language)]
Who = Annotated[Actor, Depends(deps.actor)]
Author = Annotated[str, Form(max_length=MAX_NAME)]


def _next(
    request: Request, outcome: Imported | ImportPreview | SubmissionChoice, actor: Actor
) -> Response:
    if isinstance(outcome, Imported):
        target = f"/assessments/{outcome.assessment_id}/results"
    else:
        target = f"/import/{outcome.pending_id}"
    response = RedirectResponse(target, status_code=303)
    if not deps.user_of(request):
        remember_name(response, actor.name)
    return response


@router.post("/import")
async def import_upload(
    request: Request,
    engine: Engine,
    file: Annotated[UploadFile, File()],
    author: Author = "",
) -> Response:
    """A filled-in workbook, exchange file or ODK/Kobo CSV export: a new assessment, or the
    preview of what it changes in the assessment of its cycle."""
    actor = deps.actor_of(request, author)
    data = await file.read(MAX_IMPORT_BYTES + 1)
    outcome = await run_in_threadpool(
        imports.begin_import, actor, engine, data, file.filename or "upload"
    )
    return _next(request, outcome, actor)


def _page(
    request: Request,
    outcome: ImportPreview | SubmissionChoice,
    lang: str,
    *,
    errors: dict[str, str] | None = None,
    notice: str = "",
    status: int = 200,
    reasons: dict[str, str] | None = None,
) -> HTMLResponse:
    context: dict[str, Any] = {"errors": errors or {}, "notice": notice, "reasons": reasons or {}}
    if isinstance(outcome, SubmissionChoice):
        return render(request, "import_choice.html", lang, status=status, choice=outcome, **context)
    copy = message("import.copy_cycle", lang, cycle=outcome.cycle)[:MAX_CYCLE]
    return render(
        request,
        "import_preview.html",
        lang,
        status=status,
        preview=outcome,
        copy_cycle=copy,
        **context,
    )


@router.get("/import/{pending_id:int}", response_class=HTMLResponse)
def import_waiting(
    request: Request, pending_id: int, engine: Engine, lang: Lang, actor: Who
) -> HTMLResponse:
    """What a file is waiting for: a submission to choose, or changes to confirm."""
    return _page(request, imports.import_preview(actor, engine, pending_id), lang)


@router.post("/import/{pending_id:int}/pick")
async def import_pick(
    request: Request,
    pending_id: int,
    engine: Engine,
    submission: Annotated[str, Form(max_length=MAX_NAME)] = "",
    author: Author = "",
) -> Response:
    """Go on with the chosen submission."""
    actor = deps.actor_of(request, author)
    outcome = await run_in_threadpool(
        imports.choose_submission, actor, engine, pending_id, submission
    )
    return _next(request, outcome, actor)


@router.post("/import/{pending_id:int}/update", response_model=None)
async def import_update(request: Request, pending_id: int, engine: Engine, lang: Lang) -> Response:
    """Make the previewed changes; on a missing reason or a change made meanwhile, the preview
    again with what to do."""
    form = await request.form()
    actor = deps.actor_of(request, str(form.get("author", "")))
    versions: dict[str, int] = {}
    reasons: dict[str, str] = {}
    for key, value in form.multi_items():
        if not isinstance(value, str):
            continue
        if key.startswith("version.") and value.isdigit() and len(value) <= 10:
            versions[key.removeprefix("version.")[:40]] = int(value)
        elif key.startswith("reason."):
            reasons[key.removeprefix("reason.")[:40]] = value
    try:
        assessment_id = await run_in_threadpool(
            lambda: imports.apply_import(
                actor, engine, pending_id, versions=versions, reasons=reasons
            )
        )
    except InputError as exc:
        errors = {
            (p.field or "").removeprefix("reason."): message(p.code, lang, **p.params)
            for p in exc.problems
        }
        preview = imports.import_preview(actor, engine, pending_id)
        return _page(request, preview, lang, errors=errors, status=422, reasons=reasons)
    except ConflictError as exc:
        preview = imports.import_preview(actor, engine, pending_id)
        notice = exc.localized(lang)
        return _page(request, preview, lang, notice=notice, status=409, reasons=reasons)
    response = RedirectResponse(f"/assessments/{assessment_id}/history", status_code=303)
    if not deps.user_of(request):
        remember_name(response, actor.name)
    return response


@router.post("/import/{pending_id:int}/copy")
async def import_copy(
    request: Request,
    pending_id: int,
    engine: Engine,
    cycle: Annotated[str, Form(max_length=MAX_CYCLE)] = "",
    author: Author = "",
) -> Response:
    """Store the file as a new assessment under another cycle name."""
    actor = deps.actor_of(request, author)
    new_id = await run_in_threadpool(
        lambda: imports.import_as_copy(actor, engine, pending_id, cycle=cycle)
    )
    return _next(request, Imported(new_id), actor)


@router.post("/import/{pending_id:int}/cancel")
async def import_cancel(
    request: Request, pending_id: int, engine: Engine, author: Author = ""
) -> Response:
    """Forget the file."""
    imports.discard_import(deps.actor_of(request, author), engine, pending_id)
    return RedirectResponse("/", status_code=303)

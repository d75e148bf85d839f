"""The home page (the assessments, starting one, the officer's name), deleting an assessment,
downloads (evidence files, reports and exports) and the framework browser."""

from __future__ import annotations

from functools import partial
from typing import Annotated
from urllib.parse import quote

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from gcat.frameworks import available_frameworks, load_framework
from gcat.frameworks.loader import DEFAULT_FRAMEWORK, version_status
from gcat.policy.access import Actor, Right, can
from gcat.services import assessments, evidence, outputs
from gcat.web import deps
from gcat.web.rendering import remember_name, render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

Engine = Annotated[sa.Engine, Depends(deps.engine)]
Lang = Annotated[str, Depends(deps.language)]
Who = Annotated[Actor, Depends(deps.actor)]
Author = Annotated[str, Form(max_length=200)]
"""The officer's name, asked by a form when the browser does not know it yet."""


@router.get("/", response_class=HTMLResponse)
def home(request: Request, engine: Engine, lang: Lang, actor: Who) -> Response:
    """The assessments, and the form to start a new one (the Secretariat and admins start on
    their own pages)."""
    if not can(actor, Right.READ):
        return RedirectResponse("/admin", status_code=303)
    if not can(actor, Right.EDIT) and can(actor, Right.SECRETARIAT):
        return RedirectResponse("/secretariat", status_code=303)
    return render(
        request,
        "home.html",
        lang,
        summaries=assessments.list_summaries(actor, engine),
        framework=load_framework(),
        versions=[
            (version, version_status(framework_id, version)[0] is not None)
            for framework_id, version in available_frameworks()
            if framework_id == DEFAULT_FRAMEWORK[0]
        ],
        default_version=DEFAULT_FRAMEWORK[1],
    )


def _safe_back(back: str) -> str:
    return back if back.startswith("/") and not back.startswith(("//", "/\\")) else "/"


@router.post("/assessments")
async def create(
    request: Request,
    engine: Engine,
    administration: Annotated[str, Form(max_length=200)] = "",
    cycle: Annotated[str, Form(max_length=40)] = "",
    assessors: Annotated[str, Form(max_length=5000)] = "",
    domains: Annotated[list[str] | None, Form()] = None,
    previous_id: Annotated[str, Form(max_length=12)] = "",
    version: Annotated[str, Form(max_length=40)] = "",
    author: Author = "",
) -> Response:
    """Create an assessment from the home form, then open its questionnaire."""
    actor = deps.actor_of(request, author)
    previous = int(previous_id) if previous_id.isdigit() else None
    new_id = assessments.create_assessment(
        actor,
        engine,
        administration=administration,
        cycle=cycle,
        domains=domains or None,
        assessors=assessors,
        previous_id=previous,
        framework=load_framework(DEFAULT_FRAMEWORK[0], version) if version else None,
    )
    response = RedirectResponse(f"/assessments/{new_id}", status_code=303)
    if not deps.user_of(request):
        remember_name(response, actor.name)
    return response


@router.post("/me")
async def set_name(
    actor: Who,
    name: Annotated[str, Form(max_length=200)] = "",
    back: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    """Remember the officer's name for the history of changes (a cookie on this computer; in
    server mode, where the account's name is recorded instead, only a signed-in user may)."""
    response = RedirectResponse(_safe_back(back), status_code=303)
    remember_name(response, name)
    return response


@router.get("/assessments/{assessment_id:int}/delete", response_class=HTMLResponse)
def confirm_delete(
    request: Request, assessment_id: int, engine: Engine, lang: Lang, actor: Who
) -> HTMLResponse:
    """Ask before deleting."""
    loaded = assessments.load(actor, engine, assessment_id)
    return render(request, "delete.html", lang, loaded=loaded)


@router.post("/assessments/{assessment_id:int}/delete")
async def delete(
    request: Request, assessment_id: int, engine: Engine, author: Author = ""
) -> Response:
    """Delete, then go home."""
    actor = deps.actor_of(request, author)
    assessments.delete_assessment(actor, engine, assessment_id)
    response = RedirectResponse("/", status_code=303)
    if not deps.user_of(request):
        remember_name(response, actor.name)
    return response


@router.get("/assessments/{assessment_id:int}/files/{file_id:int}")
def download(assessment_id: int, file_id: int, engine: Engine, actor: Who) -> Response:
    """An evidence file, always as a download."""
    meta, data = evidence.evidence_file(actor, engine, assessment_id, file_id)
    return Response(
        data,
        media_type=meta.content_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(meta.filename)}"},
    )


@router.get("/assessments/{assessment_id:int}/download/{kind}/{fmt}")
async def download_output(
    request: Request,
    assessment_id: int,
    kind: str,
    fmt: str,
    engine: Engine,
    lang: Lang,
    actor: Who,
    with_feedback: Annotated[bool, Query(alias="feedback")] = False,
) -> Response:
    """A report (pdf, docx, html) or an export (xlsx, json, xlsform, csv), as a download.

    Rendered in the app's worker process, within the report time limit, and stopped when the
    browser goes away. ``feedback=true`` adds the framework feedback to the exchange file.
    """
    outputs.exporter(kind, fmt)  # an unknown format is refused before any work
    made_from = await run_in_threadpool(
        partial(outputs.stored_request, with_feedback=with_feedback and fmt == "json"),
        actor,
        engine,
        assessment_id,
        lang,
        kind,
    )
    loaded = made_from.evaluation.assessment
    output = await request.app.state.worker.run(
        outputs.render,
        kind,
        fmt,
        made_from,
        timeout=deps.settings_of(request).report_timeout,
        gone=request.is_disconnected,
    )
    stem = "".join(ch if ch.isalnum() else "-" for ch in loaded.administration)[:60]
    name = f"gcat-{stem}-{loaded.cycle}-{lang}{output.suffix}"
    return Response(
        output.data,
        media_type=output.media_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )


@router.get("/framework", response_class=HTMLResponse)
def framework_page(request: Request, lang: Lang) -> HTMLResponse:
    """Domains, indicators and level descriptors."""
    return render(request, "framework.html", lang, framework=load_framework())

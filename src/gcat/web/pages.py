"""HTML pages. Each route gathers a context from the services and renders one template."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import sqlalchemy as sa
from babel.dates import format_datetime
from babel.numbers import format_decimal, format_percent
from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from gcat import __version__
from gcat.charts import Series, radar_svg
from gcat.compendium.who import who_already_did
from gcat.core.comparison import compare_results
from gcat.core.evaluation import next_step
from gcat.core.planning import ItemStatus
from gcat.core.text import clean_line
from gcat.errors import InputError
from gcat.frameworks import available_frameworks, load_framework
from gcat.frameworks.loader import DEFAULT_FRAMEWORK, version_status
from gcat.i18n import LANGUAGES, message, message_n
from gcat.limits import EVIDENCE_TYPES, MAX_IMPORT_BYTES, MAX_NAME, MB
from gcat.policy.access import Actor, Right, can
from gcat.reports.summary import cross_version_note
from gcat.services import answers, assessments, benchmark, evidence, feedback, outputs, tracking
from gcat.services.accounts import ROLE_LABELS
from gcat.services.assessments import PREFILL_REASON, previous_evaluation
from gcat.services.compendium import published_practices
from gcat.services.exchange import store_import
from gcat.services.submissions import ORIGIN_LABELS, STATUS_LABELS
from gcat.services.upgrade import comparable_previous
from gcat.web import deps
from gcat.web.insights import strengths_and_gaps
from gcat.web.security import CSRF_COOKIE, new_csrf_token
from gcat.web.team_pages import history_reason, team_panel

__all__ = ["error_page", "router"]

router = APIRouter(include_in_schema=False)
TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
HELP = Path(__file__).parent / "help" / "user-guide.md"
QUARTER_LABELS = {
    1: "standing.quarter_1",
    2: "standing.quarter_2",
    3: "standing.quarter_3",
    4: "standing.quarter_4",
}
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}

Engine = Annotated[sa.Engine, Depends(deps.engine)]
Lang = Annotated[str, Depends(deps.language)]
Who = Annotated[Actor, Depends(deps.actor)]


def _number(value: float | None, lang: str, digits: int = 2) -> str:
    if value is None:
        return "—"
    return format_decimal(value, format=f"0.{'0' * digits}", locale=lang)


def _percent(value: float | None, lang: str) -> str:
    return "—" if value is None else format_percent(value / 100, locale=lang)


def render(
    request: Request, template: str, lang: str, status: int = 200, **context: Any
) -> HTMLResponse:
    """Render ``template`` with the translation helpers for ``lang``."""
    rights = _rights(request)
    context.update(
        lang=lang,
        languages=LANGUAGE_NAMES,
        version=__version__,
        t=lambda code, **kw: message(code, lang, **kw),
        tn=lambda code, count, **kw: message_n(code, count, lang, **kw),
        number=lambda value, digits=2: _number(value, lang, digits),
        percent=lambda value: _percent(value, lang),
        when=lambda value: format_datetime(value, format="medium", locale=lang),
        here=quote(str(request.url.path) + (f"?{request.url.query}" if request.url.query else "")),
        secretariat=Right.SECRETARIAT.value in rights,
        role_label=lambda role: message(ROLE_LABELS.get(role, "role.local"), lang),
        status_labels=STATUS_LABELS,
        quarter_labels=QUARTER_LABELS,
        origin_labels=ORIGIN_LABELS,
        rights=rights,
    )
    session = deps.session_of(request)
    server_mode = deps.settings_of(request).server_mode
    cookie_token = request.cookies.get(CSRF_COOKIE) or new_csrf_token()
    context["csrf_token"] = session.csrf_token if session is not None else cookie_token
    context["server_mode"] = server_mode
    context["me"] = session.user if session is not None else None
    response = TEMPLATES.TemplateResponse(request, template, context, status_code=status)
    secure = request.url.scheme == "https"
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(
            deps.LANG_COOKIE, lang, max_age=10 * 365 * 86400, samesite="strict", secure=secure
        )
    if session is None and cookie_token != request.cookies.get(CSRF_COOKIE):
        response.set_cookie(
            CSRF_COOKIE, cookie_token, httponly=True, samesite="strict", secure=secure
        )
    return response


def _rights(request: Request) -> frozenset[str]:
    """What the page's user may do (to show the links and buttons that apply; the services
    decide again on every request)."""
    from gcat.errors import NotAuthenticatedError

    try:
        return frozenset(right.value for right in deps.actor_of(request).rights)
    except NotAuthenticatedError:
        return frozenset()


def error_page(request: Request, text: str, status: int) -> HTMLResponse:
    """A readable error page."""
    return render(request, "error.html", deps.language_of(request), status=status, error=text)


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
        user=deps.user_of(request),
    )


@router.post("/assessments")
async def create(
    engine: Engine,
    actor: Who,
    administration: Annotated[str, Form(max_length=200)] = "",
    cycle: Annotated[str, Form(max_length=40)] = "",
    assessors: Annotated[str, Form(max_length=5000)] = "",
    domains: Annotated[list[str] | None, Form()] = None,
    previous_id: Annotated[str, Form(max_length=12)] = "",
    version: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Create an assessment from the home form, then open its questionnaire."""
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
    return RedirectResponse(f"/assessments/{new_id}", status_code=303)


@router.post("/me")
async def set_name(
    request: Request,
    actor: Who,
    name: Annotated[str, Form(max_length=200)] = "",
    back: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    """Remember the user's name for the history of changes (a cookie on this computer; in
    server mode the account's name is recorded instead)."""
    target = back if back.startswith("/") and not back.startswith(("//", "/\\")) else "/"
    response = RedirectResponse(target, status_code=303)
    cleaned = clean_line(name)[:MAX_NAME]
    if cleaned:
        response.set_cookie(
            deps.USER_COOKIE,
            quote(cleaned, safe=""),
            max_age=10 * 365 * 86400,
            samesite="strict",
            httponly=True,
        )
    else:
        response.delete_cookie(deps.USER_COOKIE)
    return response


@router.get("/assessments/{assessment_id:int}")
def open_assessment(assessment_id: int, engine: Engine, actor: Who) -> Response:
    """The questionnaire of the first domain in scope."""
    loaded = assessments.load(actor, engine, assessment_id)
    first = loaded.assessment.domains_in_scope(loaded.framework)[0]
    return RedirectResponse(f"/assessments/{assessment_id}/domains/{first.id}", status_code=303)


@router.get("/assessments/{assessment_id:int}/domains/{domain_id}", response_class=HTMLResponse)
def questionnaire(
    request: Request, assessment_id: int, domain_id: str, engine: Engine, lang: Lang, actor: Who
) -> HTMLResponse:
    """One domain's indicator cards, saved automatically."""
    loaded = assessments.load(actor, engine, assessment_id)
    in_scope = loaded.assessment.domains_in_scope(loaded.framework)
    domain = next((d for d in in_scope if d.id == domain_id), None)
    if domain is None:
        raise InputError([_unknown_domain(domain_id)])
    files = evidence.evidence_files(actor, engine, assessment_id)
    result = loaded.evaluate().result
    return render(
        request,
        "questionnaire.html",
        lang,
        loaded=loaded,
        domain=domain,
        domains=in_scope,
        result=result,
        files=[
            f for f in files if loaded.framework.indicator(f.indicator_id).domain_id == domain_id
        ],
        allowed=", ".join(sorted(EVIDENCE_TYPES)),
        feedback=feedback.feedback_notes(actor, engine, assessment_id),
        evidence_used=sum(f.size for f in files) / MB,
        evidence_quota=deps.settings_of(request).evidence_quota_mb,
    )


def _unknown_domain(domain_id: str) -> Any:
    from gcat.errors import Problem

    return Problem("check.unknown_domain", {"value": domain_id[:40]}, field="domain")


@router.get("/assessments/{assessment_id:int}/results", response_class=HTMLResponse)
def results(
    request: Request, assessment_id: int, engine: Engine, lang: Lang, actor: Who
) -> HTMLResponse:
    """Scores under both rules, radar, heatmap, strengths and gaps, change since last cycle."""
    loaded = assessments.load(actor, engine, assessment_id)
    evaluation = loaded.evaluate()
    previous, cross = comparable_previous(
        previous_evaluation(actor, engine, loaded), loaded.framework
    )
    deltas = compare_results(previous.result, evaluation.result) if previous else None
    domains = loaded.assessment.domains_in_scope(loaded.framework)
    targets = []
    for domain in domains:
        values = [
            float(a.target if a.target is not None else a.level)
            for ind in domain.indicators
            if (a := loaded.assessment.answer(ind.id)).level is not None
        ]
        targets.append(sum(values) / len(values) if values else None)
    radar = None
    if len(domains) >= 3:
        radar = radar_svg(
            [d.title[lang] for d in domains],
            [
                Series(
                    message("results.current", lang),
                    [d.score for d in evaluation.result.domains],
                    "#1f5f8b",
                ),
                Series(message("results.target", lang), targets, "#b35c00", dashed=True),
            ],
            title=message("results.radar_title", lang),
            description=message("results.radar_description", lang),
            size=560,
        )
    strengths, gaps = strengths_and_gaps(evaluation)
    return render(
        request,
        "results.html",
        lang,
        standing=benchmark.standing(actor, engine, evaluation),
        loaded=loaded,
        evaluation=evaluation,
        result=evaluation.result,
        domains=domains,
        radar=radar,
        deltas={d.domain_id: d.delta for d in deltas[0]} if deltas else None,
        overall_delta=deltas[1] if deltas else None,
        previous=previous,
        cross_version=(
            cross_version_note(cross, previous.assessment.cycle, lang) if cross and previous else ""
        ),
        team=team_panel(actor, engine, loaded, lang),
        strengths=strengths,
        gaps=gaps,
    )


@router.get("/assessments/{assessment_id:int}/plan", response_class=HTMLResponse)
def plan(
    request: Request, assessment_id: int, engine: Engine, lang: Lang, actor: Who
) -> HTMLResponse:
    """The improvement plan with owner, due date and status to track."""
    loaded = assessments.load(actor, engine, assessment_id)
    evaluation = loaded.evaluate()
    tracked = tracking.plan_tracking(actor, engine, assessment_id)
    items = evaluation.plan.items
    done = sum(1 for i in items if (t := tracked.get(i.indicator_id)) and t.status == "done")
    plan_items = [
        (i.indicator_id, loaded.framework.indicator(i.indicator_id).domain_id) for i in items
    ]
    who = who_already_did(plan_items, published_practices(actor, engine))
    return render(
        request,
        "plan.html",
        lang,
        who=who,
        loaded=loaded,
        evaluation=evaluation,
        groups=evaluation.plan.by_domain(),
        tracking=tracked,
        statuses=tuple(ItemStatus),
        done=done,
        next_step=lambda item: next_step(loaded.framework, item, lang),
    )


@router.get("/assessments/{assessment_id:int}/delete", response_class=HTMLResponse)
def confirm_delete(
    request: Request, assessment_id: int, engine: Engine, lang: Lang, actor: Who
) -> HTMLResponse:
    """Ask before deleting."""
    loaded = assessments.load(actor, engine, assessment_id)
    return render(request, "delete.html", lang, loaded=loaded)


@router.post("/assessments/{assessment_id:int}/delete")
async def delete(assessment_id: int, engine: Engine, actor: Who) -> Response:
    """Delete, then go home."""
    assessments.delete_assessment(actor, engine, assessment_id)
    return RedirectResponse("/", status_code=303)


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


@router.post("/import")
async def import_upload(
    engine: Engine, actor: Who, file: Annotated[UploadFile, File()]
) -> Response:
    """Store a filled-in workbook, exchange file or ODK/Kobo CSV as a new assessment."""
    data = await file.read(MAX_IMPORT_BYTES + 1)
    new_id = await run_in_threadpool(store_import, actor, engine, data, file.filename or "upload")
    return RedirectResponse(f"/assessments/{new_id}/results", status_code=303)


@router.get("/framework", response_class=HTMLResponse)
def framework_page(request: Request, lang: Lang) -> HTMLResponse:
    """Domains, indicators and level descriptors."""
    return render(request, "framework.html", lang, framework=load_framework())


@router.get("/help", response_class=HTMLResponse)
def help_page(request: Request, lang: Lang) -> HTMLResponse:
    """The user guide."""
    from markdown_it import MarkdownIt  # only this page needs it: keep it off the start-up path

    html = MarkdownIt("commonmark", {"html": False}).enable("table").render(HELP.read_text("utf-8"))
    return render(request, "help.html", lang, guide=html)


@router.get("/history/{assessment_id:int}/{indicator_id}", response_class=HTMLResponse)
def history(
    request: Request, assessment_id: int, indicator_id: str, engine: Engine, lang: Lang, actor: Who
) -> HTMLResponse:
    """The audit trail of one answer."""
    loaded = assessments.load(actor, engine, assessment_id)
    if indicator_id not in loaded.framework.indicators:
        raise InputError([_unknown_domain(indicator_id)])
    entries = answers.answer_history(actor, engine, assessment_id, indicator_id)
    return render(
        request,
        "history.html",
        lang,
        loaded=loaded,
        indicator=loaded.framework.indicator(indicator_id),
        entries=entries,
        prefill=PREFILL_REASON,
        team_reason=lambda reason: history_reason(reason, lang),
    )

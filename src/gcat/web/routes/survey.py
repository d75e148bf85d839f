"""The Secretariat's Survey section: tables and charts, downloads, the review queue, the audit.

Every page needs :attr:`~gcat.policy.access.Right.SECRETARIAT` (the services check it). Forms
are plain HTML posts carrying the CSRF token; the guard checks it with the Origin.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gcat.classify.labels import AREAS, DOMAINS
from gcat.errors import InputError
from gcat.frameworks import load_framework
from gcat.members import load_members
from gcat.services import review
from gcat.services.survey import import_demo, load_survey, survey_years
from gcat.services.survey_outputs import (
    REPORT_FORMATS,
    VALIDATION_FORMATS,
    check_format,
    render_report,
    render_validation,
)
from gcat.web import deps
from gcat.web.pages import Engine, Lang, Who, render

__all__ = ["router"]

router = APIRouter(prefix="/secretariat/survey", include_in_schema=False)

MEDIA = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _labels(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    framework = load_framework()
    return (
        {k: framework.thematic_areas[k][lang] for k in AREAS},
        {k: framework.domain(k).title[lang] for k in DOMAINS},
    )


@router.get("", response_class=HTMLResponse)
def survey_page(
    request: Request, engine: Engine, actor: Who, lang: Lang, year: int | None = None
) -> HTMLResponse:
    """The survey's tables and charts (or how to load one)."""
    from markupsafe import Markup

    from gcat.survey.view import build_view, summary_line

    years = survey_years(actor, engine)
    if not years:
        return render(request, "survey_empty.html", lang, section="survey")
    view = build_view(load_survey(actor, engine, year), lang)
    charts = {name: Markup(svg) for name, svg in view.charts.items()}  # noqa: S704 (our SVG, texts escaped)
    return render(
        request,
        "survey.html",
        lang,
        v=view,
        charts=charts,
        summary=summary_line(view),
        years=years,
        report_formats=REPORT_FORMATS,
        validation_formats=VALIDATION_FORMATS,
        section="survey",
    )


@router.post("/demo")
async def load_demo(request: Request, engine: Engine, actor: Who) -> Response:
    """Store the demo survey (fictional answers), then show it."""
    import_demo(actor, engine, request.app.state.settings.classifier_model)
    return RedirectResponse("/secretariat/survey", status_code=303)


async def _download(
    request: Request, engine: Engine, actor: Who, lang: str, fmt: str, year: int | None, kind: str
) -> Response:
    """A survey document rendered in the app's worker process, within the time limit."""
    formats = REPORT_FORMATS if kind == "report" else VALIDATION_FORMATS
    check_format(fmt, formats)
    data = await run_in_threadpool(load_survey, actor, engine, year)
    render = render_report if kind == "report" else render_validation
    output = await request.app.state.worker.run(
        render,
        data,
        fmt,
        lang,
        timeout=deps.settings_of(request).report_timeout,
        gone=request.is_disconnected,
    )
    stem = "survey" if kind == "report" else "framework-validation"
    name = f"gcat-{stem}-{data.survey.year}-{lang}.{fmt}"
    return Response(
        output,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/report.{fmt}")
async def report_download(
    request: Request, fmt: str, engine: Engine, actor: Who, lang: Lang, year: int | None = None
) -> Response:
    """The survey report as a download."""
    return await _download(request, engine, actor, lang, fmt, year, "report")


@router.get("/validation.{fmt}")
async def validation_download(
    request: Request, fmt: str, engine: Engine, actor: Who, lang: Lang, year: int | None = None
) -> Response:
    """The framework validation as a download."""
    return await _download(request, engine, actor, lang, fmt, year, "validation")


@router.get("/review", response_class=HTMLResponse)
def review_queue(
    request: Request,
    engine: Engine,
    actor: Who,
    lang: Lang,
    year: int | None = None,
    done: bool = False,
) -> HTMLResponse:
    """The initiatives to review, most uncertain first."""
    if not survey_years(actor, engine):
        return render(request, "survey_empty.html", lang, section="review")
    items = review.review_queue(actor, engine, year, include_reviewed=done)
    members = {m.key: m for m in load_members(engine)}
    areas, domains = _labels(lang)
    return render(
        request,
        "survey_review.html",
        lang,
        items=items,
        members=members,
        area_names=areas,
        domain_names=domains,
        done=done,
        section="review",
    )


def _item_page(
    request: Request,
    engine: Engine,
    actor: Who,
    lang: str,
    initiative_id: int,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    item = review.get_item(actor, engine, initiative_id)
    areas, domains = _labels(lang)
    members = {m.key: m for m in load_members(engine)}
    suggestion = item.suggestion or {}
    current = item.decision
    chosen = {
        "thematic_areas": list(
            current.thematic_areas if current else suggestion.get("thematic_areas", [])
        ),
        "gcat_domains": list(
            current.gcat_domains if current else suggestion.get("gcat_domains", [])
        ),
    }
    framework = load_framework()
    indicators = [
        (i["id"], framework.indicator(i["id"]).title[lang], i["score"])
        for i in suggestion.get("indicators", [])
        if i["id"] in framework.indicators
    ]
    return render(
        request,
        "survey_item.html",
        lang,
        status=status,
        item=item,
        member=members.get(item.member_key),
        area_names=areas,
        domain_names=domains,
        scores=suggestion.get("scores", {}),
        chosen=chosen,
        indicators=indicators,
        explanation=suggestion.get("explanation", {}),
        error=error,
        section="review",
    )


@router.get("/review/{initiative_id}", response_class=HTMLResponse)
def review_item(
    request: Request, initiative_id: int, engine: Engine, actor: Who, lang: Lang
) -> HTMLResponse:
    """One initiative: the model's suggestion, why, and the analyst's form."""
    return _item_page(request, engine, actor, lang, initiative_id)


@router.post("/review/{initiative_id}", response_model=None)
async def review_decide(
    request: Request,
    initiative_id: int,
    engine: Engine,
    actor: Who,
    lang: Lang,
    areas: Annotated[list[str] | None, Form(alias="area")] = None,
    domains: Annotated[list[str] | None, Form(alias="domain")] = None,
    primary_area: Annotated[str, Form(max_length=60)] = "",
    primary_domain: Annotated[str, Form(max_length=60)] = "",
    note: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    """Record the analyst's labels, then open the next initiative of the queue."""
    try:
        review.decide(
            actor,
            engine,
            initiative_id,
            thematic_areas=areas or [],
            gcat_domains=domains or [],
            primary_area=primary_area or None,
            primary_domain=primary_domain or None,
            note=note,
        )
    except InputError as exc:
        return _item_page(
            request, engine, actor, lang, initiative_id, error=exc.localized(lang), status=422
        )
    queue = review.review_queue(actor, engine)
    target = f"/secretariat/survey/review/{queue[0].id}" if queue else "/secretariat/survey/review"
    return RedirectResponse(target + "?saved=1", status_code=303)


@router.get("/audit", response_class=HTMLResponse)
def audit(request: Request, engine: Engine, actor: Who, lang: Lang) -> HTMLResponse:
    """Where analysts disagree with the model, by label."""
    rows = review.override_audit(actor, engine)
    areas, domains = _labels(lang)
    return render(
        request,
        "survey_audit.html",
        lang,
        rows=rows,
        names={"thematic_areas": areas, "gcat_domains": domains},
        section="audit",
    )

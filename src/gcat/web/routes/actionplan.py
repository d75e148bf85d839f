"""The Secretariat's "Action plan" pages: the table of points with filters, a point's page
(history, dependencies, milestones, a status change with a note), the chart, snapshots, the
plan file and the committee report's downloads."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote, urlencode

import sqlalchemy as sa
from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from gcat.actionplan.chart import chart_layout, chart_svg, status_bar_svg
from gcat.actionplan.labels import (
    horizon_label,
    in_lang,
    owner_name,
    pillar_name,
    point_title,
    status_label,
    summary_line,
)
from gcat.core.actionplan import Status, overdue
from gcat.errors import InputError, Problem
from gcat.i18n import message
from gcat.limits import MAX_IMPORT_BYTES
from gcat.policy.access import Actor, Right, require
from gcat.reports.formatting import Formatter
from gcat.services import actionplan as service
from gcat.services.actionplan_report import committee_report
from gcat.web import deps
from gcat.web.pages import render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

Engine = Annotated[sa.Engine, Depends(deps.engine)]
Lang = Annotated[str, Depends(deps.language)]
Who = Annotated[Actor, Depends(deps.actor)]
DateText = Annotated[str, Query(max_length=10)]
PointId = Annotated[str, Path(max_length=20)]


def _date(value: str, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError([Problem("actionplan.bad_date", {}, field=field)]) from None


@router.get("/actionplan", response_class=HTMLResponse)
def plan_page(
    request: Request,
    engine: Engine,
    lang: Lang,
    actor: Who,
    as_of: DateText = "",
    status: Annotated[str, Query(max_length=20)] = "",
    pillar: Annotated[str, Query(max_length=60)] = "",
    owner: Annotated[str, Query(max_length=60)] = "",
    blocked: Annotated[str, Query(max_length=3)] = "",
) -> HTMLResponse:
    """The plan as at a date: summary, the table of points with filters, the chart."""
    read = service.reading(actor, engine, _date(as_of, "as_of"))
    plan, states = read.plan, read.states
    points = [
        p
        for p in plan.points
        if (not status or states[p.id].status.value == status)
        and (not pillar or p.pillar == pillar)
        and (not owner or p.owner == owner)
        and (not blocked or states[p.id].blocked)
    ]
    summary = read.summary
    percents = {s: summary.percent(s) for s in Status}
    line = summary_line(summary.by_status, percents, lang)
    counts = (
        summary.by_status[Status.DONE],
        summary.by_status[Status.IN_PROGRESS],
        summary.by_status[Status.NOT_STARTED],
    )
    layout = chart_layout(plan, states)
    chart = chart_svg(
        layout,
        title=message("apreport.chart_title", lang),
        description=message("apreport.chart_description", lang, count=len(layout.nodes)),
    )
    fmt = Formatter(lang)
    return render(
        request,
        "actionplan.html",
        lang,
        read=read,
        points=points,
        summary_text=line.replace(" %", "\u00a0%"),  # "40 %" never split across lines
        bar=Markup(status_bar_svg(counts, label=line)),  # noqa: S704 (escaped SVG of ours)
        chart=Markup(chart),  # noqa: S704 (escaped SVG of ours)
        statuses=tuple(Status),
        filters={"status": status, "pillar": pillar, "owner": owner, "blocked": blocked},
        as_of=read.as_of.isoformat(),
        as_of_text=fmt.long_date(read.as_of),
        today=service.today().isoformat(),
        overdue=overdue(plan, read.as_of),
        snapshots=service.snapshots(actor, engine),
        status_label=lambda s: status_label(s, lang),
        title_of=lambda p: point_title(p, lang),
        pillar_of=lambda key: pillar_name(plan, key, lang),
        owner_of=lambda key: owner_name(plan, key, lang),
        text_of=lambda texts: in_lang(texts, lang),
        day=fmt.date,
    )


@router.get("/actionplan/points/{point_id}", response_class=HTMLResponse)
def point_page(
    request: Request,
    point_id: PointId,
    engine: Engine,
    lang: Lang,
    actor: Who,
    as_of: DateText = "",
    unblocked: Annotated[str, Query(max_length=400)] = "",
) -> HTMLResponse:
    """One point: status, history, dependencies, milestones, and the status change form."""
    detail = service.point_detail(actor, engine, point_id, _date(as_of, "as_of"))
    plan = detail.reading.plan
    point = plan.point(detail.point_id)
    fmt = Formatter(lang)
    return render(
        request,
        "actionplan_point.html",
        lang,
        detail=detail,
        point=point,
        plan=plan,
        statuses=tuple(Status),
        today=service.today().isoformat(),
        start=plan.start.isoformat(),
        unblocked=[p for p in unblocked.split(",") if p in plan.ids()],
        status_label=lambda s: status_label(s, lang),
        title_of=lambda p: point_title(p, lang),
        pillar=pillar_name(plan, point.pillar, lang),
        owner=owner_name(plan, point.owner, lang),
        horizon=horizon_label(point.horizon, lang),
        text_of=lambda texts: in_lang(texts, lang),
        day=fmt.date,
    )


@router.post("/actionplan/points/{point_id}/status")
async def change_status(
    point_id: PointId,
    engine: Engine,
    actor: Who,
    status: Annotated[str, Form(max_length=20)] = "",
    effective: Annotated[str, Form(max_length=10)] = "",
    note: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    """Record a status change, then show the point (with what it unblocked)."""
    outcome = service.set_status(
        actor, engine, point_id, status, on=_date(effective, "date"), note=note
    )
    target = f"/actionplan/points/{quote(outcome.change.point)}"
    if outcome.unblocked:
        target += "?" + urlencode({"unblocked": ",".join(outcome.unblocked)})
    return RedirectResponse(target + "#history", status_code=303)


@router.post("/actionplan/points/{point_id}/dependencies")
async def change_dependency(
    point_id: PointId,
    engine: Engine,
    actor: Who,
    on: Annotated[str, Form(max_length=20)] = "",
    remove: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    """Add (or remove) a dependency; a cycle is refused with the cycle named."""
    if remove:
        service.remove_dependency(actor, engine, point_id, on)
    else:
        service.add_dependency(actor, engine, point_id, on)
    found = service.point_detail(actor, engine, point_id)
    return RedirectResponse(f"/actionplan/points/{quote(found.point_id)}#deps", status_code=303)


@router.post("/actionplan/snapshots")
async def take_snapshot(
    engine: Engine,
    actor: Who,
    name: Annotated[str, Form(max_length=200)] = "",
    as_of: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Freeze the plan as at a date under a name."""
    service.snapshot(actor, engine, name, _date(as_of, "as_of"))
    return RedirectResponse("/actionplan#snapshots", status_code=303)


@router.post("/actionplan/import")
async def import_plan(engine: Engine, actor: Who, file: Annotated[UploadFile, File()]) -> Response:
    """Replace the plan with an uploaded YAML or Excel plan file."""
    require(actor, Right.SECRETARIAT)
    data = await file.read(MAX_IMPORT_BYTES + 1)
    service.import_plan(actor, engine, data, file.filename or "plan.yaml")
    return RedirectResponse("/actionplan", status_code=303)


@router.get("/actionplan/export/{fmt}")
def export_plan(fmt: Annotated[str, Path(max_length=10)], engine: Engine, actor: Who) -> Response:
    """The plan file (yaml or xlsx), as a download."""
    data = service.export_plan(actor, engine, fmt)
    media = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if fmt == "xlsx"
        else "application/yaml"
    )
    name = f"gcat-action-plan.{fmt}"
    return Response(
        data, media_type=media, headers={"Content-Disposition": f"attachment; filename={name}"}
    )


@router.get("/actionplan/report")
def report(
    engine: Engine,
    lang: Lang,
    actor: Who,
    fmt: Annotated[str, Query(alias="format", max_length=10)] = "docx",
    as_of: DateText = "",
    compare: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """The committee report (docx, pdf or html) as a download."""
    out = committee_report(
        actor,
        engine,
        as_of=_date(as_of, "as_of"),
        compare=compare or None,
        fmt=fmt,
        lang=lang,
    )
    when = as_of or service.today().isoformat()
    name = f"gcat-action-plan-report-{when}-{lang}{out.suffix}"
    return Response(
        out.data,
        media_type=out.media_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )

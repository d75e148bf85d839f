"""The results page (scores, radar, heatmap, what to look at) and the improvement plan."""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from gcat.charts import Series, radar_svg
from gcat.compendium.who import who_already_did
from gcat.core.comparison import compare_results
from gcat.core.evaluation import Evaluation, next_step
from gcat.core.model import Domain
from gcat.core.planning import ItemStatus
from gcat.core.worklist import WorkList, work_list
from gcat.i18n import message
from gcat.policy.access import Actor
from gcat.reports.summary import cross_version_note
from gcat.services import assessments, benchmark, tracking
from gcat.services.assessments import previous_evaluation
from gcat.services.compendium import published_practices
from gcat.services.upgrade import comparable_previous
from gcat.web import deps
from gcat.web.rendering import render
from gcat.web.team_pages import team_panel

__all__ = ["SHOWN", "router"]

router = APIRouter(include_in_schema=False)

Engine = Annotated[sa.Engine, Depends(deps.engine)]
Lang = Annotated[str, Depends(deps.language)]
Who = Annotated[Actor, Depends(deps.actor)]

SHOWN = 5
"""Strengths and gaps listed on the results page; a link leads to all of them."""


def _radar(evaluation: Evaluation, domains: tuple[Domain, ...], lang: str) -> str | None:
    """The radar of current scores against targets; a domain with no score is named so."""
    if len(domains) < 3:
        return None
    answers = evaluation.assessment
    targets: list[float | None] = []
    for domain in domains:
        values = [
            float(a.target if a.target is not None else a.level)
            for ind in domain.indicators
            if (a := answers.answer(ind.id)).level is not None
        ]
        targets.append(sum(values) / len(values) if values else None)
    current = [d.score for d in evaluation.result.domains]
    missing = message("reports.radar_missing", lang)
    axes = [
        d.title[lang] if score is not None else f"{d.title[lang]} ({missing})"
        for d, score in zip(domains, current, strict=True)
    ]
    return radar_svg(
        axes,
        [
            Series(message("results.current", lang), current, "#1f5f8b"),
            Series(message("results.target", lang), targets, "#b35c00", dashed=True),
        ],
        title=message("results.radar_title", lang),
        description=message("results.radar_description", lang),
        size=560,
        missing_label=missing,
    )


@router.get("/assessments/{assessment_id:int}/results", response_class=HTMLResponse)
def results(
    request: Request, assessment_id: int, engine: Engine, lang: Lang, actor: Who
) -> HTMLResponse:
    """Scores under both rules, radar, heatmap, what to look at, change since last cycle."""
    loaded = assessments.load(actor, engine, assessment_id)
    evaluation = loaded.evaluate()
    previous, cross = comparable_previous(
        previous_evaluation(actor, engine, loaded), loaded.framework
    )
    deltas = compare_results(previous.result, evaluation.result) if previous else None
    domains = loaded.assessment.domains_in_scope(loaded.framework)
    lists = {
        which: work_list(loaded.framework, loaded.assessment, which)
        for which in (
            WorkList.STRENGTHS,
            WorkList.GAPS,
            WorkList.FLAGGED,
            WorkList.NO_EVIDENCE,
            WorkList.TO_REVIEW,
        )
    }
    return render(
        request,
        "results.html",
        lang,
        standing=benchmark.standing(actor, engine, evaluation),
        loaded=loaded,
        evaluation=evaluation,
        result=evaluation.result,
        domains=domains,
        radar=_radar(evaluation, domains, lang),
        deltas={d.domain_id: d.delta for d in deltas[0]} if deltas else None,
        overall_delta=deltas[1] if deltas else None,
        previous=previous,
        cross_version=(
            cross_version_note(cross, previous.assessment.cycle, lang) if cross and previous else ""
        ),
        team=team_panel(actor, engine, loaded, lang),
        lists=lists,
        shown=SHOWN,
        WorkList=WorkList,
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

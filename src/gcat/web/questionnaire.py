"""The questionnaire: a domain's cards, the work lists across domains, the history of changes.

Every card is the same partial (``_card.html``) fed by :class:`Cards`, whichever page shows
it, so a new part of a card (a sign-off state, several assessors' levels) is added once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gcat.core.assessment import Answer
from gcat.core.history import HistoryFilter
from gcat.core.model import Domain, Indicator
from gcat.core.records import EvidenceFile
from gcat.core.worklist import REVIEW_LISTS, WorkList, work_counts, work_list
from gcat.errors import InputError, Problem
from gcat.help import Term, terms_of
from gcat.limits import EVIDENCE_TYPES, MAX_NAME, MB
from gcat.policy.access import Actor
from gcat.services import answers, assessments, evidence, feedback
from gcat.services.assessments import PREFILL_REASON, LoadedAssessment, previous_evaluation
from gcat.services.imports import IMPORT_REASON
from gcat.web import deps
from gcat.web.rendering import render
from gcat.web.team_pages import history_reason

__all__ = ["Cards", "router"]

router = APIRouter(include_in_schema=False)

Engine = Annotated[sa.Engine, Depends(deps.engine)]
Lang = Annotated[str, Depends(deps.language)]
Who = Annotated[Actor, Depends(deps.actor)]


@dataclass(frozen=True, slots=True)
class Cards:
    """What the indicator cards of an assessment show besides the answer itself."""

    loaded: LoadedAssessment
    files: Mapping[str, list[EvidenceFile]]
    last_cycle: str | None
    """The previous cycle's name, when there is one."""
    last_answers: Mapping[str, Answer]
    lang: str
    counts: Mapping[WorkList, int] = field(default_factory=dict)

    def stored(self, indicator_id: str) -> Any:
        """The stored answer (or None)."""
        return self.loaded.answers.get(indicator_id)

    def last(self, indicator_id: str) -> Answer | None:
        """Last cycle's answer to ``indicator_id``, when it had one."""
        answer = self.last_answers.get(indicator_id)
        return answer if answer is not None and answer.answered else None

    def terms(self, indicator: Indicator) -> list[Term]:
        """The glossary's terms that the indicator's texts use."""
        return terms_of(indicator, self.lang)


def cards_of(actor: Actor, engine: sa.Engine, loaded: LoadedAssessment, lang: str) -> Cards:
    """The context of the cards of ``loaded``: files, last cycle's answers, work-list counts."""
    files: dict[str, list[EvidenceFile]] = {}
    for item in evidence.evidence_files(actor, engine, loaded.stored.id):
        files.setdefault(item.indicator_id, []).append(item)
    previous = previous_evaluation(actor, engine, loaded)
    return Cards(
        loaded=loaded,
        files=files,
        last_cycle=previous.assessment.cycle if previous else None,
        last_answers=previous.assessment.answers if previous else {},
        lang=lang,
        counts=work_counts(loaded.framework, loaded.assessment),
    )


def _page_context(
    request: Request, actor: Actor, engine: sa.Engine, cards: Cards
) -> dict[str, Any]:
    files = [f for group in cards.files.values() for f in group]
    return {
        "cards": cards,
        "feedback": feedback.feedback_notes(actor, engine, cards.loaded.stored.id),
        "loaded": cards.loaded,
        "lists": REVIEW_LISTS,
        "allowed": ", ".join(sorted(EVIDENCE_TYPES)),
        "evidence_used": sum(f.size for f in files) / MB,
        "evidence_quota": deps.settings_of(request).evidence_quota_mb,
    }


def _unknown_domain(domain_id: str) -> InputError:
    return InputError([Problem("check.unknown_domain", {"value": domain_id[:40]}, field="domain")])


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
    """One domain's indicator cards, saved automatically; a link to the next domain."""
    loaded = assessments.load(actor, engine, assessment_id)
    in_scope = loaded.assessment.domains_in_scope(loaded.framework)
    position = next((n for n, d in enumerate(in_scope) if d.id == domain_id), None)
    if position is None:
        raise _unknown_domain(domain_id)
    domain = in_scope[position]
    return render(
        request,
        "questionnaire.html",
        lang,
        domain=domain,
        domains=in_scope,
        next_domain=in_scope[position + 1] if position + 1 < len(in_scope) else None,
        result=loaded.evaluate().result,
        **_page_context(request, actor, engine, cards_of(actor, engine, loaded, lang)),
    )


@router.get("/assessments/{assessment_id:int}/answers", response_class=HTMLResponse)
def answers_to_look_at(
    request: Request,
    assessment_id: int,
    engine: Engine,
    lang: Lang,
    actor: Who,
    show: Annotated[WorkList, Query()] = WorkList.UNANSWERED,
) -> HTMLResponse:
    """The cards of one work list (unanswered, flagged, to review…) across every domain."""
    loaded = assessments.load(actor, engine, assessment_id)
    framework = loaded.framework
    ids = work_list(framework, loaded.assessment, show)
    ranked = show in (WorkList.STRENGTHS, WorkList.GAPS)
    groups: list[tuple[Domain | None, list[Indicator]]] = []
    if ranked:  # one list, highest (or lowest) level first
        groups = [(None, [framework.indicator(i) for i in ids])] if ids else []
    else:
        for domain in loaded.assessment.domains_in_scope(framework):
            chosen = [ind for ind in domain.indicators if ind.id in ids]
            if chosen:
                groups.append((domain, chosen))
    return render(
        request,
        "worklist.html",
        lang,
        show=show,
        ranked=ranked,
        groups=groups,
        total=len(ids),
        **_page_context(request, actor, engine, cards_of(actor, engine, loaded, lang)),
    )


def _history_page(
    request: Request,
    loaded: LoadedAssessment,
    found: answers.AssessmentHistory,
    wanted: HistoryFilter,
    lang: str,
) -> HTMLResponse:
    framework = loaded.framework
    in_scope = [ind for d in loaded.assessment.domains_in_scope(framework) for ind in d.indicators]
    return render(
        request,
        "history.html",
        lang,
        loaded=loaded,
        indicator=framework.indicator(wanted.indicator_id) if wanted.indicator_id else None,
        indicators=in_scope,
        found=found,
        wanted=wanted,
        prefill=PREFILL_REASON,
        imported=IMPORT_REASON,
        team_reason=lambda reason: history_reason(reason, lang),
    )


DAY = r"^(\d{4}-\d{2}-\d{2})?$"
"""A day as a date field sends it (``2026-03-01``), or nothing."""


def _day(text: str, field: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InputError([Problem("check.bad_date", {}, field=field)]) from exc


@router.get("/assessments/{assessment_id:int}/history", response_class=HTMLResponse)
def assessment_history(
    request: Request,
    assessment_id: int,
    engine: Engine,
    lang: Lang,
    actor: Who,
    indicator: Annotated[str, Query(max_length=40)] = "",
    person: Annotated[str, Query(max_length=MAX_NAME)] = "",
    start: Annotated[str, Query(max_length=10, pattern=DAY)] = "",
    end: Annotated[str, Query(max_length=10, pattern=DAY)] = "",
) -> HTMLResponse:
    """Every change of the assessment's answers, newest first, filtered by indicator, person
    and dates (a filter left empty keeps everything)."""
    loaded = assessments.load(actor, engine, assessment_id)
    if indicator and indicator not in loaded.framework.indicators:
        raise InputError(
            [Problem("answers.unknown_indicator", {"id": indicator}, field="indicator")]
        )
    days = _day(start, "start"), _day(end, "end")
    wanted = HistoryFilter(indicator or None, person or None, *days)
    found = answers.assessment_history(actor, engine, assessment_id, wanted)
    return _history_page(request, loaded, found, wanted, lang)


@router.get("/history/{assessment_id:int}/{indicator_id}", response_class=HTMLResponse)
def indicator_history(
    request: Request, assessment_id: int, indicator_id: str, engine: Engine, lang: Lang, actor: Who
) -> HTMLResponse:
    """The history of one answer (the assessment's history filtered by that indicator)."""
    loaded = assessments.load(actor, engine, assessment_id)
    if indicator_id not in loaded.framework.indicators:
        raise InputError(
            [Problem("answers.unknown_indicator", {"id": indicator_id[:40]}, field="indicator")]
        )
    wanted = HistoryFilter(indicator_id)
    found = answers.assessment_history(actor, engine, assessment_id, wanted)
    return _history_page(request, loaded, found, wanted, lang)

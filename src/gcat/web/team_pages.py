"""HTML pages of the assessment team: the upgrade and its change report, sign-off and new
version. The results page shows the panel made by :func:`team_panel`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gcat.core.records import Origin
from gcat.errors import InputError, Problem
from gcat.frameworks import load_framework
from gcat.policy.access import Actor, Right, can, require
from gcat.reports.upgrade import ChangeReport, change_report
from gcat.services import assessments, feedback, signoff, team, upgrade
from gcat.services.signoff import SignOffStatus
from gcat.web import deps
from gcat.web.rendering import keep_name

__all__ = ["TeamPanel", "history_reason", "router", "team_panel"]

router = APIRouter(include_in_schema=False)

Engine = Annotated[sa.Engine, Depends(deps.engine)]
Lang = Annotated[str, Depends(deps.language)]
Who = Annotated[Actor, Depends(deps.actor)]
Named = Annotated[Actor, Depends(deps.named_actor)]
"""Who acts through a form that changes something (it asks the name when needed)."""


@dataclass(frozen=True, slots=True)
class TeamPanel:
    """What the results page shows about versions: where it came from, its sign-off, what it
    can become."""

    origin: Origin | None
    status: SignOffStatus | None
    upgrades: tuple[tuple[str, str], ...]
    """(version, framework title) an upgrade can move it to."""
    can_validate: bool
    can_edit: bool
    """Whether the actor may make a new version or an upgrade (a viewer sees no such button)."""


def team_panel(
    actor: Actor, engine: sa.Engine, loaded: assessments.LoadedAssessment, lang: str
) -> TeamPanel:
    """The panel of ``loaded`` for the results page."""
    stored = loaded.stored
    versions = upgrade.upgrades_from(stored.framework_id, stored.framework_version)
    return TeamPanel(
        origin=assessments.origin_of(actor, engine, stored.id),
        status=signoff.signoff_status(actor, engine, stored.id),
        upgrades=tuple((v, load_framework(stored.framework_id, v).title[lang]) for v in versions),
        can_validate=can(actor, Right.VALIDATE),
        can_edit=can(actor, Right.EDIT),
    )


@router.post("/assessments/{assessment_id:int}/upgrade")
async def upgrade_form(
    request: Request,
    assessment_id: int,
    engine: Engine,
    actor: Named,
    lang: Lang,
    to_version: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Make the upgraded assessment, then show its change report."""
    new_id = upgrade.upgrade_stored(actor, engine, assessment_id, to_version, lang)
    return keep_name(
        request, RedirectResponse(f"/assessments/{new_id}/changes", status_code=303), actor.name
    )


@router.get("/assessments/{assessment_id:int}/changes", response_class=HTMLResponse)
def changes(
    request: Request, assessment_id: int, engine: Engine, lang: Lang, actor: Who
) -> HTMLResponse:
    """The change report of the upgrade that made this assessment."""
    from gcat.web.rendering import render

    loaded = assessments.load(actor, engine, assessment_id)
    stored = upgrade.stored_upgrade(actor, engine, assessment_id)
    report: ChangeReport | None = None
    if stored is not None:
        account = stored.account
        old = load_framework(account.framework_id, account.from_version)
        report = change_report(account, old, loaded.framework, stored.id_map, lang)
    return render(
        request, "changes.html", lang, loaded=loaded, report=report, upgraded=stored, page="changes"
    )


@router.post("/assessments/{assessment_id:int}/signoff")
async def signoff_form(
    request: Request,
    assessment_id: int,
    engine: Engine,
    actor: Named,
    note: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    """Sign the assessment off, then go back to its results."""
    signoff.sign_off(actor, engine, assessment_id, note=note)
    return keep_name(
        request,
        RedirectResponse(f"/assessments/{assessment_id}/results#versions", status_code=303),
        actor.name,
    )


@router.post("/assessments/{assessment_id:int}/new-version")
async def new_version_form(
    request: Request, assessment_id: int, engine: Engine, actor: Named
) -> Response:
    """Make an editable copy of the signed assessment and open it."""
    new_id = signoff.new_version(actor, engine, assessment_id)
    return keep_name(
        request, RedirectResponse(f"/assessments/{new_id}", status_code=303), actor.name
    )


# --- several assessors ----------------------------------------------------------------------


def _level_field(raw: str) -> tuple[int | None, bool]:
    """A level form value: "0"–"5", "na", or "" for no score."""
    if raw == "na":
        return None, True
    if raw.isdigit() and len(raw) == 1:
        return int(raw), False
    if raw == "":
        return None, False
    raise InputError([Problem("answers.bad_level", {"value": raw[:10]}, field="level")])


@router.get("/assessments/{assessment_id:int}/team", response_class=HTMLResponse)
def team_page(
    request: Request,
    assessment_id: int,
    engine: Engine,
    lang: Lang,
    actor: Who,
    domain: Annotated[str, Query(max_length=60)] = "",
) -> HTMLResponse:
    """Score independently, one domain at a time; reveal one's scores to the team."""
    from gcat.web.rendering import render

    loaded = assessments.load(actor, engine, assessment_id)
    in_scope = loaded.assessment.domains_in_scope(loaded.framework)
    chosen = next((d for d in in_scope if d.id == domain), in_scope[0])
    return render(
        request,
        "team.html",
        lang,
        loaded=loaded,
        view=team.team_view(actor, engine, assessment_id),
        chosen=chosen,
        domains=in_scope,
        assessor=actor.name,
        page="team",
    )


@router.post("/assessments/{assessment_id:int}/team/scores")
async def team_scores(request: Request, assessment_id: int, engine: Engine, actor: Who) -> Response:
    """Save the acting assessor's scores of one domain (fields ``level-<id>``, ``comment-<id>``)."""
    require(actor, Right.EDIT)  # the role first, before the form is read
    form = await request.form()
    domain = str(form.get("domain", ""))[:60]
    changes: dict[str, team.ScoreChange] = {}
    for key, value in form.multi_items():
        if key.startswith("level-") and len(key) <= 50:
            level, na = _level_field(str(value)[:10])
            indicator_id = key.removeprefix("level-")
            comment = str(form.get(f"comment-{indicator_id}", ""))[:6000]
            changes[indicator_id] = team.ScoreChange(level, na, comment)
        if len(changes) > 200:
            break
    team.record_scores(actor, engine, assessment_id, changes)
    return RedirectResponse(
        f"/assessments/{assessment_id}/team?domain={domain}&saved=1", status_code=303
    )


@router.post("/assessments/{assessment_id:int}/team/reveal")
async def team_reveal(assessment_id: int, engine: Engine, actor: Who) -> Response:
    """Show the acting assessor's scores to the others."""
    team.reveal_scores(actor, engine, assessment_id)
    return RedirectResponse(f"/assessments/{assessment_id}/consensus", status_code=303)


@router.get("/assessments/{assessment_id:int}/consensus", response_class=HTMLResponse)
def consensus_page(
    request: Request,
    assessment_id: int,
    engine: Engine,
    lang: Lang,
    actor: Who,
    show_all: Annotated[bool, Query(alias="all")] = False,
) -> HTMLResponse:
    """Each revealed assessor's level per indicator, their spread, and the agreed level."""
    from gcat.web.rendering import render

    loaded = assessments.load(actor, engine, assessment_id)
    return render(
        request,
        "consensus.html",
        lang,
        loaded=loaded,
        view=team.team_view(actor, engine, assessment_id),
        domains=loaded.assessment.domains_in_scope(loaded.framework),
        can_validate=can(actor, Right.VALIDATE),
        show_all=show_all,
        page="consensus",
    )


@router.post("/assessments/{assessment_id:int}/consensus/{indicator_id}")
async def consensus_decide(
    request: Request,
    assessment_id: int,
    indicator_id: str,
    engine: Engine,
    actor: Named,
    level: Annotated[str, Form(max_length=10)] = "",
    rationale: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    """Record the agreed level of one indicator with its rationale."""
    require(actor, Right.VALIDATE)  # the role first, before the form is checked
    chosen, na = _level_field(level)
    team.decide(
        actor,
        engine,
        assessment_id,
        indicator_id[:40],
        level=chosen,
        not_applicable=na,
        rationale=rationale,
    )
    return keep_name(
        request,
        RedirectResponse(
            f"/assessments/{assessment_id}/consensus#c-{indicator_id[:40]}", status_code=303
        ),
        actor.name,
    )


# --- framework feedback ---------------------------------------------------------------------


@router.post("/assessments/{assessment_id:int}/feedback")
async def feedback_add(
    request: Request,
    assessment_id: int,
    engine: Engine,
    actor: Named,
    indicator_id: Annotated[str, Form(max_length=40)] = "",
    about: Annotated[str, Form(max_length=10)] = "",
    kind: Annotated[str, Form(max_length=20)] = "",
    note: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    """Record a note on an indicator or one of its level descriptors, then go back to it."""
    level = int(about) if about.isdigit() and len(about) == 1 else None
    added = feedback.add_feedback(  # checks the role first, then the assessment
        actor, engine, assessment_id, indicator_id, level=level, kind=kind, note=note
    )
    loaded = assessments.load(actor, engine, assessment_id)
    domain = loaded.framework.indicator(added.indicator_id).domain_id
    return keep_name(
        request,
        RedirectResponse(
            f"/assessments/{assessment_id}/domains/{domain}#{added.indicator_id}", status_code=303
        ),
        actor.name,
    )


@router.post("/assessments/{assessment_id:int}/feedback/{feedback_id:int}/delete")
async def feedback_delete(
    assessment_id: int,
    feedback_id: int,
    engine: Engine,
    actor: Who,
    back: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Delete one feedback note."""
    feedback.delete_feedback(actor, engine, assessment_id, feedback_id)
    target = back if back.startswith("/assessments/") else f"/assessments/{assessment_id}"
    return RedirectResponse(target, status_code=303)


def history_reason(reason: str, lang: str) -> str | None:
    """The change reasons the team writes, in ``lang``; None for any other reason."""
    from gcat.i18n import message
    from gcat.services.signoff import REVISION_REASON
    from gcat.services.team import CONSENSUS_REASON
    from gcat.services.upgrade import UPGRADE_REASON

    head, _, rest = reason.partition(" ")
    if head == UPGRADE_REASON:
        old, _, new = rest.partition(" ")
        return message("versions.history_upgrade", lang, old=old, new=new)
    if head == REVISION_REASON:
        return message("versions.history_revision", lang, edition=rest)
    if head == CONSENSUS_REASON:
        return message("versions.history_consensus", lang, rationale=rest)
    return None

"""HTML pages of the assessment team: the upgrade and its change report, sign-off and new
version. The results page shows the panel made by :func:`team_panel`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gcat.core.records import Origin
from gcat.frameworks import load_framework
from gcat.policy.access import Actor, Right, can
from gcat.reports.upgrade import ChangeReport, change_report
from gcat.services import assessments, signoff, upgrade
from gcat.services.signoff import SignOffStatus
from gcat.web import deps

__all__ = ["TeamPanel", "router", "team_panel"]

router = APIRouter(include_in_schema=False)

Engine = Annotated[sa.Engine, Depends(deps.engine)]
Lang = Annotated[str, Depends(deps.language)]
Who = Annotated[Actor, Depends(deps.actor)]


@dataclass(frozen=True, slots=True)
class TeamPanel:
    """What the results page shows about versions: where it came from, its sign-off, what it
    can become."""

    origin: Origin | None
    status: SignOffStatus | None
    upgrades: tuple[tuple[str, str], ...]
    """(version, framework title) an upgrade can move it to."""
    can_validate: bool


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
    )


@router.post("/assessments/{assessment_id:int}/upgrade")
async def upgrade_form(
    assessment_id: int,
    engine: Engine,
    actor: Who,
    lang: Lang,
    to_version: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Make the upgraded assessment, then show its change report."""
    new_id = upgrade.upgrade_stored(actor, engine, assessment_id, to_version, lang)
    return RedirectResponse(f"/assessments/{new_id}/changes", status_code=303)


@router.get("/assessments/{assessment_id:int}/changes", response_class=HTMLResponse)
def changes(
    request: Request, assessment_id: int, engine: Engine, lang: Lang, actor: Who
) -> HTMLResponse:
    """The change report of the upgrade that made this assessment."""
    from gcat.web.pages import render

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
    assessment_id: int,
    engine: Engine,
    actor: Who,
    note: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    """Sign the assessment off, then go back to its results."""
    signoff.sign_off(actor, engine, assessment_id, note=note)
    return RedirectResponse(f"/assessments/{assessment_id}/results#versions", status_code=303)


@router.post("/assessments/{assessment_id:int}/new-version")
async def new_version_form(assessment_id: int, engine: Engine, actor: Who) -> Response:
    """Make an editable copy of the signed assessment and open it."""
    new_id = signoff.new_version(actor, engine, assessment_id)
    return RedirectResponse(f"/assessments/{new_id}", status_code=303)

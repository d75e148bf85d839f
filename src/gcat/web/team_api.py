"""The JSON API of the assessment team: upgrade, sign-off and new version."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from gcat.limits import MAX_ID
from gcat.policy.access import Actor
from gcat.services import signoff, upgrade
from gcat.web import deps
from gcat.web.errors import ERROR_RESPONSES
from gcat.web.schemas import Strict

__all__ = ["router"]

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)

Engine = Annotated[sa.Engine, Depends(deps.engine)]
Lang = Annotated[str, Depends(deps.language)]
Who = Annotated[Actor, Depends(deps.actor)]
AssessmentId = Annotated[int, Path(ge=1, le=MAX_ID)]


class SignOffCreate(Strict):
    """A sign-off, with an optional note."""

    note: Annotated[str, Field(max_length=5000)] = ""


class SignOffPublic(BaseModel):
    """Who signed, when, the content hash, whether the content still has it, and the new
    versions made from the signed assessment."""

    signed_by: str
    signed_at: datetime
    content_hash: str
    note: str
    intact: bool
    versions: list[int]


class UpgradeCreate(Strict):
    """The framework version to move to."""

    to_version: Annotated[
        str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    ]


class Created(BaseModel):
    """The id of an assessment just made."""

    id: int


def _public(actor: Actor, engine: sa.Engine, assessment_id: int) -> SignOffPublic | None:
    status = signoff.signoff_status(actor, engine, assessment_id)
    if status is None:
        return None
    done = status.signoff
    return SignOffPublic(
        signed_by=done.signed_by,
        signed_at=done.signed_at,
        content_hash=done.content_hash,
        note=done.note,
        intact=status.intact,
        versions=list(status.versions),
    )


@router.get("/assessments/{assessment_id:int}/signoff")
def get_signoff(assessment_id: AssessmentId, engine: Engine, actor: Who) -> SignOffPublic | None:
    """The sign-off of an assessment (null when it is not signed)."""
    return _public(actor, engine, assessment_id)


@router.post("/assessments/{assessment_id:int}/signoff", status_code=201)
async def post_signoff(
    assessment_id: AssessmentId, body: SignOffCreate, engine: Engine, actor: Who
) -> SignOffPublic:
    """Sign an assessment off: it becomes read-only (409 on any change afterwards)."""
    signoff.sign_off(actor, engine, assessment_id, note=body.note)
    made = _public(actor, engine, assessment_id)
    assert made is not None
    return made


@router.post("/assessments/{assessment_id:int}/new-version", status_code=201)
async def post_new_version(assessment_id: AssessmentId, engine: Engine, actor: Who) -> Created:
    """An editable copy of a signed assessment, linked to it (409 when it is not signed)."""
    return Created(id=signoff.new_version(actor, engine, assessment_id))


@router.post("/assessments/{assessment_id:int}/upgrade", status_code=201)
async def post_upgrade(
    assessment_id: AssessmentId, body: UpgradeCreate, engine: Engine, actor: Who, lang: Lang
) -> Created:
    """A new assessment under ``to_version``, made through the version map (the old one stays)."""
    return Created(id=upgrade.upgrade_stored(actor, engine, assessment_id, body.to_version, lang))

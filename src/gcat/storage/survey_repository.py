"""Repository of the survey and the classification decisions: keyword-only functions on a
connection the caller owns, returning dataclasses."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from gcat.core.survey import Response, text_digest
from gcat.core.survey_records import NewInitiative, StoredDecision, StoredInitiative, StoredSurvey
from gcat.storage.schema import (
    classification_decisions,
    survey_initiatives,
    survey_responses,
    surveys,
)

__all__ = [
    "NewInitiative",
    "StoredDecision",
    "StoredInitiative",
    "StoredSurvey",
    "add_decision",
    "decisions",
    "get_initiative",
    "get_survey",
    "initiatives",
    "replace_survey",
    "responses",
    "survey_years",
]


def _survey(row: sa.Row[Any]) -> StoredSurvey:
    return StoredSurvey(
        id=row.id,
        year=row.year,
        member_count=row.member_count,
        member_list=row.member_list,
        responses_file=row.responses_file,
        initiatives_file=row.initiatives_file,
        demo=bool(row.demo),
        imported_at=row.imported_at,
        imported_by=row.imported_by,
    )


def _decision(row: sa.Row[Any]) -> StoredDecision:
    return StoredDecision(
        id=row.id,
        initiative_id=row.initiative_id,
        member_key=row.member_key,
        text_sha256=row.text_sha256,
        text=row.text,
        lang=row.lang,
        thematic_areas=tuple(row.thematic_areas),
        gcat_domains=tuple(row.gcat_domains),
        note=row.note,
        suggestion=row.suggestion,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
    )


def replace_survey(
    conn: sa.Connection,
    *,
    year: int,
    member_count: int,
    member_list: str,
    responses_file: str,
    initiatives_file: str | None,
    demo: bool,
    when: datetime,
    by: str,
    answers: Sequence[Response],
    items: Sequence[NewInitiative],
) -> int:
    """Store a survey in place of the one of the same year; its id. Decisions on the old
    initiatives are kept and linked again to the same member's same text."""
    conn.execute(surveys.delete().where(surveys.c.year == year))
    survey_id = int(
        conn.execute(
            surveys.insert().values(
                year=year,
                member_count=member_count,
                member_list=member_list,
                responses_file=responses_file,
                initiatives_file=initiatives_file,
                demo=demo,
                imported_at=when,
                imported_by=by,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    )
    if answers:
        conn.execute(
            survey_responses.insert(),
            [
                {
                    "survey_id": survey_id,
                    "member_key": r.member_key,
                    "responded": r.responded,
                    "consent": r.consent,
                    "response_date": r.date,
                    "contact_email": r.contact_email,
                }
                for r in answers
            ],
        )
    for position, item in enumerate(items):
        initiative_id = conn.execute(
            survey_initiatives.insert().values(
                survey_id=survey_id,
                ref=item.ref,
                position=position,
                member_key=item.member_key,
                text=item.text,
                text_sha256=item.text_sha256,
                lang=item.lang,
                lang_detected=item.lang_detected,
                suggestion=item.suggestion,
                uncertainty=item.uncertainty,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
        conn.execute(
            classification_decisions.update()
            .where(
                classification_decisions.c.initiative_id.is_(None),
                classification_decisions.c.member_key == item.member_key,
                classification_decisions.c.text_sha256 == item.text_sha256,
            )
            .values(initiative_id=initiative_id)
        )
    return survey_id


def survey_years(conn: sa.Connection) -> list[int]:
    """The years with a stored survey, latest first."""
    return [
        int(y)
        for y in conn.execute(sa.select(surveys.c.year).order_by(surveys.c.year.desc())).scalars()
    ]


def get_survey(conn: sa.Connection, *, year: int | None = None) -> StoredSurvey | None:
    """The survey of ``year`` (default: the latest), or None."""
    query = sa.select(surveys)
    query = (
        query.where(surveys.c.year == year)
        if year is not None
        else query.order_by(surveys.c.year.desc())
    )
    row = conn.execute(query.limit(1)).first()
    return _survey(row) if row else None


def responses(conn: sa.Connection, *, survey_id: int) -> list[Response]:
    """The responses of a survey."""
    rows = conn.execute(
        sa.select(survey_responses)
        .where(survey_responses.c.survey_id == survey_id)
        .order_by(survey_responses.c.id)
    )
    return [
        Response(r.member_key, bool(r.responded), bool(r.consent), r.response_date, r.contact_email)
        for r in rows
    ]


def _latest_decisions(
    conn: sa.Connection, initiative_ids: Sequence[int] | None
) -> dict[int, StoredDecision]:
    query = sa.select(classification_decisions).where(
        classification_decisions.c.initiative_id.is_not(None)
    )
    if initiative_ids is not None:
        query = query.where(classification_decisions.c.initiative_id.in_(initiative_ids))
    latest: dict[int, StoredDecision] = {}
    for row in conn.execute(query.order_by(classification_decisions.c.id)):
        latest[row.initiative_id] = _decision(row)
    return latest


def _initiative(row: sa.Row[Any], decision: StoredDecision | None) -> StoredInitiative:
    return StoredInitiative(
        id=row.id,
        survey_id=row.survey_id,
        ref=row.ref,
        position=row.position,
        member_key=row.member_key,
        text=row.text,
        lang=row.lang,
        lang_detected=bool(row.lang_detected),
        suggestion=row.suggestion,
        uncertainty=row.uncertainty,
        decision=decision,
    )


def initiatives(conn: sa.Connection, *, survey_id: int) -> list[StoredInitiative]:
    """The initiatives of a survey in file order, each with its latest decision."""
    rows = list(
        conn.execute(
            sa.select(survey_initiatives)
            .where(survey_initiatives.c.survey_id == survey_id)
            .order_by(survey_initiatives.c.position)
        )
    )
    latest = _latest_decisions(conn, None)
    return [_initiative(row, latest.get(row.id)) for row in rows]


def get_initiative(conn: sa.Connection, *, initiative_id: int) -> StoredInitiative | None:
    """One initiative with its latest decision, or None."""
    row = conn.execute(
        sa.select(survey_initiatives).where(survey_initiatives.c.id == initiative_id)
    ).first()
    if row is None:
        return None
    return _initiative(row, _latest_decisions(conn, [initiative_id]).get(initiative_id))


def add_decision(
    conn: sa.Connection,
    *,
    initiative: StoredInitiative,
    thematic_areas: Sequence[str],
    gcat_domains: Sequence[str],
    note: str | None,
    by: str,
    when: datetime,
) -> int:
    """Record a decision (the initiative's suggestion at this moment is kept with it); its id."""
    return int(
        conn.execute(
            classification_decisions.insert().values(
                initiative_id=initiative.id,
                member_key=initiative.member_key,
                text_sha256=text_digest(initiative.text),
                text=initiative.text,
                lang=initiative.lang,
                thematic_areas=list(thematic_areas),
                gcat_domains=list(gcat_domains),
                note=note,
                suggestion=initiative.suggestion,
                decided_by=by,
                decided_at=when,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    )


def decisions(conn: sa.Connection) -> list[StoredDecision]:
    """Every decision, oldest first."""
    return [
        _decision(row)
        for row in conn.execute(
            sa.select(classification_decisions).order_by(classification_decisions.c.id)
        )
    ]

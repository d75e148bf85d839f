"""Use-cases of the survey: import (with the model's suggestions), the figures, the lists.

Secretariat work: every function requires :attr:`Right.SECRETARIAT`. An import checks both
tables completely before it writes anything, and replaces the survey of the same year in one
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from gcat.classify.labels import AREAS, DOMAINS
from gcat.core.members import MemberList
from gcat.core.survey import SurveyInitiative, analyse, text_digest
from gcat.core.survey_records import NewInitiative, StoredInitiative, SurveyData
from gcat.errors import NotFoundError
from gcat.members import load_members
from gcat.policy.access import Actor, Right, require
from gcat.storage import survey_repository as repo
from gcat.storage.db import write_transaction
from gcat.survey.importer import ParsedSurvey, parse_survey

__all__ = [
    "ImportSummary",
    "SurveyData",
    "import_demo",
    "import_parsed",
    "import_survey",
    "load_survey",
    "survey_years",
]


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import stored."""

    year: int
    responses: int
    responded: int
    initiatives: int
    replaced: bool


def _now() -> datetime:
    return datetime.now(UTC)


def _suggest(parsed: ParsedSurvey, model_folder: Path | None) -> list[NewInitiative]:
    if not parsed.initiatives:
        return []
    from gcat.classify import classify_texts
    from gcat.services.classification import load_classifier, suggestion_fields

    model = load_classifier(model_folder)
    suggestions = classify_texts(
        model, [i.text for i in parsed.initiatives], [i.lang for i in parsed.initiatives]
    )
    return [
        NewInitiative(
            ref=item.ref,
            member_key=item.member_key,
            text=item.text,
            text_sha256=text_digest(item.text),
            lang=suggestion.lang,
            lang_detected=item.lang is None,
            suggestion=suggestion_fields(model, suggestion),
            uncertainty=suggestion.uncertainty,
        )
        for item, suggestion in zip(parsed.initiatives, suggestions, strict=True)
    ]


def import_parsed(
    actor: Actor,
    engine: sa.Engine,
    parsed: ParsedSurvey,
    *,
    year: int,
    members: MemberList,
    demo: bool = False,
    model_folder: Path | None = None,
) -> ImportSummary:
    """Store checked tables as the survey of ``year`` (replacing the one there)."""
    require(actor, Right.SECRETARIAT)
    items = _suggest(parsed, model_folder)
    with write_transaction(engine) as conn:
        replaced = repo.get_survey(conn, year=year) is not None
        repo.replace_survey(
            conn,
            year=year,
            member_count=len(members),
            member_list=f"{members.version} ({members.as_of})",
            responses_file=parsed.responses_file[-200:],
            initiatives_file=parsed.initiatives_file[-200:] if parsed.initiatives_file else None,
            demo=demo,
            when=_now(),
            by=actor.name,
            answers=parsed.responses,
            items=items,
        )
    return ImportSummary(
        year=year,
        responses=len(parsed.responses),
        responded=sum(r.responded for r in parsed.responses),
        initiatives=len(items),
        replaced=replaced,
    )


def import_survey(
    actor: Actor,
    engine: sa.Engine,
    responses: tuple[bytes, str],
    initiatives: tuple[bytes, str] | None = None,
    *,
    year: int | None = None,
    lang: str = "en",
    model_folder: Path | None = None,
) -> ImportSummary:
    """Check and store the survey files (CSV or XLSX) as the survey of ``year`` (default:
    this year)."""
    require(actor, Right.SECRETARIAT)
    members = load_members(engine)
    parsed = parse_survey(responses, initiatives, members, lang)
    return import_parsed(
        actor,
        engine,
        parsed,
        year=year or _now().year,
        members=members,
        model_folder=model_folder,
    )


def survey_years(actor: Actor, engine: sa.Engine) -> list[int]:
    """The years with a stored survey, latest first."""
    require(actor, Right.SECRETARIAT)
    with engine.connect() as conn:
        return repo.survey_years(conn)


def _labels(item: StoredInitiative) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    if item.decision is not None:
        return item.decision.thematic_areas, item.decision.gcat_domains, "confirmed"
    if item.suggestion is not None:
        return (
            tuple(item.suggestion["thematic_areas"]),
            tuple(item.suggestion["gcat_domains"]),
            "suggested",
        )
    return (), (), "none"


def to_initiative(item: StoredInitiative) -> SurveyInitiative:
    """The core view of a stored initiative: its current labels and where they come from."""
    areas, domains, status = _labels(item)
    indicators = tuple(
        (str(i["id"]), float(i["score"])) for i in (item.suggestion or {}).get("indicators", ())
    )
    return SurveyInitiative(
        id=item.id,
        ref=item.ref,
        member_key=item.member_key,
        text=item.text,
        lang=item.lang,
        thematic_areas=areas,
        gcat_domains=domains,
        status=status,
        indicators=indicators,
        uncertainty=item.uncertainty,
    )


def load_survey(actor: Actor, engine: sa.Engine, year: int | None = None) -> SurveyData:
    """The survey of ``year`` (default: the latest) with its figures."""
    require(actor, Right.SECRETARIAT)
    members = load_members(engine)
    with engine.connect() as conn:
        survey = repo.get_survey(conn, year=year)
        if survey is None:
            raise NotFoundError("survey.not_found", year=year or "")
        answers = tuple(repo.responses(conn, survey_id=survey.id))
        stored = tuple(repo.initiatives(conn, survey_id=survey.id))
    items = tuple(to_initiative(item) for item in stored)
    analysis = analyse(
        {m.key: m.region for m in members},
        [region.id for region in members.regions],
        answers,
        items,
        AREAS,
        DOMAINS,
    )
    return SurveyData(survey, members, answers, items, stored, analysis)


def import_demo(actor: Actor, engine: sa.Engine, model_folder: Path | None = None) -> ImportSummary:
    """Store the demo survey (the real member list, fictional answers) as its year's survey."""
    from gcat.survey.demo import demo_survey

    require(actor, Right.SECRETARIAT)
    members = load_members(engine)
    demo = demo_survey(members)
    return import_parsed(
        actor,
        engine,
        demo.parsed,
        year=demo.year,
        members=members,
        demo=True,
        model_folder=model_folder,
    )

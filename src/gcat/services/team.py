"""Several assessors on one stored assessment: independent scores, reveal, consensus.

Each assessor (the acting person, by name) scores the indicators on their own; nobody sees
another's scores until that assessor reveals them, and an assessor sees the others' revealed
scores only once they have revealed their own. The consensus view puts the revealed scores side
by side with their spread and agreement (:mod:`gcat.core.agreement`); the validator records the
agreed level with a rationale, which becomes the assessment's answer. Every score and every
decision is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from gcat.answer_rules import check_answer
from gcat.core.agreement import NA, Agreement, IndicatorAgreement, Score, agreement
from gcat.core.assessment import Answer
from gcat.core.records import AssessorRecord, AssessorScore, ConsensusDecision
from gcat.core.text import clean_line, clean_text
from gcat.errors import InputError, Problem
from gcat.limits import MAX_NAME, MAX_TEXT
from gcat.policy.access import Actor, Right, require
from gcat.services.assessments import (
    LoadedAssessment,
    editable_header,
    invalid,
    load_in,
    now,
)
from gcat.storage import repository as repo
from gcat.storage import team_repository as team_repo
from gcat.storage.db import write_transaction

__all__ = [
    "CONSENSUS_REASON",
    "ScoreChange",
    "TeamView",
    "decide",
    "record_scores",
    "reveal_scores",
    "team_outline",
    "team_view",
]

CONSENSUS_REASON = "@consensus"
"""History reason of an answer set by a consensus decision (followed by the rationale)."""


def _name(actor: Actor) -> str:
    name = clean_line(actor.name)[:MAX_NAME]
    if not name:
        raise InputError([Problem("team.no_name", {}, field="name")])
    return name


def _score(item: AssessorScore | None) -> Score:
    if item is None:
        return None
    return NA if item.not_applicable else item.level


@dataclass(frozen=True, slots=True)
class ScoreChange:
    """An assessor's score of one indicator as sent: a level, "not applicable" or none."""

    level: int | None
    not_applicable: bool = False
    comment: str = ""


def record_scores(
    actor: Actor, engine: sa.Engine, assessment_id: int, changes: Mapping[str, ScoreChange]
) -> int:
    """Save the acting assessor's scores (joining them to the team); return how many changed.

    Only scores that differ from the assessor's current ones are recorded; each is checked like
    an answer (level 0–5, "not applicable" only where the indicator allows it, text limits).
    """
    require(actor, Right.EDIT)
    name = _name(actor)
    with write_transaction(engine) as conn:
        stored = editable_header(actor, conn, assessment_id)
        loaded = load_in(actor, conn, assessment_id)
        current = team_repo.current_scores(conn, assessment_id=assessment_id)
        when = now()
        team_repo.join_assessor(conn, assessment=stored, name=name, now=when)
        changed = 0
        for indicator_id, change in changes.items():
            comment = clean_text(change.comment)
            _check_score(loaded, indicator_id, change, comment)
            before = current.get((name, indicator_id))
            same = before is not None and (
                before.level,
                before.not_applicable,
                before.comment,
            ) == (change.level, change.not_applicable, comment)
            if same or (before is None and change.level is None and not change.not_applicable):
                continue
            team_repo.add_score(
                conn,
                assessment=stored,
                indicator_id=indicator_id,
                assessor=name,
                level=change.level,
                not_applicable=change.not_applicable,
                comment=comment,
                now=when,
            )
            changed += 1
    return changed


def _check_score(
    loaded: LoadedAssessment, indicator_id: str, change: ScoreChange, comment: str
) -> None:
    framework = loaded.framework
    if indicator_id not in framework.indicators or not loaded.assessment.covers(
        framework.indicator(indicator_id).domain_id
    ):
        raise invalid("indicator_id", "answers.unknown_indicator", id=indicator_id[:40])
    if change.level is not None and not 0 <= change.level <= 5:
        raise invalid(f"{indicator_id}.level", "answers.bad_level", value=str(change.level))
    if change.level is not None and change.not_applicable:
        raise invalid(f"{indicator_id}.level", "answers.level_and_na")
    if change.not_applicable and not framework.indicator(indicator_id).not_applicable_allowed:
        raise invalid(f"{indicator_id}.level", "answers.na_not_allowed", id=indicator_id)
    if len(comment) > MAX_TEXT:
        raise invalid(f"{indicator_id}.comment", "check.text_too_long", limit=MAX_TEXT)


def reveal_scores(actor: Actor, engine: sa.Engine, assessment_id: int) -> None:
    """Show the acting assessor's scores to the others (and theirs to them)."""
    require(actor, Right.EDIT)
    name = _name(actor)
    with write_transaction(engine) as conn:
        stored = editable_header(actor, conn, assessment_id)
        team_repo.join_assessor(conn, assessment=stored, name=name, now=now())
        team_repo.reveal(conn, assessment_id=assessment_id, name=name, now=now())


@dataclass(frozen=True, slots=True)
class IndicatorView:
    """One indicator in the consensus view."""

    agreement: IndicatorAgreement
    comments: tuple[tuple[str, str], ...]
    """(assessor, comment) of the shown assessors who wrote one."""
    decision: ConsensusDecision | None
    history: tuple[AssessorScore, ...]
    """Every score the shown assessors gave it, oldest first."""


@dataclass(frozen=True, slots=True)
class TeamView:
    """The team of an assessment as one person may see it."""

    assessors: tuple[AssessorRecord, ...]
    me: AssessorRecord | None
    """The viewer, when they are one of the assessors."""
    shown: tuple[str, ...]
    """The assessors whose scores the viewer may see."""
    my_scores: Mapping[str, AssessorScore]
    agreement: Agreement | None
    """Agreement of the shown assessors (None with fewer than two)."""
    indicators: Mapping[str, IndicatorView]
    scored: Mapping[str, int]
    """How many indicators each assessor has scored."""


def _visible(assessors: list[AssessorRecord], me: AssessorRecord | None) -> tuple[str, ...]:
    """Scores stay hidden until revealed; an assessor sees others only once revealed too."""
    if me is not None and me.revealed_at is None:
        return (me.name,)
    return tuple(a.name for a in assessors if a.revealed_at is not None)


def team_view(actor: Actor, engine: sa.Engine, assessment_id: int) -> TeamView:
    """The assessors, the viewer's own scores, and what the viewer may see of the others."""
    require(actor, Right.READ)
    with engine.connect() as conn:
        loaded = load_in(actor, conn, assessment_id)
        assessors = team_repo.list_assessors(conn, assessment_id=assessment_id)
        history = team_repo.score_history(conn, assessment_id=assessment_id)
        decided = team_repo.decisions(conn, assessment_id=assessment_id)
    name = clean_line(actor.name)[:MAX_NAME]
    me = next((a for a in assessors if a.name == name), None)
    shown = _visible(assessors, me)
    current = {(s.assessor, s.indicator_id): s for s in history}
    in_scope = [
        (ind.id, domain.id)
        for domain in loaded.assessment.domains_in_scope(loaded.framework)
        for ind in domain.indicators
    ]
    result = agreement(
        shown,
        [(ind, dom, [_score(current.get((who, ind))) for who in shown]) for ind, dom in in_scope],
    )
    latest = {d.indicator_id: d for d in decided}
    views = {
        item.indicator_id: IndicatorView(
            item,
            tuple(
                (who, current[(who, item.indicator_id)].comment)
                for who in shown
                if (who, item.indicator_id) in current and current[(who, item.indicator_id)].comment
            ),
            latest.get(item.indicator_id),
            tuple(
                s for s in history if s.indicator_id == item.indicator_id and s.assessor in shown
            ),
        )
        for item in result.indicators
    }
    scored: dict[str, int] = {}
    for (who, _), item in current.items():
        if item.level is not None or item.not_applicable:
            scored[who] = scored.get(who, 0) + 1
    return TeamView(
        tuple(assessors),
        me,
        shown,
        {ind: s for (who, ind), s in current.items() if who == name},
        result if len(shown) >= 2 else None,
        views,
        scored,
    )


def team_outline(
    actor: Actor, engine: sa.Engine, assessment_id: int
) -> tuple[Agreement | None, tuple[ConsensusDecision, ...]]:
    """What reports show of the team: the revealed assessors' agreement and the decisions in
    force (the latest per indicator), in framework order."""
    require(actor, Right.READ)
    with engine.connect() as conn:
        loaded = load_in(actor, conn, assessment_id)
        assessors = team_repo.list_assessors(conn, assessment_id=assessment_id)
        current = team_repo.current_scores(conn, assessment_id=assessment_id)
        decided = {
            d.indicator_id: d for d in team_repo.decisions(conn, assessment_id=assessment_id)
        }
    shown = tuple(a.name for a in assessors if a.revealed_at is not None)
    result = None
    if len(shown) >= 2:
        result = agreement(
            shown,
            [
                (ind.id, domain.id, [_score(current.get((who, ind.id))) for who in shown])
                for domain in loaded.assessment.domains_in_scope(loaded.framework)
                for ind in domain.indicators
            ],
        )
    order = list(loaded.framework.indicators)
    return result, tuple(sorted(decided.values(), key=lambda d: order.index(d.indicator_id)))


def decide(
    actor: Actor,
    engine: sa.Engine,
    assessment_id: int,
    indicator_id: str,
    *,
    level: int | None,
    not_applicable: bool,
    rationale: str,
) -> ConsensusDecision:
    """Record the agreed answer of one indicator with its rationale; it becomes the answer.

    The revealed assessors' scores at that moment are kept with the decision. The answer keeps
    its comment, evidence and flag; its target is raised to the agreed level if below it.
    """
    require(actor, Right.VALIDATE)
    rationale = clean_text(rationale)
    if not rationale:
        raise invalid("rationale", "team.rationale_needed")
    if len(rationale) > MAX_TEXT:
        raise invalid("rationale", "check.text_too_long", limit=MAX_TEXT)
    with write_transaction(engine) as conn:
        stored = editable_header(actor, conn, assessment_id)
        loaded = load_in(actor, conn, assessment_id)
        old = loaded.answers.get(indicator_id)
        base = old.answer if old is not None else Answer()
        target = base.target
        if target is not None and level is not None and target < level:
            target = level
        outcome = check_answer(
            loaded.framework,
            indicator_id,
            domains=stored.domains,
            level=level,
            not_applicable=not_applicable,
            reason=(base.reason or rationale) if not_applicable else "",
            target=target,
            comment=base.comment,
            flagged=base.flagged,
        )
        if outcome.errors:
            first = outcome.errors[0]
            raise invalid(
                str(first.field[0]) if first.field else "level", first.code, **first.params
            )
        assert outcome.answer is not None
        assessors = team_repo.list_assessors(conn, assessment_id=assessment_id)
        current = team_repo.current_scores(conn, assessment_id=assessment_id)
        scores: dict[str, int | str | None] = {
            a.name: _score(current.get((a.name, indicator_id)))
            for a in assessors
            if a.revealed_at is not None
        }
        when = now()
        repo.save_answer(
            conn,
            assessment=stored,
            indicator_id=indicator_id,
            answer=outcome.answer,
            evidence_note=old.evidence_note if old is not None else "",
            expected_version=old.version if old is not None else 0,
            who=actor.name,
            change_reason=f"{CONSENSUS_REASON} {rationale}",
            now=when,
        )
        team_repo.save_decision(
            conn,
            assessment=stored,
            indicator_id=indicator_id,
            level=level,
            not_applicable=not_applicable,
            rationale=rationale,
            scores=scores,
            who=actor.name,
            now=when,
        )
    return ConsensusDecision(
        indicator_id, level, not_applicable, rationale, scores, actor.name, when
    )

"""Consensus offline: several assessors' answers files of one assessment, compared.

Each file is read and checked like any answers file; they must be of the same framework version,
administration and cycle. The outcome is the agreement (:mod:`gcat.core.agreement`) and the
agreed assessment: per indicator the proposed level (the median, the lower of two middle levels),
flagged where the assessors disagree by more than one level, with everyone's comments and
evidence kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gcat.answers_file import read_answers
from gcat.core.agreement import NA, Agreement, IndicatorAgreement, Score, agreement
from gcat.core.assessment import Answer, Assessment
from gcat.core.model import Framework
from gcat.errors import InputError, Problem
from gcat.i18n import message
from gcat.limits import MAX_EVIDENCE_ITEMS, MAX_TEXT

__all__ = [
    "Consensus",
    "agreed_assessment",
    "agreement_to_json",
    "consensus_files",
    "consensus_of",
    "read_team_files",
    "score_of",
]

MAX_ASSESSORS = 50


def score_of(answer: Answer | None) -> Score:
    """An answer as a score: its level, "na", or None when unanswered."""
    if answer is None:
        return None
    if answer.not_applicable:
        return NA
    return answer.level


@dataclass(frozen=True, slots=True)
class Consensus:
    """The team's files compared: the agreement and the agreed assessment."""

    framework: Framework
    assessors: tuple[str, ...]
    assessments: tuple[Assessment, ...]
    agreement: Agreement
    agreed: Assessment


def _names(paths: Sequence[Path]) -> tuple[str, ...]:
    """Each file's assessor: its name without the suffix, the whole name when two collide."""
    stems = [path.name.split(".")[0] or path.name for path in paths]
    return tuple(
        stem if stems.count(stem) == 1 else str(path)
        for stem, path in zip(stems, paths, strict=True)
    )


def read_team_files(paths: Sequence[Path]) -> tuple[Framework, tuple[Assessment, ...]]:
    """Read and check every file; refuse files of another framework, administration or cycle."""
    if len(paths) < 2:
        raise InputError([Problem("consensus.too_few", {}, field="FILES")])
    if len(paths) > MAX_ASSESSORS:
        raise InputError([Problem("consensus.too_many", {"limit": MAX_ASSESSORS}, field="FILES")])
    read = [read_answers(path) for path in paths]
    framework, first = read[0]
    for path, (other, assessment) in zip(paths[1:], read[1:], strict=True):
        if other.key != framework.key:
            raise InputError(
                [
                    Problem(
                        "consensus.other_framework",
                        {"found": other.key, "expected": framework.key, "first": str(paths[0])},
                        source=str(path),
                        field="framework",
                    )
                ]
            )
        for field, code, found, expected in (
            (
                "administration",
                "consensus.other_administration",
                assessment.administration,
                first.administration,
            ),
            ("cycle", "consensus.other_cycle", assessment.cycle, first.cycle),
        ):
            if found != expected:
                raise InputError(
                    [
                        Problem(
                            code,
                            {"found": found, "expected": expected, "first": str(paths[0])},
                            source=str(path),
                            field=field,
                        )
                    ]
                )
    return framework, tuple(assessment for _, assessment in read)


def _in_scope(framework: Framework, assessments: Sequence[Assessment]) -> list[str]:
    """Indicators covered by at least one of the files, in framework order."""
    return [
        ind.id
        for domain in framework.domains
        if any(a.covers(domain.id) for a in assessments)
        for ind in domain.indicators
    ]


def consensus_of(
    framework: Framework, assessors: Sequence[str], assessments: Sequence[Assessment], lang: str
) -> Consensus:
    """The agreement of ``assessments`` (one per assessor) and the agreed assessment."""
    scores = [
        (
            ind_id,
            framework.indicator(ind_id).domain_id,
            [score_of(a.answers.get(ind_id)) for a in assessments],
        )
        for ind_id in _in_scope(framework, assessments)
    ]
    result = agreement(assessors, scores)
    agreed = agreed_assessment(framework, assessors, assessments, result, lang)
    return Consensus(framework, tuple(assessors), tuple(assessments), result, agreed)


def consensus_files(paths: Sequence[Path], lang: str) -> Consensus:
    """:func:`consensus_of` on answers files, the assessors named after the files."""
    framework, assessments = read_team_files(paths)
    return consensus_of(framework, _names(paths), assessments, lang)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _shown(score: Score, lang: str) -> str:
    if score == NA:
        return message("q.na_short", lang)
    return "—" if score is None else str(score)


def agreed_assessment(
    framework: Framework,
    assessors: Sequence[str],
    assessments: Sequence[Assessment],
    result: Agreement,
    lang: str,
) -> Assessment:
    """The proposed answers: the median level (or N/A when all who answered said so), flagged
    where the assessors disagree; each comment says who gave what, then everyone's comments."""
    answers: dict[str, Answer] = {}
    for item in result.indicators:
        given = [
            (name, a.answers[item.indicator_id])
            for name, a in zip(assessors, assessments, strict=True)
            if item.indicator_id in a.answers
        ]
        if not given:
            continue
        answers[item.indicator_id] = _agreed_answer(item, assessors, given, lang)
    domains = None
    if all(a.domains is not None for a in assessments):
        covered = {d for a in assessments for d in a.domains or ()}
        domains = tuple(d.id for d in framework.domains if d.id in covered)
    first = assessments[0]
    return Assessment(
        framework.id, framework.version, first.administration, first.cycle, answers, domains
    )


def _agreed_answer(
    item: IndicatorAgreement,
    assessors: Sequence[str],
    given: list[tuple[str, Answer]],
    lang: str,
) -> Answer:
    proposed = item.proposed
    who = ", ".join(
        f"{name} {_shown(score, lang)}" for name, score in zip(assessors, item.scores, strict=True)
    )
    note = message(
        "consensus.disagreement_note" if item.disagreement else "consensus.note",
        lang,
        scores=who,
        proposed=_shown(proposed, lang),
    )
    comments = [f"[{name}] {answer.comment}" for name, answer in given if answer.comment]
    reasons = [f"[{name}] {answer.reason}" for name, answer in given if answer.reason]
    evidence = list(dict.fromkeys(note for _, answer in given for note in answer.evidence))
    targets = [answer.target for _, answer in given if answer.target is not None]
    level = proposed if isinstance(proposed, int) else None
    target = max(targets) if targets else None
    if target is not None and level is not None:
        target = max(target, level)
    return Answer(
        level=level,
        not_applicable=proposed == NA,
        reason=_clip("\n".join(reasons)) if proposed == NA else "",
        target=target,
        comment=_clip("\n\n".join([note, *comments])),
        evidence=tuple(_clip(e) for e in evidence[:MAX_EVIDENCE_ITEMS]),
        flagged=item.disagreement or any(answer.flagged for _, answer in given),
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def agreement_to_json(consensus: Consensus) -> dict[str, Any]:
    """The stable JSON of ``gcat consensus --json``."""
    result = consensus.agreement
    first = consensus.assessments[0]
    return {
        "framework": {"id": consensus.framework.id, "version": consensus.framework.version},
        "administration": first.administration,
        "cycle": first.cycle,
        "assessors": list(result.assessors),
        "alpha": _rounded(result.alpha),
        "alpha_by_domain": {k: _rounded(v) for k, v in result.alpha_by_domain.items()},
        "exact_agreement": _rounded(result.exact_agreement),
        "within_one": _rounded(result.within_one),
        "compared": len(result.compared),
        "indicators": [
            {
                "id": item.indicator_id,
                "domain": item.domain_id,
                "levels": list(item.scores),
                "range": item.range,
                "median": item.median,
                "proposed": item.proposed,
                "disagreement": item.disagreement,
            }
            for item in result.indicators
        ],
        "disagreements": [item.indicator_id for item in result.disagreements],
    }

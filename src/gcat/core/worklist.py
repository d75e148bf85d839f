"""Work lists of an assessment: which answers a reviewer should look at, and why.

Pure functions of a framework and an assessment. The questionnaire filters by them (unanswered,
flagged, to review, level 3 or more without evidence) and the results page lists them, with the
strengths and the gaps.
"""

from __future__ import annotations

from enum import StrEnum

from gcat.core.assessment import Answer, Assessment
from gcat.core.model import Framework
from gcat.core.scoring import EVIDENCE_LEVEL

__all__ = ["REVIEW_LISTS", "WorkList", "strengths_and_gaps", "work_counts", "work_list"]


class WorkList(StrEnum):
    """A list of answers to look at (its value names it in a link: ``?show=flagged``)."""

    UNANSWERED = "unanswered"
    FLAGGED = "flagged"
    TO_REVIEW = "to_review"
    NO_EVIDENCE = "no_evidence"
    """At level 3 or more without any evidence (a note or a file)."""
    STRENGTHS = "strengths"
    """At level 3 or more, highest first."""
    GAPS = "gaps"
    """At level 0 or 1, lowest first."""


REVIEW_LISTS = (WorkList.UNANSWERED, WorkList.FLAGGED, WorkList.TO_REVIEW, WorkList.NO_EVIDENCE)
"""The lists the questionnaire offers as filters."""


def _keeps(which: WorkList, answer: Answer) -> bool:
    level = answer.level
    if which is WorkList.UNANSWERED:
        return not answer.answered
    if which is WorkList.FLAGGED:
        return answer.flagged
    if which is WorkList.TO_REVIEW:
        return answer.to_review
    if which is WorkList.NO_EVIDENCE:
        return level is not None and level >= EVIDENCE_LEVEL and not answer.evidence
    if which is WorkList.STRENGTHS:
        return level is not None and level >= EVIDENCE_LEVEL
    return level is not None and level <= 1


def work_list(framework: Framework, assessment: Assessment, which: WorkList) -> list[str]:
    """The ids of the indicators in scope on the list ``which``: in framework order, except
    strengths (highest level first) and gaps (lowest first), ties in framework order."""
    ids = [
        indicator.id
        for domain in assessment.domains_in_scope(framework)
        for indicator in domain.indicators
        if _keeps(which, assessment.answer(indicator.id))
    ]
    if which is WorkList.STRENGTHS:
        ids.sort(key=lambda i: -(assessment.answer(i).level or 0))
    elif which is WorkList.GAPS:
        ids.sort(key=lambda i: assessment.answer(i).level or 0)
    return ids


def work_counts(framework: Framework, assessment: Assessment) -> dict[WorkList, int]:
    """How many indicators in scope each list holds."""
    counts = dict.fromkeys(WorkList, 0)
    for domain in assessment.domains_in_scope(framework):
        for indicator in domain.indicators:
            answer = assessment.answer(indicator.id)
            for which in WorkList:
                if _keeps(which, answer):
                    counts[which] += 1
    return counts


def strengths_and_gaps(
    framework: Framework, assessment: Assessment, count: int = 5
) -> tuple[list[str], list[str]]:
    """The ``count`` strongest answers (level 3 or more) and weakest (level 0 or 1)."""
    return (
        work_list(framework, assessment, WorkList.STRENGTHS)[:count],
        work_list(framework, assessment, WorkList.GAPS)[:count],
    )

"""Submissions to the Secretariat as services hand them out, and the figures kept of each.

A submission's ``scores`` are what aggregation needs, taken once from the snapshot when it is
stored (:func:`member_scores`), so that an aggregate never scores 186 assessments again::

    {"domains": {"policy_legislation": {"score": 2.43, "level": 2}, ...},
     "overall": {"score": 2.6, "level": 2},
     "levels": {"PL-01": 3, "PL-02": "na", ...}}      # answered indicators only
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from gcat.core.evaluation import Evaluation

__all__ = ["NOT_APPLICABLE", "Status", "Submission", "member_scores"]

NOT_APPLICABLE = "na"


class Status(StrEnum):
    """Where a submission stands."""

    SUBMITTED = "submitted"
    """In force: the Secretariat uses it."""
    WITHDRAWN = "withdrawn"
    """Taken back by the member; kept for the record, used nowhere."""
    SUPERSEDED = "superseded"
    """Replaced by a later submission of the same administration and cycle."""


@dataclass(frozen=True, slots=True)
class Submission:
    """A submission's header and figures (the snapshot itself is read separately)."""

    id: int
    administration_id: int
    administration: str
    member_code: str | None
    kind: str
    source_id: int | None
    cycle: str
    framework_id: str
    framework_version: str
    status: Status
    origin: str
    filename: str
    submitted_at: datetime
    submitted_by: str
    changed_at: datetime | None
    changed_by: str
    checksum: str
    scores: dict[str, Any]


def member_scores(evaluation: Evaluation) -> dict[str, Any]:
    """The figures of one assessment that aggregation uses (see the module docstring)."""
    result = evaluation.result
    levels: dict[str, int | str] = {}
    for indicator_id, answer in evaluation.assessment.answers.items():
        if answer.not_applicable:
            levels[indicator_id] = NOT_APPLICABLE
        elif answer.level is not None:
            levels[indicator_id] = answer.level
    return {
        "domains": {
            domain.domain_id: {"score": domain.score, "level": domain.level}
            for domain in result.domains
        },
        "overall": {"score": result.overall_score, "level": result.overall_level},
        "levels": levels,
    }

"""An evaluation: an assessment with its framework, its scores and its improvement plan."""

from __future__ import annotations

from dataclasses import dataclass

from gcat.core.assessment import Assessment
from gcat.core.model import Framework
from gcat.core.planning import Plan, PlanItem, build_plan
from gcat.core.scoring import Result, score_assessment

__all__ = ["Evaluation", "evaluate", "next_step"]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """An assessment with its framework, result and improvement plan."""

    framework: Framework
    assessment: Assessment
    result: Result
    plan: Plan


def evaluate(framework: Framework, assessment: Assessment) -> Evaluation:
    """Score ``assessment`` and build its plan."""
    return Evaluation(
        framework,
        assessment,
        score_assessment(framework, assessment),
        build_plan(framework, assessment),
    )


def next_step(framework: Framework, item: PlanItem, lang: str) -> str:
    """The concrete next step of a plan item: the next level's descriptor."""
    return framework.indicator(item.indicator_id).levels[item.next_level][lang]

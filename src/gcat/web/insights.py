"""What the results page derives from an evaluation: strengths and gaps."""

from __future__ import annotations

from gcat.core.evaluation import Evaluation

__all__ = ["strengths_and_gaps"]


def strengths_and_gaps(evaluation: Evaluation, count: int = 5) -> tuple[list[str], list[str]]:
    """Indicator ids with the highest and the lowest levels (ties in framework order)."""
    answered = [
        (ind_id, answer.level)
        for ind_id, answer in evaluation.assessment.answers.items()
        if answer.level is not None
    ]
    order = {ind_id: n for n, ind_id in enumerate(evaluation.framework.indicators)}
    answered.sort(key=lambda pair: order[pair[0]])
    strengths = [i for i, level in sorted(answered, key=lambda p: -p[1]) if level >= 3][:count]
    gaps = [i for i, level in sorted(answered, key=lambda p: p[1]) if level <= 1][:count]
    return strengths, gaps

"""What the results page derives: the previous cycle, strengths and gaps."""

from __future__ import annotations

import sqlalchemy as sa

from gcat.services import Evaluation, store
from gcat.storage import repository as repo

__all__ = ["previous_evaluation", "strengths_and_gaps"]


def previous_evaluation(engine: sa.Engine, loaded: store.LoadedAssessment) -> Evaluation | None:
    """The previous cycle: the one this was pre-filled from, else the latest earlier cycle."""
    stored = loaded.stored
    previous_id = stored.previous_id
    if previous_id is None:
        with engine.connect() as conn:
            earlier = [
                item
                for item in repo.list_assessments(conn)
                if item.administration_id == stored.administration_id and item.cycle < stored.cycle
            ]
        if not earlier:
            return None
        previous_id = max(earlier, key=lambda item: item.cycle).id
    return store.load(engine, previous_id).evaluate()


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

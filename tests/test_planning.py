"""The improvement plan: one item per indicator below target, priority, horizon, order."""

from __future__ import annotations

import pytest

from gcat.core.assessment import Answer, Assessment
from gcat.core.evaluation import next_step
from gcat.core.model import Framework
from gcat.core.planning import Horizon, ItemStatus, Priority, build_plan, plan_item


def assess(answers: dict[str, Answer]) -> Assessment:
    return Assessment("gcat", "1.0", "Test", "2025", answers)


def test_default_target_is_next_level(framework: Framework) -> None:
    plan = build_plan(framework, assess({"CO-02": Answer(level=2)}))
    (item,) = plan.items
    assert (item.current, item.target, item.gap, item.next_level) == (2, 3, 1, 3)
    assert (item.owner, item.due, item.status) == ("", None, ItemStatus.NOT_STARTED)


def test_no_item_at_or_above_target_na_or_unanswered(framework: Framework) -> None:
    answers = {
        "CO-01": Answer(level=5),
        "CO-02": Answer(level=3, target=3),
        "CO-05": Answer(not_applicable=True, reason="x"),
        "CO-03": Answer(comment="not answered yet"),
    }
    assert build_plan(framework, assess(answers)).items == ()


def test_next_step_is_next_level_descriptor(framework: Framework) -> None:
    (item,) = build_plan(framework, assess({"IP-01": Answer(level=0, target=3)})).items
    for lang in framework.languages:
        assert next_step(framework, item, lang) == framework.indicator("IP-01").levels[1][lang]


@pytest.mark.parametrize(
    ("indicator", "current", "target", "score", "priority", "horizon"),
    [
        ("CO-02", 2, 3, 1.0, Priority.LOW, Horizon.MEDIUM),
        ("CO-02", 0, 1, 1.5, Priority.MEDIUM, Horizon.SHORT),  # absent practice gets +0.5
        ("CO-01", 1, 2, 1.5, Priority.MEDIUM, Horizon.SHORT),  # foundational × 1.5
        ("PL-02", 1, 3, 4.5, Priority.HIGH, Horizon.MEDIUM),  # weight 1.5, foundational, gap 2
        ("CO-02", 3, 5, 2.0, Priority.MEDIUM, Horizon.LONG),
        ("CO-02", 0, 5, 5.5, Priority.HIGH, Horizon.LONG),
    ],
)
def test_priority_and_horizon(
    framework: Framework,
    indicator: str,
    current: int,
    target: int,
    score: float,
    priority: Priority,
    horizon: Horizon,
) -> None:
    item = plan_item(framework.indicator(indicator), current, target)
    assert (item.priority_score, item.priority, item.horizon) == (score, priority, horizon)


def test_grouped_by_domain_and_ordered_by_priority(framework: Framework) -> None:
    answers = {
        "CO-07": Answer(level=1),
        "CO-01": Answer(level=1),  # foundational: before CO-07
        "PL-05": Answer(level=2),
        "PL-02": Answer(level=0, target=3),
        "PL-01": Answer(level=4),
    }
    plan = build_plan(framework, assess(answers))
    assert [i.indicator_id for i in plan.items] == ["PL-02", "PL-01", "PL-05", "CO-01", "CO-07"]
    assert list(plan.by_domain()) == ["policy_legislation", "cooperation"]


def test_plan_items_are_equal_values_across_calls(framework: Framework) -> None:
    answers = {"FA-01": Answer(level=1)}
    assert build_plan(framework, assess(answers)) == build_plan(framework, assess(answers))

"""Krippendorff's alpha against the published worked examples, and the agreement statistics."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gcat.core.agreement import NA, agreement, krippendorff_alpha, proposed_level

_ = None
# K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), example C: four
# observers, twelve units, values 1–5 with missing data (also the "C" data of R's irr package).
# One row per unit, one column per observer.
EXAMPLE_C = [
    [1, 1, _, 1],
    [2, 2, 3, 2],
    [3, 3, 3, 3],
    [3, 3, 3, 3],
    [2, 2, 2, 2],
    [1, 2, 3, 4],
    [4, 4, 4, 4],
    [1, 1, 2, 1],
    [2, 2, 2, 2],
    [_, 5, 5, 5],
    [_, _, 1, 1],
    [_, _, 3, _],
]


@pytest.mark.parametrize(
    ("metric", "published"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)]
)
def test_alpha_of_krippendorffs_example_c(metric: str, published: float) -> None:
    assert round(krippendorff_alpha(EXAMPLE_C, metric), 3) == published  # type: ignore[arg-type]


def test_alpha_of_krippendorffs_binary_example_a() -> None:
    """Example A: two observers, ten units, binary values; published alpha 0.095."""
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert round(krippendorff_alpha(list(zip(a, b, strict=True)), "nominal"), 3) == 0.095


def test_alpha_of_krippendorffs_nominal_example_b() -> None:
    """Example B: two observers, twelve units, categories a–e; published alpha 0.692."""
    codes = {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}
    a = [codes[c] for c in "aabbdcccedda"]
    b = [codes[c] for c in "babbbccceddd"]
    assert round(krippendorff_alpha(list(zip(a, b, strict=True)), "nominal"), 3) == 0.692


def test_alpha_edge_cases() -> None:
    assert krippendorff_alpha([]) is None
    assert krippendorff_alpha([[1, None], [None, 2]]) is None  # nothing pairable
    assert krippendorff_alpha([[3, 3], [3, 3]]) == 1.0  # no variation, no disagreement
    assert krippendorff_alpha([[0, 5], [5, 0]]) < 0  # systematic disagreement


def test_proposed_level_is_the_lower_median() -> None:
    assert proposed_level([]) is None
    assert proposed_level([3]) == 3
    assert proposed_level([1, 4]) == 1
    assert proposed_level([2, 4, 3]) == 3
    assert proposed_level([0, 5, 2, 3]) == 2


def test_indicator_figures() -> None:
    result = agreement(
        ["a", "b", "c"],
        [
            ("X-01", "d", [2, 2, 2]),
            ("X-02", "d", [1, 2, 2]),
            ("X-03", "d", [0, 3, None]),
            ("X-04", "d", [NA, NA, None]),
            ("X-05", "e", [NA, 2, 2]),
            ("X-06", "e", [4, None, None]),
        ],
    )
    items = {i.indicator_id: i for i in result.indicators}
    assert (items["X-02"].range, items["X-02"].median, items["X-02"].proposed) == (1, 2.0, 2)
    assert items["X-03"].disagreement and items["X-03"].median == 1.5
    assert items["X-03"].proposed == 0
    assert items["X-04"].proposed == NA and items["X-04"].exact
    assert items["X-05"].disagreement and items["X-05"].mixed  # a level beside N/A
    assert items["X-06"].exact is None  # one answer: not compared
    assert [i.indicator_id for i in result.disagreements] == ["X-03", "X-05"]
    assert len(result.compared) == 5
    assert result.exact_agreement == pytest.approx(2 / 5)
    assert result.within_one == pytest.approx(3 / 5)
    assert set(result.alpha_by_domain) == {"d", "e"}
    assert result.alpha_by_domain["e"] is None  # one indicator with two levels: nothing to say


def test_one_answer_per_assessor_is_needed() -> None:
    with pytest.raises(ValueError, match="X-01"):
        agreement(["a", "b"], [("X-01", "d", [1])])


score = st.one_of(st.none(), st.just(NA), st.integers(0, 5))


@st.composite
def team(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, str, list[object]]]]:
    assessors = draw(st.integers(2, 6))
    count = draw(st.integers(1, 30))
    rows = [
        (
            f"X-{n:02d}",
            draw(st.sampled_from(["a", "b", "c"])),
            draw(st.lists(score, min_size=assessors, max_size=assessors)),
        )
        for n in range(count)
    ]
    return [f"r{n}" for n in range(assessors)], rows


@settings(max_examples=300, deadline=None)
@given(team())
def test_property_statistics_stay_in_range(data: tuple[list[str], list]) -> None:
    assessors, rows = data
    result = agreement(assessors, rows)
    for value in (result.alpha, *result.alpha_by_domain.values()):
        assert value is None or -1 <= value <= 1
    for share in (result.exact_agreement, result.within_one):
        assert share is None or 0 <= share <= 1
    if result.exact_agreement is not None:
        assert result.exact_agreement <= result.within_one  # type: ignore[operator]
    for item in result.indicators:
        if item.range is not None:
            assert 0 <= item.range <= 5
            assert min(item.levels) <= item.median <= max(item.levels)  # type: ignore[operator]
            assert item.proposed in item.levels
        assert item.disagreement == (item.within_one is False) or item.answered < 2


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 6), st.lists(score, min_size=1, max_size=40))
def test_property_alpha_is_one_on_identical_files(assessors: int, answers: list) -> None:
    rows = [(f"X-{n:02d}", "a", [value] * assessors) for n, value in enumerate(answers)]
    result = agreement([f"r{n}" for n in range(assessors)], rows)
    if sum(1 for v in answers if isinstance(v, int)) >= 2:
        assert result.alpha == 1.0
    answered = [v for v in answers if v is not None]
    if answered:
        assert result.exact_agreement == 1.0 and result.within_one == 1.0
    assert not result.disagreements

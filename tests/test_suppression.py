"""Small-group suppression and the figures under it: primary and secondary suppression, the
floor of k, quantiles, and a property that nothing hidden can be worked back."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gcat.core.aggregation import WORLD, GroupFigures, MemberPoint, group_figures, spread
from gcat.policy.suppression import Reason, suppress


def group(region: str, members: int) -> GroupFigures:
    return GroupFigures(region=region, members=members)


def shown(regions: dict[str, int], k: int = 5):
    world = group(WORLD, sum(regions.values()))
    return {s.region: s for s in suppress(world, [group(r, n) for r, n in regions.items()], k)}


def test_a_small_region_is_hidden_and_the_next_smallest_protects_it() -> None:
    out = shown({"esa": 3, "europe": 40, "americas": 9, "mena": 12})
    assert out["esa"].reason is Reason.SMALL_GROUP and out["esa"].members == "<5"
    assert out["esa"].figures is None
    assert out["americas"].reason is Reason.COMPLEMENTARY and out["americas"].members == ">=5"
    assert out["europe"].figures is not None and out["europe"].members == 40
    assert out[WORLD].members == 64


def test_two_small_regions_that_together_reach_k_need_no_more() -> None:
    out = shown({"esa": 3, "wca": 2, "europe": 40, "americas": 9})
    assert {r for r, s in out.items() if s.reason} == {"esa", "wca"}


def test_a_region_with_no_member_discloses_nothing_and_needs_no_cover() -> None:
    out = shown({"esa": 0, "europe": 40, "americas": 9})
    assert out["esa"].reason is Reason.SMALL_GROUP
    assert out["americas"].figures is not None


def test_when_the_world_is_small_nothing_is_shown() -> None:
    out = shown({"esa": 2, "europe": 2})
    assert all(s.figures is None and s.members == "<5" for s in out.values())


@pytest.mark.parametrize("k", [0, 1, 2])
def test_k_never_goes_below_three(k: int) -> None:
    with pytest.raises(ValueError, match="at least 3"):
        shown({"europe": 40}, k=k)


@given(st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=6), st.integers(3, 8))
def test_nothing_hidden_can_be_worked_back(sizes: list[int], k: int) -> None:
    """Shown regions have at least k Members; the hidden ones together hold none or at least
    k, so the world minus what is shown never reveals a group smaller than k."""
    regions = {f"r{n}": size for n, size in enumerate(sizes)}
    out = shown(regions, k)
    world = out.pop(WORLD)
    if world.figures is None:
        assert sum(sizes) < k and all(s.figures is None for s in out.values())
        return
    hidden = sum(regions[r] for r, s in out.items() if s.figures is None)
    assert hidden == 0 or hidden >= k
    assert all(regions[r] >= k for r, s in out.items() if s.figures is not None)
    assert all((s.figures is None) == (s.reason is not None) for s in out.values())


@given(st.lists(st.floats(min_value=0, max_value=5), min_size=1, max_size=40))
def test_quantiles_match_the_standard_library(values: list[float]) -> None:
    result = spread(values)
    assert result is not None and result.n == len(values)
    assert result.median == pytest.approx(statistics.median(values))
    if len(values) >= 2:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
        assert (result.q1, result.q3) == (pytest.approx(q1), pytest.approx(q3))
    assert min(values) <= result.p10 <= result.q1 <= result.median <= result.q3 <= result.p90


def test_group_figures_count_members_domains_and_levels() -> None:
    points = [
        MemberPoint(
            "SEN", "wca", {"domains": {"d": {"score": 1.0, "level": 1}}, "levels": {"X-1": 1}}
        ),
        MemberPoint(
            "GHA", "wca", {"domains": {"d": {"score": 3.0, "level": 3}}, "levels": {"X-1": "na"}}
        ),
        MemberPoint("CIV", "wca", {"domains": {"d": {"score": None, "level": None}}, "levels": {}}),
    ]
    figures = group_figures("wca", points)
    assert figures.members == 3
    assert figures.domains["d"].score is not None and figures.domains["d"].score.n == 2
    assert figures.domains["d"].score.median == 2.0
    assert figures.distribution["X-1"]["1"] == 1 and figures.distribution["X-1"]["na"] == 1
    assert spread([None, None]) is None

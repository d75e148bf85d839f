"""The scoring engine: tables of cases and Hypothesis properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gcat.core.assessment import Answer, Assessment
from gcat.core.model import Framework
from gcat.core.scoring import (
    CONFIDENCE_LOW_COMPLETENESS,
    CONFIDENCE_LOW_EVIDENCE,
    _domain_score,
    compensatory_level,
    noncompensatory_level,
    round_score,
    score_assessment,
)
from gcat.frameworks import load_framework

FRAMEWORK = load_framework()
INDICATORS = list(FRAMEWORK.indicators.values())


def assess(answers: dict[str, Answer], domains: tuple[str, ...] | None = None) -> Assessment:
    return Assessment("gcat", "1.0", "Test", "2025", answers, domains)


def levels(domain: str, values: list[int | str | None]) -> dict[str, Answer]:
    inds = FRAMEWORK.domain(domain).indicators
    out = {}
    for ind, value in zip(inds, values, strict=False):
        if value == "na":
            out[ind.id] = Answer(not_applicable=True, reason="r")
        elif value is not None:
            out[ind.id] = Answer(level=int(value))
    return out


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2.125, 2.13), (2.124999, 2.12), (2.0, 2.0), (4.995, 5.0), (0.005, 0.01), (12 / 5.5, 2.18)],
)
def test_round_score_is_half_up(value: float, expected: float) -> None:
    assert round_score(value) == expected


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([(3, 1.0)] * 5, 3),
        ([(5, 1.0)] * 5, 5),
        ([(0, 1.0)] * 5, 0),
        ([(3, 1.0)] * 4 + [(2, 1.0)], 3),  # 80 % at 3, the other one level below
        ([(3, 1.0)] * 4 + [(1, 1.0)], 2),  # shortfall of two blocks level 3
        ([(3, 1.0)] * 3 + [(2, 1.0)] * 2, 2),  # only 60 % at 3
        ([(5, 1.0), (0, 1.0)], 0),  # one absent practice holds a strong one back
        ([(3, 1.0), (2, 1.5), (4, 1.0), (1, 1.0), (1, 1.0)], 1),  # the worked example
    ],
)
def test_noncompensatory_level(pairs: list[tuple[int, float]], expected: int) -> None:
    histogram = [0.0] * 6
    for level, weight in pairs:
        histogram[level] += weight
    assert noncompensatory_level(histogram, share=0.8, max_shortfall=1) == expected


@pytest.mark.parametrize(
    ("values", "score", "level", "strict"),
    [
        ([3, 3, 3, 3, 3, 3, 3, 3], 3.0, 3, 3),
        ([0, 0, 0, 0, 0, 0, 0, 0], 0.0, 0, 0),
        ([5, 5, 5, 5, 5, 5, 5, 5], 5.0, 5, 5),
        ([5, 5, 5, 5, 5, 5, 5, 0], 4.38, 4, 1),
        ([2, 3, None, None, None, None, None, None], 2.5, 2, 2),
        (["na", None, 1, None, None, None, None, None], 1.0, 1, 1),
    ],
)
def test_domain_scores(
    values: list[int | str | None], score: float, level: int, strict: int
) -> None:
    result = score_assessment(FRAMEWORK, assess(levels("internal_practices", values)))
    domain = result.domain("internal_practices")
    assert (domain.score, domain.level, domain.level_noncompensatory) == (score, level, strict)


def test_weights_count() -> None:
    # PL-02 has weight 1.5: levels 4 (PL-01, weight 1) and 1 (PL-02, weight 1.5) → 5.5 / 2.5
    result = score_assessment(
        FRAMEWORK, assess({"PL-01": Answer(level=4), "PL-02": Answer(level=1)})
    )
    assert FRAMEWORK.indicator("PL-02").weight == 1.5
    assert result.domain("policy_legislation").score == 2.2


def test_empty_assessment() -> None:
    result = score_assessment(FRAMEWORK, assess({}))
    assert result.overall_score is None and result.overall_level is None
    assert result.completeness == 0.0
    assert result.evidence_coverage is None
    assert result.confidence_notes == (CONFIDENCE_LOW_COMPLETENESS,)
    assert all(d.score is None and d.level is None for d in result.domains)


def test_all_not_applicable_domain_has_no_score() -> None:
    result = score_assessment(FRAMEWORK, assess({"GT-03": Answer(not_applicable=True, reason="x")}))
    gt = result.domain("green_tariff")
    assert gt.score is None and gt.answered == 1 and gt.not_applicable == 1


def test_domain_subset_scope() -> None:
    answers = levels("facilitation", [2] * 7)
    result = score_assessment(FRAMEWORK, assess(answers, ("facilitation",)))
    assert [d.domain_id for d in result.domains] == ["facilitation"]
    assert result.completeness == 100.0
    assert result.overall_score == 2.0


def test_evidence_coverage_and_confidence() -> None:
    answers = {
        "CB-01": Answer(level=3, evidence=("Training register 2025",)),
        "CB-02": Answer(level=4),
        "CB-03": Answer(level=2),
    }
    result = score_assessment(FRAMEWORK, assess(answers, ("capacity_building",)))
    assert result.evidence_coverage == 50.0
    assert CONFIDENCE_LOW_EVIDENCE in result.confidence_notes


def test_deterministic(framework: Framework) -> None:
    answers = levels("cooperation", [1, 2, 3, 4, 5, 0, "na"])
    first = score_assessment(framework, assess(answers))
    assert all(score_assessment(framework, assess(answers)) == first for _ in range(3))


# ── properties ────────────────────────────────────────────────────────────────────────────

answer_values = st.one_of(st.none(), st.just("na"), st.integers(0, 5))


@st.composite
def assessments(draw: st.DrawFn) -> Assessment:
    answers: dict[str, Answer] = {}
    for ind in INDICATORS:
        value = draw(answer_values)
        if value == "na" and ind.not_applicable_allowed:
            answers[ind.id] = Answer(not_applicable=True, reason="r")
        elif isinstance(value, int):
            evidence = ("note",) if draw(st.booleans()) else ()
            answers[ind.id] = Answer(level=value, evidence=evidence)
    return assess(answers)


def _scores(result):
    yield result.overall_score, result.overall_level, result.overall_level_noncompensatory
    for d in result.domains:
        yield d.score, d.level, d.level_noncompensatory


@settings(max_examples=150, deadline=None)
@given(assessments())
def test_scores_stay_in_range(assessment: Assessment) -> None:
    result = score_assessment(FRAMEWORK, assessment)
    for score, level, strict in _scores(result):
        if score is None:
            assert level is None and strict is None
            continue
        assert 0.0 <= score <= 5.0
        assert level is not None and strict is not None
        assert 0 <= level <= 5 and 0 <= strict <= 5
        assert level <= score < level + 1
    assert 0.0 <= result.completeness <= 100.0
    assert result.evidence_coverage is None or 0.0 <= result.evidence_coverage <= 100.0


@settings(max_examples=200, deadline=None)
@given(assessments(), st.data())
def test_raising_one_answer_never_lowers_any_score(
    assessment: Assessment, data: st.DataObject
) -> None:
    raisable = [k for k, a in assessment.answers.items() if a.level is not None and a.level < 5]
    if not raisable:
        return
    ind_id = data.draw(st.sampled_from(raisable))
    old = assessment.answers[ind_id]
    new_level = data.draw(st.integers(old.level + 1, 5))  # type: ignore[operator]
    raised = dict(assessment.answers)
    raised[ind_id] = Answer(level=new_level, evidence=old.evidence)
    before = score_assessment(FRAMEWORK, assessment)
    after = score_assessment(FRAMEWORK, assess(raised))
    for (s0, l0, n0), (s1, l1, n1) in zip(_scores(before), _scores(after), strict=True):
        if s0 is None:
            assert s1 is None
            continue
        assert s1 >= s0 and l1 >= l0 and n1 >= n0


@settings(max_examples=150, deadline=None)
@given(assessments(), st.data())
def test_not_applicable_never_counts_as_zero(assessment: Assessment, data: st.DataObject) -> None:
    choices = [i.id for i in INDICATORS if i.not_applicable_allowed]
    ind_id = data.draw(st.sampled_from(choices))
    with_na = dict(assessment.answers)
    with_na[ind_id] = Answer(not_applicable=True, reason="r")
    without = {k: v for k, v in assessment.answers.items() if k != ind_id}
    as_zero = dict(without, **{ind_id: Answer(level=0)})
    na_result = score_assessment(FRAMEWORK, assess(with_na))
    omitted = score_assessment(FRAMEWORK, assess(without))
    zero_result = score_assessment(FRAMEWORK, assess(as_zero))
    domain = FRAMEWORK.indicator(ind_id).domain_id
    assert na_result.domain(domain).score == omitted.domain(domain).score
    assert (
        na_result.domain(domain).level_noncompensatory
        == omitted.domain(domain).level_noncompensatory
    )
    zero_score = zero_result.domain(domain).score
    na_score = na_result.domain(domain).score
    assert zero_score is not None
    assert na_score is None or na_score >= zero_score


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([0.0, 0.0, 1.0, 1.5, 2.0, 3.5]), min_size=6, max_size=6),
    st.sampled_from([0.5, 0.8, 1.0]),
    st.integers(0, 2),
)
def test_inlined_domain_score_matches_public_rules(
    histogram: list[float], share: float, shortfall: int
) -> None:
    got = _domain_score("d", histogram, 9, 9, 0, share, shortfall)
    if not sum(histogram):
        assert got.score is None
        return
    mean = sum(level * weight for level, weight in enumerate(histogram)) / sum(histogram)
    assert got.score == round_score(mean)
    assert got.level == compensatory_level(round_score(mean))
    assert got.level_noncompensatory == noncompensatory_level(
        histogram, share=share, max_shortfall=shortfall
    )

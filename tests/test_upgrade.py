"""Moving an assessment to a new framework version: tables of cases, properties, the demo."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gcat.answers_file import assessment_to_data, parse_answers
from gcat.core.assessment import Answer, Assessment
from gcat.core.model import Domain, Framework, Indicator, ScaleLevel
from gcat.core.scoring import score_assessment
from gcat.core.upgrade import (
    MERGED_LEVELS_DIFFER,
    NA_NOT_ALLOWED,
    NEW_INDICATOR,
    FrameworkMap,
    IndicatorMap,
    MapTarget,
    Review,
    Upgrade,
    upgrade_assessment,
)
from gcat.demo import demo_file
from gcat.frameworks import load_framework, load_upgrade_map
from gcat.yamlio import load_document

R = Review("look_again")
SAME = (0, 1, 2, 3, 4, 5)
TOP_REVIEW = (0, 1, 2, 3, 4, R)


def _indicator(ind_id: str, domain: str, na: bool = False) -> Indicator:
    text = {"en": ind_id}
    return Indicator(
        ind_id,
        domain,
        text,
        text,
        text,
        tuple({"en": f"{ind_id} {n}"} for n in range(6)),
        {"en": ("e",)},
        not_applicable_allowed=na,
        not_applicable_when=text if na else None,
    )


def _framework(version: str, ids: dict[str, list[tuple[str, bool]]]) -> Framework:
    domains = tuple(
        Domain(d, d.upper(), {"en": d}, {"en": d}, tuple(_indicator(i, d, na) for i, na in inds))
        for d, inds in ids.items()
    )
    scale = tuple(ScaleLevel(n, {"en": str(n)}, {"en": str(n)}) for n in range(6))
    return Framework("t", version, {"en": "T"}, ("en",), scale, domains, {}, {})


OLD = _framework(
    "1",
    {
        "a": [("X-01", False), ("X-02", False), ("X-03", False), ("X-04", False)],
        "b": [("X-05", False), ("X-07", True), ("X-08", True), ("X-10", False)],
    },
)
NEW = _framework(
    "2",
    {
        "a": [("X-01", False), ("X-02", False), ("X-03", False), ("X-06", False)],
        "b": [("X-07", True), ("X-08", False), ("X-09", False), ("X-10", False)],
    },
)


def _entry(source: str, status: str, *targets: MapTarget) -> tuple[str, IndicatorMap]:
    return source, IndicatorMap(source, status, targets)


MAP = FrameworkMap(
    "t",
    "1",
    "2",
    dict(
        [
            _entry("X-01", "kept", MapTarget("X-01", TOP_REVIEW)),
            _entry("X-02", "split", MapTarget("X-02", SAME), MapTarget("X-06", (R,) * 6)),
            _entry("X-03", "merged", MapTarget("X-03", SAME)),
            _entry("X-04", "merged", MapTarget("X-03", SAME)),
            _entry("X-05", "retired"),
            _entry("X-07", "kept", MapTarget("X-07", SAME)),
            _entry("X-08", "kept", MapTarget("X-08", SAME)),
            _entry("X-10", "kept", MapTarget("X-10", (0, 3, R, 4, 4, 5))),
        ]
    ),
    new=("X-09",),
    reasons={"look_again": {"en": "Look again."}},
)


def run(answers: dict[str, Answer], domains: tuple[str, ...] | None = None) -> Upgrade:
    return upgrade_assessment(OLD, NEW, MAP, Assessment("t", "1", "Adm", "2025", answers, domains))


# (old answers, new id, expected outcome, expected new answer or None for no entry, reasons)
CASES = {
    "kept level carried": (
        {"X-01": Answer(level=2, target=4, comment="c", evidence=("e1",))},
        "X-01",
        "carried",
        Answer(level=2, target=4, comment="c", evidence=("e1",)),
        (),
    ),
    "kept level to review keeps the texts": (
        {"X-01": Answer(level=5, comment="c", evidence=("e1",))},
        "X-01",
        "review",
        Answer(comment="c", evidence=("e1",), flagged=True),
        ("look_again",),
    ),
    "a target on a reviewed level travels unchanged": (
        {"X-01": Answer(level=3, target=5)},
        "X-01",
        "carried",
        Answer(level=3, target=5),
        (),
    ),
    "a target below the carried level is raised to it": (
        {"X-10": Answer(level=1, target=2)},
        "X-10",
        "carried",
        Answer(level=3, target=3),
        (),
    ),
    "split: the kept part carries the level": (
        {"X-02": Answer(level=3, comment="c", evidence=("e",))},
        "X-02",
        "carried",
        Answer(level=3, comment="c", evidence=("e",)),
        (),
    ),
    "split: the other part is reviewed with the same texts": (
        {"X-02": Answer(level=3, comment="c", evidence=("e",))},
        "X-06",
        "review",
        Answer(comment="c", evidence=("e",), flagged=True),
        ("look_again",),
    ),
    "merge with equal levels carries the level and joins the texts": (
        {
            "X-03": Answer(level=2, comment="a", evidence=("ea",)),
            "X-04": Answer(level=2, comment="b", evidence=("eb",), target=3),
        },
        "X-03",
        "carried",
        Answer(
            level=2,
            target=3,
            comment="[X-03] a\n\n[X-04] b",
            evidence=("[X-03] ea", "[X-04] eb"),
        ),
        (),
    ),
    "merge with different levels is reviewed": (
        {"X-03": Answer(level=2), "X-04": Answer(level=3)},
        "X-03",
        "review",
        Answer(flagged=True),
        (MERGED_LEVELS_DIFFER,),
    ),
    "merge with one source answered carries it": (
        {"X-04": Answer(level=1, comment="b")},
        "X-03",
        "carried",
        Answer(level=1, comment="[X-04] b"),
        (),
    ),
    "not applicable is carried where still allowed": (
        {"X-07": Answer(not_applicable=True, reason="no ports", comment="c")},
        "X-07",
        "carried",
        Answer(not_applicable=True, reason="no ports", comment="c"),
        (),
    ),
    "not applicable where no longer allowed is reviewed, reason kept": (
        {"X-08": Answer(not_applicable=True, reason="no ports")},
        "X-08",
        "review",
        Answer(reason="no ports", flagged=True),
        (NA_NOT_ALLOWED,),
    ),
    "a new indicator is marked to review": (
        {},
        "X-09",
        "review",
        Answer(flagged=True),
        (NEW_INDICATOR,),
    ),
    "an unanswered source carries nothing": ({}, "X-01", "carried", None, ()),
    "a comment without a level travels": (
        {"X-01": Answer(comment="to do", flagged=True)},
        "X-01",
        "carried",
        Answer(comment="to do", flagged=True),
        (),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_upgrade_cases(case: str) -> None:
    answers, new_id, outcome, expected, reasons = CASES[case]
    result = run(answers)
    item = result.indicator(new_id)
    assert (item.outcome, item.reasons) == (outcome, reasons)
    assert result.assessment.answers.get(new_id) == expected
    assert {s.indicator_id for s in item.sources} <= set(answers)
    assert (result.assessment.framework_id, result.assessment.framework_version) == ("t", "2")


def test_retired_answers_are_kept_apart() -> None:
    result = run({"X-05": Answer(level=4, comment="gone")})
    assert result.retired == {"X-05": Answer(level=4, comment="gone")}
    assert "X-05" not in result.assessment.answers


def test_scope_follows_the_assessment() -> None:
    result = run({"X-01": Answer(level=1)}, domains=("a",))
    assert result.assessment.domains == ("a",)
    assert [i.indicator_id for i in result.indicators] == ["X-01", "X-02", "X-03", "X-06"]
    result = run({"X-07": Answer(level=1)}, domains=("a",))
    assert "X-07" in [i.indicator_id for i in result.indicators], "an answer is never dropped"


def test_mismatched_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="not answered under"):
        upgrade_assessment(OLD, NEW, MAP, Assessment("t", "2", "A", "1"))
    with pytest.raises(ValueError, match="starts from"):
        upgrade_assessment(NEW, NEW, MAP, Assessment("t", "2", "A", "1"))
    with pytest.raises(ValueError, match="leads to"):
        upgrade_assessment(OLD, OLD, MAP, Assessment("t", "1", "A", "1"))
    with pytest.raises(ValueError, match="without a map entry"):
        run({"Z-99": Answer(level=1)})


# The shipped map, GCAT 1.0 → 1.1.
V10, V11 = load_framework("gcat", "1.0"), load_framework("gcat", "1.1")
GCAT_MAP = load_upgrade_map("gcat", "1.0", "1.1")
notes = st.text(alphabet="abcdefghij ", min_size=1, max_size=8).map(str.strip).filter(bool)


@st.composite
def answers_1_0(draw: st.DrawFn) -> Assessment:
    answers: dict[str, Answer] = {}
    for ind in V10.indicators.values():
        kind = draw(st.sampled_from(["absent", "level", "blank", "na"]))
        if kind == "absent" or (kind == "na" and not ind.not_applicable_allowed):
            continue
        level = draw(st.integers(0, 5)) if kind == "level" else None
        target = draw(st.none() | st.integers(level or 0, 5))
        answers[ind.id] = Answer(
            level=level,
            not_applicable=kind == "na",
            reason=f"why {ind.id}" if kind == "na" else "",
            target=target,
            comment=draw(st.none() | notes) or "",
            evidence=tuple(draw(st.lists(notes, max_size=2))),
            flagged=draw(st.booleans()),
        )
    domains = draw(st.none() | st.sets(st.sampled_from([d.id for d in V10.domains]), min_size=1))
    ordered = None if domains is None else tuple(d.id for d in V10.domains if d.id in domains)
    return Assessment("gcat", "1.0", "Adm", "2025", answers, ordered)


def assert_nothing_dropped(old: Assessment, result: Upgrade) -> None:
    """Every old comment, note, N/A reason and target reaches each new indicator it leads to."""
    for source, answer in old.answers.items():
        targets = [t.id for t in GCAT_MAP.indicators[source].targets]
        assert targets, source
        for target_id in targets:
            new = result.assessment.answers.get(target_id)
            if answer == Answer():
                continue
            assert new is not None, (source, target_id)
            assert answer.comment in new.comment
            assert answer.reason in new.reason
            assert all(any(note in n for n in new.evidence) for note in answer.evidence)
            assert (answer.target is None) == (new.target is None)
            assert new.flagged or not answer.flagged


@settings(max_examples=60, deadline=None)
@given(answers_1_0())
def test_property_nothing_dropped_and_everything_accounted_for(old: Assessment) -> None:
    result = upgrade_assessment(V10, V11, GCAT_MAP, old)
    assert_nothing_dropped(old, result)
    new = result.assessment
    in_scope = [i for d in new.domains_in_scope(V11) for i in d.indicators]
    outcomes = {item.indicator_id: item for item in result.indicators}
    assert len(outcomes) == len(result.indicators)
    assert {i.id for i in in_scope} <= set(outcomes)
    for item in result.indicators:
        assert item.outcome in ("carried", "review")
        answer = new.answers.get(item.indicator_id)
        if item.to_review:
            assert item.reasons and answer is not None and answer.flagged
            assert answer.level is None and not answer.not_applicable
        elif answer is not None and answer.level is not None:
            (source,) = item.sources
            entry = GCAT_MAP.indicators[source.indicator_id].targets
            mapped = next(t for t in entry if t.id == item.indicator_id)
            assert source.answer.level is not None
            assert mapped.levels[source.answer.level] == answer.level
        if answer is not None and answer.not_applicable:
            assert V11.indicator(item.indicator_id).not_applicable_allowed
    score_assessment(V11, new)  # the upgraded assessment is a valid 1.1 assessment
    assert not result.retired


def test_demo_2025_upgrades_with_every_answer_carried_or_to_review() -> None:
    doc = load_document(demo_file("2025").read_text("utf-8"), "valdoria-2025.yaml")
    _, old = parse_answers(doc)
    result = upgrade_assessment(V10, V11, GCAT_MAP, old)
    assert_nothing_dropped(old, result)
    outcomes = {item.indicator_id: item for item in result.indicators}
    assert set(outcomes) == set(V11.indicators)
    for source in old.answers:
        for target in GCAT_MAP.indicators[source].targets:
            assert outcomes[target.id].outcome in ("carried", "review")
            assert source in [s.indicator_id for s in outcomes[target.id].sources]
    carried = [i for i in result.indicators if i.outcome == "carried"]
    review = [i for i in result.indicators if i.to_review]
    assert len(carried) + len(review) == len(V11.indicators) == 59
    assert {i.indicator_id for i in review if NEW_INDICATOR in i.reasons} == set(GCAT_MAP.new)
    # The upgraded assessment round-trips through an answers file under 1.1.
    data = assessment_to_data(result.assessment)
    assert data["framework"] == {"id": "gcat", "version": "1.1"}
    framework, again = parse_answers(load_document(_yaml(data), "upgraded.yaml"))
    assert framework.version == "1.1" and again.answers == result.assessment.answers


def _yaml(data: dict) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)

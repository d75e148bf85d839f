"""The amendments core: spans, conflicts, decisions in text order, the text after amendments."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gcat.core.amendments import (
    Action,
    Amendment,
    AmendmentStatus,
    Change,
    Declaration,
    Part,
    PartKind,
    Wording,
    check_declaration,
    check_wording,
    conflicts,
    consolidated,
    decide,
    layout,
    overlaps,
    text_after,
    tracked,
)
from gcat.core.refusal import Refused

AT = datetime(2025, 10, 28, 9, 0, tzinfo=UTC)
BASE = "Customs shall protect the environment and facilitate trade."


def amendment(
    key: str, start: int, end: int, text: str, proposer: str = "Valdoria", part: int = 1
) -> Amendment:
    quoted = BASE[start:end]
    action = Action.INSERT if start == end else Action.DELETE if not text else Action.REPLACE
    return Amendment(
        id=key,
        part=part,
        action=action,
        proposer=proposer,
        lang="en",
        wordings={"en": Wording(start, end, quoted, text)},
        sequence=int(key[1:]),
    )


def declaration(*amendments: Amendment) -> Declaration:
    return Declaration(
        title={"en": "Test"},
        languages=("en",),
        parts=(Part(1, PartKind.PARAGRAPH, {"en": BASE}), Part(2, PartKind.ITEM, {"en": BASE})),
        amendments=amendments,
    )


def span(word: str) -> tuple[int, int]:
    start = BASE.index(word)
    return start, start + len(word)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 5), (3, 8), True),
        ((0, 5), (5, 8), False),  # touching spans do not compete
        ((4, 4), (4, 4), True),  # two insertions at one place
        ((4, 4), (0, 8), True),  # an insertion inside a deleted span
        ((0, 4), (4, 4), False),  # an insertion at the edge of a deletion
        ((4, 4), (5, 5), False),
    ],
)
def test_overlaps(a: tuple[int, int], b: tuple[int, int], expected: bool) -> None:
    first = Wording(a[0], a[1], BASE[a[0] : a[1]], "x")
    second = Wording(b[0], b[1], BASE[b[0] : b[1]], "y")
    assert overlaps(first, second) is expected
    assert overlaps(second, first) is expected


def test_layout_keeps_the_text_readable() -> None:
    start, end = span("protect")
    insert_at = BASE.index("trade")
    segments = layout(
        BASE,
        [
            Change(start, end, "safeguard", "A1", "X"),
            Change(insert_at, insert_at, "green", "A2", "Y"),
        ],
    )
    assert (
        text_after(segments)
        == "Customs shall safeguard the environment and facilitate green trade."
    )
    assert "".join(s.text for s in segments if s.kind != "ins") == BASE
    deleted = layout(BASE, [Change(*span("and facilitate trade"), "", "A3", "Z")])
    assert text_after(deleted) == "Customs shall protect the environment."
    first = layout(BASE, [Change(*span("Customs"), "", "A4", "Z")])
    assert text_after(first) == "shall protect the environment and facilitate trade."
    at_end = layout("Customs shall act", [Change(17, 17, "now;", "A5", "Z")])
    assert text_after(at_end) == "Customs shall act now;"


words = st.lists(st.sampled_from(["trade", "green", "customs", ",", ";", "the", "l'", "«"]))


@st.composite
def texts_and_changes(draw: st.DrawFn) -> tuple[str, list[Change]]:
    pieces = draw(st.lists(st.sampled_from(["trade", "green", "customs", "the", ","]), min_size=1))
    text = " ".join(pieces).replace(" ,", ",")
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6)))
    changes = []
    cursor = 0
    for n, (a, b) in enumerate(zip(cuts[::2], cuts[1::2], strict=False)):
        if a < cursor:
            continue
        new = draw(st.sampled_from(["", "new words", "x", ","]))
        if a == b and not new:
            continue
        changes.append(Change(a, b, new, f"A{n}", "P"))
        cursor = b + 1
    return text, changes


@settings(max_examples=300, deadline=None)
@given(texts_and_changes())
def test_layout_gives_the_base_back_exactly(case: tuple[str, list[Change]]) -> None:
    text, changes = case
    segments = layout(text, changes)
    assert "".join(s.text for s in segments if s.kind != "ins") == text
    assert all(s.text for s in segments if s.kind == "ins")


def test_conflicts_are_found_both_ways_and_in_text_order() -> None:
    a1 = amendment("A1", *span("protect the"), "shield the")
    a2 = amendment("A2", *span("the environment"), "nature")
    a3 = amendment("A3", *span("trade"), "green trade")
    a4 = amendment("A4", *span("protect"), "guard", part=2)  # another part: no conflict
    found = conflicts(declaration(a2, a1, a3, a4))
    assert found == {"A1": ("A2",), "A2": ("A1",)}


def test_the_first_accepted_pre_empts_the_others_in_text_order() -> None:
    a1 = amendment("A1", *span("protect the"), "shield the")
    a2 = amendment("A2", *span("the environment"), "nature", proposer="Norland")
    a3 = amendment("A3", *span("trade"), "green trade")
    decl = declaration(a2, a1, a3)
    outcome = decide(decl, accept=["A2", "A1", "A3"], by="Chair", at=AT, note="CTP 249")
    states = {a.id: (a.status, a.preempted_by) for a in outcome.declaration.amendments}
    assert states == {
        "A1": (AmendmentStatus.ACCEPTED, None),
        "A2": (AmendmentStatus.REJECTED, "A1"),
        "A3": (AmendmentStatus.ACCEPTED, None),
    }
    assert [a.id for a in outcome.fallen] == ["A2"]
    assert all(a.decided_by == "Chair" and a.decision_note == "CTP 249" for a in outcome.changed)
    with pytest.raises(Refused) as refused:
        decide(outcome.declaration, accept=["A2"], by="Chair", at=AT)
    assert refused.value.conflict
    assert refused.value.findings[0].params == {"id": "A2", "other": "A1"}
    reopened = decide(outcome.declaration, reject=["A1"], by="Chair", at=AT).declaration
    again = decide(reopened, accept=["A2"], by="Chair", at=AT).declaration
    assert again.amendment("A2").status is AmendmentStatus.ACCEPTED
    assert again.amendment("A2").preempted_by is None


def test_accepting_one_makes_the_open_rivals_fall_at_once() -> None:
    a1 = amendment("A1", *span("protect the"), "shield the")
    a2 = amendment("A2", *span("the environment"), "nature")
    outcome = decide(declaration(a1, a2), accept=["A1"], by="Chair", at=AT)
    assert outcome.declaration.amendment("A2").status is AmendmentStatus.REJECTED
    assert outcome.declaration.amendment("A2").preempted_by == "A1"


def test_decisions_are_refused_when_wrong() -> None:
    decl = declaration(amendment("A1", *span("trade"), "green trade"))
    with pytest.raises(Refused, match=r"amendment\.unknown"):
        decide(decl, accept=["A9"], by="x", at=AT)
    with pytest.raises(Refused, match=r"amendment\.decided_twice"):
        decide(decl, accept=["A1"], reject=["A1"], by="x", at=AT)
    withdrawn = decide(decl, withdraw=["A1"], by="x", at=AT).declaration
    with pytest.raises(Refused, match=r"amendment\.is_withdrawn"):
        decide(withdrawn, accept=["A1"], by="x", at=AT)
    accepted = decide(decl, accept=["A1"], by="x", at=AT).declaration
    with pytest.raises(Refused, match=r"amendment\.withdraw_decided"):
        decide(accepted, withdraw=["A1"], by="x", at=AT)
    assert decide(accepted, accept=["A1"], by="x", at=AT).unchanged == ("A1",)


def test_consolidated_and_tracked_views() -> None:
    a1 = amendment("A1", *span("protect the"), "shield the")
    a2 = amendment("A2", *span("the environment"), "nature")
    a3 = amendment("A3", *span("trade"), "green trade")
    decl = decide(declaration(a1, a2, a3), accept=["A3"], by="x", at=AT).declaration
    first = consolidated(decl, "en")[0]
    assert first.text == "Customs shall protect the environment and facilitate green trade."
    assert {s.amendment for s in first.segments if s.kind != "same"} == {"A3"}
    view = tracked(decl, "en")[0]
    assert [a.id for a in view.aside] == ["A2"]  # conflicts with A1, which is shown first
    assert view.text == "Customs shall shield the environment and facilitate green trade."
    all_in = consolidated(decl, "en", accepted={"A2", "A3"})[0]
    assert all_in.text == "Customs shall protect nature and facilitate green trade."


def test_a_span_that_no_longer_matches_is_refused() -> None:
    good = Wording(*span("trade"), "trade", "green trade")
    assert check_wording(Action.REPLACE, BASE, good) is None
    stale = Wording(*span("trade"), "goods", "green goods")
    finding = check_wording(Action.REPLACE, BASE, stale)
    assert finding is not None and finding.code == "amendment.span_mismatch"
    assert finding.params == {"quoted": "goods", "found": "trade"}
    outside = Wording(500, 510, "", "x")
    assert check_wording(Action.REPLACE, BASE, outside).code == "amendment.span_outside"  # type: ignore[union-attr]
    assert check_wording(Action.INSERT, BASE, Wording(3, 3, "", " ")).code == "amendment.bad_insert"  # type: ignore[union-attr]
    assert (
        check_wording(Action.DELETE, BASE, Wording(0, 3, "Cus", "x")).code == "amendment.bad_delete"
    )  # type: ignore[union-attr]
    bad = amendment("A1", *span("trade"), "green trade")
    broken = Amendment(
        id="A1",
        part=1,
        action=Action.REPLACE,
        proposer="P",
        lang="en",
        wordings={"en": stale},
    )
    problems = check_declaration(declaration(bad, broken, amendment("A3", 0, 0, "X", part=9)))
    assert [p.code for p in problems] == [
        "amendment.duplicate_id",
        "amendment.span_mismatch",
        "amendment.unknown_part",
    ]

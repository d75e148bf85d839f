"""The practice record: workflow graph and quality checklist (pure)."""

from __future__ import annotations

import itertools

import pytest

from gcat.core.practices import (
    REASON_REQUIRED,
    TRANSITIONS,
    Consent,
    Contact,
    MeasurableResult,
    Practice,
    PracticeMember,
    Status,
    can_transition,
    is_web_link,
    quality_checks,
)

MEMBER = PracticeMember("Indonesia", "IDN", "asia_pacific", {"en": "Indonesia"})


def good(**changes: object) -> Practice:
    base = Practice(
        member=MEMBER,
        title="Paperless customs houses",
        lang="en",
        contact=Contact("Ana", "Head", "ana@example.org"),
        domains=("internal_practices",),
        thematic_areas=("internal_office",),
        description=" ".join(["word"] * 90),
        measurable_results=(MeasurableResult("Paper", -40, "%"),),
        links=("https://example.org",),
        consent=Consent.YES,
    )
    return base.with_changes(**changes)


def codes(practice: Practice) -> list[str]:
    return [issue.code for issue in quality_checks(practice)]


def test_a_complete_practice_passes_the_checklist() -> None:
    assert codes(good()) == []


@pytest.mark.parametrize(
    ("changes", "code", "blocking"),
    [
        ({"measurable_results": ()}, "no_measurable_result", False),
        ({"description": "Too short to help anyone."}, "short_description", False),
        ({"domains": ()}, "no_domain", True),
        ({"links": ("javascript:alert(1)",)}, "bad_link", False),
        ({"links": ("www.example.org",)}, "bad_link", False),
        ({"description": "Paperless customs houses"}, "repeats_title", False),
        ({"background": "Paperless customs houses."}, "repeats_title", False),
        ({"consent": None}, "no_consent", True),
        ({"title": " "}, "no_title", True),
        ({"contact": Contact()}, "no_contact", True),
        ({"thematic_areas": ()}, "no_area", False),
    ],
)
def test_each_finding_of_the_checklist(changes: dict, code: str, blocking: bool) -> None:
    issues = quality_checks(good(**changes))
    found = [issue for issue in issues if issue.code == code]
    assert found and found[0].blocking is blocking
    assert issues == sorted(issues, key=lambda issue: not issue.blocking)


def test_short_description_says_how_many_words() -> None:
    (issue,) = [
        i
        for i in quality_checks(good(description="one two three"))
        if i.code == "short_description"
    ]
    assert issue.params == {"words": 3, "minimum": 80}


def test_the_workflow_graph() -> None:
    path = [
        Status.DRAFT,
        Status.SUBMITTED,
        Status.IN_REVIEW,
        Status.CHANGES_REQUESTED,
        Status.SUBMITTED,
    ]
    path += [Status.IN_REVIEW, Status.ACCEPTED, Status.PUBLISHED, Status.WITHDRAWN]
    for current, target in itertools.pairwise(path):
        assert can_transition(current, target), (current, target)
    assert all(Status.WITHDRAWN in TRANSITIONS[s] for s in Status if s is not Status.WITHDRAWN)
    assert TRANSITIONS[Status.WITHDRAWN] == frozenset()
    assert not can_transition(Status.DRAFT, Status.PUBLISHED)
    assert not can_transition(Status.PUBLISHED, Status.DRAFT)
    assert {Status.CHANGES_REQUESTED, Status.WITHDRAWN} == REASON_REQUIRED


def test_withheld_sections_must_be_known() -> None:
    with pytest.raises(ValueError, match="unknown sections"):
        good(withheld=frozenset({"contact"}))


def test_web_links() -> None:
    assert is_web_link("https://customs.example/a?b=1")
    assert is_web_link("HTTP://example.org")
    for bad in (
        "javascript:alert(1)",
        "ftp://example.org",
        "https://",
        "data:text/html,x",
        "example.org",
    ):
        assert not is_web_link(bad), bad

"""Consent in one place: what release lets out, the manifest, and that nothing else builds a
released view."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from gcat.core.practices import Consent, Contact, Practice, PracticeMember, PracticeRecord, Status
from gcat.errors import ConsentError
from gcat.policy.consent import PracticeView, Released, release, release_all

SRC = Path(__file__).resolve().parents[2] / "src" / "gcat"
MEMBER = PracticeMember("Indonesia", "IDN", "asia_pacific", {"en": "Indonesia"})


def record(status: Status = Status.ACCEPTED, **changes: object) -> PracticeRecord:
    practice = Practice(
        member=MEMBER,
        title="T",
        lang="en",
        contact=Contact("Secret Name", "Role", "secret@example.org", "+1"),
        domains=("facilitation",),
        background="B",
        description="D",
        results="R",
        challenges="C",
        future_plans="F",
        links=("https://example.org",),
        consent=Consent.YES,
    ).with_changes(**changes)
    return PracticeRecord(id=7, administration_id=1, status=status, practice=practice)


@pytest.mark.parametrize(
    ("status", "changes", "reason"),
    [
        (Status.WITHDRAWN, {}, "withdrawn"),
        (Status.SUBMITTED, {}, "not_accepted"),
        (Status.DRAFT, {}, "not_accepted"),
        (Status.IN_REVIEW, {}, "not_accepted"),
        (Status.CHANGES_REQUESTED, {}, "not_accepted"),
        (Status.ACCEPTED, {"consent": Consent.NO}, "no_consent"),
        (Status.PUBLISHED, {"consent": None}, "no_consent_answer"),
    ],
)
def test_records_that_consent_or_the_workflow_keep_out(status, changes, reason) -> None:
    with pytest.raises(ConsentError) as caught:
        release(record(status, **changes))
    assert caught.value.params["reason"] == reason
    released, manifest = release_all([record(status, **changes)])
    assert released == []
    assert manifest.excluded[0].reason == reason


def test_a_released_view_has_no_contact_and_no_withheld_section() -> None:
    view = release(record(withheld=frozenset({"results", "links", "challenges"}))).view
    assert not hasattr(view, "contact")
    assert (view.results, view.challenges, view.links) == ("", "", ())
    assert (view.background, view.description, view.future_plans) == ("B", "D", "F")
    assert "Secret" not in repr(view) and "secret@" not in repr(view)
    _, manifest = release_all([record(withheld=frozenset({"results"}))])
    assert manifest.included[0].left_out == ("contact", "results")


def test_published_and_accepted_are_released() -> None:
    assert release(record(Status.PUBLISHED)).view.published
    assert not release(record(Status.ACCEPTED)).view.published


def test_only_release_can_build_a_released_value() -> None:
    view = release(record()).view
    with pytest.raises(TypeError):
        Released(view, key=object())


def _constructions(name: str) -> list[str]:
    found = []
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if called == name:
                    found.append(str(path.relative_to(SRC)))
    return found


def test_nothing_else_in_the_package_constructs_a_released_view() -> None:
    assert _constructions("Released") == ["policy/consent.py"]
    assert _constructions("PracticeView") == ["policy/consent.py"]


def test_publications_accept_only_released_values() -> None:
    """The Compendium builder, the pack writer and the matcher take Released[PracticeView]."""
    import inspect

    from gcat.compendium.context import build_compendium
    from gcat.compendium.pack import write_pack
    from gcat.compendium.search import search_practices
    from gcat.compendium.who import who_already_did

    for function in (build_compendium, write_pack, who_already_did, search_practices):
        assert "Released[PracticeView]" in str(inspect.signature(function)), function
    assert PracticeView.__module__ == "gcat.policy.consent"

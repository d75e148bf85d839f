"""The services called directly, on a real database: actors, scoping, transactions, counts."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gcat.core.assessment import Answer, Assessment
from gcat.errors import ConflictError, ForbiddenError, InputError, NotFoundError
from gcat.policy.access import Actor, Role, local_actor
from gcat.services import answers, assessments, tracking
from gcat.services.answers import AnswerChange

LOCAL = local_actor("Officer")


def change(level: int | None = None, **extra: object) -> AnswerChange:
    values: dict[str, object] = {
        "level": level,
        "not_applicable": False,
        "reason": "",
        "target": None,
        "comment": "",
        "evidence_note": "",
        "flagged": False,
        "version": 0,
    }
    values.update(extra)
    return AnswerChange(**values)  # type: ignore[arg-type]


def test_create_record_and_read_back(engine: sa.Engine) -> None:
    aid = assessments.create_assessment(LOCAL, engine, administration="  Douane\tA ", cycle="2025")
    saved = answers.record_answer(LOCAL, engine, aid, "PL-01", change(2, comment=" note "))
    assert (saved.stored.version, saved.stored.updated_by) == (1, "Officer")
    loaded = assessments.load(LOCAL, engine, aid)
    assert loaded.stored.administration == "Douane A"
    assert loaded.assessment.answers["PL-01"] == Answer(level=2, comment="note")
    history = answers.answer_history(LOCAL, engine, aid, "PL-01")
    assert [h.new_value["level"] for h in history] == [2]
    with pytest.raises(ConflictError):
        answers.record_answer(LOCAL, engine, aid, "PL-01", change(3, version=0))


def test_member_users_see_only_their_own_administration(engine: sa.Engine) -> None:
    mine = assessments.create_assessment(LOCAL, engine, administration="Mine", cycle="1")
    theirs = assessments.create_assessment(LOCAL, engine, administration="Theirs", cycle="1")
    own_admin = assessments.load(LOCAL, engine, mine).stored.administration_id
    member = Actor("Respondent", Role.RESPONDENT, administration_id=own_admin)
    viewer = Actor("Viewer", Role.VIEWER, administration_id=own_admin)
    assert [s.stored.id for s in assessments.list_summaries(member, engine)] == [mine]
    assert assessments.load(member, engine, mine).stored.id == mine
    for action in (
        lambda: assessments.load(member, engine, theirs),
        lambda: answers.record_answer(member, engine, theirs, "PL-01", change(1)),
        lambda: answers.answer_history(member, engine, theirs, "PL-01"),
        lambda: assessments.delete_assessment(member, engine, theirs),
        lambda: tracking.plan_tracking(member, engine, theirs),
    ):
        with pytest.raises(NotFoundError):  # not 403: existence is not leaked
            action()
    with pytest.raises(ForbiddenError):
        answers.record_answer(viewer, engine, mine, "PL-01", change(1))
    assert assessments.load(viewer, engine, mine).answers == {}


def test_an_import_is_checked_whole_and_written_in_one_transaction(engine: sa.Engine) -> None:
    """A bad last answer leaves no assessment behind; the same rules as the API apply."""
    long_note = "n" * 5001
    for answers_ in (
        {"PL-01": Answer(level=1), "ZZ-99": Answer(level=2)},
        {"PL-01": Answer(level=1), "PL-02": Answer(level=1, evidence=(long_note,))},
        {"PL-01": Answer(level=1, evidence=("e" * 3000, "f" * 3000))},  # 6,001 in one note
    ):
        bad = Assessment("gcat", "1.0", "Half", "2025", answers=answers_)
        with pytest.raises(InputError):
            assessments.import_assessment(LOCAL, engine, bad)
        assert assessments.list_summaries(LOCAL, engine) == []
    good = Assessment("gcat", "1.0", "Half", "2025", answers={"PL-01": Answer(level=1)})
    aid = assessments.import_assessment(LOCAL, engine, good)
    with pytest.raises(ConflictError):
        assessments.import_assessment(LOCAL, engine, good)
    assert [s.stored.id for s in assessments.list_summaries(LOCAL, engine)] == [aid]


def test_names_are_checked_once_for_every_way_in(engine: sa.Engine) -> None:
    with pytest.raises(InputError) as caught:
        assessments.create_assessment(LOCAL, engine, administration="\x00 \u202e ", cycle="1")
    assert caught.value.problems[0].field == "administration"
    with pytest.raises(InputError):
        assessments.create_assessment(LOCAL, engine, administration="A", cycle="x" * 41)


LEVELS = st.one_of(st.none(), st.integers(0, 5), st.just("na"))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from(["PL-01", "PL-07", "FA-01", "CO-01"]), LEVELS)))
def test_the_stored_completeness_is_the_scored_one(engine: sa.Engine, steps: list) -> None:
    cycle = str(len(assessments.list_summaries(LOCAL, engine)))
    aid = assessments.create_assessment(LOCAL, engine, administration="P", cycle=cycle)
    versions: dict[str, int] = {}
    for indicator, level in steps:
        body = (
            change(None, not_applicable=True, reason="no", version=versions.get(indicator, 0))
            if level == "na"
            else change(level, version=versions.get(indicator, 0))
        )
        try:
            saved = answers.record_answer(LOCAL, engine, aid, indicator, body)
        except InputError:
            continue  # N/A where the indicator does not allow it
        versions[indicator] = saved.stored.version
    (summary,) = [s for s in assessments.list_summaries(LOCAL, engine) if s.stored.id == aid]
    scored = assessments.load(LOCAL, engine, aid).evaluate().result.completeness
    assert summary.completeness == scored

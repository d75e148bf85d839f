"""Pre-filled answers to review, the work lists, and a history that says what changed and who."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gcat.core.assessment import Answer, Assessment
from gcat.core.history import FieldChange, HistoryFilter, field_changes
from gcat.core.scoring import CONFIDENCE_TO_REVIEW, score_assessment
from gcat.core.worklist import WorkList, strengths_and_gaps, work_counts, work_list
from gcat.errors import InputError
from gcat.frameworks import load_framework
from gcat.policy.access import local_actor
from gcat.services import answers, assessments
from gcat.services.answers import AnswerChange
from gcat.storage.db import MIGRATIONS, make_engine, migrate

OFFICER = local_actor("Awa Diallo")


def change(level: int | None = None, version: int = 0, **extra: object) -> AnswerChange:
    values: dict[str, object] = {
        "level": level,
        "not_applicable": False,
        "reason": "",
        "target": None,
        "comment": "",
        "evidence_note": "",
        "flagged": False,
        "version": version,
    }
    values.update(extra)
    return AnswerChange(**values)  # type: ignore[arg-type]


def two_cycles(engine: sa.Engine) -> tuple[int, int]:
    """A 2025 cycle with four answers, and 2026 pre-filled from it."""
    first = assessments.create_assessment(OFFICER, engine, administration="Douane", cycle="2025")
    for indicator, level in (("PL-01", 2), ("PL-02", 3), ("FA-01", 1), ("CO-01", 4)):
        answers.record_answer(OFFICER, engine, first, indicator, change(level, comment="vu"))
    second = assessments.create_assessment(
        OFFICER, engine, administration="Douane", cycle="2026", previous_id=first
    )
    return first, second


# ── the history's changes ───────────────────────────────────────────────────────────────


def value(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "level": 2,
        "not_applicable": False,
        "reason": "",
        "target": None,
        "comment": "",
        "evidence_note": "",
        "flagged": False,
        "to_review": False,
    }
    return base | fields


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (value(), value(comment="vu"), [FieldChange("comment", None, "vu")]),
        (value(), value(flagged=True), [FieldChange("flagged", False, True)]),
        (value(), value(evidence_note="PV"), [FieldChange("evidence_note", None, "PV")]),
        (
            value(target=3),
            value(level=4, target=5),
            [FieldChange("answer", 2, 4), FieldChange("target", 3, 5)],
        ),
        (
            value(),
            value(level=None, not_applicable=True, reason="union"),
            [FieldChange("answer", 2, "na"), FieldChange("reason", None, "union")],
        ),
        (value(to_review=True), value(), [FieldChange("to_review", True, False)]),
        (
            None,
            value(flagged=True),
            [FieldChange("answer", None, 2), FieldChange("flagged", None, True)],
        ),
        (value(), value(), []),
    ],
)
def test_each_changed_field_with_its_before_and_after(
    old: dict[str, object] | None, new: dict[str, object], expected: list[FieldChange]
) -> None:
    assert list(field_changes(old, new)) == expected


def test_a_value_stored_before_the_review_state_existed_reads_as_reviewed() -> None:
    old = {k: v for k, v in value().items() if k != "to_review"}
    assert field_changes(old, value(comment="x")) == (FieldChange("comment", None, "x"),)


def test_the_assessment_history_filters_by_indicator_person_and_date(engine: sa.Engine) -> None:
    aid = assessments.create_assessment(OFFICER, engine, administration="D", cycle="1")
    other = local_actor("Jean Martin")
    answers.record_answer(OFFICER, engine, aid, "PL-01", change(2))
    answers.record_answer(other, engine, aid, "PL-01", change(2, version=1, comment="vu"))
    answers.record_answer(other, engine, aid, "FA-01", change(3))
    found = answers.assessment_history(OFFICER, engine, aid)
    assert [(e.indicator_id, e.changed_by) for e in found.entries] == [
        ("FA-01", "Jean Martin"),
        ("PL-01", "Jean Martin"),
        ("PL-01", "Awa Diallo"),
    ]
    assert found.people == ["Awa Diallo", "Jean Martin"] and not found.truncated
    assert found.entries[1].changes == (FieldChange("comment", None, "vu"),)
    by_indicator = answers.assessment_history(OFFICER, engine, aid, HistoryFilter("PL-01"))
    assert len(by_indicator.entries) == 2
    by_person = answers.assessment_history(OFFICER, engine, aid, HistoryFilter(person="Awa Diallo"))
    assert [e.indicator_id for e in by_person.entries] == ["PL-01"]
    today = datetime.now(UTC).date()
    assert (
        len(answers.assessment_history(OFFICER, engine, aid, HistoryFilter(start=today)).entries)
        == 3
    )
    tomorrow = today + timedelta(days=1)
    assert (
        answers.assessment_history(OFFICER, engine, aid, HistoryFilter(start=tomorrow)).entries
        == []
    )
    yesterday = today - timedelta(days=1)
    assert (
        answers.assessment_history(OFFICER, engine, aid, HistoryFilter(end=yesterday)).entries == []
    )
    assert (
        len(answers.assessment_history(OFFICER, engine, aid, HistoryFilter(end=today)).entries) == 3
    )
    limited = answers.assessment_history(OFFICER, engine, aid, limit=2)
    assert len(limited.entries) == 2 and limited.truncated


def test_no_change_without_a_name(engine: sa.Engine) -> None:
    aid = assessments.create_assessment(OFFICER, engine, administration="D", cycle="1")
    with pytest.raises(InputError) as caught:
        answers.record_answer(local_actor("  "), engine, aid, "PL-01", change(2))
    assert caught.value.problems[0].field == "author"
    assert answers.assessment_history(OFFICER, engine, aid).entries == []


# ── pre-filled answers to review ────────────────────────────────────────────────────────


def test_prefilled_answers_are_to_review_until_confirmed_or_changed(engine: sa.Engine) -> None:
    first, second = two_cycles(engine)
    loaded = assessments.load(OFFICER, engine, second)
    last = assessments.load(OFFICER, engine, first).evaluate().result
    assert all(item.answer.to_review for item in loaded.answers.values())
    result = loaded.evaluate().result
    assert result.completeness == 0.0 and CONFIDENCE_TO_REVIEW in result.confidence_notes
    # last cycle's levels still score
    assert result.domain("policy_legislation").score == last.domain("policy_legislation").score
    assert loaded.stored.completeness == 0.0
    # confirming as it is (a save with the same values) and changing both count
    version = loaded.answers["PL-01"].version
    same = change(2, version=version, comment="vu")
    saved = answers.record_answer(OFFICER, engine, second, "PL-01", same)
    assert not saved.stored.answer.to_review
    fa = loaded.answers["FA-01"].version
    answers.record_answer(
        OFFICER, engine, second, "FA-01", change(2, version=fa, change_reason="Nouveau guichet")
    )
    again = assessments.load(OFFICER, engine, second)
    expected = round(100 * 2 / 50, 2)
    assert again.evaluate().result.completeness == expected == again.stored.completeness
    history = answers.answer_history(OFFICER, engine, second, "PL-01")
    assert history[-1].changes == (FieldChange("to_review", True, False),)
    lists = work_counts(again.framework, again.assessment)
    assert lists[WorkList.TO_REVIEW] == 2


LEVELS = st.one_of(st.none(), st.integers(0, 5), st.just("na"))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.tuples(st.sampled_from(["PL-01", "PL-07", "FA-01", "CO-01", "GT-02"]), LEVELS)),
    st.lists(st.tuples(st.sampled_from(["PL-01", "PL-07", "FA-01", "CO-01", "GT-02"]), LEVELS)),
)
def test_the_stored_completeness_is_the_scored_one_through_a_prefill(
    engine: sa.Engine, before: list, after: list
) -> None:
    """Pre-fill, then confirm or change some answers: the count the list of assessments keeps
    is the completeness the scoring gives."""
    cycle = str(len(assessments.list_summaries(OFFICER, engine)))
    first = assessments.create_assessment(OFFICER, engine, administration="P", cycle=cycle)
    second = None
    for step, steps in enumerate((before, after)):
        aid = first if step == 0 else second
        assert aid is not None
        versions = {
            i.indicator_id: i.version
            for i in assessments.load(OFFICER, engine, aid).answers.values()
        }
        for indicator, level in steps:
            body = (
                change(
                    None,
                    versions.get(indicator, 0),
                    not_applicable=True,
                    reason="no",
                    change_reason="r",
                )
                if level == "na"
                else change(level, versions.get(indicator, 0), change_reason="r")
            )
            try:
                saved = answers.record_answer(OFFICER, engine, aid, indicator, body)
            except InputError:
                continue
            versions[indicator] = saved.stored.version
        if step == 0:
            second = assessments.create_assessment(
                OFFICER, engine, administration="P", cycle=f"{cycle}b", previous_id=first
            )
    for aid in (first, second):
        assert aid is not None
        (summary,) = [s for s in assessments.list_summaries(OFFICER, engine) if s.stored.id == aid]
        assert (
            summary.completeness
            == assessments.load(OFFICER, engine, aid).evaluate().result.completeness
        )


def test_the_migration_marks_untouched_prefills_to_review(tmp_path: object) -> None:
    """A database from before the review state: answers pre-filled and never touched since
    become "to review", and the stored count follows."""
    engine = make_engine(f"sqlite:///{tmp_path}/old.sqlite3")  # type: ignore[str-bytes-safe]
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
    migrate_before = engine  # the services need the current schema: build the rows by SQL
    now = "2025-01-01 00:00:00"
    with migrate_before.begin() as conn:
        conn.exec_driver_sql(f"INSERT INTO administrations VALUES (1, 'Old', '{now}')")
        for aid, previous in ((1, None), (2, 1)):
            conn.exec_driver_sql(
                "INSERT INTO assessments (id, administration_id, framework_id, framework_version,"
                " cycle, domains, assessors, previous_id, created_at, updated_at, answered,"
                f" indicators) VALUES ({aid}, 1, 'gcat', '1.0', '{2023 + aid}', NULL, '',"
                f" {previous or 'NULL'}, '{now}', '{now}', 2, 50)"
            )
            for n, ind in enumerate(("PL-01", "PL-02"), start=1):
                conn.exec_driver_sql(
                    "INSERT INTO answers (administration_id, assessment_id, indicator_id, level,"
                    " not_applicable, reason, target, comment, evidence_note, flagged, version,"
                    f" updated_at, updated_by) VALUES (1, {aid}, '{ind}', {n}, 0, '', NULL, '',"
                    f" '', 0, 1, '{now}', 'x')"
                )
                reason = "@prefill 2024" if aid == 2 else ""
                conn.exec_driver_sql(
                    "INSERT INTO answer_history (administration_id, assessment_id, indicator_id,"
                    " changed_at, changed_by, old_value, new_value, change_reason) VALUES"
                    f" (1, {aid}, '{ind}', '{now}', 'x', NULL, '{{}}', '{reason}')"
                )
        # PL-02 of the second cycle was changed after the pre-fill
        conn.exec_driver_sql(
            "INSERT INTO answer_history (administration_id, assessment_id, indicator_id,"
            " changed_at, changed_by, old_value, new_value, change_reason) VALUES"
            f" (1, 2, 'PL-02', '{now}', 'x', '{{}}', '{{}}', 'checked')"
        )
    migrate(engine)
    loaded = assessments.load(OFFICER, engine, 2)
    assert {i: a.answer.to_review for i, a in loaded.answers.items()} == {
        "PL-01": True,
        "PL-02": False,
    }
    assert loaded.stored.answered == 1
    assert assessments.load(OFFICER, engine, 1).stored.answered == 2


# ── work lists ──────────────────────────────────────────────────────────────────────────


def test_the_work_lists() -> None:
    framework = load_framework()
    assessment = Assessment(
        "gcat",
        "1.0",
        "D",
        "1",
        {
            "PL-01": Answer(level=4, evidence=("PV",)),
            "PL-02": Answer(level=3, flagged=True),
            "PL-03": Answer(level=0),
            "PL-04": Answer(level=1, to_review=True),
            "PL-05": Answer(level=5),
            "PL-06": Answer(comment="not yet"),
        },
        domains=("policy_legislation",),
    )
    assert work_list(framework, assessment, WorkList.UNANSWERED) == ["PL-06", "PL-07"]
    assert work_list(framework, assessment, WorkList.FLAGGED) == ["PL-02"]
    assert work_list(framework, assessment, WorkList.TO_REVIEW) == ["PL-04"]
    assert work_list(framework, assessment, WorkList.NO_EVIDENCE) == ["PL-02", "PL-05"]
    assert work_list(framework, assessment, WorkList.STRENGTHS) == ["PL-05", "PL-01", "PL-02"]
    assert work_list(framework, assessment, WorkList.GAPS) == ["PL-03", "PL-04"]
    assert strengths_and_gaps(framework, assessment, count=2) == (
        ["PL-05", "PL-01"],
        ["PL-03", "PL-04"],
    )
    counts = work_counts(framework, assessment)
    assert counts == {w: len(work_list(framework, assessment, w)) for w in WorkList}
    result = score_assessment(framework, assessment)
    assert result.domain("policy_legislation").answered == 4  # PL-04 is still to review

"""Several assessors on a stored assessment: independent scores, reveal, consensus decisions,
the history, reports; and pilot feedback, exported opt-in and collected across members."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from gcat.demo import store_demo_assessments
from gcat.errors import ConflictError, ForbiddenError, InputError
from gcat.policy.access import Actor, Role, local_actor
from gcat.services import answers, assessments, feedback, signoff, team
from gcat.services.outputs import render, stored_request
from tests.conftest import Cli

AMINA, BRUNO, CARLA = local_actor("Amina"), local_actor("Bruno"), local_actor("Carla")
VALIDATOR = local_actor("Vera")
RESPONDENT = Actor("Rui", Role.RESPONDENT, administration_id=1)


@pytest.fixture
def db(engine: sa.Engine) -> sa.Engine:
    store_demo_assessments(engine)
    return engine


def _score(level: int | None, na: bool = False, comment: str = "") -> team.ScoreChange:
    return team.ScoreChange(level, na, comment)


def _three_assessors(db: sa.Engine) -> None:
    team.record_scores(
        AMINA, db, 2, {"FA-01": _score(4), "FA-02": _score(1), "FA-03": _score(None, True)}
    )
    team.record_scores(BRUNO, db, 2, {"FA-01": _score(4), "FA-02": _score(3, comment="Signed MoU")})
    team.record_scores(CARLA, db, 2, {"FA-01": _score(3), "FA-02": _score(2)})


def test_scores_stay_hidden_until_revealed(db: sa.Engine) -> None:
    _three_assessors(db)
    view = team.team_view(AMINA, db, 2)
    assert [a.name for a in view.assessors] == ["Amina", "Bruno", "Carla"]
    assert view.shown == ("Amina",) and view.agreement is None
    assert view.my_scores["FA-02"].level == 1
    assert view.scored == {"Amina": 3, "Bruno": 2, "Carla": 2}
    team.reveal_scores(BRUNO, db, 2)
    assert team.team_view(AMINA, db, 2).shown == ("Amina",)  # not before revealing her own
    assert team.team_view(VALIDATOR, db, 2).shown == ("Bruno",)
    team.reveal_scores(AMINA, db, 2)
    view = team.team_view(AMINA, db, 2)
    assert view.shown == ("Amina", "Bruno")
    fa02 = view.indicators["FA-02"]
    assert fa02.agreement.scores == (1, 3) and fa02.agreement.disagreement
    assert fa02.comments == (("Bruno", "Signed MoU"),)
    assert view.agreement is not None and 0 <= view.agreement.within_one <= 1  # type: ignore[operator]


def test_unchanged_scores_are_not_recorded_again_and_history_keeps_every_score(
    db: sa.Engine,
) -> None:
    assert team.record_scores(AMINA, db, 2, {"FA-01": _score(4)}) == 1
    assert team.record_scores(AMINA, db, 2, {"FA-01": _score(4)}) == 0
    assert team.record_scores(AMINA, db, 2, {"FA-01": _score(2), "FA-02": _score(None)}) == 1
    team.reveal_scores(AMINA, db, 2)
    history = team.team_view(AMINA, db, 2).indicators["FA-01"].history
    assert [h.level for h in history] == [4, 2]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"ZZ-99": _score(1)}, "answers.unknown_indicator"),
        ({"FA-01": _score(7)}, "answers.bad_level"),
        ({"FA-01": _score(None, True)}, "answers.na_not_allowed"),
        ({"FA-01": _score(2, comment="x" * 6000)}, "check.text_too_long"),
    ],
)
def test_bad_scores_are_refused(db: sa.Engine, changes: dict, code: str) -> None:
    with pytest.raises(InputError) as refused:
        team.record_scores(AMINA, db, 2, changes)
    assert refused.value.code == code


def test_an_assessor_needs_a_name(db: sa.Engine) -> None:
    with pytest.raises(InputError) as refused:
        team.record_scores(local_actor(""), db, 2, {"FA-01": _score(1)})
    assert refused.value.code == "team.no_name"


def test_the_validator_decides_and_the_decision_becomes_the_answer(db: sa.Engine) -> None:
    _three_assessors(db)
    for who in (AMINA, BRUNO, CARLA):
        team.reveal_scores(who, db, 2)
    with pytest.raises(InputError):
        team.decide(VALIDATOR, db, 2, "FA-02", level=2, not_applicable=False, rationale=" ")
    with pytest.raises(ForbiddenError):
        team.decide(RESPONDENT, db, 2, "FA-02", level=2, not_applicable=False, rationale="x")
    before = assessments.load(VALIDATOR, db, 2).answers["FA-02"].answer
    decision = team.decide(
        VALIDATOR,
        db,
        2,
        "FA-02",
        level=2,
        not_applicable=False,
        rationale="MoU signed, not applied",
    )
    assert decision.scores == {"Amina": 1, "Bruno": 3, "Carla": 2}
    after = assessments.load(VALIDATOR, db, 2).answers["FA-02"].answer
    assert after.level == 2 and after.comment == before.comment
    trail = answers.answer_history(VALIDATOR, db, 2, "FA-02")
    assert trail[-1].change_reason == "@consensus MoU signed, not applied"
    assert trail[-1].changed_by == "Vera"
    agreed, decided = team.team_outline(VALIDATOR, db, 2)
    assert agreed is not None and agreed.assessors == ("Amina", "Bruno", "Carla")
    assert [d.indicator_id for d in decided] == ["FA-02"]
    html = render("report", "html", stored_request(VALIDATOR, db, 2, "es", "report")).data.decode()
    assert "Varios evaluadores y consenso" in html and "Alfa de Krippendorff (ordinal)" in html
    assert "MoU signed, not applied" in html and "Amina 1, Bruno 3, Carla 2" in html


def test_na_decision_takes_the_rationale_as_its_reason(db: sa.Engine) -> None:
    team.decide(
        VALIDATOR, db, 2, "FA-03", level=None, not_applicable=True, rationale="No AEO scheme"
    )
    answer = assessments.load(VALIDATOR, db, 2).answers["FA-03"].answer
    assert answer.not_applicable and answer.reason


def test_nothing_changes_on_a_signed_assessment(db: sa.Engine) -> None:
    signoff.sign_off(VALIDATOR, db, 2)
    for attempt in (
        lambda: team.record_scores(AMINA, db, 2, {"FA-01": _score(1)}),
        lambda: team.reveal_scores(AMINA, db, 2),
        lambda: team.decide(
            VALIDATOR, db, 2, "FA-01", level=1, not_applicable=False, rationale="x"
        ),
        lambda: feedback.add_feedback(AMINA, db, 2, "FA-01", level=None, kind="unclear", note=""),
    ):
        with pytest.raises(ConflictError):
            attempt()


def test_feedback_is_recorded_checked_and_exported_only_when_asked(db: sa.Engine) -> None:
    note = feedback.add_feedback(
        AMINA, db, 2, "FA-02", level=3, kind="unclear", note="What is an LPCO?"
    )
    feedback.add_feedback(BRUNO, db, 2, "FA-04", level=None, kind="does_not_fit", note="No EPR law")
    for kwargs, code in (
        ({"level": 9, "kind": "unclear"}, "answers.bad_level"),
        ({"level": None, "kind": "boring"}, "check.bad_choice"),
    ):
        with pytest.raises(InputError) as refused:
            feedback.add_feedback(AMINA, db, 2, "FA-02", note="", **kwargs)
        assert refused.value.code == code
    assert [n.indicator_id for n in feedback.feedback_notes(AMINA, db, 2)] == ["FA-02", "FA-04"]
    plain = json.loads(render("export", "json", stored_request(AMINA, db, 2, "en", "export")).data)
    assert "feedback" not in plain
    opted = render(
        "export", "json", stored_request(AMINA, db, 2, "en", "export", with_feedback=True)
    )
    payload = json.loads(opted.data)
    assert payload["feedback"][0] == {
        "indicator_id": "FA-02",
        "level": 3,
        "kind": "unclear",
        "note": "What is an LPCO?",
    }
    assert "Amina" not in opted.data.decode()  # the author's name stays home
    import jsonschema_rs

    from tests.test_exchange_json import SCHEMA_PATH

    jsonschema_rs.Draft202012Validator(json.loads(SCHEMA_PATH.read_text("utf-8"))).validate(payload)
    feedback.delete_feedback(AMINA, db, 2, note.id)
    assert len(feedback.feedback_notes(AMINA, db, 2)) == 1


def test_feedback_collected_across_members(cli: Cli, db: sa.Engine, tmp_path: Path) -> None:
    feedback.add_feedback(AMINA, db, 2, "FA-02", level=3, kind="unclear", note="What is an LPCO?")
    feedback.add_feedback(
        AMINA, db, 2, "FA-02", level=3, kind="does_not_fit", note="=cmd|' /C calc'!A0"
    )
    feedback.add_feedback(AMINA, db, 1, "FA-02", level=3, kind="unclear", note="<script>x</script>")
    files = []
    for assessment_id in (1, 2):
        path = tmp_path / f"a{assessment_id}.gcat.json"
        data = render(
            "export",
            "json",
            stored_request(AMINA, db, assessment_id, "en", "export", with_feedback=True),
        ).data
        path.write_bytes(data)
        files.append(str(path))
    out = tmp_path / "feedback.xlsx"
    code, _, stderr = cli(
        "framework", "feedback", *files, "--format", "xlsx", "-o", str(out), "--lang", "fr"
    )
    assert code == 0, stderr
    wb = load_workbook(io.BytesIO(out.read_bytes()))
    summary = list(wb["Synthèse"].iter_rows(min_row=2, values_only=True))
    assert summary == [("1.0", "FA-02", summary[0][2], "niveau 3", 2, 1, 1)]
    notes = wb["Remarques"]
    hostile = next(c for c in notes["F"] if c.value and str(c.value).startswith("=cmd"))
    assert hostile.data_type == "s" and hostile.quotePrefix
    page = tmp_path / "feedback.html"
    code, _, _ = cli("framework", "feedback", *files, "--format", "html", "-o", str(page))
    text = page.read_text("utf-8")
    assert code == 0 and "&lt;script&gt;" in text and "<script>" not in text
    assert "Unclear: 2 · does not fit: 1 · administrations: 1" in text
    bad = tmp_path / "bad.gcat.json"
    bad.write_text("{}", "utf-8")
    code, _, stderr = cli("framework", "feedback", str(bad), "-o", str(tmp_path / "x.xlsx"))
    assert code == 2 and "bad.gcat.json" in stderr


def test_history_names_the_team_reasons_in_each_language() -> None:
    from gcat.web.team_pages import history_reason

    assert (
        history_reason("@upgrade 1.0 1.1", "fr")
        == "Passage de la version 1.0 à la version 1.1 du référentiel"
    )
    assert history_reason("@revision 2", "es") == "Copiada de la edición validada 2"
    assert history_reason("@consensus MoU signed", "en") == "Agreed by consensus: MoU signed"
    assert history_reason("typed by hand", "en") is None

"""The upgrade path: `gcat upgrade`, the stored upgrade with files and tracking, the change
report, and comparison across versions through the map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml

from gcat.answers_file import read_answers
from gcat.core.comparison import through_map
from gcat.core.upgrade_account import UpgradeAccount
from gcat.demo import demo_evaluations, demo_file, store_demo_assessments
from gcat.errors import ConflictError, InputError
from gcat.frameworks import load_framework, load_upgrade_map
from gcat.policy.access import local_actor
from gcat.reports.upgrade import change_report, change_report_markdown
from gcat.services import assessments, evidence, tracking
from gcat.services.outputs import OutputRequest, render
from gcat.services.upgrade import (
    UPGRADE_REASON,
    comparable_previous,
    plan_upgrade,
    stored_upgrade,
    upgrade_file,
    upgrade_stored,
    upgrades_from,
)
from tests.conftest import Cli

ACTOR = local_actor("Inès")
V10 = load_framework("gcat", "1.0")
V11 = load_framework("gcat", "1.1")


def test_upgrades_from_lists_the_installed_maps() -> None:
    assert upgrades_from("gcat", "1.0") == ["1.1"]
    assert upgrades_from("gcat", "1.1") == []


def test_cli_upgrade_writes_a_1_1_answers_file_and_loses_nothing(cli: Cli, tmp_path: Path) -> None:
    out, report = tmp_path / "2025-1.1.yaml", tmp_path / "changes.md"
    code, stdout, _ = cli(
        "upgrade",
        str(demo_file("2025")),
        "--to",
        "1.1",
        "-o",
        str(out),
        "--report",
        str(report),
        "--json",
    )
    assert code == 0
    account = json.loads(stdout)
    assert (account["from"], account["to"]) == ("1.0", "1.1")
    assert len(account["indicators"]) == 59
    framework, upgraded = read_answers(out)
    assert (framework.version, upgraded.framework_version) == ("1.1", "1.1")
    _, old = read_answers(demo_file("2025"))
    outcomes = {item["id"]: item for item in account["indicators"]}
    id_map = load_upgrade_map("gcat", "1.0", "1.1")
    for source, answer in old.answers.items():
        for target in id_map.indicators[source].targets:
            new = upgraded.answers[target.id]
            assert outcomes[target.id]["outcome"] in ("carried", "review")
            assert answer.comment in new.comment  # nothing typed is lost
            assert all(note in new.evidence for note in answer.evidence)
            if outcomes[target.id]["outcome"] == "review":
                assert new.flagged and new.level is None
                assert new.comment.startswith("To review after the move to version 1.1:")
            else:
                assert new.level == target.levels[answer.level]  # type: ignore[index]
    for ind_id in id_map.new:
        assert upgraded.answers[ind_id].flagged
        assert "New in this version" in upgraded.answers[ind_id].comment
    text = report.read_text("utf-8")
    assert text.startswith("# Move from version 1.0 to version 1.1: change report")
    assert "## To review, and why" in text and "## Carried over" in text
    assert "| PL-08 " in text  # a new indicator is listed, with its reason


def test_cli_upgrade_in_french_prints_the_report(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    code, stdout, stderr = cli(
        "upgrade", str(demo_file("2025")), "--to", "1.1", "-o", str(out), "--lang", "fr"
    )
    assert code == 0, stderr
    assert "rapport des changements" in stdout and "45 indicateurs repris, 14 à revoir" in stdout
    assert "À revoir après le passage à la version 1.1 :" in out.read_text("utf-8")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--to", "1.0"], "already under version 1.0"),
        (["--to", "9.9"], "gcat version 9.9 is not installed"),
        (["--to", "../1.1"], "is not installed"),
    ],
)
def test_cli_upgrade_refusals(cli: Cli, tmp_path: Path, args: list[str], expected: str) -> None:
    out = tmp_path / "out.yaml"
    code, _, stderr = cli("upgrade", str(demo_file("2025")), *args, "-o", str(out))
    assert code == 2 and expected in stderr
    assert not out.exists()


def test_cli_upgrade_refuses_a_bad_file_and_an_existing_output(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        'framework: {id: gcat, version: "1.0"}\nadministration: X\ncycle: 1\n'
        "answers: {PL-01: {level: 9}}\n",
        "utf-8",
    )
    out = tmp_path / "out.yaml"
    code, _, stderr = cli("upgrade", str(bad), "--to", "1.1", "-o", str(out))
    assert code == 2 and "bad.yaml:4" in stderr and not out.exists()
    out.write_text("keep me", "utf-8")
    code, _, stderr = cli("upgrade", str(demo_file("2025")), "--to", "1.1", "-o", str(out))
    assert code == 2 and out.read_text("utf-8") == "keep me"


def test_plan_upgrade_refuses_answers_the_map_does_not_know(tmp_path: Path) -> None:
    framework, assessment = read_answers(demo_file("2025"))
    from dataclasses import replace

    from gcat.core.assessment import Answer

    foreign = replace(assessment, answers={**assessment.answers, "ZZ-01": Answer(level=1)})
    with pytest.raises(InputError) as caught:
        plan_upgrade(framework, foreign, "1.1")
    assert caught.value.code == "upgrade.unmapped"


def test_upgrade_file_keeps_retired_answers_as_comments() -> None:
    done = upgrade_file(demo_file("2025"), "1.1", "es")
    assert done.text.startswith("# Herramienta de evaluación de aduanas verdes: paso de la versión")
    assert not done.outcome.upgrade.retired  # 1.0 → 1.1 retires nothing


def test_account_round_trips_through_json() -> None:
    done = upgrade_file(demo_file("2025"), "1.1", "en")
    account = done.outcome.account
    assert UpgradeAccount.from_json(json.loads(json.dumps(account.to_json()))) == account
    assert len(account.carried) == 45 and len(account.to_review) == 14


def test_change_report_lists_every_indicator_once_in_each_language() -> None:
    done = upgrade_file(demo_file("2025"), "1.1", "en")
    outcome = done.outcome
    for lang in ("en", "fr", "es"):
        report = change_report(outcome.account, outcome.old, outcome.new, outcome.id_map, lang)
        ids = [line.indicator_id for line in (*report.review, *report.carried)]
        assert sorted(ids) == sorted(V11.indicators)
        assert all(line.reasons for line in report.review)
        markdown = change_report_markdown(report)
        assert markdown.count("\n| ") == len(ids) + 2  # two header rows, one row per indicator


@pytest.fixture
def demo_db(engine: sa.Engine) -> sa.Engine:
    store_demo_assessments(engine)
    return engine


def test_stored_upgrade_makes_a_new_edition_and_everything_travels(demo_db: sa.Engine) -> None:
    engine = demo_db
    evidence.add_evidence(
        ACTOR, engine, 2, "IP-04", filename="meter.pdf", data=b"%PDF-1.4 m", quota=10**7
    )
    evidence.add_evidence(
        ACTOR, engine, 2, "PL-01", filename="plan.txt", data=b"draft plan", quota=10**7
    )
    tracking.set_tracking(ACTOR, engine, 2, "PL-01", owner="Ana", due=None, status="in_progress")
    before = assessments.load(ACTOR, engine, 2)
    new_id = upgrade_stored(ACTOR, engine, 2, "1.1", "fr")
    old = assessments.load(ACTOR, engine, 2)
    assert old.answers == before.answers  # the old one is kept as it was
    new = assessments.load(ACTOR, engine, new_id)
    assert (new.stored.framework_version, new.stored.cycle, new.stored.edition) == (
        "1.1",
        "2025",
        2,
    )
    assert new.stored.previous_id == old.stored.previous_id
    assert set(new.answers) == set(V11.indicators)
    files = {(f.indicator_id, f.filename) for f in evidence.evidence_files(ACTOR, engine, new_id)}
    assert files == {("IP-04", "meter.pdf"), ("IP-09", "meter.pdf"), ("PL-01", "plan.txt")}
    assert tracking.plan_tracking(ACTOR, engine, new_id)["PL-01"].owner == "Ana"
    for key, item in old.answers.items():
        assert item.evidence_note in new.answers[key].evidence_note
        assert item.answer.comment in new.answers[key].answer.comment
    review = new.answers["IP-09"]
    assert review.answer.flagged and review.answer.level is None
    assert review.answer.comment.startswith("À revoir après le passage à la version 1.1 :")
    history = assessments_history(engine, new_id, "PL-01")
    assert history == [f"{UPGRADE_REASON} 1.0 1.1"]
    account = stored_upgrade(ACTOR, engine, new_id)
    assert account is not None and account.source_id == 2
    assert len(account.account.carried) == 45 and len(account.account.to_review) == 14
    assert stored_upgrade(ACTOR, engine, 2) is None
    again = upgrade_stored(ACTOR, engine, 2, "1.1", "en")
    assert assessments.load(ACTOR, engine, again).stored.edition == 3


def assessments_history(engine: sa.Engine, assessment_id: int, indicator_id: str) -> list[str]:
    from gcat.services.answers import answer_history

    return [e.change_reason for e in answer_history(ACTOR, engine, assessment_id, indicator_id)]


def test_a_second_first_edition_of_a_cycle_is_still_refused(demo_db: sa.Engine) -> None:
    upgrade_stored(ACTOR, demo_db, 2, "1.1", "en")
    with pytest.raises(ConflictError):
        assessments.create_assessment(
            ACTOR, demo_db, administration="Valdoria Revenue and Customs Authority", cycle="2025"
        )


def test_upgraded_cycle_finds_the_previous_cycle_and_compares_through_the_map(
    demo_db: sa.Engine,
) -> None:
    new_id = upgrade_stored(ACTOR, demo_db, 2, "1.1", "en")
    loaded = assessments.load(ACTOR, demo_db, new_id)
    previous = assessments.previous_evaluation(ACTOR, demo_db, loaded)
    assert previous is not None and previous.assessment.cycle == "2024"
    moved, cross = comparable_previous(previous, loaded.framework)
    assert cross is not None and (cross.from_version, cross.to_version) == ("1.0", "1.1")
    assert moved is not None and moved.framework.version == "1.1"
    assert cross.carried + cross.left_out == sum(
        1 for a in previous.assessment.answers.values() if a.answered
    )


def test_through_map_compares_only_carried_answers() -> None:
    previous, _ = demo_evaluations()
    id_map = load_upgrade_map("gcat", "1.0", "1.1")
    moved, cross = through_map(previous, V11, id_map)
    for item in id_map.indicators.values():
        for target in item.targets:
            old = previous.assessment.answer(item.source)
            new = moved.assessment.answer(target.id)
            if new.level is not None:
                assert old.level is not None and target.levels[old.level] == new.level
    assert cross.left_out > 0 and cross.carried > 0


def test_no_map_backwards_means_no_comparison() -> None:
    previous, _ = demo_evaluations()
    done = upgrade_file(demo_file("2025"), "1.1", "en")
    from gcat.core.evaluation import evaluate

    newer = evaluate(V11, done.outcome.upgrade.assessment)
    assert comparable_previous(newer, V10) == (None, None)
    assert comparable_previous(previous, V10)[1] is None  # same version: compared as it is


def test_reports_say_the_comparison_goes_through_the_map() -> None:
    previous, _ = demo_evaluations()
    done = upgrade_file(demo_file("2025"), "1.1", "en")
    from gcat.core.evaluation import evaluate

    current = evaluate(V11, done.outcome.upgrade.assessment)
    html = render("report", "html", OutputRequest(current, "en", previous)).data.decode("utf-8")
    assert "compared through the map between the versions" in html
    assert "45 answers of 2024 are carried over and compared" in html
    same = render("report", "html", OutputRequest(demo_evaluations()[1], "en", previous)).data
    assert b"through the map" not in same


def test_upgraded_file_is_valid_yaml_with_the_header_as_comments() -> None:
    done = upgrade_file(demo_file("2025"), "1.1", "fr")
    data = yaml.safe_load(done.text)
    assert data["framework"] == {"id": "gcat", "version": "1.1"}
    assert done.text.splitlines()[0].startswith("# Outil d'évaluation sur les douanes vertes :")


def test_a_new_assessment_may_take_1_1_but_not_prefill_from_1_0(demo_db: sa.Engine) -> None:
    v11 = assessments.create_assessment(
        ACTOR, demo_db, administration="Valdoria Revenue and Customs Authority", cycle="2026",
        framework=V11,
    )  # fmt: skip
    assert assessments.load(ACTOR, demo_db, v11).framework.version == "1.1"
    with pytest.raises(InputError) as refused:
        assessments.create_assessment(
            ACTOR, demo_db, administration="Valdoria Revenue and Customs Authority", cycle="2027",
            previous_id=2, framework=V11,
        )  # fmt: skip
    assert refused.value.code == "assessment.prefill_other_version"
    upgraded = upgrade_stored(ACTOR, demo_db, 2, "1.1", "en")
    prefilled = assessments.create_assessment(
        ACTOR, demo_db, administration="Valdoria Revenue and Customs Authority", cycle="2027",
        previous_id=upgraded, framework=V11,
    )  # fmt: skip
    assert len(assessments.load(ACTOR, demo_db, prefilled).answers) == 59


def test_new_takes_a_version(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "blank.yaml"
    code, _, _ = cli(
        "new", "--administration", "X", "--cycle", "2026", "--version", "1.1", "-o", str(out)
    )
    assert code == 0
    framework, _ = read_answers(out)
    assert framework.version == "1.1"

"""The action-plan tracker: the shipped plan, statuses over time, dependencies, snapshots, files."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from gcat.actionplan.plan_file import normalise_point_id, read_plan
from gcat.actionplan.plan_xlsx import write_plan_workbook
from gcat.core.actionplan import (
    Horizon,
    Plan,
    Point,
    Status,
    StatusChange,
    compare,
    find_cycle,
    overdue,
    states_at,
)
from gcat.errors import InputError
from gcat.policy.access import Actor, Role, local_actor
from gcat.services import actionplan as service
from gcat.storage.db import make_engine, migrate

PAPER = "2025-09-22"  # the date of the WCO paper the demonstration statuses reproduce
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'plan.sqlite3'}"


def status(cli, database: str, *extra: str) -> dict:  # type: ignore[no-untyped-def]
    code, out, err = cli("actionplan", "status", "--json", "--database", database, *extra)
    assert code == 0, err
    return json.loads(out)


def test_the_shipped_plan_reproduces_the_published_count(cli, database: str) -> None:
    data = status(cli, database, "--as-of", PAPER)
    assert data["as_of"] == PAPER
    assert data["total"] == 40
    assert data["by_status"] == {"done": 20, "in_progress": 16, "not_started": 4}
    assert data["percent"] == {"done": 50, "in_progress": 40, "not_started": 10}
    assert data["blocked"] == ["GCAP-31", "GCAP-32", "GCAP-38"]
    assert data["demo"] is True
    assert data["placeholders"] == 36
    assert sum(sum(v.values()) for v in data["by_pillar"].values()) == 40
    assert status(cli, database)["by_status"] == data["by_status"]  # nothing moved since


def test_the_points_the_source_names_keep_their_subjects() -> None:
    data = (ROOT / "src/gcat/actionplan/data/gcap-demo.yaml").read_bytes()
    plan = read_plan(data, "gcap-demo.yaml", today=date(2025, 9, 22)).plan
    tool = plan.point("GCAP-02")
    assert not tool.placeholder
    assert "assessment tool" in tool.title["en"].lower()
    for pid in ("GCAP-03", "GCAP-18", "GCAP-25", "GCAP-26"):
        assert plan.point(pid).consolidated_under == "GCAP-02"
    assert [p.id for p in plan.points] == [f"GCAP-{n:02d}" for n in range(1, 41)]
    assert all(set(p.title) == {"en", "fr", "es"} for p in plan.points)
    waiting = [p.id for p in plan.points if "GCAP-02" in p.depends_on]
    assert waiting == ["GCAP-31", "GCAP-32"]
    assert plan.placeholders == 36 and plan.point("GCAP-26").placeholder


def test_status_as_at_an_earlier_date_reads_the_history_then(cli, database: str) -> None:
    may = status(cli, database, "--as-of", "2025-05-14")
    assert may["by_status"] == {"done": 16, "in_progress": 16, "not_started": 8}
    assert "GCAP-30" in may["blocked"]  # its dependency GCAP-17 was not done yet
    before = status(cli, database, "--as-of", "2023-06-24")
    assert before["by_status"]["not_started"] == 40


def test_a_status_change_with_date_and_note_and_what_it_unblocks(cli, database: str) -> None:
    code, out, err = cli(
        "actionplan", "set", "GCAP-2", "done", "--date", PAPER, "--note", "Toolkit delivered",
        "--database", database,
    )  # fmt: skip
    assert code == 0, err
    assert "GCAP-02" in out and "GCAP-31, GCAP-32" in out
    data = status(cli, database, "--as-of", PAPER)
    assert data["by_status"] == {"done": 21, "in_progress": 15, "not_started": 4}
    assert data["blocked"] == ["GCAP-38"]
    assert status(cli, database, "--as-of", "2025-09-21")["by_status"]["done"] == 20
    code, out, _ = cli("actionplan", "show", "GCAP-02", "--json", "--database", database)
    shown = json.loads(out)
    assert shown["history"][0]["note"] == "Toolkit delivered"
    assert shown["history"][0]["status"] == "done"
    assert len(shown["history"]) == 2 and shown["waited_on_by"] == ["GCAP-31", "GCAP-32"]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("GCAP-05", "done", "--date", "2099-01-01"), "date"),
        (("GCAP-05", "done", "--date", "2023-01-01"), "date"),
        (("GCAP-05", "finished"), "status"),
        (("GCAP-99", "done"), "id"),
        (("GCAP-05", "done", "--date", "22/09/2025"), "--date"),
    ],
)
def test_bad_status_changes_are_refused_and_nothing_is_recorded(
    cli, database: str, args: tuple[str, ...], field: str
) -> None:
    before = status(cli, database)
    code, _, err = cli("actionplan", "set", *args, "--database", database)
    assert code == 2
    assert field in err
    assert status(cli, database) == before


def test_the_future_and_the_start_are_named(cli, database: str) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    code, _, err = cli(
        "actionplan", "set", "GCAP-05", "done", "--date", tomorrow, "--database", database
    )
    assert code == 2 and "future" in err
    code, _, err = cli(
        "actionplan", "set", "GCAP-05", "done", "--date", "2023-06-23", "--lang", "fr",
        "--database", database,
    )  # fmt: skip
    assert code == 2 and "antérieure au début du plan (2023-06-24)" in err


def test_a_dependency_cycle_is_refused_and_named(cli, database: str) -> None:
    code, out, err = cli(
        "actionplan", "depend", "GCAP-02", "--on", "GCAP-31", "--database", database
    )
    assert code == 2
    assert "GCAP-02 → GCAP-31 → GCAP-02" in err
    code, out, err = cli(
        "actionplan", "depend", "GCAP-05", "--on", "GCAP-05", "--database", database
    )
    assert code == 2 and "GCAP-05 → GCAP-05" in err
    code, out, err = cli(
        "actionplan", "depend", "GCAP-36", "--on", "GCAP-31", "--database", database
    )
    assert code == 0, err
    assert "GCAP-31" in out
    code, _, err = cli("actionplan", "depend", "GCAP-02", "--on", "GCAP-36", "--database", database)
    assert code == 2 and "GCAP-02 → GCAP-36 → GCAP-31 → GCAP-02" in err
    assert "GCAP-36" in status(cli, database)["blocked"]
    code, _, _ = cli(
        "actionplan", "depend", "GCAP-36", "--on", "GCAP-31", "--remove", "--database", database
    )
    assert code == 0 and "GCAP-36" not in status(cli, database)["blocked"]


def test_core_rules_on_a_small_plan() -> None:
    plan = Plan(
        title={"en": "P"},
        start=date(2024, 1, 1),
        points=(
            Point("P-01", {"en": "a"}, "x", "o", Horizon.SHORT),
            Point("P-02", {"en": "b"}, "x", "o", Horizon.SHORT, depends_on=("P-01",)),
            Point("P-03", {"en": "c"}, "y", "o", Horizon.LONG, depends_on=("P-01", "P-02")),
        ),
    )
    history = [
        StatusChange("P-01", Status.IN_PROGRESS, date(2024, 2, 1), "me", "go", sequence=1),
        StatusChange("P-01", Status.DONE, date(2024, 3, 1), "me", "ok", sequence=2),
        StatusChange("P-01", Status.IN_PROGRESS, date(2024, 3, 1), "me", "reopened", sequence=3),
    ]
    states = states_at(plan, history, date(2024, 3, 1))
    assert states["P-01"].status is Status.IN_PROGRESS  # later recording on the same day wins
    assert states["P-01"].note == "reopened"
    assert states["P-03"].waiting_on == ("P-01", "P-02")
    earlier = states_at(plan, history, date(2024, 2, 15))
    moved = compare(plan, earlier, states)
    assert [m.point for m in moved.moves] == []
    assert find_cycle({"P-02": ("P-01",), "P-03": ("P-02",)}, "P-01", "P-03") == (
        "P-01",
        "P-03",
        "P-02",
        "P-01",
    )
    assert find_cycle({"P-02": ("P-01",)}, "P-03", "P-02") == ()


def test_overdue_milestones_on_the_paper_date() -> None:
    data = (ROOT / "src/gcat/actionplan/data/gcap-demo.yaml").read_bytes()
    plan = read_plan(data, "gcap-demo.yaml", today=date(2025, 9, 22)).plan
    late = overdue(plan, date(2025, 9, 22))
    assert [(o.point, o.milestone.due.isoformat(), o.days) for o in late] == [
        ("GCAP-24", "2025-06-30", 84),
        ("GCAP-02", "2025-08-31", 22),
    ]


def test_snapshots_freeze_a_reading(cli, database: str) -> None:
    code, out, err = cli(
        "actionplan", "snapshot", "--name", "CTP 247/248", "--as-of", "2025-05-14",
        "--database", database,
    )  # fmt: skip
    assert code == 0, err
    code, _, err = cli("actionplan", "snapshot", "--name", "CTP 247/248", "--database", database)
    assert code == 2 and "already exists" in err
    # a change recorded later with an earlier date does not alter the frozen reading
    cli("actionplan", "set", "GCAP-36", "in_progress", "--date", "2025-05-01",
        "--database", database)  # fmt: skip
    engine = make_engine(database)
    actor = local_actor("t")
    read = service.reading(actor, engine, date(2025, 9, 22))
    frozen = service.baseline(actor, engine, read, "CTP 247/248")
    assert frozen.states["GCAP-36"].status is Status.NOT_STARTED
    by_date = service.baseline(actor, engine, read, "2025-05-14")
    assert by_date.states["GCAP-36"].status is Status.IN_PROGRESS
    code, out, _ = cli("actionplan", "snapshots", "--json", "--database", database)
    assert json.loads(out)[0]["name"] == "CTP 247/248"


def test_plan_files_round_trip_and_replace_the_plan(cli, database: str, tmp_path: Path) -> None:
    for fmt in ("yaml", "xlsx"):
        out = tmp_path / f"plan.{fmt}"
        code, _, err = cli("actionplan", "export", "--format", fmt, "-o", str(out),
                           "--database", database)  # fmt: skip
        assert code == 0, err
        code, msg, err = cli("actionplan", "import", str(out), "--database", database)
        assert code == 0, err
        assert "40" in msg
        assert status(cli, database, "--as-of", PAPER)["by_status"]["done"] == 20
    small = tmp_path / "mine.yaml"
    small.write_text(
        yaml.safe_dump(
            {
                "schema": "gcat-action-plan/1",
                "title": "Our plan",
                "start": "2024-01-01",
                "points": [
                    {"id": "GCAP-1", "title": "One", "pillar": "being", "owner": "ap",
                     "horizon": "short"},
                    {"id": "GCAP-2", "title": {"en": "Two", "fr": "Deux"}, "pillar": "being",
                     "owner": "ap", "horizon": "long", "depends_on": ["GCAP-1"]},
                ],
                "history": [{"point": "GCAP-1", "status": "done", "date": "2024-05-01"}],
            }
        ),
        "utf-8",
    )  # fmt: skip
    code, _, err = cli("actionplan", "import", str(small), "--database", database)
    assert code == 0, err
    data = status(cli, database)
    assert data["total"] == 2 and data["by_status"]["done"] == 1 and data["demo"] is False


def bad_plan(tmp_path: Path, body: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, "utf-8")
    return path


HEAD = "schema: gcat-action-plan/1\ntitle: P\nstart: 2024-01-01\n"
POINT = "  - {id: GCAP-01, title: A, pillar: being, owner: ap, horizon: short"
ONE = HEAD + "points:\n" + POINT
DATED = ONE + "}\nhistory:\n  - {point: GCAP-01, status: done, date: %s}\n"


@pytest.mark.parametrize(
    ("body", "where", "code"),
    [
        (HEAD + "points:\n" + POINT + ", horizon2: x}\n", ":5", "check.unknown_key"),
        (HEAD + "points:\n" + POINT + "}\n" + POINT + "}\n", "", "actionplan.duplicate_point"),
        (ONE + ", depends_on: [GCAP-07]}\n", ":5", "actionplan.unknown_point"),
        (
            HEAD + "points:\n" + POINT + ", depends_on: [GCAP-02]}\n"
            + POINT.replace("01", "02") + ", depends_on: [GCAP-01]}\n",
            ":6",
            "actionplan.cycle",
        ),
        (DATED % "2099-01-01", ":7", "actionplan.future_date"),
        (DATED % "2023-01-01", ":7", "actionplan.before_start"),
        (HEAD + "points:\n" + POINT + ", domains: [nature]}\n", ":5", "check.bad_choice"),
        ("schema: other\n", "", "check.bad_schema"),
        ("- just a list\n", "", "check.not_mapping"),
        ("points: [unclosed\n", "", "yaml.syntax"),
    ],
)  # fmt: skip
def test_bad_plan_files_are_refused_with_a_location(
    cli, database: str, tmp_path: Path, body: str, where: str, code: str
) -> None:
    before = status(cli, database)
    path = bad_plan(tmp_path, body)
    with pytest.raises(InputError) as caught:
        read_plan(path.read_bytes(), str(path), today=date.today())
    assert caught.value.problems[0].code == code
    exit_code, _, err = cli("actionplan", "import", str(path), "--database", database)
    assert exit_code == 2
    assert f"{path}{where}" in err
    assert status(cli, database) == before


def test_bad_workbooks_name_the_cell(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    data = (ROOT / "src/gcat/actionplan/data/gcap-demo.yaml").read_bytes()
    plan = read_plan(data, "gcap-demo.yaml", today=date(2025, 9, 22))
    path = tmp_path / "plan.xlsx"
    path.write_bytes(write_plan_workbook(plan.plan, plan.history))
    book = load_workbook(path)
    book["Points"]["L3"] = "soon"  # the horizon of GCAP-02
    book["History"]["C2"] = "22/09/2025"
    book["History"]["C3"] = "=1+1"  # a formula never calculated reads as empty
    book.save(path)
    with pytest.raises(InputError) as caught:
        read_plan(path.read_bytes(), "plan.xlsx", today=date(2025, 9, 22))
    fields = {(p.code, p.field) for p in caught.value.problems}
    assert ("check.bad_choice", "Points!L3") in fields
    assert ("actionplan.bad_date", "History!C2") in fields
    assert ("check.missing_key", "History!A3") in fields
    with pytest.raises(InputError) as caught:
        read_plan(b"not a zip", "plan.xlsx", today=date.today())
    assert caught.value.problems[0].code == "archive.not_archive"


def test_exports_neutralise_formulas(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    plan = Plan(
        title={"en": '=HYPERLINK("x")'},
        start=date(2024, 1, 1),
        points=(Point("GCAP-01", {"en": "@SUM(A1)"}, "being", "ap", Horizon.SHORT),),
    )
    history = [StatusChange("GCAP-01", Status.DONE, date(2024, 2, 1), "me", "+1 note")]
    book = load_workbook(__import__("io").BytesIO(write_plan_workbook(plan, history)))
    assert book["Points"]["B2"].value == "'@SUM(A1)"
    assert book["History"]["E2"].value == "'+1 note"
    assert book["Plan"].cell(4, 2).value == '\'=HYPERLINK("x")'


def test_point_ids_are_forgiving() -> None:
    assert normalise_point_id("gcap 2") == "GCAP-02"
    assert normalise_point_id("2") == "GCAP-02"
    assert normalise_point_id(" GCAP-40 ") == "GCAP-40"
    assert normalise_point_id("not an id") is None


def test_the_secretariat_right_is_required(tmp_path: Path) -> None:
    from gcat.errors import ForbiddenError

    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    migrate(engine)
    respondent = Actor("someone", Role.RESPONDENT, administration_id=1)
    with pytest.raises(ForbiddenError):
        service.reading(respondent, engine)
    with pytest.raises(ForbiddenError):
        service.set_status(respondent, engine, "GCAP-05", "done")
    secretariat = Actor("analyst", Role.SECRETARIAT)
    assert service.reading(secretariat, engine, date(2025, 9, 22)).summary.total == 40


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 60), st.integers(0, 60), st.integers(0, 60))
def test_percentages_add_up_to_100(done: int, doing: int, waiting: int) -> None:
    from gcat.core.actionplan import Summary

    counts = {Status.DONE: done, Status.IN_PROGRESS: doing, Status.NOT_STARTED: waiting}
    total = done + doing + waiting
    summary = Summary(date(2025, 1, 1), total, counts, (), {}, {})
    shares = summary.percentages()
    assert sum(shares.values()) == (100 if total else 0)
    for status, count in counts.items():
        assert abs(shares[status] - (100 * count / total if total else 0)) < 1

"""Submissions, batch imports, aggregates with suppression and the benchmark pack, through the
services, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
import sqlalchemy as sa

from gcat.core.assessment import Answer
from gcat.demo.synthetic import synthetic_exchange_file
from gcat.errors import ConflictError, ForbiddenError, InputError, NotFoundError
from gcat.frameworks import load_framework
from gcat.members import packaged_members
from gcat.policy.access import Actor, Role, local_actor
from gcat.services import answers, assessments, benchmark, secretariat, signoff, submissions
from gcat.services.answers import AnswerChange
from gcat.services.secretariat import BatchFile

OPERATOR = local_actor("operator")
SECRETARIAT = Actor("sec", Role.SECRETARIAT, user_id=1)
K = 5


def batch(files: dict[str, bytes]) -> list[BatchFile]:
    return [BatchFile.from_bytes(name, data) for name, data in files.items()]


def members_of(region: str, count: int) -> list[str]:
    return [m.name for m in packaged_members().in_region(region)[:count]]


def exchange(name: str, cycle: str = "2025", seed: int = 1, step: int = 0) -> bytes:
    return synthetic_exchange_file(load_framework(), name, cycle, seed=seed, step=step)


def test_a_batch_reports_every_refusal_and_stores_the_rest(
    engine: sa.Engine, tmp_path: Path
) -> None:
    good = exchange("Senegal")
    tampered = json.loads(good)
    tampered["answers"]["PL-01"]["level"] = 5 if tampered["answers"]["PL-01"]["level"] != 5 else 0
    unknown = exchange("Valdoria")
    files = {
        "sen.gcat.json": good,
        "again.gcat.json": good,
        "tampered.gcat.json": json.dumps(tampered).encode(),
        "valdoria.gcat.json": unknown,
        "notes.txt": b"hello",
        "broken.gcat.json": b'{"format": "gcat-exchange", ',
    }
    progress: list[int] = []
    report = secretariat.import_batch(
        SECRETARIAT, engine, batch(files), progress=progress.append, processes=2
    )
    assert progress == list(range(1, 7))
    assert [(name, admin) for name, _, admin, _ in report.accepted] == [
        ("sen.gcat.json", "Senegal")
    ]
    reasons = {r.name: r.problem.code for r in report.refused}
    assert reasons.pop("valdoria.gcat.json") in {"members.unknown", "members.unknown_no_suggestion"}
    assert reasons == {
        "again.gcat.json": "secretariat.duplicate",
        "tampered.gcat.json": "exchange.bad_checksum",
        "notes.txt": "import.unknown_type",
        "broken.gcat.json": "json.syntax",
    }
    assert all(r.localized("fr") for r in report.refused)
    (item,) = submissions.list_submissions(SECRETARIAT, engine)
    assert (item.origin, item.member_code, item.cycle) == ("import", "SEN", "2025")
    assert submissions.snapshot(SECRETARIAT, engine, item.id) == json.loads(good)


def test_an_oversized_batch_is_refused_before_any_file_is_read(engine: sa.Engine) -> None:
    many = [BatchFile.from_bytes(f"{n}.json", b"{}") for n in range(5001)]
    with pytest.raises(InputError) as refused:
        secretariat.import_batch(SECRETARIAT, engine, many)
    assert refused.value.code == "secretariat.too_many_files"
    huge = [BatchFile("a.json", 3 * 1024**3, path=Path("a.json"))]
    with pytest.raises(InputError) as too_big:
        secretariat.import_batch(SECRETARIAT, engine, huge)
    assert too_big.value.code == "secretariat.batch_too_large"
    with pytest.raises(ForbiddenError):
        secretariat.import_batch(Actor("v", Role.VALIDATOR, administration_id=1), engine, [])


def _load_cycle(
    engine: sa.Engine, regions: dict[str, int], cycle: str = "2025", step: int = 0
) -> dict[str, list[str]]:
    names = {region: members_of(region, count) for region, count in regions.items()}
    files = {
        f"{name}-{cycle}.gcat.json": exchange(name, cycle, step=step)
        for group in names.values()
        for name in group
    }
    report = secretariat.import_batch(SECRETARIAT, engine, batch(files))
    assert report.refused == [], [r.localized() for r in report.refused]
    return names


def test_the_aggregate_is_right_and_small_groups_never_show(engine: sa.Engine) -> None:
    names = _load_cycle(engine, {"europe": 8, "wca": 6, "esa": 3, "americas": 5})
    result = secretariat.aggregate(SECRETARIAT, engine, k=K)
    data = result.to_json()
    groups = {g["region"]: g for g in data["groups"]}
    assert groups["world"]["members"] == 22
    assert groups["esa"] == {
        "region": "esa",
        "members": "<5",
        "suppressed": "small_group",
        "domains": None,
        "overall": None,
        "distribution": None,
    }
    assert groups["americas"]["members"] == ">=5" and groups["americas"]["domains"] is None
    assert groups["mena"]["members"] == "<5"  # no submissions at all
    assert groups["europe"]["members"] == 8 and groups["wca"]["members"] == 6
    framework = load_framework()
    from gcat.core.evaluation import evaluate
    from gcat.demo.synthetic import synthetic_assessment

    scores = [
        evaluate(framework, synthetic_assessment(framework, name, "2025", seed=1))
        .result.domain("facilitation")
        .score
        for name in names["europe"]
    ]
    cell = groups["europe"]["domains"]["facilitation"]
    assert cell["median"] == round(statistics.median(scores), 2)
    q1, _, q3 = statistics.quantiles(scores, n=4, method="inclusive")
    assert (cell["q1"], cell["q3"]) == (pytest.approx(q1, abs=0.006), pytest.approx(q3, abs=0.006))
    assert cell["n"] == 8
    assert sum(groups["world"]["distribution"]["PL-01"].values()) == 22
    assert json.dumps(data).count('"members": "<5"') == 3  # esa, and two regions with none


def test_the_trend_covers_every_cycle_each_suppressed_on_its_own(engine: sa.Engine) -> None:
    _load_cycle(engine, {"europe": 6}, "2024")
    _load_cycle(engine, {"europe": 4}, "2025", step=1)
    trend = secretariat.trend(SECRETARIAT, engine, k=K)
    assert [item.cycle for item in trend] == ["2024", "2025"]
    europe = [next(g for g in item.groups if g.region == "europe") for item in trend]
    assert europe[0].figures is not None and europe[0].figures.members == 6
    assert europe[1].figures is None and europe[1].members == "<5"
    assert trend[1].groups[0].figures is None  # the world itself is below k in 2025


def test_the_pack_holds_only_groups_of_k_and_a_laptop_imports_it(
    engine: sa.Engine, tmp_path: Path
) -> None:
    _load_cycle(engine, {"europe": 7, "wca": 6, "esa": 2})  # esa hidden, and wca to cover it
    data = secretariat.benchmark_pack(SECRETARIAT, engine, k=K)
    pack = json.loads(data)
    assert [g["region"] for g in pack["groups"]] == ["world", "europe"]
    assert all(g["members"] >= K for g in pack["groups"])
    assert "distribution" not in pack["groups"][0]
    laptop = engine  # the same database stands in for a member's laptop
    benchmark.import_pack(OPERATOR, laptop, data, "pack.json")
    framework = load_framework()
    from gcat.core.evaluation import evaluate
    from gcat.demo.synthetic import synthetic_assessment

    mine = evaluate(framework, synthetic_assessment(framework, "France", "2025", seed=9))
    standing = benchmark.standing(OPERATOR, laptop, mine)
    assert standing is not None and standing.region == "europe" and standing.k == K
    facilitation = next(d for d in standing.domains if d.domain_id == "facilitation")
    assert facilitation.world is not None and facilitation.region is not None
    assert facilitation.world_quarter in {1, 2, 3, 4}


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda p: p.update(format="other"), "benchmark.not_pack"),
        (lambda p: p["groups"][0].update(members=4), "exchange.bad_checksum"),
        (lambda p: p.update(k=2), "exchange.bad_checksum"),
    ],
)
def test_a_damaged_or_forged_pack_is_refused(engine: sa.Engine, change, code: str) -> None:
    _load_cycle(engine, {"europe": 5})
    pack = json.loads(secretariat.benchmark_pack(SECRETARIAT, engine, k=K))
    change(pack)
    with pytest.raises(InputError) as refused:
        benchmark.import_pack(OPERATOR, engine, json.dumps(pack).encode(), "pack.json")
    assert refused.value.code == code
    resealed = dict(pack)
    if code == "exchange.bad_checksum":  # a forger who recomputes the checksum still fails
        resealed["checksum"] = {"algorithm": "sha256", "value": secretariat.pack_checksum(pack)}
        with pytest.raises(InputError) as again:
            benchmark.import_pack(OPERATOR, engine, json.dumps(resealed).encode(), "pack.json")
        assert again.value.code in {"benchmark.small_group", "benchmark.small_k"}
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM benchmark_packs")).scalar_one() == 0


def _member_world(engine: sa.Engine) -> tuple[Actor, Actor, int, int]:
    a = assessments.create_assessment(OPERATOR, engine, administration="Senegal", cycle="2025")
    b = assessments.create_assessment(OPERATOR, engine, administration="Peru", cycle="2025")
    a_admin = assessments.load(OPERATOR, engine, a).stored.administration_id
    b_admin = assessments.load(OPERATOR, engine, b).stored.administration_id
    return (
        Actor("ana", Role.VALIDATOR, administration_id=a_admin),
        Actor("bob", Role.VALIDATOR, administration_id=b_admin),
        a,
        b,
    )


def change(level: int, version: int) -> AnswerChange:
    return AnswerChange(level, False, "", None, "", "", False, version)


def test_submission_is_a_snapshot_the_member_sees_and_withdraws(engine: sa.Engine) -> None:
    ana, bob, a, _ = _member_world(engine)
    answers.record_answer(ana, engine, a, "PL-01", change(2, 0))
    with pytest.raises(ConflictError) as unlocked:
        submissions.submit(ana, engine, a)
    assert unlocked.value.code == "submission.not_locked"
    signoff.sign_off(ana, engine, a)
    with pytest.raises(ConflictError) as locked:
        answers.record_answer(ana, engine, a, "PL-01", change(4, 1))
    assert locked.value.code == "assessment.locked"
    with pytest.raises(ConflictError):
        assessments.delete_assessment(ana, engine, a)
    sent = submissions.submit(ana, engine, a)
    newer = signoff.new_version(ana, engine, a)  # the member works on a new version
    version = assessments.load(ana, engine, newer).answers["PL-01"].version
    answers.record_answer(ana, engine, newer, "PL-01", change(4, version))
    snapshot = submissions.snapshot(ana, engine, sent.id)
    assert snapshot["answers"]["PL-01"]["level"] == 2  # later edits change nothing sent
    with pytest.raises(sa.exc.DatabaseError), engine.begin() as conn:
        conn.execute(sa.text("UPDATE submissions SET checksum = 'x'"))
    with pytest.raises(sa.exc.DatabaseError), engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM submissions"))
    for action in (
        lambda: submissions.get_submission(bob, engine, sent.id),
        lambda: submissions.snapshot(bob, engine, sent.id),
        lambda: submissions.withdraw(bob, engine, sent.id),
        lambda: signoff.sign_off(bob, engine, a),
        lambda: submissions.submit(bob, engine, a),
    ):
        with pytest.raises(NotFoundError):
            action()
    assert submissions.list_submissions(bob, engine) == []
    assert [s.id for s in submissions.list_submissions(SECRETARIAT, engine)] == [sent.id]
    withdrawn = submissions.withdraw(ana, engine, sent.id)
    assert withdrawn.status.value == "withdrawn"
    with pytest.raises(NotFoundError):
        submissions.get_submission(SECRETARIAT, engine, sent.id)
    assert submissions.list_submissions(SECRETARIAT, engine) == []
    assert submissions.get_submission(ana, engine, sent.id).status.value == "withdrawn"
    with pytest.raises(ConflictError):
        submissions.withdraw(ana, engine, sent.id)
    viewer = Actor("vic", Role.VIEWER, administration_id=ana.administration_id)
    with pytest.raises(ForbiddenError):
        signoff.sign_off(viewer, engine, a)


def test_a_second_submission_of_a_cycle_supersedes_the_first(engine: sa.Engine) -> None:
    ana, _, a, _ = _member_world(engine)
    signoff.sign_off(ana, engine, a)
    first = submissions.submit(ana, engine, a)
    second = submissions.submit(ana, engine, a)
    assert submissions.get_submission(ana, engine, first.id).status.value == "superseded"
    assert submissions.get_submission(ana, engine, second.id).status.value == "submitted"


def test_members_create_and_import_only_into_their_own_administration(engine: sa.Engine) -> None:
    ana, bob, _, b = _member_world(engine)
    new = assessments.create_assessment(ana, engine, administration="Peru", cycle="2030")
    assert assessments.load(ana, engine, new).stored.administration == "Senegal"
    with pytest.raises(NotFoundError):
        assessments.load(ana, engine, b)
    framework = load_framework()
    from gcat.demo.synthetic import synthetic_assessment

    imported = assessments.import_assessment(
        ana, engine, synthetic_assessment(framework, "Peru", "2031", seed=3)
    )
    assert assessments.load(ana, engine, imported).stored.administration == "Senegal"
    assert {s.stored.id for s in assessments.list_summaries(bob, engine)} == {b}
    assert Answer(level=1).answered

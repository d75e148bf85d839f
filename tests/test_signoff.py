"""Sign-off: locking, the content hash, refusals of every change, the new version, and the
sign-off carried by reports and the exchange file."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
import sqlalchemy as sa

from gcat.core.evaluation import evaluate
from gcat.core.signoff import content_hash
from gcat.demo import store_demo_assessments
from gcat.errors import AnswersFileError, ConflictError, ForbiddenError
from gcat.exchange.exchange_import import import_exchange
from gcat.policy.access import Actor, Role, local_actor
from gcat.services import answers, assessments, evidence, signoff, tracking
from gcat.services.outputs import render, stored_request

VALIDATOR = local_actor("Vera Validator")
RESPONDENT = Actor("Rui Respondent", Role.RESPONDENT, administration_id=1)


@pytest.fixture
def db(engine: sa.Engine) -> sa.Engine:
    store_demo_assessments(engine)
    evidence.add_evidence(VALIDATOR, engine, 2, "FA-01", filename="ext.txt", data=b"x", quota=10**6)
    tracking.set_tracking(VALIDATOR, engine, 2, "PL-01", owner="Ana", due=None, status="done")
    return engine


def _change(version: int) -> answers.AnswerChange:
    return answers.AnswerChange(
        level=3, not_applicable=False, reason="", target=None, comment="", evidence_note="",
        flagged=False, version=version,
    )  # fmt: skip


def test_sign_off_locks_with_hash_who_and_when(db: sa.Engine) -> None:
    done = signoff.sign_off(VALIDATOR, db, 2, note="Approved by the DG's office")
    assert done.signed_by == "Vera Validator" and len(done.content_hash) == 64
    loaded = assessments.load(VALIDATOR, db, 2)
    assert loaded.stored.locked and loaded.stored.signoff == done
    status = signoff.signoff_status(VALIDATOR, db, 2)
    assert status is not None and status.intact and status.versions == ()
    assert signoff.signoff_status(VALIDATOR, db, 1) is None
    with pytest.raises(ConflictError) as again:
        signoff.sign_off(VALIDATOR, db, 2)
    assert again.value.code == "signoff.already_signed"


def test_every_change_to_a_signed_assessment_is_refused(db: sa.Engine) -> None:
    signoff.sign_off(VALIDATOR, db, 2)
    version = assessments.load(VALIDATOR, db, 2).answers["PL-01"].version
    attempts = [
        lambda: answers.record_answer(VALIDATOR, db, 2, "PL-01", _change(version)),
        lambda: evidence.add_evidence(
            VALIDATOR, db, 2, "PL-01", filename="a.txt", data=b"a", quota=10**6
        ),
        lambda: tracking.set_tracking(
            VALIDATOR, db, 2, "PL-01", owner="B", due=None, status="done"
        ),
        lambda: assessments.delete_assessment(VALIDATOR, db, 2),
    ]
    for attempt in attempts:
        with pytest.raises(ConflictError) as refused:
            attempt()
        assert refused.value.code == "assessment.locked"
        assert "make a new version" in refused.value.localized("en")
    assert signoff.signoff_status(VALIDATOR, db, 2).intact  # type: ignore[union-attr]


def test_only_a_validator_signs(db: sa.Engine) -> None:
    with pytest.raises(ForbiddenError):
        signoff.sign_off(RESPONDENT, db, 2)


def test_new_version_is_an_editable_copy_linked_to_the_signed_one(db: sa.Engine) -> None:
    signed = signoff.sign_off(VALIDATOR, db, 2)
    with pytest.raises(ConflictError):
        signoff.new_version(VALIDATOR, db, 1)  # not signed: edit it as it is
    new_id = signoff.new_version(VALIDATOR, db, 2)
    old, new = assessments.load(VALIDATOR, db, 2), assessments.load(VALIDATOR, db, new_id)
    assert (new.stored.cycle, new.stored.edition, new.stored.locked) == ("2025", 2, False)
    assert {k: a.answer for k, a in new.answers.items()} == {
        k: a.answer for k, a in old.answers.items()
    }
    assert [f.filename for f in evidence.evidence_files(VALIDATOR, db, new_id)] == ["ext.txt"]
    assert tracking.plan_tracking(VALIDATOR, db, new_id)["PL-01"].owner == "Ana"
    # the copy has the same content, so the same hash as the one signed
    with db.connect() as conn:
        assert signoff.stored_hash(conn, new) == signed.content_hash
    answers.record_answer(VALIDATOR, db, new_id, "PL-01", _change(new.answers["PL-01"].version))
    status = signoff.signoff_status(VALIDATOR, db, 2)
    assert status is not None and status.versions == (new_id,)


def test_the_hash_changes_with_any_part_of_the_content(db: sa.Engine) -> None:
    loaded = assessments.load(VALIDATOR, db, 2)
    evaluation = loaded.evaluate()
    files = [("FA-01", "ext.txt", "0" * 64)]
    plan = {"PL-01": ("Ana", None, "done")}
    base = content_hash(evaluation, files, plan)
    comment = replace(loaded.assessment.answers["PL-02"], comment="changed")
    changed = replace(loaded.assessment, answers={**loaded.assessment.answers, "PL-02": comment})
    assert content_hash(evaluate(loaded.framework, changed), files, plan) != base
    assert content_hash(evaluation, [("FA-01", "ext.txt", "1" * 64)], plan) != base
    assert content_hash(evaluation, files, {"PL-01": ("Ana", None, "in_progress")}) != base
    assert content_hash(evaluation, files, plan) == base


def test_reports_and_the_exchange_file_carry_the_sign_off(db: sa.Engine) -> None:
    signed = signoff.sign_off(VALIDATOR, db, 2)
    html = render("report", "html", stored_request(VALIDATOR, db, 2, "fr", "report")).data
    assert "Validée par Vera Validator le" in html.decode("utf-8")
    data = render("export", "json", stored_request(VALIDATOR, db, 2, "en", "export")).data
    payload = json.loads(data)
    assert payload["signoff"]["content_hash"] == signed.content_hash
    assert payload["signoff"]["signed_by"] == "Vera Validator"
    assert [a["filename"] for a in payload["attachments"]] == ["ext.txt"]
    import_exchange(data, "signed.gcat.json")  # the hash checks out against the file's content
    import jsonschema_rs

    from tests.test_exchange_json import SCHEMA_PATH

    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    jsonschema_rs.Draft202012Validator(schema).validate(payload)


def test_an_exchange_file_changed_after_sign_off_is_refused(db: sa.Engine) -> None:
    from gcat.exchange.exchange_file import exchange_checksum

    signoff.sign_off(VALIDATOR, db, 2)
    payload = json.loads(
        render("export", "json", stored_request(VALIDATOR, db, 2, "en", "export")).data
    )
    payload["answers"]["PL-01"]["comment"] = "quietly changed"
    payload["checksum"]["value"] = exchange_checksum(payload)  # the checksum is redone too
    with pytest.raises(AnswersFileError) as refused:
        import_exchange(json.dumps(payload).encode(), "tampered.gcat.json")
    assert refused.value.problems[0].code == "exchange.signoff_mismatch"
    assert refused.value.problems[0].field == "signoff.content_hash"

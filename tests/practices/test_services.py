"""Services on practices: who sees what, the workflow with reasons and history, consent,
imports that write nothing when one file is bad, attachments, duplicates."""

from __future__ import annotations

import pytest
import yaml

from gcat.core.practices import Consent, Status
from gcat.errors import ConflictError, ForbiddenError, InputError, NotFoundError
from gcat.policy.access import Actor, Role
from gcat.services import practices as service
from gcat.services.compendium import build_from_database, import_pack, published_practices, render
from tests.practices.conftest import LOCAL, SECRETARIAT, member_user, practice


def files(*items: dict) -> list[tuple[str, bytes]]:
    return [
        (f"p{n}.yaml", yaml.safe_dump(data, allow_unicode=True).encode())
        for n, data in enumerate(items)
    ]


def imported(engine, *items: dict, status: Status | None = None, actor: Actor = LOCAL) -> list[int]:
    return [
        item.id for item in service.import_practices(actor, engine, files(*items), status=status)
    ]


def test_import_stores_practices_with_history(engine) -> None:
    (first,) = imported(engine, practice())
    detail = service.practice_detail(LOCAL, engine, first)
    assert detail.record.status is Status.SUBMITTED
    assert detail.record.consent_recorded_by == "tester" and detail.record.consent_recorded_at
    assert [item.action for item in detail.history] == ["imported"]
    assert detail.history[0].details == {"file": "p0.yaml"}


def test_one_bad_file_and_nothing_is_written(engine) -> None:
    with pytest.raises(InputError) as caught:
        service.import_practices(LOCAL, engine, files(practice(), practice(consent=None)))
    assert caught.value.problems[0].source == "p1.yaml"
    assert service.list_practices(LOCAL, engine) == []


def test_imports_beyond_submitted_need_the_secretariat(engine) -> None:
    member = member_user(1)
    with pytest.raises(ForbiddenError):
        imported(engine, practice(), status=Status.ACCEPTED, actor=member)
    with pytest.raises(ForbiddenError):
        imported(engine, practice(status="published"), actor=member)
    assert imported(engine, practice(), status=Status.ACCEPTED, actor=SECRETARIAT)


def test_members_see_their_own_and_the_secretariat_sees_all_but_member_drafts(engine) -> None:
    idn, fra = imported(engine, practice(), practice(member="France"))
    idn_admin = service.practice_detail(LOCAL, engine, idn).record.administration_id
    fra_admin = service.practice_detail(LOCAL, engine, fra).record.administration_id
    officer = member_user(idn_admin)
    assert [r.id for r in service.list_practices(officer, engine)] == [idn]
    with pytest.raises(NotFoundError):
        service.practice_detail(officer, engine, fra)
    draft = service.create_practice(
        officer, engine, service.practice_detail(LOCAL, engine, idn).record.practice
    )
    assert draft in {r.id for r in service.list_practices(officer, engine)}
    assert draft not in {r.id for r in service.list_practices(SECRETARIAT, engine)}
    assert {idn, fra} <= {r.id for r in service.list_practices(SECRETARIAT, engine)}
    outsider = Actor("viewer", Role.VIEWER, administration_id=fra_admin)
    assert [r.id for r in service.list_practices(outsider, engine)] == [fra]


def test_the_workflow_with_reasons_rights_and_history(engine) -> None:
    (pid,) = imported(engine, practice())
    record = service.practice_detail(LOCAL, engine, pid).record
    officer = member_user(record.administration_id)
    with pytest.raises(ForbiddenError):
        service.change_status(officer, engine, pid, Status.ACCEPTED)
    service.change_status(SECRETARIAT, engine, pid, Status.IN_REVIEW)
    with pytest.raises(InputError) as caught:
        service.change_status(SECRETARIAT, engine, pid, Status.CHANGES_REQUESTED)
    assert caught.value.problems[0].field == "reason"
    service.change_status(SECRETARIAT, engine, pid, Status.CHANGES_REQUESTED, reason="Add figures")
    changed = service.practice_detail(officer, engine, pid).record.practice.with_changes(
        results="Now 40 % less"
    )
    version = service.practice_detail(officer, engine, pid).record.version
    service.update_practice(officer, engine, pid, changed, version=version)
    with pytest.raises(ConflictError):
        service.update_practice(officer, engine, pid, changed, version=version)
    service.change_status(officer, engine, pid, Status.SUBMITTED)
    with pytest.raises(ForbiddenError):
        service.update_practice(officer, engine, pid, changed, version=version + 2)
    service.change_status(SECRETARIAT, engine, pid, Status.ACCEPTED)
    service.change_status(SECRETARIAT, engine, pid, Status.PUBLISHED)
    with pytest.raises(InputError):
        service.change_status(SECRETARIAT, engine, pid, Status.DRAFT)
    service.change_status(officer, engine, pid, Status.WITHDRAWN, reason="No longer in force")
    history = service.practice_detail(LOCAL, engine, pid).history
    steps = [(h.action, h.to_status.value if h.to_status else None, h.reason) for h in history]
    assert steps == [
        ("imported", "submitted", ""),
        ("status", "in_review", ""),
        ("status", "changes_requested", "Add figures"),
        ("edited", None, ""),
        ("status", "submitted", ""),
        ("status", "accepted", ""),
        ("status", "published", ""),
        ("status", "withdrawn", "No longer in force"),
    ]
    assert history[3].details == {"fields": ["results"]}
    assert (
        render([service.practice_detail(LOCAL, engine, pid).record], fmt="html", lang="en")
        .manifest.excluded[0]
        .reason
        == "withdrawn"
    )


def test_submission_is_refused_while_the_checklist_blocks_it(engine) -> None:
    (pid,) = imported(
        engine,
        practice(status="draft", domains=[], description="", contact={"name": "", "email": ""}),
    )
    with pytest.raises(InputError) as caught:
        service.change_status(LOCAL, engine, pid, Status.SUBMITTED)
    assert {p.code for p in caught.value.problems} == {
        "practices.quality_no_domain",
        "practices.quality_no_description",
        "practices.quality_no_contact",
    }


def test_consent_changes_are_dated_kept_and_obeyed(engine) -> None:
    (pid,) = imported(engine, practice(), status=Status.ACCEPTED, actor=SECRETARIAT)
    service.record_consent(
        LOCAL, engine, pid, Consent.YES, ["results"], reason="Results not public yet"
    )
    record = service.record_consent(LOCAL, engine, pid, Consent.NO, reason="Withdrawn by the DG")
    assert record.consent_recorded_by == "tester"
    consent_steps = [
        h for h in service.practice_detail(LOCAL, engine, pid).history if h.action == "consent"
    ]
    assert [(h.details["from"], h.details["to"]) for h in consent_steps] == [
        ("yes", "yes"),
        ("yes", "no"),
    ]
    assert consent_steps[0].details["withheld"] == ["results"]
    build = build_from_database(SECRETARIAT, engine, fmt="html", lang="en")
    assert build.manifest.excluded[0].reason == "no_consent"
    with pytest.raises(InputError):
        service.record_consent(LOCAL, engine, pid, Consent.YES, ["contact"])


def test_free_format_submissions_become_drafts_with_the_document(engine) -> None:
    with pytest.raises(InputError) as caught:
        service.import_practices(SECRETARIAT, engine, [("own.pdf", b"%PDF-1.4 ...")])
    assert caught.value.problems[0].code == "practices.free_format_needs_member"
    (item,) = service.import_practices(
        SECRETARIAT, engine, [("dir/own.pdf", b"%PDF-1.4 ...")], member="Kenya"
    )
    assert item.free_format and item.status is Status.DRAFT
    detail = service.practice_detail(SECRETARIAT, engine, item.id)
    assert detail.record.owner == "secretariat" and detail.record.practice.member.code == "KEN"
    (attached,) = detail.attachments
    assert (attached.filename, attached.content_type) == ("own.pdf", "application/pdf")
    assert service.attachment(SECRETARIAT, engine, item.id, attached.id)[1] == b"%PDF-1.4 ..."
    with pytest.raises(InputError):
        service.add_attachment(SECRETARIAT, engine, item.id, "x.exe", b"MZ")


def test_duplicates_of_the_same_member(engine) -> None:
    a, b, _c = imported(
        engine,
        practice(title="Electronic permits for refrigerants"),
        practice(title="Electronic permit for refrigerants"),
        practice(member="France", title="Electronic permits for refrigerants"),
    )
    pairs = service.find_duplicates(service.list_practices(LOCAL, engine))
    assert [(p.first, p.second) for p in pairs] == [(a, b)]
    assert service.practice_detail(LOCAL, engine, a).duplicates == [b]


def test_the_pack_goes_from_the_secretariat_to_a_members_app(engine, tmp_path) -> None:
    from gcat.services.database import open_database

    imported(
        engine,
        practice(status="published", withheld=["results"]),
        practice(title="Only accepted", status="accepted"),
        status=None,
        actor=SECRETARIAT,
    )
    pack = build_from_database(SECRETARIAT, engine, fmt="pack", lang="en").data
    laptop = open_database(f"sqlite:///{tmp_path / 'laptop.sqlite3'}")
    assert import_pack(LOCAL, laptop, pack, "compendium.gcat-pack.json") == 1
    assert import_pack(LOCAL, laptop, pack, "again.json") == 1
    (known,) = published_practices(LOCAL, laptop)
    assert known.view.from_pack and known.view.results == ""
    assert b"sari@example.org" not in pack and b"Sari Putri" not in pack
    tampered = pack.replace(b"Electronic", b"Electric")
    with pytest.raises(InputError) as caught:
        import_pack(LOCAL, laptop, tampered, "bad.json")
    assert "checksum does not match" in caught.value.localized("en")

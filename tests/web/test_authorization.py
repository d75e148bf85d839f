"""The authorisation matrix: every route of the app (the OpenAPI routes and the pages) × every
role × a target of the user's own administration or another's → allow or deny, in server mode.

The routes come from the app's route table; every route must have a rule here, so a new route
without one fails :func:`test_every_route_has_a_rule`. The expectations are written out per
policy below, independently of ``gcat.policy.access``: they are what the product promises.

- **allow**: the request passed authorisation (2xx or 3xx, or 409/422 from the service itself);
- **forbid**: 403, the role may not do this;
- **hide**: 404, the target belongs to another administration (existence is not leaked);
- **login**: no session (401, or a redirect to the login page; a change without a session's
  token is refused 403 at the door).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
import yaml
from fastapi.routing import iter_route_contexts
from starlette.routing import Mount

from gcat.core.practices import Status as PracticeStatus
from gcat.demo.declaration import store_demo_declaration
from gcat.demo.synthetic import synthetic_exchange_file
from gcat.frameworks import load_framework
from gcat.policy.access import local_actor
from gcat.services import (
    accounts,
    answers,
    assessments,
    evidence,
    feedback,
    imports,
    practices,
    signoff,
    submissions,
)
from gcat.services.survey import import_demo
from tests.web.conftest import MEMBERS, PASSWORD, ServerWorld, login

A, F, H, L = "allow", "forbid", "hide", "login"
ROLES = ("respondent", "validator", "viewer", "secretariat", "admin")
OPERATOR = local_actor("operator")
EVERYONE = {role: (A, A) for role in ROLES}

POLICIES: dict[str, dict[str, tuple[str, str]]] = {
    # (own administration, other administration) for each role; anonymous apart
    "public": EVERYONE,
    "signed_in": EVERYONE,
    "member_read": {
        "respondent": (A, H),
        "validator": (A, H),
        "viewer": (A, H),
        "secretariat": (H, H),
        "admin": (F, F),
    },
    "member_edit": {
        "respondent": (A, H),
        "validator": (A, H),
        "viewer": (F, F),
        "secretariat": (F, F),
        "admin": (F, F),
    },
    "member_validate": {
        "respondent": (F, F),
        "validator": (A, H),
        "viewer": (F, F),
        "secretariat": (F, F),
        "admin": (F, F),
    },
    "member_create": {
        "respondent": (A, A),
        "validator": (A, A),
        "viewer": (F, F),
        "secretariat": (F, F),
        "admin": (F, F),
    },
    "readers": {
        "respondent": (A, A),
        "validator": (A, A),
        "viewer": (A, A),
        "secretariat": (A, A),
        "admin": (F, F),
    },
    "submission_read": {
        "respondent": (A, H),
        "validator": (A, H),
        "viewer": (A, H),
        "secretariat": (A, A),
        "admin": (F, F),
    },
    "secretariat": {role: (A, A) if role == "secretariat" else (F, F) for role in ROLES},
    "admin": {role: (A, A) if role == "admin" else (F, F) for role in ROLES},
    "laptop_only": {role: (F, F) for role in ROLES},
    "audit": {role: (A, A) if role in ("secretariat", "admin") else (F, F) for role in ROLES},
    "practice_create": {
        "respondent": (A, A),
        "validator": (A, A),
        "viewer": (F, F),
        "secretariat": (A, A),
        "admin": (F, F),
    },
    "practice_read": {
        "respondent": (A, H),
        "validator": (A, H),
        "viewer": (A, H),
        "secretariat": (A, A),
        "admin": (F, F),
    },
    "practice_edit": {
        "respondent": (A, H),
        "validator": (A, H),
        "viewer": (F, F),
        "secretariat": (A, A),
        "admin": (F, F),
    },
}
ANONYMOUS = {"public": A}
"""Without a session only public routes are allowed; everything else asks to log in."""


@dataclass
class Target:
    """What a request of one cell needs, created fresh for it."""

    params: dict[str, Any] = field(default_factory=dict)
    json: Any = None
    data: dict[str, Any] | None = None
    files: Any = None
    query: dict[str, Any] | None = None


Build = Callable[["World", str, str], Target]
"""(world, owner "a" or "b", acting username) → the cell's request parts."""


class World:
    """The server world of the matrix: targets in either administration, made on demand."""

    def __init__(self, server: ServerWorld, model: Any) -> None:
        self.server = server
        self.model = model
        self.engine = server.engine
        self.cycles = itertools.count(1)
        store_demo_declaration(self.engine)

    def assessment(self, owner: str, *, locked: bool = False, file: bool = False) -> int:
        new = assessments.create_assessment(
            OPERATOR, self.engine, administration=MEMBERS[owner], cycle=f"c{next(self.cycles)}"
        )
        if file:
            evidence.add_evidence(
                OPERATOR, self.engine, new, "PL-01", filename="p.pdf", data=b"%PDF-1", quota=10**6
            )
        if locked:
            signoff.sign_off(OPERATOR, self.engine, new)
        return new

    def feedback(self, owner: str) -> tuple[int, int]:
        """An assessment of ``owner`` with one pilot feedback note on PL-01."""
        new = self.assessment(owner)
        note = feedback.add_feedback(
            OPERATOR, self.engine, new, "PL-01", level=None, kind="unclear", note="Unclear."
        )
        return new, note.id

    def submission(self, owner: str) -> int:
        new = self.assessment(owner, locked=True)
        return submissions.submit(OPERATOR, self.engine, new).id

    def file(self, owner: str) -> tuple[int, int]:
        new = self.assessment(owner, file=True)
        return new, evidence.evidence_files(OPERATOR, self.engine, new)[0].id

    def practice(self, owner: str, *, editable: bool = False) -> int:
        """A practice of ``owner``'s administration, submitted (so the Secretariat sees it), or
        sent back for changes (so its member may edit it too)."""
        data = dict(PRACTICE, member=MEMBERS[owner], title=f"Practice {next(self.cycles)}")
        files = [("p.yaml", yaml.safe_dump(data, allow_unicode=True).encode())]
        practice = practices.import_practices(OPERATOR, self.engine, files)[0].id
        if editable:
            practices.change_status(OPERATOR, self.engine, practice, PracticeStatus.IN_REVIEW)
            practices.change_status(
                OPERATOR, self.engine, practice, PracticeStatus.CHANGES_REQUESTED, reason="More"
            )
        return practice

    def practice_file(self, owner: str) -> tuple[int, int]:
        practice = self.practice(owner)
        practices.add_attachment(OPERATOR, self.engine, practice, "note.pdf", b"%PDF-1.4 note")
        detail = practices.practice_detail(OPERATOR, self.engine, practice)
        return practice, detail.attachments[0].id

    def published(self) -> tuple[str, int]:
        """A published practice of the Compendium: its origin and id."""
        practice = self.practice("a")
        for status in (PracticeStatus.ACCEPTED, PracticeStatus.PUBLISHED):
            practices.change_status(OPERATOR, self.engine, practice, status)
        return "own", practice

    def initiative(self) -> int:
        """An initiative of the demo survey (stored on first use)."""
        with self.engine.connect() as conn:
            found = conn.execute(sa.text("SELECT min(id) FROM survey_initiatives")).scalar()
        if found is None:
            import_demo(OPERATOR, self.engine, self.model)
            return self.initiative()
        return int(found)

    def pending(self, owner: str) -> int:
        """A file waiting to update an existing assessment of ``owner`` (its preview)."""
        data = synthetic_exchange_file(
            load_framework(), MEMBERS[owner], f"p{next(self.cycles)}", seed=3
        )
        imports.begin_import(OPERATOR, self.engine, data, "a.gcat.json")
        waiting = imports.begin_import(OPERATOR, self.engine, data, "a.gcat.json")
        assert isinstance(waiting, imports.ImportPreview)
        return waiting.pending_id

    def user(self) -> str:
        name = f"target{next(self.cycles)}"
        accounts.add_user(
            OPERATOR,
            self.engine,
            username=name,
            password=PASSWORD,
            role="viewer",
            administration="Peru",
        )
        return name


PRACTICE: dict[str, Any] = {
    "schema": "gcat-practice/1",
    "member": "Senegal",
    "contact": {"name": "A. Officer", "role": "Analyst", "email": "a@example.org", "phone": ""},
    "title": "Fictional practice",
    "domains": ["facilitation"],
    "thematic_areas": ["digital_technology"],
    "gcat_indicators": ["FA-02"],
    "background": "A fictional background for the authorisation tests.",
    "description": " ".join(["A fictional description of what was done, by whom and how."] * 8),
    "results": "Fictional results.",
    "measurable_results": [],
    "challenges": "",
    "future_plans": "",
    "links": [],
    "consent": "yes",
    "withheld": [],
    "lang": "en",
}


def _practice(world: World, owner: str, username: str) -> Target:
    return Target({"practice_id": world.practice(owner)})


def _practice_upload(world: World, owner: str, username: str) -> Target:
    return Target(
        {"practice_id": world.practice(owner, editable=True)},
        files={"file": ("note.pdf", b"%PDF-1.4 note", "application/pdf")},
    )


def _practice_attachment(world: World, owner: str, username: str) -> Target:
    practice, attachment = world.practice_file(owner)
    return Target({"practice_id": practice, "attachment_id": attachment})


def _practice_edit(world: World, owner: str, username: str) -> Target:
    return Target({"practice_id": world.practice(owner, editable=True)}, data={"title": "New"})


def _practice_consent(world: World, owner: str, username: str) -> Target:
    return Target({"practice_id": world.practice(owner, editable=True)}, data={"consent": "yes"})


def _practice_status(world: World, owner: str, username: str) -> Target:
    return Target(
        {"practice_id": world.practice(owner, editable=True)}, data={"target": "submitted"}
    )


def _survey(world: World, owner: str, username: str) -> Target:
    world.initiative()
    return Target({"fmt": "html"})


def _practice_form(world: World, owner: str, username: str) -> Target:
    return Target(data={"title": "New", "member": MEMBERS[owner]})


def _practice_import(world: World, owner: str, username: str) -> Target:
    data = dict(PRACTICE, member=MEMBERS[owner], title=f"Imported {next(world.cycles)}")
    return Target(files={"file": ("p.yaml", yaml.safe_dump(data).encode(), "application/yaml")})


def _published(world: World, owner: str, username: str) -> Target:
    origin, practice = world.published()
    return Target({"origin": origin, "practice_id": practice})


def _initiative(world: World, owner: str, username: str) -> Target:
    return Target({"initiative_id": world.initiative()})


def _none(world: World, owner: str, username: str) -> Target:
    return Target()


def _assessment(world: World, owner: str, username: str) -> Target:
    return Target({"assessment_id": world.assessment(owner)})


def _locked(world: World, owner: str, username: str) -> Target:
    return Target({"assessment_id": world.assessment(owner, locked=True)})


def _signoff(world: World, owner: str, username: str) -> Target:
    return Target({"assessment_id": world.assessment(owner)}, json={"note": ""})


def _signoff_form(world: World, owner: str, username: str) -> Target:
    return Target({"assessment_id": world.assessment(owner)}, data={"note": "Checked."})


def _upgrade(world: World, owner: str, username: str) -> Target:
    return Target({"assessment_id": world.assessment(owner)}, json={"to_version": "1.1"})


def _upgrade_form(world: World, owner: str, username: str) -> Target:
    return Target({"assessment_id": world.assessment(owner)}, data={"to_version": "1.1"})


def _scores(world: World, owner: str, username: str) -> Target:
    return Target(
        {"assessment_id": world.assessment(owner)},
        data={"domain": "facilitation", "level-PL-01": "2", "comment-PL-01": "Seen."},
    )


def _consensus(world: World, owner: str, username: str) -> Target:
    return Target(
        {"assessment_id": world.assessment(owner), "indicator_id": "PL-01"},
        data={"level": "2", "rationale": "Agreed."},
    )


def _feedback_form(world: World, owner: str, username: str) -> Target:
    return Target(
        {"assessment_id": world.assessment(owner)},
        data={"indicator_id": "PL-01", "about": "", "kind": "unclear", "note": "Unclear."},
    )


def _feedback(world: World, owner: str, username: str) -> Target:
    assessment, note = world.feedback(owner)
    return Target({"assessment_id": assessment, "feedback_id": note})


def _answer(world: World, owner: str, username: str) -> Target:
    return Target(
        {"assessment_id": world.assessment(owner), "indicator_id": "PL-01"},
        json={"level": 2, "version": 0},
    )


def _indicator(world: World, owner: str, username: str) -> Target:
    return Target({"assessment_id": world.assessment(owner), "indicator_id": "PL-01"})


def _plan_item(world: World, owner: str, username: str) -> Target:
    assessment = world.assessment(owner)
    change = answers.AnswerChange(1, False, "", 3, "", "", False, 0)
    answers.record_answer(OPERATOR, world.engine, assessment, "PL-01", change)
    item = (
        assessments.load(OPERATOR, world.engine, assessment).evaluate().plan.items[0].indicator_id
    )
    return Target(
        {"assessment_id": assessment, "indicator_id": item}, json={"status": "in_progress"}
    )


def _upload(world: World, owner: str, username: str) -> Target:
    return Target(
        {"assessment_id": world.assessment(owner), "indicator_id": "PL-01"},
        files={"file": ("proof.pdf", b"%PDF-1.4", "application/pdf")},
    )


def _file(world: World, owner: str, username: str) -> Target:
    assessment, file_id = world.file(owner)
    return Target({"assessment_id": assessment, "file_id": file_id})


def _domain(world: World, owner: str, username: str) -> Target:
    return Target({"assessment_id": world.assessment(owner), "domain_id": "facilitation"})


def _download(world: World, owner: str, username: str) -> Target:
    return Target({"assessment_id": world.assessment(owner), "kind": "export", "fmt": "json"})


def _submission(world: World, owner: str, username: str) -> Target:
    return Target({"submission_id": world.submission(owner)})


def _create(world: World, owner: str, username: str) -> Target:
    return Target(json={"administration": MEMBERS[owner], "cycle": f"n{next(world.cycles)}"})


def _create_form(world: World, owner: str, username: str) -> Target:
    return Target(data={"administration": MEMBERS[owner], "cycle": f"n{next(world.cycles)}"})


def _exchange_upload(world: World, owner: str, username: str) -> Target:
    data = synthetic_exchange_file(
        load_framework(), MEMBERS[owner], f"x{next(world.cycles)}", seed=1
    )
    return Target(files={"file": ("a.gcat.json", data, "application/json")})


def _batch(world: World, owner: str, username: str) -> Target:
    data = synthetic_exchange_file(
        load_framework(), MEMBERS[owner], f"x{next(world.cycles)}", seed=2
    )
    return Target(files=[("files", ("a.gcat.json", data, "application/json"))])


def _login(world: World, owner: str, username: str) -> Target:
    return Target(json={"username": username or "a.viewer", "password": PASSWORD})


def _login_form(world: World, owner: str, username: str) -> Target:
    return Target(data={"username": username or "a.viewer", "password": PASSWORD})


def _new_user(world: World, owner: str, username: str) -> Target:
    name = f"new{next(world.cycles)}"
    return Target(
        json={"username": name, "password": PASSWORD, "role": "viewer", "administration": "Peru"}
    )


def _user_change(world: World, owner: str, username: str) -> Target:
    return Target({"username": world.user()}, json={"disabled": True})


def _user_form(world: World, owner: str, username: str) -> Target:
    return Target({"username": world.user()}, data={"action": "disable"})


def _new_user_form(world: World, owner: str, username: str) -> Target:
    return Target(
        data={"username": f"new{next(world.cycles)}", "password": PASSWORD, "role": "admin"}
    )


def _pack(world: World, owner: str, username: str) -> Target:
    return Target(files={"file": ("pack.json", b"{}", "application/json")})


def _fmt(value: str) -> Build:
    return lambda world, owner, username: Target({"fmt": value})


def _point(world: World, owner: str, username: str) -> Target:
    return Target({"point_id": "GCAP-02"})


def _declaration(world: World, owner: str, username: str) -> Target:
    return Target({"declaration_id": 1})


def _plan_file(world: World, owner: str, username: str) -> Target:
    return Target(files={"file": ("plan.yaml", b"x: 1\n", "application/yaml")})


def _declaration_file(world: World, owner: str, username: str) -> Target:
    return Target(files={"file": ("d.txt", b"A short text.\n", "text/plain")})


def _pending(data: dict[str, Any] | None = None) -> Build:
    return lambda world, owner, username: Target({"pending_id": world.pending(owner)}, data=data)


def _framework(world: World, owner: str, username: str) -> Target:
    return Target({"framework_id": "gcat", "version": "1.0"})


def _help_image(world: World, owner: str, username: str) -> Target:
    return Target({"name": "results.es.png"})


def _follow_up(world: World, owner: str, username: str) -> Target:
    world.initiative()
    return Target(query={"format": "xlsx"})


RULES: dict[tuple[str, str], tuple[str, Build]] = {
    ("GET", "/api/frameworks/{framework_id}/{version}"): ("public", _framework),
    ("PUT", "/api/me"): ("signed_in", lambda w, o, u: Target(json={"name": "A. Officer"})),
    ("GET", "/api/assessments/{assessment_id:int}/history"): ("member_read", _assessment),
    ("GET", "/assessments/{assessment_id:int}/history"): ("member_read", _assessment),
    ("GET", "/assessments/{assessment_id:int}/answers"): ("member_read", _assessment),
    ("GET", "/help/methodology"): ("public", _none),
    ("GET", "/help/indicators"): ("public", _none),
    ("GET", "/help/glossary"): ("public", _none),
    ("GET", "/help/images/{name}"): ("public", _help_image),
    # the whole database: a laptop's backup; a server is backed up with gcat db backup
    ("GET", "/backup/download"): ("laptop_only", _none),
    ("GET", "/backup/restore"): ("laptop_only", _none),
    ("POST", "/backup/restore"): (
        "laptop_only",
        lambda w, o, u: Target(files={"file": ("b.gcat-backup", b"x", "application/zip")}),
    ),
    ("GET", "/import/{pending_id:int}"): ("member_read", _pending()),
    ("POST", "/import/{pending_id:int}/pick"): ("member_edit", _pending({"submission": "x"})),
    ("POST", "/import/{pending_id:int}/update"): ("member_edit", _pending({})),
    ("POST", "/import/{pending_id:int}/copy"): ("member_edit", _pending({"cycle": "copy"})),
    ("POST", "/import/{pending_id:int}/cancel"): ("member_edit", _pending({})),
    ("GET", "/secretariat/survey/follow-up.zip"): ("secretariat", _follow_up),
    ("GET", "/api/frameworks"): ("public", _none),
    ("GET", "/api/ping"): ("public", _none),
    ("POST", "/api/assessments"): ("member_create", _create),
    ("GET", "/api/assessments/{assessment_id:int}"): ("member_read", _assessment),
    ("PUT", "/api/assessments/{assessment_id:int}/answers/{indicator_id}"): (
        "member_edit",
        _answer,
    ),
    ("GET", "/api/assessments/{assessment_id:int}/results"): ("member_read", _assessment),
    ("PUT", "/api/assessments/{assessment_id:int}/plan/{indicator_id}"): (
        "member_edit",
        _plan_item,
    ),
    ("GET", "/api/assessments/{assessment_id:int}/history/{indicator_id}"): (
        "member_read",
        _indicator,
    ),
    ("DELETE", "/api/assessments/{assessment_id:int}"): ("member_edit", _assessment),
    ("POST", "/api/assessments/{assessment_id:int}/answers/{indicator_id}/files"): (
        "member_edit",
        _upload,
    ),
    ("POST", "/api/session"): ("public", _login),
    ("GET", "/api/session"): ("signed_in", _none),
    ("DELETE", "/api/session"): ("signed_in", _none),
    ("GET", "/api/users"): ("admin", _none),
    ("POST", "/api/users"): ("admin", _new_user),
    ("PATCH", "/api/users/{username}"): ("admin", _user_change),
    ("GET", "/api/audit"): ("audit", _none),
    ("GET", "/api/assessments/{assessment_id:int}/signoff"): ("member_read", _locked),
    ("POST", "/api/assessments/{assessment_id:int}/signoff"): ("member_validate", _signoff),
    ("POST", "/api/assessments/{assessment_id:int}/new-version"): ("member_edit", _locked),
    ("POST", "/api/assessments/{assessment_id:int}/upgrade"): ("member_edit", _upgrade),
    ("POST", "/api/assessments/{assessment_id:int}/submit"): ("member_validate", _locked),
    ("GET", "/api/submissions"): ("readers", _none),
    ("GET", "/api/submissions/{submission_id:int}"): ("submission_read", _submission),
    ("GET", "/api/submissions/{submission_id:int}/snapshot"): ("submission_read", _submission),
    ("POST", "/api/submissions/{submission_id:int}/withdraw"): ("member_validate", _submission),
    ("GET", "/api/secretariat/aggregate"): ("secretariat", _none),
    ("GET", "/api/secretariat/trend"): ("secretariat", _none),
    ("POST", "/api/secretariat/import"): ("secretariat", _batch),
    ("GET", "/api/secretariat/pack"): ("secretariat", _none),
    ("GET", "/"): ("signed_in", _none),
    ("POST", "/assessments"): ("member_create", _create_form),
    ("POST", "/me"): ("signed_in", _none),
    ("GET", "/assessments/{assessment_id:int}"): ("member_read", _assessment),
    ("GET", "/assessments/{assessment_id:int}/domains/{domain_id}"): ("member_read", _domain),
    ("GET", "/assessments/{assessment_id:int}/results"): ("member_read", _assessment),
    ("GET", "/assessments/{assessment_id:int}/plan"): ("member_read", _assessment),
    ("GET", "/assessments/{assessment_id:int}/delete"): ("member_read", _assessment),
    ("POST", "/assessments/{assessment_id:int}/delete"): ("member_edit", _assessment),
    ("GET", "/assessments/{assessment_id:int}/files/{file_id:int}"): ("member_read", _file),
    ("GET", "/assessments/{assessment_id:int}/download/{kind}/{fmt}"): ("member_read", _download),
    ("POST", "/import"): ("member_create", _exchange_upload),
    ("GET", "/framework"): ("public", _none),
    ("GET", "/help"): ("public", _none),
    ("GET", "/history/{assessment_id:int}/{indicator_id}"): ("member_read", _indicator),
    ("GET", "/login"): ("public", _none),
    ("POST", "/login"): ("public", _login_form),
    ("POST", "/logout"): ("signed_in", _none),
    ("GET", "/admin"): ("admin", _none),
    ("POST", "/admin/users"): ("admin", _new_user_form),
    ("POST", "/admin/users/{username}"): ("admin", _user_form),
    ("GET", "/audit"): ("audit", _none),
    ("GET", "/secretariat"): ("secretariat", _none),
    ("POST", "/secretariat/import"): ("secretariat", _batch),
    ("GET", "/secretariat/download/{fmt}"): ("secretariat", _fmt("json")),
    ("GET", "/secretariat/pack"): ("secretariat", _none),
    ("GET", "/submissions"): ("readers", _none),
    ("GET", "/submissions/{submission_id:int}"): ("submission_read", _submission),
    ("POST", "/submissions/{submission_id:int}/withdraw"): ("member_validate", _submission),
    ("POST", "/assessments/{assessment_id:int}/signoff"): ("member_validate", _signoff_form),
    ("POST", "/assessments/{assessment_id:int}/new-version"): ("member_edit", _locked),
    ("POST", "/assessments/{assessment_id:int}/upgrade"): ("member_edit", _upgrade_form),
    ("GET", "/assessments/{assessment_id:int}/changes"): ("member_read", _assessment),
    ("GET", "/assessments/{assessment_id:int}/team"): ("member_read", _assessment),
    ("POST", "/assessments/{assessment_id:int}/team/scores"): ("member_edit", _scores),
    ("POST", "/assessments/{assessment_id:int}/team/reveal"): ("member_edit", _assessment),
    ("GET", "/assessments/{assessment_id:int}/consensus"): ("member_read", _assessment),
    ("POST", "/assessments/{assessment_id:int}/consensus/{indicator_id}"): (
        "member_validate",
        _consensus,
    ),
    ("POST", "/assessments/{assessment_id:int}/feedback"): ("member_edit", _feedback_form),
    ("POST", "/assessments/{assessment_id:int}/feedback/{feedback_id:int}/delete"): (
        "member_edit",
        _feedback,
    ),
    ("POST", "/assessments/{assessment_id:int}/submit"): ("member_validate", _locked),
    ("POST", "/benchmark"): ("member_create", _pack),
    ("GET", "/actionplan"): ("secretariat", _none),
    ("GET", "/actionplan/points/{point_id}"): ("secretariat", _point),
    ("POST", "/actionplan/points/{point_id}/status"): ("secretariat", _point),
    ("POST", "/actionplan/points/{point_id}/dependencies"): ("secretariat", _point),
    ("POST", "/actionplan/snapshots"): ("secretariat", _none),
    ("POST", "/actionplan/import"): ("secretariat", _plan_file),
    ("GET", "/actionplan/export/{fmt}"): ("secretariat", _fmt("yaml")),
    ("GET", "/actionplan/report"): ("secretariat", _none),
    ("GET", "/declarations"): ("secretariat", _none),
    ("POST", "/declarations/import"): ("secretariat", _declaration_file),
    ("GET", "/declarations/{declaration_id}"): ("secretariat", _declaration),
    ("POST", "/declarations/{declaration_id}/decide"): ("secretariat", _declaration),
    ("GET", "/declarations/{declaration_id}/download"): ("secretariat", _declaration),
    ("GET", "/practices"): ("readers", _none),
    ("GET", "/practices/new"): ("practice_create", _none),
    ("POST", "/practices"): ("practice_create", _practice_form),
    ("POST", "/practices/import"): ("practice_create", _practice_import),
    ("GET", "/practices/template/{fmt}"): ("public", _fmt("yaml")),
    ("GET", "/practices/{practice_id:int}"): ("practice_read", _practice),
    ("POST", "/practices/{practice_id:int}/attachments"): ("practice_edit", _practice_upload),
    ("GET", "/practices/{practice_id:int}/attachments/{attachment_id:int}"): (
        "practice_read",
        _practice_attachment,
    ),
    ("POST", "/practices/{practice_id:int}/consent"): ("practice_edit", _practice_consent),
    ("POST", "/practices/{practice_id:int}/edit"): ("practice_edit", _practice_edit),
    ("POST", "/practices/{practice_id:int}/status"): ("practice_edit", _practice_status),
    ("GET", "/compendium"): ("readers", _none),
    ("GET", "/compendium/download"): ("secretariat", _none),
    ("POST", "/compendium/pack"): ("member_create", _pack),
    ("GET", "/compendium/practices/{origin}/{practice_id:int}"): ("readers", _published),
    ("GET", "/secretariat/survey"): ("secretariat", _none),
    ("GET", "/secretariat/survey/audit"): ("secretariat", _none),
    ("POST", "/secretariat/survey/demo"): ("secretariat", _none),
    ("GET", "/secretariat/survey/report.{fmt}"): ("secretariat", _survey),
    ("GET", "/secretariat/survey/review"): ("secretariat", _none),
    ("GET", "/secretariat/survey/review/{initiative_id}"): ("secretariat", _initiative),
    ("POST", "/secretariat/survey/review/{initiative_id}"): ("secretariat", _initiative),
    ("GET", "/secretariat/survey/validation.{fmt}"): ("secretariat", _survey),
}
FRAMEWORK_ROUTES = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}
"""FastAPI's own documentation routes: public, serve no data of anyone."""


def route_table(app: Any) -> set[tuple[str, str]]:
    """Every (method, path) the app answers, from its route table."""
    table = set()
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, Mount) or context.path in FRAMEWORK_ROUTES:
            continue
        for method in context.methods or ():
            if method != "HEAD":
                table.add((method, str(context.path)))
    return table


def test_every_route_has_a_rule(server_world: ServerWorld) -> None:
    table = route_table(server_world.app)
    missing, stale = sorted(table - set(RULES)), sorted(set(RULES) - table)
    assert not missing, f"routes without a rule in the authorisation matrix: {missing}"
    assert not stale, f"rules for routes that no longer exist: {stale}"
    schema_paths = {
        (method.upper(), path)
        for path, operations in server_world.app.openapi()["paths"].items()
        for method in operations
    }
    plain = {(method, path.replace(":int", "")) for method, path in RULES}
    assert schema_paths <= plain, schema_paths - plain


def _path(template: str, params: dict[str, Any]) -> str:
    path = template
    for name, value in params.items():
        path = path.replace(f"{{{name}:int}}", str(value)).replace(f"{{{name}}}", str(value))
    path = path.replace(".{fmt}", f".{params.get('fmt', 'html')}")
    assert "{" not in path, path
    return path


def _outcome(response: httpx.Response) -> str:
    status = response.status_code
    if response.request.url.path == "/logout" and status == 303:
        return A  # logging out ends on the login page
    if status == 401 or (
        status in (302, 303) and response.headers.get("location", "").startswith("/login")
    ):
        return L
    if status == 403:
        return F
    if status == 404:
        return H
    if status < 400 or status in (409, 422):
        return A
    return f"status {status}"


def _request(client: httpx.Client, method: str, path: str, target: Target) -> httpx.Response:
    return client.request(
        method,
        path,
        json=target.json,
        data=target.data,
        files=target.files,
        params=target.query,
        follow_redirects=False,
    )


def _anonymous(server: ServerWorld) -> httpx.Client:
    """A browser that loaded a page (it has the pre-login token) but is not logged in."""
    client = httpx.Client(
        base_url=server.url, timeout=30, headers={"Origin": server.url, "X-CSRF-Token": "t" * 43}
    )
    client.cookies.set("gcat_csrf", "t" * 43)
    return client


SESSION_ENDING = {
    ("DELETE", "/api/session"),
    ("POST", "/logout"),
    ("POST", "/api/session"),
    ("POST", "/login"),
}
"""Routes after which the acting client logs in again."""
USERNAMES = {"secretariat": "sec", "admin": "admin"}


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_the_authorisation_matrix(
    server_world: ServerWorld, role: str, classifier_model: Any
) -> None:
    world = World(server_world, classifier_model)
    username = USERNAMES.get(role, f"a.{role}") if role != "anonymous" else ""
    mismatches = []
    with httpx.Client(
        base_url=server_world.url, timeout=30, headers={"Origin": server_world.url}
    ) as member:
        if role != "anonymous":
            login(member, username)
        for (method, template), (policy, build) in sorted(RULES.items()):
            for scope, owner in (("own", "a"), ("other", "b")):
                if role == "anonymous":
                    expected = ANONYMOUS.get(policy, L)
                else:
                    expected = POLICIES[policy][role][0 if scope == "own" else 1]
                target = build(world, owner, username)
                path = _path(template, target.params)
                if role == "anonymous":  # a fresh browser each time: a login must not carry on
                    with _anonymous(server_world) as client:
                        response = _request(client, method, path, target)
                else:
                    response = _request(member, method, path, target)
                got = _outcome(response)
                if got != expected:
                    mismatches.append(
                        f"{method} {template} [{scope}] expected {expected}, got {got} "
                        f"({response.status_code})"
                    )
                if role != "anonymous" and (method, template) in SESSION_ENDING:
                    member.cookies.clear()
                    login(member, username)
    assert mismatches == [], "\n".join(mismatches)

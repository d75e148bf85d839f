"""Use-cases on stored assessments: create, answer (with history), evaluate, track the plan."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa

from gcat.core.assessment import MAX_LEVEL, Answer, Assessment
from gcat.core.model import Framework
from gcat.errors import InputError, Problem
from gcat.frameworks import load_framework
from gcat.services.evaluation import Evaluation, evaluate
from gcat.storage import repository as repo
from gcat.storage.db import write_transaction
from gcat.storage.records import EvidenceFile, StoredAnswer, StoredAssessment, Tracking

__all__ = [
    "ALLOWED_UPLOADS",
    "MAX_UPLOAD_BYTES",
    "PLAN_STATUSES",
    "PREFILL_REASON",
    "AnswerChange",
    "AssessmentSummary",
    "LoadedAssessment",
    "add_evidence",
    "create_assessment",
    "delete_assessment",
    "import_assessment",
    "list_summaries",
    "load",
    "record_answer",
    "set_tracking",
]

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ALLOWED_UPLOADS = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}
PLAN_STATUSES = ("not_started", "in_progress", "done")
PREFILL_REASON = "@prefill"
"""History reason of answers copied from the previous cycle (shown translated)."""
MAX_NAME = 200
MAX_TEXT = 5000


def _now() -> datetime:
    return datetime.now(UTC)


def _invalid(field: str, code: str, **params: object) -> InputError:
    return InputError([Problem(code, dict(params), field=field)])


@dataclass(frozen=True, slots=True)
class LoadedAssessment:
    """A stored assessment with its framework, answers and the core assessment built from them."""

    stored: StoredAssessment
    framework: Framework
    answers: dict[str, StoredAnswer]
    assessment: Assessment

    def evaluate(self) -> Evaluation:
        """Score and plan it."""
        return evaluate(self.framework, self.assessment)


@dataclass(frozen=True, slots=True)
class AssessmentSummary:
    """A line of the home page."""

    stored: StoredAssessment
    completeness: float


@dataclass(frozen=True, slots=True)
class AnswerChange:
    """A change to one answer as sent by a client."""

    level: int | None
    not_applicable: bool
    reason: str
    target: int | None
    comment: str
    evidence_note: str
    flagged: bool
    version: int
    change_reason: str = ""


def _load(conn: sa.Connection, assessment_id: int) -> LoadedAssessment:
    stored = repo.get_assessment(conn, assessment_id=assessment_id)
    framework = load_framework(stored.framework_id, stored.framework_version)
    answers = repo.load_answers(conn, assessment_id=assessment_id)
    assessment = Assessment(
        framework_id=stored.framework_id,
        framework_version=stored.framework_version,
        administration=stored.administration,
        cycle=stored.cycle,
        answers={key: item.answer for key, item in answers.items()},
        domains=stored.domains,
    )
    return LoadedAssessment(stored, framework, answers, assessment)


def load(engine: sa.Engine, assessment_id: int) -> LoadedAssessment:
    """A stored assessment, ready to show or evaluate (NotFoundError when absent)."""
    with engine.connect() as conn:
        return _load(conn, assessment_id)


def list_summaries(engine: sa.Engine) -> list[AssessmentSummary]:
    """Every assessment with its completeness, most recently changed first."""
    with engine.connect() as conn:
        return [
            AssessmentSummary(item, _load(conn, item.id).evaluate().result.completeness)
            for item in repo.list_assessments(conn)
        ]


def _clean_name(value: str, field: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise _invalid(field, "check.empty_text")
    if len(value) > MAX_NAME:
        raise _invalid(field, "check.text_too_long", limit=MAX_NAME)
    return value


def create_assessment(
    engine: sa.Engine,
    *,
    administration: str,
    cycle: str,
    domains: Sequence[str] | None = None,
    assessors: str = "",
    previous_id: int | None = None,
    who: str = "",
    framework: Framework | None = None,
) -> int:
    """Create an assessment, optionally pre-filled with the answers of a previous one."""
    framework = framework or load_framework()
    administration = _clean_name(administration, "administration")
    cycle = _clean_name(cycle, "cycle")
    if domains is not None:
        unknown = [d for d in domains if not framework.has_domain(d)]
        if unknown or not domains:
            raise _invalid("domains", "check.unknown_domain", value=", ".join(unknown))
    if len(assessors) > MAX_TEXT:
        raise _invalid("assessors", "check.text_too_long", limit=MAX_TEXT)
    now = _now()
    with write_transaction(engine) as conn:
        previous = _load(conn, previous_id) if previous_id is not None else None
        new_id = repo.create_assessment(
            conn,
            administration=administration,
            cycle=cycle,
            framework_id=framework.id,
            framework_version=framework.version,
            domains=list(domains) if domains is not None else None,
            assessors=assessors.strip(),
            previous_id=previous_id,
            now=now,
        )
        if previous is not None:
            stored = repo.get_assessment(conn, assessment_id=new_id)
            for indicator_id, item in previous.answers.items():
                if (
                    stored.domains is None
                    or framework.indicator(indicator_id).domain_id in stored.domains
                ):
                    repo.save_answer(
                        conn,
                        assessment=stored,
                        indicator_id=indicator_id,
                        answer=item.answer,
                        evidence_note=item.evidence_note,
                        expected_version=0,
                        who=who,
                        change_reason=f"{PREFILL_REASON} {previous.stored.cycle}",
                        now=now,
                    )
    return new_id


def import_assessment(engine: sa.Engine, assessment: Assessment, *, who: str = "") -> int:
    """Store an assessment read from a file (for example the demo answers)."""
    framework = load_framework(assessment.framework_id, assessment.framework_version)
    new_id = create_assessment(
        engine,
        administration=assessment.administration,
        cycle=assessment.cycle,
        domains=assessment.domains,
        who=who,
        framework=framework,
    )
    now = _now()
    with write_transaction(engine) as conn:
        stored = repo.get_assessment(conn, assessment_id=new_id)
        for indicator_id, answer in assessment.answers.items():
            repo.save_answer(
                conn,
                assessment=stored,
                indicator_id=indicator_id,
                answer=answer,
                evidence_note="\n".join(answer.evidence),
                expected_version=0,
                who=who,
                change_reason="",
                now=now,
            )
    return new_id


def delete_assessment(engine: sa.Engine, assessment_id: int) -> None:
    """Delete an assessment and all that belongs to it."""
    with write_transaction(engine) as conn:
        repo.delete_assessment(conn, assessment_id=assessment_id)


def _check_change(
    framework: Framework,
    stored: StoredAssessment,
    previous: StoredAnswer | None,
    indicator_id: str,
    change: AnswerChange,
) -> Answer:
    if indicator_id not in framework.indicators:
        raise _invalid("indicator_id", "answers.unknown_indicator", id=indicator_id)
    indicator = framework.indicator(indicator_id)
    if stored.domains is not None and indicator.domain_id not in stored.domains:
        raise _invalid("indicator_id", "answers.out_of_scope", id=indicator_id)
    for field, value in (
        ("reason", change.reason),
        ("comment", change.comment),
        ("evidence_note", change.evidence_note),
        ("change_reason", change.change_reason),
    ):
        if len(value) > MAX_TEXT:
            raise _invalid(field, "check.text_too_long", limit=MAX_TEXT)
    if change.level is not None and not 0 <= change.level <= MAX_LEVEL:
        raise _invalid("level", "answers.bad_level", value=str(change.level))
    if change.target is not None and not 0 <= change.target <= MAX_LEVEL:
        raise _invalid("target", "answers.bad_target", value=str(change.target))
    if change.not_applicable:
        if change.level is not None:
            raise _invalid("level", "answers.level_and_na")
        if not indicator.not_applicable_allowed:
            raise _invalid("not_applicable", "answers.na_not_allowed", id=indicator_id)
        if not change.reason.strip():
            raise _invalid("reason", "answers.na_needs_reason")
    if change.level is not None and change.target is not None and change.target < change.level:
        raise _invalid(
            "target", "answers.target_below_level", target=change.target, level=change.level
        )
    level_changed = previous is not None and (  # previous is only loaded for pre-filled cycles
        previous.answer.level != change.level
        or previous.answer.not_applicable != change.not_applicable
    )
    if stored.previous_id is not None and level_changed and not change.change_reason.strip():
        raise _invalid("change_reason", "answers.change_needs_reason")
    return Answer(
        level=change.level,
        not_applicable=change.not_applicable,
        reason=change.reason.strip() if change.not_applicable else "",
        target=change.target,
        comment=change.comment.strip(),
        evidence=(),
        flagged=change.flagged,
    )


def record_answer(
    engine: sa.Engine, assessment_id: int, indicator_id: str, change: AnswerChange, *, who: str
) -> StoredAnswer:
    """Check and save one answer, with its audit trail; ConflictError when ``version`` is stale."""
    with write_transaction(engine) as conn:
        stored = repo.get_assessment(conn, assessment_id=assessment_id)
        framework = load_framework(stored.framework_id, stored.framework_version)
        previous = (
            repo.load_answer(conn, assessment_id=assessment_id, indicator_id=indicator_id)
            if stored.previous_id is not None and indicator_id in framework.indicators
            else None
        )
        answer = _check_change(framework, stored, previous, indicator_id, change)
        now = _now()
        evidence_note = change.evidence_note.strip()
        version = repo.save_answer(
            conn,
            assessment=stored,
            indicator_id=indicator_id,
            answer=answer,
            evidence_note=evidence_note,
            expected_version=change.version,
            who=who,
            change_reason=change.change_reason.strip(),
            now=now,
        )
    return StoredAnswer(indicator_id, answer, evidence_note, version, now, who)


def set_tracking(
    engine: sa.Engine,
    assessment_id: int,
    indicator_id: str,
    *,
    owner: str,
    due: date | None,
    status: str,
) -> Tracking:
    """Set the owner, due date and status of a plan item."""
    if status not in PLAN_STATUSES:
        raise _invalid("status", "check.bad_choice", choices=", ".join(PLAN_STATUSES))
    owner = " ".join(owner.split())
    if len(owner) > MAX_NAME:
        raise _invalid("owner", "check.text_too_long", limit=MAX_NAME)
    with write_transaction(engine) as conn:
        loaded = _load(conn, assessment_id)
        if indicator_id not in {item.indicator_id for item in loaded.evaluate().plan.items}:
            raise _invalid("indicator_id", "plan.not_an_item", id=indicator_id)
        repo.save_tracking(
            conn,
            assessment=loaded.stored,
            indicator_id=indicator_id,
            owner=owner,
            due=due,
            status=status,
            now=_now(),
        )
    return Tracking(owner, due, status)


def _safe_filename(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*').strip(" .")
    return cleaned[:MAX_NAME] or "file"


def add_evidence(
    engine: sa.Engine,
    assessment_id: int,
    indicator_id: str,
    *,
    filename: str,
    data: bytes,
    who: str,
) -> EvidenceFile:
    """Store an evidence file after checking its size and type; keep its SHA-256."""
    name = _safe_filename(filename)
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in ALLOWED_UPLOADS:
        raise _invalid("file", "upload.bad_type", allowed=", ".join(sorted(ALLOWED_UPLOADS)))
    if len(data) > MAX_UPLOAD_BYTES:
        raise _invalid("file", "file.too_large", limit=MAX_UPLOAD_BYTES // 1024**2)
    if not data:
        raise _invalid("file", "upload.empty")
    with write_transaction(engine) as conn:
        loaded = _load(conn, assessment_id)
        if indicator_id not in loaded.framework.indicators or not loaded.assessment.covers(
            loaded.framework.indicator(indicator_id).domain_id
        ):
            raise _invalid("indicator_id", "answers.unknown_indicator", id=indicator_id)
        file_id = repo.add_evidence_file(
            conn,
            assessment=loaded.stored,
            indicator_id=indicator_id,
            filename=name,
            content_type=ALLOWED_UPLOADS[suffix],
            data=data,
            sha256=hashlib.sha256(data).hexdigest(),
            who=who,
            now=_now(),
        )
        files = repo.evidence_files_of(conn, assessment_id=assessment_id)
    return next(f for f in files if f.id == file_id)

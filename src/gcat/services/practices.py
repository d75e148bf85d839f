"""Use-cases on good practices: create, edit, import, submit, review, consent, attachments.

Who sees what: a member's user sees the practices of their own administration; the Secretariat
sees every practice except the drafts a member has not submitted yet; the local user sees all.
Who does what: the member edits while the practice is a draft or sent back, submits and may
withdraw it; the Secretariat reviews, sends back with a reason, accepts and publishes (see
:data:`gcat.core.practices.TRANSITIONS`). Every change is kept in the practice's history.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa

from gcat.core.members import MemberList, name_key
from gcat.core.practices import (
    EDITABLE_BY_MEMBER,
    MEMBER_TARGETS,
    REASON_REQUIRED,
    SECTION_KEYS,
    Consent,
    ImportedPractice,
    Practice,
    PracticeMember,
    PracticeRecord,
    QualityIssue,
    Status,
    can_transition,
    quality_checks,
)
from gcat.core.text import clean_text
from gcat.errors import ConflictError, ForbiddenError, InputError, NotFoundError, Problem
from gcat.exchange.archive import check_archive
from gcat.frameworks import load_framework
from gcat.limits import MAX_IMPORT_BYTES, MAX_NAME, MAX_PRACTICE_FILES, MAX_TEXT, MB
from gcat.members import load_members, match_member
from gcat.policy.access import Actor, Right, Role, can, require
from gcat.practices import FREE_FORMAT_TYPES, FreeFormat, ParsedPractice, read_practices
from gcat.practices.texts import QUALITY
from gcat.storage import practices_repository as repo
from gcat.storage.db import write_transaction
from gcat.storage.practices_repository import Attachment, HistoryItem

__all__ = [
    "DuplicatePair",
    "ImportedPractice",
    "PracticeDetail",
    "PracticeFilters",
    "add_attachment",
    "attachment",
    "change_status",
    "create_practice",
    "find_duplicates",
    "import_practices",
    "list_practices",
    "may_edit",
    "may_move",
    "practice_detail",
    "record_consent",
    "require_author",
    "require_editable",
    "update_practice",
    "visible_records",
]

TITLE_SIMILAR = 0.85
TEXT_SIMILAR = 0.9
SECRETARIAT = "secretariat"
MEMBER = "member"


def now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def _invalid(field: str, code: str, **params: object) -> InputError:
    return InputError([Problem(code, dict(params), field=field)])


@dataclass(frozen=True, slots=True)
class PracticeFilters:
    """The filters of the Secretariat's list; None means any."""

    member: str | None = None
    region: str | None = None
    domain: str | None = None
    area: str | None = None
    status: Status | None = None
    consent: str | None = None
    """``yes``, ``no`` or ``none`` (no answer yet)."""
    lang: str | None = None

    def keeps(self, record: PracticeRecord) -> bool:
        """Whether ``record`` passes every filter."""
        practice = record.practice
        consent = practice.consent.value if practice.consent else "none"
        member_keys = {name_key(practice.member.code or ""), name_key(practice.member.name)}
        return (
            (self.member is None or name_key(self.member) in member_keys)
            and (self.region is None or practice.member.region == self.region)
            and (self.domain is None or self.domain in practice.domains)
            and (self.area is None or self.area in practice.thematic_areas)
            and (self.status is None or record.status is self.status)
            and (self.consent is None or consent == self.consent)
            and (self.lang is None or practice.lang == self.lang)
        )


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two practices of the same member with a near-identical title or text."""

    first: int
    second: int
    similarity: float


@dataclass(frozen=True, slots=True)
class PracticeDetail:
    """A practice with its history, attachments, quality checklist and possible duplicates."""

    record: PracticeRecord
    history: list[HistoryItem]
    attachments: list[Attachment]
    quality: list[QualityIssue]
    duplicates: list[int] = field(default_factory=list)


def sees(actor: Actor, record: PracticeRecord) -> bool:
    """Whether ``actor`` may see ``record``."""
    if actor.role is Role.LOCAL:
        return True
    if actor.administration_id is not None and actor.administration_id == record.administration_id:
        return True
    if can(actor, Right.SECRETARIAT):
        return not (record.status is Status.DRAFT and record.owner == MEMBER)
    return False


def _visible(actor: Actor, conn: sa.Connection, practice_id: int) -> PracticeRecord:
    try:
        record = repo.get_practice(conn, practice_id=practice_id)
    except NotFoundError:
        raise NotFoundError("practices.not_found", id=practice_id) from None
    if not sees(actor, record):
        raise NotFoundError("practices.not_found", id=practice_id)
    return record


def visible_records(actor: Actor, conn: sa.Connection) -> list[PracticeRecord]:
    """Every practice ``actor`` may see, on a connection the caller owns."""
    scope = None
    if actor.role is not Role.LOCAL and not can(actor, Right.SECRETARIAT):
        if actor.administration_id is None:
            return []
        scope = actor.administration_id
    return [
        record
        for record in repo.list_practices(conn, administration_id=scope)
        if sees(actor, record)
    ]


def list_practices(
    actor: Actor, engine: sa.Engine, filters: PracticeFilters | None = None
) -> list[PracticeRecord]:
    """The practices ``actor`` may see that pass ``filters``, most recently changed first."""
    require(actor, Right.READ)
    with engine.connect() as conn:
        records = visible_records(actor, conn)
    return [record for record in records if filters is None or filters.keeps(record)]


def practice_detail(actor: Actor, engine: sa.Engine, practice_id: int) -> PracticeDetail:
    """One practice with its history, attachments, checklist and possible duplicates."""
    require(actor, Right.READ)
    with engine.connect() as conn:
        record = _visible(actor, conn, practice_id)
        history = repo.history_of(conn, practice_id=practice_id)
        files = repo.attachments_of(conn, practice_id=practice_id)
        others = visible_records(actor, conn)
    twins = [
        pair.second if pair.first == practice_id else pair.first
        for pair in find_duplicates(others)
        if practice_id in (pair.first, pair.second)
    ]
    return PracticeDetail(record, history, files, quality_checks(record.practice), twins)


def _fold(text: str) -> str:
    return name_key(text)


def find_duplicates(records: Sequence[PracticeRecord]) -> list[DuplicatePair]:
    """Pairs of practices of the same member whose titles or descriptions are near-identical."""
    by_member: dict[str, list[PracticeRecord]] = {}
    for record in records:
        member = record.practice.member
        by_member.setdefault(member.code or name_key(member.name), []).append(record)
    pairs: list[DuplicatePair] = []
    for group in by_member.values():
        for index, first in enumerate(group):
            for second in group[index + 1 :]:
                titles = difflib.SequenceMatcher(
                    None, _fold(first.practice.title), _fold(second.practice.title)
                ).ratio()
                texts = 0.0
                a, b = (
                    _fold(first.practice.description)[:3000],
                    _fold(second.practice.description)[:3000],
                )
                if a and b:
                    texts = difflib.SequenceMatcher(None, a, b).ratio()
                if titles >= TITLE_SIMILAR or texts >= TEXT_SIMILAR:
                    low, high = sorted((first.id, second.id))
                    pairs.append(DuplicatePair(low, high, round(max(titles, texts), 2)))
    return sorted(pairs, key=lambda pair: (pair.first, pair.second))


def require_author(actor: Actor) -> None:
    """ForbiddenError unless ``actor`` may write practices (a member's editor or the
    Secretariat): the pages check it before they read a form."""
    if not (can(actor, Right.EDIT) or can(actor, Right.SECRETARIAT)):
        require(actor, Right.EDIT)


def require_editable(actor: Actor, record: PracticeRecord) -> None:
    """ForbiddenError unless ``actor`` may change the text of ``record`` now."""
    if not may_edit(actor, record):
        raise ForbiddenError("practices.not_editable", status=record.status.value)


def may_edit(actor: Actor, record: PracticeRecord) -> bool:
    """Whether ``actor`` may change the text of ``record`` now."""
    if record.status is Status.WITHDRAWN:
        return False
    if actor.role is Role.LOCAL:
        return True
    if can(actor, Right.SECRETARIAT):
        return record.status is not Status.PUBLISHED
    return can(actor, Right.EDIT) and record.status in EDITABLE_BY_MEMBER


def _administration(actor: Actor, conn: sa.Connection, practice: Practice, when: datetime) -> int:
    if actor.administration_id is not None:
        return actor.administration_id
    return repo.administration_for(conn, name=practice.member.name, when=when)


def _owner(actor: Actor) -> str:
    return SECRETARIAT if actor.role is Role.SECRETARIAT else MEMBER


def create_practice(
    actor: Actor, engine: sa.Engine, practice: Practice, *, source: str = "app"
) -> int:
    """A new draft practice; its id."""
    if not (can(actor, Right.EDIT) or can(actor, Right.SECRETARIAT)):
        require(actor, Right.EDIT)
    when = now()
    with write_transaction(engine) as conn:
        administration_id = _administration(actor, conn, practice, when)
        new_id = repo.insert_practice(
            conn,
            administration_id=administration_id,
            practice=practice,
            status=Status.DRAFT,
            owner=_owner(actor),
            source=source[-MAX_NAME:],
            when=when,
            by=actor.name,
        )
        record = repo.get_practice(conn, practice_id=new_id)
        repo.add_history(
            conn, record=record, action="created", when=when, by=actor.name, to_status=Status.DRAFT
        )
    return new_id


def _changed_fields(before: Practice, after: Practice) -> list[str]:
    keys = (
        "member",
        "contact",
        "title",
        "domains",
        "thematic_areas",
        "gcat_indicators",
        *SECTION_KEYS,
        "lang",
    )
    return [key for key in keys if getattr(before, key) != getattr(after, key)]


def update_practice(
    actor: Actor, engine: sa.Engine, practice_id: int, practice: Practice, *, version: int
) -> int:
    """Change the text of a practice (consent goes through :func:`record_consent`); the new
    version. ConflictError when ``version`` is stale."""
    when = now()
    with write_transaction(engine) as conn:
        record = _visible(actor, conn, practice_id)
        require_editable(actor, record)
        if version != record.version:
            raise ConflictError("practices.conflict", id=practice_id)
        kept = practice.with_changes(
            consent=record.practice.consent, withheld=record.practice.withheld
        )
        changed = _changed_fields(record.practice, kept)
        new_version = repo.save_practice(
            conn, record=record, practice=kept, when=when, by=actor.name
        )
        if changed:
            repo.add_history(
                conn,
                record=record,
                action="edited",
                when=when,
                by=actor.name,
                details={"fields": changed},
            )
    return new_version


def may_move(actor: Actor, target: Status) -> bool:
    """Whether ``actor``'s rights allow moving a practice to ``target`` (the member's moves need
    the right to edit, the others the Secretariat's)."""
    if target in MEMBER_TARGETS:
        return can(actor, Right.EDIT) or can(actor, Right.SECRETARIAT)
    return can(actor, Right.SECRETARIAT)


def _check_transition(actor: Actor, record: PracticeRecord, target: Status, reason: str) -> None:
    if not can_transition(record.status, target):
        raise InputError(
            [
                Problem(
                    "practices.bad_transition",
                    {"current": record.status.value, "target": target.value},
                    field="status",
                )
            ]
        )
    if target in MEMBER_TARGETS:
        if not (can(actor, Right.EDIT) or can(actor, Right.SECRETARIAT)):
            require(actor, Right.EDIT)
    else:
        require(actor, Right.SECRETARIAT)
    if target in REASON_REQUIRED and not reason:
        raise _invalid("reason", "practices.reason_required")
    if target is Status.SUBMITTED:
        blocking = [issue for issue in quality_checks(record.practice) if issue.blocking]
        if blocking:
            raise InputError(
                [
                    Problem(QUALITY[issue.code], dict(issue.params), field=issue.section)
                    for issue in blocking
                ]
            )


def change_status(
    actor: Actor, engine: sa.Engine, practice_id: int, target: Status, *, reason: str = ""
) -> PracticeRecord:
    """Move a practice along its workflow (a reason is required to send back or withdraw)."""
    require_author(actor)
    reason = clean_text(reason)
    if len(reason) > MAX_TEXT:
        raise _invalid("reason", "check.text_too_long", limit=MAX_TEXT)
    when = now()
    with write_transaction(engine) as conn:
        record = _visible(actor, conn, practice_id)
        _check_transition(actor, record, target, reason)
        repo.save_practice(conn, record=record, status=target, when=when, by=actor.name)
        repo.add_history(
            conn,
            record=record,
            action="status",
            when=when,
            by=actor.name,
            from_status=record.status,
            to_status=target,
            reason=reason,
        )
        return repo.get_practice(conn, practice_id=practice_id)


def record_consent(
    actor: Actor,
    engine: sa.Engine,
    practice_id: int,
    consent: Consent,
    withheld: Sequence[str] = (),
    *,
    reason: str = "",
) -> PracticeRecord:
    """Record the member's Section X answer and the sections kept out of publication, with the
    date and who recorded it; the change stays in the history."""
    if not (can(actor, Right.EDIT) or can(actor, Right.SECRETARIAT)):
        require(actor, Right.EDIT)
    unknown = [key for key in withheld if key not in SECTION_KEYS]
    if unknown:
        raise _invalid("withheld", "practices.unknown_section", value=unknown[0])
    reason = clean_text(reason)[:MAX_TEXT]
    when = now()
    with write_transaction(engine) as conn:
        record = _visible(actor, conn, practice_id)
        if record.status is Status.WITHDRAWN:
            raise ForbiddenError("practices.not_editable", status=record.status.value)
        before = record.practice
        after = before.with_changes(consent=consent, withheld=frozenset(withheld))
        repo.save_practice(
            conn, record=record, practice=after, when=when, by=actor.name, consent_changed=True
        )
        repo.add_history(
            conn,
            record=record,
            action="consent",
            when=when,
            by=actor.name,
            reason=reason,
            details={
                "from": before.consent.value if before.consent else None,
                "to": consent.value,
                "withheld_before": sorted(before.withheld),
                "withheld": sorted(after.withheld),
            },
        )
        return repo.get_practice(conn, practice_id=practice_id)


def _read_all(
    files: Sequence[tuple[str, bytes]], status: Status, member_name: str | None, members: MemberList
) -> list[tuple[str, list[ParsedPractice] | FreeFormat]]:
    framework = load_framework()
    problems: list[Problem] = []
    read: list[tuple[str, list[ParsedPractice] | FreeFormat]] = []
    for source, data in files:
        try:
            found = read_practices(data, source, members, framework, default_status=status)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if isinstance(found, FreeFormat) and member_name is None:
            problems.append(Problem("practices.free_format_needs_member", {}, source=source))
            continue
        read.append((source, found))
    if problems:
        raise InputError(problems)
    return read


def import_practices(
    actor: Actor,
    engine: sa.Engine,
    files: Sequence[tuple[str, bytes]],
    *,
    status: Status | None = None,
    member: str | None = None,
    members: MemberList | None = None,
) -> list[ImportedPractice]:
    """Store the practices of filled-in templates (YAML, JSON, DOCX, XLSX).

    Every file is checked before anything is stored: when one has a problem, nothing is written.
    ``status`` overrides what the files say (default: submitted; beyond that the Secretariat's
    right is needed). A free-format document (PDF, ODT, a Word file that is not the template)
    becomes a draft of ``member`` with the document attached, for the analyst to complete.
    Names of Members are matched in ``members`` (default: the list in force).
    """
    if not (can(actor, Right.EDIT) or can(actor, Right.SECRETARIAT)):
        require(actor, Right.EDIT)
    if len(files) > MAX_PRACTICE_FILES:
        raise _invalid("files", "practices.too_many", limit=MAX_PRACTICE_FILES)
    members = members or load_members(engine)
    free_member = match_member(member, members, field="--member") if member else None
    read = _read_all(files, status or Status.SUBMITTED, member, members)
    wanted = {
        parsed.status for _, found in read if not isinstance(found, FreeFormat) for parsed in found
    }
    if status is not None:
        wanted = {status}
    if wanted - {Status.DRAFT, Status.SUBMITTED}:
        require(actor, Right.SECRETARIAT)
    when = now()
    created: list[ImportedPractice] = []
    with write_transaction(engine) as conn:
        for source, found in read:
            if isinstance(found, FreeFormat):
                assert free_member is not None
                draft = Practice(
                    member=PracticeMember(
                        free_member.name,
                        free_member.code,
                        free_member.region,
                        dict(free_member.names),
                    ),
                    title=found.filename.rsplit("/", 1)[-1][:MAX_NAME],
                    lang="en",
                )
                created.append(_store(actor, conn, draft, Status.DRAFT, source, when, found))
                continue
            for parsed in found:
                chosen = status or parsed.status
                created.append(_store(actor, conn, parsed.practice, chosen, source, when, None))
    return created


def _store(
    actor: Actor,
    conn: sa.Connection,
    practice: Practice,
    status: Status,
    source: str,
    when: datetime,
    free: FreeFormat | None,
) -> ImportedPractice:
    administration_id = _administration(actor, conn, practice, when)
    owner = SECRETARIAT if free is not None or can(actor, Right.SECRETARIAT) else MEMBER
    new_id = repo.insert_practice(
        conn,
        administration_id=administration_id,
        practice=practice,
        status=status,
        owner=owner,
        source=source[-MAX_NAME:],
        when=when,
        by=actor.name,
    )
    record = repo.get_practice(conn, practice_id=new_id)
    repo.add_history(
        conn,
        record=record,
        action="imported",
        when=when,
        by=actor.name,
        to_status=status,
        details={"file": source[-MAX_NAME:]},
    )
    if free is not None:
        name = free.filename.replace("\\", "/").rsplit("/", 1)[-1][:MAX_NAME]
        repo.add_attachment(
            conn,
            record=record,
            filename=name,
            content_type=free.content_type,
            data=free.data,
            when=when,
            by=actor.name,
        )
    return ImportedPractice(
        new_id, source, practice.title, practice.member.name, status, free is not None
    )


def add_attachment(
    actor: Actor, engine: sa.Engine, practice_id: int, filename: str, data: bytes
) -> int:
    """Keep a member's own document (PDF, DOCX, ODT) with a practice; the attachment's id."""
    if not (can(actor, Right.EDIT) or can(actor, Right.SECRETARIAT)):
        require(actor, Right.EDIT)
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()[:MAX_NAME]
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    if suffix not in FREE_FORMAT_TYPES:
        raise InputError(
            [Problem("practices.unknown_format", {"formats": "pdf, docx, odt"}, source=name)]
        )
    if len(data) > MAX_IMPORT_BYTES:
        raise InputError(
            [Problem("file.too_large", {"limit": MAX_IMPORT_BYTES // MB}, source=name)]
        )
    if suffix == ".pdf" and not data.startswith(b"%PDF-"):
        raise InputError([Problem("practices.not_pdf", {}, source=name)])
    if suffix in (".docx", ".odt"):
        required = (
            {"[Content_Types].xml", "word/document.xml"}
            if suffix == ".docx"
            else {"mimetype", "content.xml"}
        )
        check_archive(data, name, suffix[1:].upper(), required)
    when = now()
    with write_transaction(engine) as conn:
        record = _visible(actor, conn, practice_id)
        if not may_edit(actor, record):
            raise ForbiddenError("practices.not_editable", status=record.status.value)
        attachment_id = repo.add_attachment(
            conn,
            record=record,
            filename=name,
            content_type=FREE_FORMAT_TYPES[suffix],
            data=data,
            when=when,
            by=actor.name,
        )
        repo.add_history(
            conn, record=record, action="attached", when=when, by=actor.name, details={"file": name}
        )
    return attachment_id


def attachment(
    actor: Actor, engine: sa.Engine, practice_id: int, attachment_id: int
) -> tuple[Attachment, bytes]:
    """An attachment of a practice the actor may see, with its contents."""
    require(actor, Right.READ)
    with engine.connect() as conn:
        _visible(actor, conn, practice_id)
        return repo.attachment_data(conn, practice_id=practice_id, attachment_id=attachment_id)

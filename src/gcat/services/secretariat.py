"""The Secretariat's collection: batch imports of members' files, aggregates, benchmark packs.

- :func:`import_batch` loads ``.gcat.json`` files sent by members working offline: each is
  checked completely (structure, checksum, answers) and matched to its WCO Member, then stored
  as a submission in a transaction of its own; a file that fails is refused with the reason and
  changes nothing. A batch over the limits is refused whole before any file is read.
- :func:`aggregate` computes, for a cycle, the figures of the world and of each WCO region
  from the submissions in force, then hands them to :func:`gcat.policy.suppression.suppress`;
  nothing else decides what may be shown. :func:`trend` does the same for every cycle.
- :func:`benchmark_pack` writes the shown groups' spreads as an integrity-checked file that a
  member's laptop imports offline (:mod:`gcat.services.benchmark`).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from gcat.core.aggregation import WORLD, GroupFigures, MemberPoint, group_figures
from gcat.core.evaluation import evaluate
from gcat.core.members import MemberList
from gcat.core.submissions import member_scores
from gcat.errors import AnswersFileError, GcatError, InputError, Problem
from gcat.limits import MAX_BATCH_BYTES, MAX_BATCH_FILES, MAX_DOCUMENT_BYTES, MB
from gcat.members import load_members, match_member
from gcat.policy.access import Actor, Right, require
from gcat.policy.suppression import Shown, check_k, suppress
from gcat.services import audit
from gcat.services.submissions import ASSESSMENT
from gcat.storage import accounts_repository as accounts
from gcat.storage import submissions_repository as subs
from gcat.storage.db import write_transaction

__all__ = [
    "PACK_FORMAT",
    "PACK_SCHEMA_VERSION",
    "Aggregate",
    "BatchFile",
    "BatchReport",
    "Refusal",
    "aggregate",
    "aggregate_document",
    "benchmark_pack",
    "import_batch",
    "pack_checksum",
    "region_names",
    "shown_json",
    "trend",
    "trend_json",
]

PACK_FORMAT = "gcat-benchmark"
PACK_SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class BatchFile:
    """One file of a batch: its name, size, and where its bytes are (a path, or in memory)."""

    name: str
    size: int
    path: Path | None = None
    data: bytes | None = None

    @classmethod
    def from_path(cls, path: Path) -> BatchFile:
        """A file on disk (its size read now, its bytes when imported)."""
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        return cls(str(path), size, path=path)

    @classmethod
    def from_bytes(cls, name: str, data: bytes) -> BatchFile:
        """A file already in memory (an upload)."""
        return cls(name, len(data), data=data)

    def read(self) -> bytes:
        """The file's bytes (AnswersFileError when it cannot be read)."""
        if self.data is not None:
            return self.data
        try:
            return self.path.read_bytes() if self.path is not None else b""
        except OSError as exc:
            problem = Problem(
                "file.unreadable", {"reason": exc.strerror or str(exc)}, source=self.name
            )
            raise AnswersFileError([problem]) from exc


@dataclass(frozen=True, slots=True)
class Refusal:
    """A file the batch did not take, and why (a located problem)."""

    name: str
    problem: Problem

    def localized(self, lang: str = "en") -> str:
        """``file:line: field: reason`` in ``lang``."""
        return self.problem.localized(lang)


@dataclass(slots=True)
class BatchReport:
    """What a batch import did: the submissions it stored and the files it refused."""

    accepted: list[tuple[str, int, str, str]] = field(default_factory=list)
    """(file name, submission id, administration, cycle)."""
    refused: list[Refusal] = field(default_factory=list)
    practices: list[tuple[str, int, str]] = field(default_factory=list)
    """Practice files: (file name, practice id, member)."""


PRACTICE_SUFFIXES = (".yaml", ".yml", ".docx", ".xlsx")
"""Files of a batch read as Annex I practice files (submitted practices), not exchange files."""


def is_practice_file(name: str) -> bool:
    """Whether a batch file is a practice file (by its suffix)."""
    return name.lower().endswith(PRACTICE_SUFFIXES)


def _check_batch(files: Sequence[BatchFile]) -> None:
    if len(files) > MAX_BATCH_FILES:
        raise InputError(
            [Problem("secretariat.too_many_files", {"count": len(files), "limit": MAX_BATCH_FILES})]
        )
    total = sum(file.size for file in files)
    if total > MAX_BATCH_BYTES:
        raise InputError(
            [
                Problem(
                    "secretariat.batch_too_large",
                    {"size": total // MB, "limit": MAX_BATCH_BYTES // MB},
                )
            ]
        )


def import_batch(
    actor: Actor,
    engine: sa.Engine,
    files: Sequence[BatchFile],
    *,
    progress: Callable[[int], None] | None = None,
    processes: int = 1,
) -> BatchReport:
    """Import members' ``.gcat.json`` files as submissions (Secretariat); see the module.

    With ``processes`` > 1 the files are read and checked in that many worker processes (the
    checks are the costly part); the writes stay in this process, one transaction per file.
    """
    require(actor, Right.SECRETARIAT)
    _check_batch(files)
    members = load_members(engine)
    report = BatchReport()
    practice_files = [file for file in files if is_practice_file(file.name)]
    files = [file for file in files if not is_practice_file(file.name)]
    for file in practice_files:
        _store_practices(actor, engine, file, members, report)
    with engine.connect() as conn:
        known = subs.checksums_of(conn, kind=ASSESSMENT)
    with ExitStack() as stack:
        if processes > 1 and len(files) > 1:
            pool = stack.enter_context(
                ProcessPoolExecutor(
                    max_workers=processes,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_set_members,
                    initargs=(members,),
                )
            )
            checked: Iterable[_Checked | Refusal] = pool.map(_check_file, files, chunksize=8)
        else:
            _set_members(members)
            checked = map(_check_file, files)
        for done, outcome in enumerate(checked, 1):
            if isinstance(outcome, Refusal):
                report.refused.append(outcome)
            else:
                try:
                    report.accepted.append(_store(actor, engine, outcome, known))
                except InputError as exc:
                    report.refused.append(Refusal(outcome.name, exc.problems[0]))
            if progress is not None:
                progress(done)
    return report


def _store_practices(
    actor: Actor, engine: sa.Engine, file: BatchFile, members: MemberList, report: BatchReport
) -> None:
    """A member's practice file sent in offline, stored as submitted practices (each file on
    its own: a refused file refuses only itself)."""
    from gcat.services.practices import import_practices

    try:
        stored = import_practices(actor, engine, [(file.name, file.read())], members=members)
    except InputError as exc:  # a file that cannot be read is one too (AnswersFileError)
        report.refused.append(Refusal(file.name, exc.problems[0]))
        return
    report.practices.extend((file.name, item.id, item.member) for item in stored)


@dataclass(frozen=True, slots=True)
class _Checked:
    """A file that passed every check, ready to store."""

    name: str
    member_name: str
    member_key: str
    cycle: str
    framework_id: str
    framework_version: str
    checksum: str
    document: dict[str, Any]
    scores: dict[str, Any]


_MEMBERS: list[MemberList] = []


def _set_members(members: MemberList) -> None:
    """The member list files are matched against (set once in each worker process)."""
    _MEMBERS[:] = [members]


def _check_file(file: BatchFile) -> _Checked | Refusal:
    """Read and check one file completely: structure, checksum, answers, its Member."""
    from gcat.exchange.exchange_import import import_exchange

    try:
        if not file.name.lower().endswith(".json"):
            raise AnswersFileError(
                [Problem("import.unknown_type", {"allowed": ".gcat.json"}, source=file.name)]
            )
        if file.size > MAX_DOCUMENT_BYTES:
            raise AnswersFileError(
                [Problem("file.too_large", {"limit": MAX_DOCUMENT_BYTES // MB}, source=file.name)]
            )
        data = file.read()
        framework, assessment = import_exchange(data, file.name)
        member = match_member(
            assessment.administration, _MEMBERS[0], source=file.name, field="administration"
        )
    except InputError as exc:
        return Refusal(file.name, exc.problems[0])
    except GcatError as exc:
        return Refusal(file.name, Problem(exc.code, exc.params, source=file.name))
    document: dict[str, Any] = json.loads(data.decode("utf-8-sig"))
    return _Checked(
        name=file.name,
        member_name=member.name,
        member_key=member.key,
        cycle=assessment.cycle,
        framework_id=framework.id,
        framework_version=framework.version,
        checksum=str(document["checksum"]["value"]),
        document=document,
        scores=member_scores(evaluate(framework, assessment)),
    )


def _store(
    actor: Actor, engine: sa.Engine, checked: _Checked, known: set[tuple[int, str]]
) -> tuple[str, int, str, str]:
    """Store a checked file as the submission in force of its Member and cycle."""
    now = datetime.now(UTC)
    filename = Path(checked.name).name[:200]
    with write_transaction(engine) as conn:
        administration_id = accounts.administration_for_member(
            conn, name=checked.member_name, member_code=checked.member_key, now=now
        )
        if (administration_id, checked.checksum) in known:
            raise AnswersFileError(
                [
                    Problem(
                        "secretariat.duplicate",
                        {"member": checked.member_name},
                        source=checked.name,
                    )
                ]
            )
        subs.supersede(
            conn,
            administration_id=administration_id,
            kind=ASSESSMENT,
            cycle=checked.cycle,
            who=actor.name,
            now=now,
        )
        submission_id = subs.add_submission(
            conn,
            administration_id=administration_id,
            member_code=checked.member_key,
            kind=ASSESSMENT,
            source_id=None,
            cycle=checked.cycle,
            framework_id=checked.framework_id,
            framework_version=checked.framework_version,
            origin="import",
            filename=filename,
            who=actor.name,
            now=now,
            checksum=checked.checksum,
            snapshot=checked.document,
            scores=checked.scores,
        )
        audit.record(
            conn,
            actor,
            "imported",
            target=f"submission {submission_id}",
            detail={"file": filename, "cycle": checked.cycle},
            administration_id=administration_id,
            now=now,
        )
    known.add((administration_id, checked.checksum))
    return checked.name, submission_id, checked.member_name, checked.cycle


@dataclass(frozen=True, slots=True)
class Aggregate:
    """The figures of one cycle as they may be shown: the world first, then each region."""

    cycle: str | None
    k: int
    groups: list[Shown]
    cycles: list[str]

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape (``GET /api/secretariat/aggregate``)."""
        return {
            "cycle": self.cycle,
            "k": self.k,
            "cycles": self.cycles,
            "groups": [shown_json(group) for group in self.groups],
        }


def shown_json(group: Shown, *, distribution: bool = True) -> dict[str, Any]:
    """A shown group as JSON: ``domains`` and the rest are null when it is suppressed."""
    figures = group.figures
    out: dict[str, Any] = {
        "region": group.region,
        "members": group.members,
        "suppressed": group.reason.value if group.reason else None,
        "domains": None,
        "overall": None,
    }
    if figures is None:
        if distribution:
            out["distribution"] = None
        return out
    out["domains"] = {
        domain_id: _figures_json(cell.score, cell.level)
        for domain_id, cell in figures.domains.items()
    }
    if figures.overall is not None:
        out["overall"] = _figures_json(figures.overall.score, figures.overall.level)
    if distribution:
        out["distribution"] = figures.distribution
    return out


def _figures_json(score: Any, level: Any) -> dict[str, Any] | None:
    if score is None:
        return None
    return {
        **score.to_json(),
        "levels": level.to_json() if level is not None else None,
    }


def _points(
    members: MemberList, rows: Iterable[tuple[str, str | None, dict[str, Any]]]
) -> dict[str, list[MemberPoint]]:
    regions = {member.key: member.region for member in members.entries()}
    by_cycle: dict[str, dict[str, MemberPoint]] = {}
    for cycle, code, scores in rows:
        region = regions.get(code or "")
        if code is None or region is None:
            continue
        by_cycle.setdefault(cycle, {})[code] = MemberPoint(code, region, scores)
    return {cycle: list(points.values()) for cycle, points in by_cycle.items()}


def _shown(members: MemberList, points: list[MemberPoint], k: int) -> list[Shown]:
    world = group_figures(WORLD, points)
    regions: list[GroupFigures] = [
        group_figures(region.id, [p for p in points if p.region == region.id])
        for region in members.regions
    ]
    return suppress(world, regions, k)


def aggregate(actor: Actor, engine: sa.Engine, *, k: int, cycle: str | None = None) -> Aggregate:
    """The aggregate of ``cycle`` (default: the latest cycle with submissions), suppressed."""
    require(actor, Right.SECRETARIAT)
    check_k(k)
    members = load_members(engine)
    with engine.connect() as conn:
        cycles = subs.cycles(conn, kind=ASSESSMENT)
        chosen = cycle if cycle is not None else (cycles[-1] if cycles else None)
        rows = list(subs.in_force(conn, kind=ASSESSMENT, cycle=chosen)) if chosen else []
    points = _points(members, rows).get(chosen or "", [])
    return Aggregate(chosen, k, _shown(members, points, k), cycles)


def trend(actor: Actor, engine: sa.Engine, *, k: int) -> list[Aggregate]:
    """The aggregate of every cycle, oldest first (each suppressed on its own)."""
    require(actor, Right.SECRETARIAT)
    check_k(k)
    members = load_members(engine)
    with engine.connect() as conn:
        cycles = subs.cycles(conn, kind=ASSESSMENT)
        rows = list(subs.in_force(conn, kind=ASSESSMENT))
    by_cycle = _points(members, rows)
    return [
        Aggregate(cycle, k, _shown(members, by_cycle.get(cycle, []), k), cycles) for cycle in cycles
    ]


def pack_checksum(payload: dict[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of a pack without its ``checksum`` key."""
    content = {key: value for key, value in payload.items() if key != "checksum"}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def benchmark_pack(actor: Actor, engine: sa.Engine, *, k: int, cycle: str | None = None) -> bytes:
    """The benchmark pack of ``cycle`` (default: the latest): the spreads of every group shown
    (at least ``k`` Members, not hidden to protect another), nothing else. Recorded in the
    audit log as an export."""
    result = aggregate(actor, engine, k=k, cycle=cycle)
    payload: dict[str, Any] = {
        "format": PACK_FORMAT,
        "schema_version": PACK_SCHEMA_VERSION,
        "cycle": result.cycle,
        "k": k,
        "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "groups": [
            shown_json(group, distribution=False)
            for group in result.groups
            if group.figures is not None
        ],
    }
    payload["checksum"] = {"algorithm": "sha256", "value": pack_checksum(payload)}
    audit.record_event(
        actor,
        engine,
        "export",
        target="benchmark pack",
        detail={"cycle": result.cycle, "groups": len(payload["groups"]), "k": k},
    )
    return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def region_names(engine: sa.Engine, lang: str) -> dict[str, str]:
    """Region id → short name in ``lang``, the world first."""
    from gcat.i18n import message

    names = {WORLD: message("secretariat.world", lang)}
    names.update({region.id: region.short_name(lang) for region in load_members(engine).regions})
    return names


def aggregate_document(
    actor: Actor, engine: sa.Engine, fmt: str, *, lang: str, k: int, cycle: str | None = None
) -> tuple[bytes, str, str]:
    """The aggregate of ``cycle`` with the trend, as a document (json, xlsx or html): its
    bytes, media type and suffix. Recorded in the audit log as an export."""
    from gcat.frameworks import load_framework
    from gcat.reports.aggregate import FORMATS, AggregateDocument, render_aggregate

    if fmt not in FORMATS:
        raise InputError(
            [Problem("check.bad_choice", {"choices": ", ".join(FORMATS)}, field="format")]
        )
    result = aggregate(actor, engine, k=k, cycle=cycle)
    history = trend(actor, engine, k=k)
    framework = load_framework()
    document = AggregateDocument(
        cycle=result.cycle,
        k=k,
        groups=result.groups,
        trend=[(item.cycle or "", item.groups) for item in history],
        regions=region_names(engine, lang),
        domains={domain.id: domain.title[lang] for domain in framework.domains},
        lang=lang,
        data={**result.to_json(), "trend": [trend_json(item) for item in history]},
    )
    data = render_aggregate(fmt, document)
    audit.record_event(
        actor, engine, "export", target=f"aggregate {fmt}", detail={"cycle": result.cycle, "k": k}
    )
    media_type, suffix = FORMATS[fmt]
    return data, media_type, suffix


def trend_json(item: Aggregate) -> dict[str, Any]:
    """One cycle of the trend: each group's members and per-domain medians (null if hidden)."""
    groups = []
    for group in item.groups:
        medians = None
        if group.figures is not None:
            medians = {
                domain_id: round(cell.score.median, 2) if cell.score else None
                for domain_id, cell in group.figures.domains.items()
            }
        groups.append({"region": group.region, "members": group.members, "domains": medians})
    return {"cycle": item.cycle, "groups": groups}

"""Use-cases of the action-plan tracker (a Secretariat module: ``Right.SECRETARIAT``).

The plan lives in the database. A database that has none gets the shipped demonstration plan
on first use (placeholder titles, fictional statuses that reproduce the published 20 / 16 / 4),
until the Secretariat imports its own with :func:`import_plan`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from importlib import resources
from typing import Any

import sqlalchemy as sa

from gcat.actionplan.plan_file import PlanFile, normalise_point_id, read_plan
from gcat.core.actionplan import (
    Comparison,
    Plan,
    PointState,
    Status,
    StatusChange,
    Summary,
    check_change,
    compare,
    find_cycle,
    states_at,
    summarise,
)
from gcat.core.refusal import Refused
from gcat.core.text import clean_line, clean_text
from gcat.errors import ConflictError, InputError, NotFoundError, Problem
from gcat.limits import MAX_NAME, MAX_TEXT
from gcat.policy.access import Actor, Right, require
from gcat.storage import actionplan_repository as repo
from gcat.storage.db import write_transaction

__all__ = [
    "DEMO_PLAN",
    "Baseline",
    "PlanReading",
    "PointDetail",
    "SetOutcome",
    "add_dependency",
    "baseline",
    "changes",
    "comparison",
    "export_plan",
    "import_plan",
    "point_detail",
    "reading",
    "refused",
    "remove_dependency",
    "set_status",
    "snapshot",
    "snapshots",
    "thawed",
    "today",
]

DEMO_PLAN = "gcap-demo.yaml"
"""The shipped plan, in ``gcat/actionplan/data/``."""


def today() -> date:
    """Today's date where the user is (a status dated later than this is refused)."""
    return date.today()


def _now() -> datetime:
    return datetime.now(UTC)


def refused(exc: Refused, *, source: str | None = None) -> InputError | ConflictError:
    """The library error for a refusal of the core."""
    problems = [
        Problem(f.code, f.params, source=source, line=f.line, field=f.field, column=f.column)
        for f in exc.findings
    ]
    if exc.conflict:
        first = exc.findings[0]
        return ConflictError(first.code, **first.params)
    return InputError(problems)


def _invalid(field: str, code: str, **params: Any) -> InputError:
    return InputError([Problem(code, dict(params), field=field)])


def _demo_file() -> PlanFile:
    data = resources.files("gcat.actionplan").joinpath(f"data/{DEMO_PLAN}").read_bytes()
    return read_plan(data, DEMO_PLAN, today=date.max)


def _stored(conn: sa.Connection) -> repo.StoredPlan:
    stored = repo.load_plan(conn)
    if stored is None:
        raise NotFoundError("actionplan.no_plan")
    return stored


def _plan(engine: sa.Engine) -> tuple[repo.StoredPlan, tuple[StatusChange, ...]]:
    """The current plan and its history, the demonstration plan stored first if there is none."""
    with engine.connect() as conn:
        stored = repo.load_plan(conn)
        if stored is not None:
            return stored, repo.load_history(conn, plan_id=stored.id)
    with write_transaction(engine) as conn:
        if repo.load_plan(conn) is None:
            demo = _demo_file()
            repo.replace_plan(
                conn, plan=demo.plan, history=demo.history, source=DEMO_PLAN, by="gcat", now=_now()
            )
        stored = _stored(conn)
        return stored, repo.load_history(conn, plan_id=stored.id)


def _point_id(plan: Plan, value: str, field: str = "id") -> str:
    found = normalise_point_id(value)
    if found is None or found not in plan.ids():
        raise _invalid(field, "actionplan.unknown_point", id=clean_line(value)[:40])
    return found


@dataclass(frozen=True, slots=True)
class PlanReading:
    """The plan as it stood on a date: every point's state and the summary."""

    plan: Plan
    as_of: date
    states: dict[str, PointState]
    summary: Summary
    history: tuple[StatusChange, ...]
    source: str


def reading(actor: Actor, engine: sa.Engine, as_of: date | None = None) -> PlanReading:
    """The plan on ``as_of`` (default: today), computed from the history as it stood then."""
    require(actor, Right.SECRETARIAT)
    stored, history = _plan(engine)
    on = as_of or today()
    states = states_at(stored.plan, history, on)
    return PlanReading(
        stored.plan, on, states, summarise(stored.plan, states, on), history, stored.source
    )


@dataclass(frozen=True, slots=True)
class SetOutcome:
    """A recorded status change, and the points it unblocked."""

    change: StatusChange
    unblocked: tuple[str, ...]


def set_status(
    actor: Actor,
    engine: sa.Engine,
    point: str,
    status: str,
    *,
    on: date | None = None,
    note: str = "",
) -> SetOutcome:
    """Record ``point``'s new status, effective ``on`` (default today), with a note."""
    require(actor, Right.SECRETARIAT)
    if status not in tuple(Status):
        raise _invalid("status", "check.bad_choice", choices=", ".join(Status))
    note = clean_text(note)
    if len(note) > MAX_TEXT:
        raise _invalid("note", "check.text_too_long", limit=MAX_TEXT)
    stored, history = _plan(engine)
    point_id = _point_id(stored.plan, point)
    effective = on or today()
    change = StatusChange(point_id, Status(status), effective, actor.name or "local", note)
    try:
        check_change(stored.plan, change, today())
    except Refused as exc:
        raise refused(exc) from exc
    with write_transaction(engine) as conn:
        if repo.load_plan(conn) is None or _stored(conn).id != stored.id:
            raise ConflictError("actionplan.plan_replaced")
        sequence = repo.add_change(conn, plan_id=stored.id, change=change, now=_now())
    recorded = replace(change, sequence=sequence)
    before = states_at(stored.plan, history, effective)
    after = states_at(stored.plan, (*history, recorded), effective)
    unblocked = tuple(p for p in stored.plan.ids() if before[p].blocked and not after[p].blocked)
    return SetOutcome(recorded, unblocked)


def add_dependency(actor: Actor, engine: sa.Engine, point: str, on: str) -> tuple[str, ...]:
    """Make ``point`` wait on ``on``; refused (naming it) when that would close a cycle."""
    require(actor, Right.SECRETARIAT)
    stored, _ = _plan(engine)
    plan = stored.plan
    point_id, other = _point_id(plan, point), _point_id(plan, on, "--on")
    depends = {p.id: p.depends_on for p in plan.points}
    cycle = find_cycle(depends, point_id, other)
    if cycle:
        raise _invalid("--on", "actionplan.cycle", cycle=" → ".join(cycle))
    current = plan.point(point_id).depends_on
    if other in current:
        return current
    updated = (*current, other)
    with write_transaction(engine) as conn:
        repo.set_dependencies(conn, plan_id=stored.id, point_id=point_id, depends_on=updated)
    return updated


def remove_dependency(actor: Actor, engine: sa.Engine, point: str, on: str) -> tuple[str, ...]:
    """Stop ``point`` waiting on ``on``."""
    require(actor, Right.SECRETARIAT)
    stored, _ = _plan(engine)
    point_id, other = _point_id(stored.plan, point), _point_id(stored.plan, on, "--on")
    updated = tuple(d for d in stored.plan.point(point_id).depends_on if d != other)
    with write_transaction(engine) as conn:
        repo.set_dependencies(conn, plan_id=stored.id, point_id=point_id, depends_on=updated)
    return updated


@dataclass(frozen=True, slots=True)
class PointDetail:
    """One point on a date: its state, history, dependencies and the points that wait on it."""

    reading: PlanReading
    point_id: str
    history: tuple[StatusChange, ...]
    waited_on_by: tuple[str, ...]

    @property
    def state(self) -> PointState:
        return self.reading.states[self.point_id]


def point_detail(
    actor: Actor, engine: sa.Engine, point: str, as_of: date | None = None
) -> PointDetail:
    """A point's page: state on ``as_of``, full history (latest first), dependencies."""
    read = reading(actor, engine, as_of)
    found = normalise_point_id(point)
    if found is None or found not in read.plan.ids():
        raise NotFoundError("actionplan.unknown_point", id=clean_line(point)[:40])
    point_id = found
    own = tuple(
        sorted(
            (c for c in read.history if c.point == point_id),
            key=lambda c: (c.on, c.sequence),
            reverse=True,
        )
    )
    waited = tuple(p.id for p in read.plan.points if point_id in p.depends_on)
    return PointDetail(read, point_id, own, waited)


def import_plan(actor: Actor, engine: sa.Engine, data: bytes, source: str) -> PlanFile:
    """Replace the plan with the one in ``data`` (YAML, JSON or Excel), checked first."""
    require(actor, Right.SECRETARIAT)
    loaded = read_plan(data, source, today=today())
    name = clean_line(source.replace("\\", "/").rsplit("/", 1)[-1])[:MAX_NAME] or "plan"
    history = tuple(
        replace(c, by=c.by or actor.name or "local", recorded_at=_now()) for c in loaded.history
    )
    with write_transaction(engine) as conn:
        repo.replace_plan(
            conn, plan=loaded.plan, history=history, source=name, by=actor.name, now=_now()
        )
    return loaded


def export_plan(actor: Actor, engine: sa.Engine, fmt: str) -> bytes:
    """The current plan and its history as a plan file (``yaml`` or ``xlsx``)."""
    require(actor, Right.SECRETARIAT)
    if fmt not in ("yaml", "xlsx"):
        raise _invalid("--format", "check.bad_choice", choices="yaml, xlsx")
    stored, history = _plan(engine)
    if fmt == "xlsx":
        from gcat.actionplan.plan_xlsx import write_plan_workbook

        return write_plan_workbook(stored.plan, history)
    import yaml

    from gcat.actionplan.plan_file import plan_to_mapping

    text = yaml.safe_dump(
        plan_to_mapping(stored.plan, history), allow_unicode=True, sort_keys=False, width=100
    )
    return text.encode("utf-8")


def _frozen(read: PlanReading) -> dict[str, Any]:
    """A reading as snapshot data: everything a later report needs, titles included."""
    return {
        "plan_title": dict(read.plan.title),
        "as_of": read.as_of.isoformat(),
        "points": [
            {
                "id": p.id,
                "title": dict(p.title),
                "placeholder": p.placeholder,
                "status": read.states[p.id].status.value,
                "since": s.isoformat() if (s := read.states[p.id].since) else None,
                "note": read.states[p.id].note,
                "blocked": read.states[p.id].blocked,
                "waiting_on": list(read.states[p.id].waiting_on),
            }
            for p in read.plan.points
        ],
    }


def thawed(data: dict[str, Any]) -> dict[str, PointState]:
    """The point states of snapshot data."""
    return {
        item["id"]: PointState(
            Status(item["status"]),
            date.fromisoformat(item["since"]) if item.get("since") else None,
            item.get("note", ""),
            "",
            bool(item.get("blocked")),
            tuple(item.get("waiting_on", ())),
        )
        for item in data["points"]
    }


def snapshot(
    actor: Actor, engine: sa.Engine, name: str, as_of: date | None = None
) -> repo.StoredSnapshot:
    """Freeze the plan as it stood on ``as_of`` under ``name`` (unique), for later comparison."""
    require(actor, Right.SECRETARIAT)
    cleaned = clean_line(name)
    if not cleaned:
        raise _invalid("--name", "check.empty_text")
    if len(cleaned) > MAX_NAME:
        raise _invalid("--name", "check.text_too_long", limit=MAX_NAME)
    read = reading(actor, engine, as_of)
    if read.as_of > today():
        raise _invalid("--as-of", "actionplan.future_date", today=today().isoformat())
    with write_transaction(engine) as conn:
        if repo.find_snapshot(conn, name=cleaned) is not None:
            raise ConflictError("actionplan.snapshot_exists", name=cleaned)
        repo.save_snapshot(
            conn, name=cleaned, as_of=read.as_of, data=_frozen(read), by=actor.name, now=_now()
        )
        found = repo.find_snapshot(conn, name=cleaned)
    assert found is not None
    return found


def snapshots(actor: Actor, engine: sa.Engine) -> tuple[repo.StoredSnapshot, ...]:
    """Every snapshot, oldest reading first."""
    require(actor, Right.SECRETARIAT)
    with engine.connect() as conn:
        return repo.list_snapshots(conn)


@dataclass(frozen=True, slots=True)
class Baseline:
    """What a report compares with: a date, or a snapshot taken then."""

    label: str
    as_of: date
    states: dict[str, PointState]
    snapshot: str | None


def baseline(actor: Actor, engine: sa.Engine, read: PlanReading, ref: str) -> Baseline:
    """The reading ``ref`` names: an ISO date (the history as it stood then) or a snapshot."""
    require(actor, Right.SECRETARIAT)
    try:
        on = date.fromisoformat(ref.strip())
    except ValueError:
        on = None
    if on is not None:
        return Baseline(on.isoformat(), on, states_at(read.plan, read.history, on), None)
    with engine.connect() as conn:
        found = repo.find_snapshot(conn, name=clean_line(ref))
    if found is None:
        raise _invalid("--compare", "actionplan.unknown_snapshot", name=clean_line(ref)[:80])
    return Baseline(found.name, found.as_of, thawed(found.data), found.name)


def comparison(read: PlanReading, base: Baseline) -> Comparison:
    """What moved between ``base`` and ``read``."""
    return compare(read.plan, base.states, read.states)


def changes(
    plan: Plan, history: Sequence[StatusChange], since: date, until: date
) -> list[StatusChange]:
    """Status changes effective after ``since`` and up to ``until``, in date order."""
    return sorted(
        (c for c in history if since < c.on <= until and c.point in plan.ids()),
        key=lambda c: (c.on, c.sequence),
    )

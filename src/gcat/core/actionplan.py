"""The Green Customs Action Plan: action points, their statuses over time, and dependencies.

A plan is data: points with a title, pillar, owner directorate, horizon, milestones,
dependencies and related GCAT domains. Each status change has the date it took effect, who
recorded it and a note; the history is kept, so the plan can be read as it stood on any date.
A point is *blocked* when it is not done and one of the points it waits on is not done either.
Dependencies never form a cycle.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from gcat.core.refusal import Finding, Refused

__all__ = [
    "Comparison",
    "Horizon",
    "Milestone",
    "Move",
    "Overdue",
    "Plan",
    "Point",
    "PointState",
    "Status",
    "StatusChange",
    "Summary",
    "check_change",
    "check_plan",
    "compare",
    "dependencies",
    "find_cycle",
    "overdue",
    "states_at",
    "summarise",
    "unblocked_by",
]


class Status(StrEnum):
    """Where an action point stands (blocked is derived, not recorded)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Horizon(StrEnum):
    """When a point is meant to be delivered."""

    SHORT = "short"
    MEDIUM = "medium"
    LONG = "long"


@dataclass(frozen=True, slots=True)
class Milestone:
    """A step of a point with its due date, and the date it was reached (if it was)."""

    title: Mapping[str, str]
    due: date
    done: date | None = None


@dataclass(frozen=True, slots=True)
class Point:
    """One action point of the plan."""

    id: str
    title: Mapping[str, str]
    pillar: str
    owner: str
    horizon: Horizon
    description: Mapping[str, str] = field(default_factory=dict)
    milestones: tuple[Milestone, ...] = ()
    depends_on: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    placeholder: bool = False
    """The title is ours, not the plan's: every output marks it so."""
    consolidated_under: str | None = None
    """The point whose work delivers this one (GCAP-3, 18, 25 and 26 under GCAP-2)."""


@dataclass(frozen=True, slots=True)
class Plan:
    """The plan: its title, the date it started, its pillars and owners, and its points."""

    title: Mapping[str, str]
    start: date
    points: tuple[Point, ...]
    pillars: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    owners: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    demo: bool = False
    """Statuses and notes are fictional demonstration data."""

    def point(self, point_id: str) -> Point:
        """The point ``point_id`` (KeyError when there is none)."""
        for point in self.points:
            if point.id == point_id:
                return point
        raise KeyError(point_id)

    def ids(self) -> tuple[str, ...]:
        """The point ids, in plan order."""
        return tuple(point.id for point in self.points)

    @property
    def placeholders(self) -> int:
        """How many points have a placeholder title."""
        return sum(1 for point in self.points if point.placeholder)


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A status recorded for a point: effective ``on``, by ``by``, with a note."""

    point: str
    status: Status
    on: date
    by: str
    note: str = ""
    recorded_at: datetime | None = None
    sequence: int = 0
    """Order of recording: of two changes on the same day, the later one counts."""


@dataclass(frozen=True, slots=True)
class PointState:
    """A point as it stood on a date: status, since when, the latest note, and blocked."""

    status: Status
    since: date | None
    note: str
    by: str
    blocked: bool
    waiting_on: tuple[str, ...] = ()


def states_at(plan: Plan, history: Iterable[StatusChange], on: date) -> dict[str, PointState]:
    """Every point's state on ``on`` (the changes effective that day included)."""
    latest: dict[str, StatusChange] = {}
    for change in history:
        if change.on > on:
            continue
        known = latest.get(change.point)
        if known is None or (change.on, change.sequence) >= (known.on, known.sequence):
            latest[change.point] = change
    status = {
        pid: latest[pid].status if pid in latest else Status.NOT_STARTED for pid in plan.ids()
    }
    states = {}
    for point in plan.points:
        pid = point.id
        last = latest.get(pid)
        waiting = tuple(d for d in point.depends_on if status.get(d) is not Status.DONE)
        blocked = status[pid] is not Status.DONE and bool(waiting)
        states[pid] = PointState(
            status[pid],
            last.on if last else None,
            last.note if last else "",
            last.by if last else "",
            blocked,
            waiting if blocked else (),
        )
    return states


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts by status (overall, by pillar, by owner) and the blocked points on a date."""

    as_of: date
    total: int
    by_status: Mapping[Status, int]
    blocked: tuple[str, ...]
    by_pillar: Mapping[str, Mapping[Status, int]]
    by_owner: Mapping[str, Mapping[Status, int]]

    def percent(self, status: Status) -> int:
        """The share of points with ``status``, as a whole percentage; the three always add
        up to 100 (largest remainders round up, the larger count first on a tie)."""
        return self.percentages()[status]

    def percentages(self) -> dict[Status, int]:
        """Whole percentages of the three statuses, adding up to 100 (0 for an empty plan)."""
        if not self.total:
            return dict.fromkeys(Status, 0)
        exact = {s: 100 * self.by_status[s] / self.total for s in Status}
        shares = {s: int(value) for s, value in exact.items()}
        left = 100 - sum(shares.values())
        order = sorted(Status, key=lambda s: (-(exact[s] - shares[s]), -self.by_status[s]))
        for status in order[:left]:
            shares[status] += 1
        return shares


def _counts(states: Iterable[PointState]) -> dict[Status, int]:
    counts = dict.fromkeys(Status, 0)
    for state in states:
        counts[state.status] += 1
    return counts


def summarise(plan: Plan, states: Mapping[str, PointState], on: date) -> Summary:
    """The summary of ``states`` (from :func:`states_at`) on ``on``."""
    pillars: dict[str, list[PointState]] = {}
    owners: dict[str, list[PointState]] = {}
    for point in plan.points:
        pillars.setdefault(point.pillar, []).append(states[point.id])
        owners.setdefault(point.owner, []).append(states[point.id])
    return Summary(
        as_of=on,
        total=len(plan.points),
        by_status=_counts(states.values()),
        blocked=tuple(pid for pid in plan.ids() if states[pid].blocked),
        by_pillar={key: _counts(value) for key, value in pillars.items()},
        by_owner={key: _counts(value) for key, value in owners.items()},
    )


def unblocked_by(plan: Plan, states: Mapping[str, PointState], done: str) -> tuple[str, ...]:
    """The points that finishing ``done`` unblocks: blocked, and waiting on it alone."""
    return tuple(
        pid for pid in plan.ids() if states[pid].blocked and states[pid].waiting_on == (done,)
    )


def dependencies(plan: Plan) -> dict[str, tuple[str, ...]]:
    """Each point's dependencies, by id."""
    return {point.id: point.depends_on for point in plan.points}


def find_cycle(depends: Mapping[str, Sequence[str]], point: str, on: str) -> tuple[str, ...]:
    """The cycle that "``point`` waits on ``on``" would close, or ``()`` when it closes none.

    The cycle is returned as the chain of waits: ``(point, on, …, point)``.
    """
    if point == on:
        return (point, point)
    path: list[str] = [on]
    seen = {on}

    def walk(current: str) -> bool:
        for nxt in depends.get(current, ()):
            if nxt == point:
                path.append(nxt)
                return True
            if nxt not in seen:
                seen.add(nxt)
                path.append(nxt)
                if walk(nxt):
                    return True
                path.pop()
        return False

    return (point, *path) if walk(on) else ()


def check_plan(plan: Plan) -> list[Finding]:
    """Every problem of a plan: duplicate ids, unknown references, cycles, milestone dates."""
    findings: list[Finding] = []
    ids = plan.ids()
    known = set(ids)
    for pid in sorted({p for p in ids if ids.count(p) > 1}):
        findings.append(Finding("actionplan.duplicate_point", {"id": pid}, field=pid))
    depends: dict[str, list[str]] = {}
    for point in plan.points:
        for other in point.depends_on:
            if other not in known:
                findings.append(Finding("actionplan.unknown_point", {"id": other}, field=point.id))
                continue
            cycle = find_cycle(depends, point.id, other)
            if cycle:
                findings.append(
                    Finding("actionplan.cycle", {"cycle": " → ".join(cycle)}, field=point.id)
                )
                continue
            depends.setdefault(point.id, []).append(other)
        if point.consolidated_under is not None and point.consolidated_under not in known:
            findings.append(
                Finding(
                    "actionplan.unknown_point", {"id": point.consolidated_under}, field=point.id
                )
            )
        for milestone in point.milestones:
            if milestone.done is not None and milestone.done < plan.start:
                findings.append(
                    Finding(
                        "actionplan.before_start", {"start": plan.start.isoformat()}, field=point.id
                    )
                )
    return findings


def check_change(plan: Plan, change: StatusChange, today: date) -> None:
    """Refuse a status change for an unknown point, or dated in the future or before the start."""
    if change.point not in plan.ids():
        raise Refused([Finding("actionplan.unknown_point", {"id": change.point}, field="id")])
    if change.on > today:
        raise Refused(
            [Finding("actionplan.future_date", {"today": today.isoformat()}, field="date")]
        )
    if change.on < plan.start:
        raise Refused(
            [Finding("actionplan.before_start", {"start": plan.start.isoformat()}, field="date")]
        )


@dataclass(frozen=True, slots=True)
class Move:
    """A point whose status differs between two dates."""

    point: str
    before: Status
    after: Status
    note: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """What changed between two readings of the plan."""

    moves: tuple[Move, ...]
    newly_blocked: tuple[str, ...]
    unblocked: tuple[str, ...]


def compare(
    plan: Plan, before: Mapping[str, PointState], after: Mapping[str, PointState]
) -> Comparison:
    """The moves, and the points newly blocked or no longer blocked, from ``before`` to
    ``after`` (a point missing from ``before``, new in the plan, counts as not started)."""
    moves = []
    newly_blocked = []
    unblocked = []
    for pid in plan.ids():
        now = after[pid]
        then = before.get(pid)
        was = then.status if then else Status.NOT_STARTED
        if now.status is not was:
            moves.append(Move(pid, was, now.status, now.note))
        was_blocked = then.blocked if then else False
        if now.blocked and not was_blocked:
            newly_blocked.append(pid)
        elif was_blocked and not now.blocked:
            unblocked.append(pid)
    return Comparison(tuple(moves), tuple(newly_blocked), tuple(unblocked))


@dataclass(frozen=True, slots=True)
class Overdue:
    """A milestone past its due date and not reached on the reading date."""

    point: str
    milestone: Milestone
    days: int


def overdue(plan: Plan, on: date) -> tuple[Overdue, ...]:
    """Milestones due before ``on`` and not reached by then, most overdue first."""
    late = [
        Overdue(point.id, milestone, (on - milestone.due).days)
        for point in plan.points
        for milestone in point.milestones
        if milestone.due < on and (milestone.done is None or milestone.done > on)
    ]
    return tuple(sorted(late, key=lambda item: (-item.days, item.point)))

"""Repository of the action plan: keyword-only functions on a connection the caller owns.

They return core values (:class:`~gcat.core.actionplan.Plan`, status changes) or the small
records below, never rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from gcat.core.actionplan import Horizon, Milestone, Plan, Point, Status, StatusChange
from gcat.storage.schema import ap_plans, ap_points, ap_snapshots, ap_status_changes

__all__ = [
    "StoredPlan",
    "StoredSnapshot",
    "add_change",
    "find_snapshot",
    "list_snapshots",
    "load_history",
    "load_plan",
    "replace_plan",
    "save_snapshot",
    "set_dependencies",
]

Connection = sa.Connection


@dataclass(frozen=True, slots=True)
class StoredPlan:
    """The current plan, where it came from, and who loaded it when."""

    id: int
    plan: Plan
    source: str
    loaded_by: str
    loaded_at: datetime


@dataclass(frozen=True, slots=True)
class StoredSnapshot:
    """A frozen reading of the plan."""

    name: str
    as_of: date
    data: dict[str, Any]
    created_by: str
    created_at: datetime


def _milestones(point: Point) -> list[dict[str, Any]]:
    return [
        {
            "title": dict(m.title),
            "due": m.due.isoformat(),
            "done": m.done.isoformat() if m.done else None,
        }
        for m in point.milestones
    ]


def replace_plan(
    conn: Connection,
    *,
    plan: Plan,
    history: Sequence[StatusChange],
    source: str,
    by: str,
    now: datetime,
) -> int:
    """Store ``plan`` and ``history`` in place of the current plan (whose history goes too)."""
    conn.execute(ap_plans.delete())
    plan_id = int(
        conn.execute(
            ap_plans.insert().values(
                title=dict(plan.title),
                start_date=plan.start,
                pillars={k: dict(v) for k, v in plan.pillars.items()},
                owners={k: dict(v) for k, v in plan.owners.items()},
                demo=plan.demo,
                source=source,
                loaded_by=by,
                loaded_at=now,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    )
    conn.execute(
        ap_points.insert(),
        [
            {
                "plan_id": plan_id,
                "point_id": point.id,
                "position": n,
                "title": dict(point.title),
                "description": dict(point.description),
                "pillar": point.pillar,
                "owner": point.owner,
                "horizon": point.horizon.value,
                "domains": list(point.domains),
                "depends_on": list(point.depends_on),
                "milestones": _milestones(point),
                "placeholder": point.placeholder,
                "consolidated_under": point.consolidated_under,
            }
            for n, point in enumerate(plan.points)
        ],
    )
    ordered = sorted(history, key=lambda c: (c.sequence, c.on))
    if ordered:
        conn.execute(
            ap_status_changes.insert(),
            [
                {
                    "plan_id": plan_id,
                    "point_id": c.point,
                    "status": c.status.value,
                    "effective": c.on,
                    "note": c.note,
                    "recorded_by": c.by,
                    "recorded_at": c.recorded_at or now,
                }
                for c in ordered
            ],
        )
    return plan_id


def _point(row: sa.Row[Any]) -> Point:
    return Point(
        id=row.point_id,
        title=row.title,
        pillar=row.pillar,
        owner=row.owner,
        horizon=Horizon(row.horizon),
        description=row.description,
        milestones=tuple(
            Milestone(
                m["title"],
                date.fromisoformat(m["due"]),
                date.fromisoformat(m["done"]) if m.get("done") else None,
            )
            for m in row.milestones
        ),
        depends_on=tuple(row.depends_on),
        domains=tuple(row.domains),
        placeholder=row.placeholder,
        consolidated_under=row.consolidated_under,
    )


def load_plan(conn: Connection) -> StoredPlan | None:
    """The current plan, or None when none has been loaded."""
    head = conn.execute(sa.select(ap_plans).order_by(ap_plans.c.id.desc()).limit(1)).first()
    if head is None:
        return None
    rows = conn.execute(
        sa.select(ap_points).where(ap_points.c.plan_id == head.id).order_by(ap_points.c.position)
    ).all()
    plan = Plan(
        title=head.title,
        start=head.start_date,
        points=tuple(_point(row) for row in rows),
        pillars=head.pillars,
        owners=head.owners,
        demo=head.demo,
    )
    return StoredPlan(head.id, plan, head.source, head.loaded_by, head.loaded_at)


def load_history(conn: Connection, *, plan_id: int) -> tuple[StatusChange, ...]:
    """Every status change of the plan, in the order it was recorded."""
    rows = conn.execute(
        sa.select(ap_status_changes)
        .where(ap_status_changes.c.plan_id == plan_id)
        .order_by(ap_status_changes.c.id)
    ).all()
    return tuple(
        StatusChange(
            point=row.point_id,
            status=Status(row.status),
            on=row.effective,
            by=row.recorded_by,
            note=row.note,
            recorded_at=row.recorded_at,
            sequence=row.id,
        )
        for row in rows
    )


def add_change(conn: Connection, *, plan_id: int, change: StatusChange, now: datetime) -> int:
    """Record a status change; return its sequence number."""
    return int(
        conn.execute(
            ap_status_changes.insert().values(
                plan_id=plan_id,
                point_id=change.point,
                status=change.status.value,
                effective=change.on,
                note=change.note,
                recorded_by=change.by,
                recorded_at=now,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    )


def set_dependencies(
    conn: Connection, *, plan_id: int, point_id: str, depends_on: Sequence[str]
) -> None:
    """Replace the dependencies of one point."""
    conn.execute(
        ap_points.update()
        .where(ap_points.c.plan_id == plan_id, ap_points.c.point_id == point_id)
        .values(depends_on=list(depends_on))
    )


def save_snapshot(
    conn: Connection, *, name: str, as_of: date, data: dict[str, Any], by: str, now: datetime
) -> None:
    """Store a frozen reading (the name is unique: the caller checks it first)."""
    conn.execute(
        ap_snapshots.insert().values(
            name=name, as_of=as_of, data=data, created_by=by, created_at=now
        )
    )


def _snapshot(row: sa.Row[Any]) -> StoredSnapshot:
    return StoredSnapshot(row.name, row.as_of, row.data, row.created_by, row.created_at)


def find_snapshot(conn: Connection, *, name: str) -> StoredSnapshot | None:
    """The snapshot called ``name``, if there is one."""
    row = conn.execute(sa.select(ap_snapshots).where(ap_snapshots.c.name == name)).first()
    return _snapshot(row) if row is not None else None


def list_snapshots(conn: Connection) -> tuple[StoredSnapshot, ...]:
    """Every snapshot, oldest reading first."""
    rows = conn.execute(
        sa.select(ap_snapshots).order_by(ap_snapshots.c.as_of, ap_snapshots.c.id)
    ).all()
    return tuple(_snapshot(row) for row in rows)

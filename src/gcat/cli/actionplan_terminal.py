"""Rich renderings of the action plan for the terminal: status, the list of points, one point."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from gcat.actionplan.labels import (
    horizon_label,
    in_lang,
    owner_name,
    pillar_name,
    point_title,
    status_label,
    summary_line,
)
from gcat.core.actionplan import Point, Status
from gcat.i18n import message
from gcat.services.actionplan import PlanReading, PointDetail

__all__ = ["render_point", "render_points", "render_status"]

_STYLE = {Status.DONE: "green", Status.IN_PROGRESS: "yellow", Status.NOT_STARTED: "white"}


def _notice(console: Console, read: PlanReading, lang: str) -> None:
    if read.plan.demo or read.plan.placeholders:
        console.print(
            message("actionplan.demo_notice", lang, count=read.plan.placeholders),
            style="bold magenta",
            markup=False,
        )


def render_status(console: Console, read: PlanReading, lang: str) -> None:
    """The summary line, counts by pillar and owner, and the blocked points."""
    summary = read.summary
    _notice(console, read, lang)
    console.print(
        message("actionplan.as_of", lang, title=in_lang(read.plan.title, lang), date=read.as_of),
        style="bold",
        markup=False,
    )
    percents = {status: summary.percent(status) for status in Status}
    console.print(summary_line(summary.by_status, percents, lang), markup=False)
    for label, groups, name in (
        ("actionplan.by_pillar", summary.by_pillar, pillar_name),
        ("actionplan.by_owner", summary.by_owner, owner_name),
    ):
        table = Table(title=message(label, lang), title_justify="left")
        table.add_column("")
        for status in (Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED):
            table.add_column(status_label(status, lang), justify="right")
        for key, counts in groups.items():
            table.add_row(
                name(read.plan, key, lang),
                *(str(counts[s]) for s in (Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED)),
            )
        console.print(table)
    if summary.blocked:
        console.print(
            message("actionplan.blocked_list", lang, ids=", ".join(summary.blocked)), markup=False
        )


def render_points(console: Console, read: PlanReading, points: Sequence[Point], lang: str) -> None:
    """A table of points: id, title, status (blocked), latest note."""
    _notice(console, read, lang)
    table = Table(show_lines=False)
    for code in ("actionplan.col_id", "actionplan.col_title", "actionplan.col_status"):
        table.add_column(message(code, lang), no_wrap=code == "actionplan.col_id")
    table.add_column(message("actionplan.col_note", lang))
    for point in points:
        state = read.states[point.id]
        status = status_label(state.status, lang)
        if state.blocked:
            status += " · " + message(
                "actionplan.blocked_by", lang, ids=", ".join(state.waiting_on)
            )
        table.add_row(
            point.id, point_title(point, lang), status, state.note, style=_STYLE[state.status]
        )
    console.print(table)


def render_point(console: Console, detail: PointDetail, lang: str) -> None:
    """One point: title, pillar, owner, horizon, status, dependencies, milestones, history."""
    plan = detail.reading.plan
    point = plan.point(detail.point_id)
    state = detail.state
    console.print(f"{point.id}  {point_title(point, lang)}", style="bold", markup=False)
    rows = [
        ("actionplan.col_pillar", pillar_name(plan, point.pillar, lang)),
        ("actionplan.col_owner", owner_name(plan, point.owner, lang)),
        ("actionplan.col_horizon", horizon_label(point.horizon, lang)),
        ("actionplan.col_status", status_label(state.status, lang)),
        ("actionplan.col_depends", ", ".join(point.depends_on) or "—"),
        ("actionplan.col_waited_by", ", ".join(detail.waited_on_by) or "—"),
    ]
    if point.consolidated_under:
        rows.append(("actionplan.col_consolidated", point.consolidated_under))
    if state.blocked:
        rows.append(("actionplan.col_blocked", ", ".join(state.waiting_on)))
    for code, value in rows:
        console.print(f"{message(code, lang)}: {value}", markup=False)
    if point.milestones:
        table = Table(title=message("actionplan.milestones", lang), title_justify="left")
        for code in ("actionplan.col_milestone", "actionplan.col_due", "actionplan.col_reached"):
            table.add_column(message(code, lang))
        for m in point.milestones:
            table.add_row(
                in_lang(m.title, lang), m.due.isoformat(), m.done.isoformat() if m.done else "—"
            )
        console.print(table)
    table = Table(title=message("actionplan.history", lang), title_justify="left")
    for code in (
        "actionplan.col_date",
        "actionplan.col_status",
        "actionplan.col_by",
        "actionplan.col_entry_note",
    ):
        table.add_column(message(code, lang))
    for change in detail.history:
        table.add_row(
            change.on.isoformat(), status_label(change.status, lang), change.by, change.note
        )
    console.print(table)

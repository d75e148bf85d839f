"""``gcat actionplan``: the Green Customs Action Plan tracker (Secretariat)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from gcat.actionplan.labels import status_label
from gcat.cli.app import app
from gcat.cli.common import (
    DatabaseOption,
    JsonOption,
    LangOption,
    check_lang,
    cli_actor,
    edge,
    open_database,
    print_json,
    problem,
    stdout,
    write_output,
    written,
)
from gcat.cli.files import read_input
from gcat.core.actionplan import Status, Summary
from gcat.errors import InputError
from gcat.i18n import message, message_n
from gcat.services import actionplan as service

__all__ = ["actionplan_app", "parse_date"]

actionplan_app = typer.Typer(
    help="Track the Green Customs Action Plan: statuses, dependencies, snapshots, reports.",
    no_args_is_help=True,
)
app.add_typer(actionplan_app, name="actionplan")

AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Read the plan as it stood on this date (YYYY-MM-DD).")
]


def parse_date(value: str | None, field: str) -> date | None:
    """An ISO date given on the command line, refused with the option named."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError([problem("actionplan.bad_date", field)]) from None


def summary_json(summary: Summary, plan_demo: bool, placeholders: int) -> dict[str, Any]:
    """The stable JSON of ``gcat actionplan status --json``."""

    def counts(values: Any) -> dict[str, int]:
        return {status.value: values[status] for status in Status}

    return {
        "as_of": summary.as_of.isoformat(),
        "total": summary.total,
        "by_status": {
            "done": summary.by_status[Status.DONE],
            "in_progress": summary.by_status[Status.IN_PROGRESS],
            "not_started": summary.by_status[Status.NOT_STARTED],
        },
        "percent": {status.value: summary.percent(status) for status in Status},
        "blocked": list(summary.blocked),
        "by_pillar": {key: counts(value) for key, value in summary.by_pillar.items()},
        "by_owner": {key: counts(value) for key, value in summary.by_owner.items()},
        "placeholders": placeholders,
        "demo": plan_demo,
    }


@actionplan_app.command("status")
@edge
def status(
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
    database: DatabaseOption = None,
) -> None:
    """Counts by status (and by pillar and owner) and the blocked points, on a date."""
    lang = check_lang(lang)
    read = service.reading(cli_actor(), open_database(database), parse_date(as_of, "--as-of"))
    if as_json:
        print_json(summary_json(read.summary, read.plan.demo, read.plan.placeholders))
        return
    from gcat.cli.actionplan_terminal import render_status

    render_status(stdout(), read, lang)


@actionplan_app.command("list")
@edge
def list_points(
    status: Annotated[str | None, typer.Option(help="Only points with this status.")] = None,
    pillar: Annotated[str | None, typer.Option(help="Only points of this pillar id.")] = None,
    owner: Annotated[str | None, typer.Option(help="Only points of this owner id.")] = None,
    blocked: Annotated[bool, typer.Option("--blocked", help="Only blocked points.")] = False,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
    database: DatabaseOption = None,
) -> None:
    """The points with their status, blocked flag and latest note."""
    lang = check_lang(lang)
    if status is not None and status not in tuple(Status):
        raise InputError([problem("check.bad_choice", "--status", choices=", ".join(Status))])
    read = service.reading(cli_actor(), open_database(database), parse_date(as_of, "--as-of"))
    points = [
        p
        for p in read.plan.points
        if (status is None or read.states[p.id].status.value == status)
        and (pillar is None or p.pillar == pillar)
        and (owner is None or p.owner == owner)
        and (not blocked or read.states[p.id].blocked)
    ]
    if as_json:
        print_json(
            [
                {
                    "id": p.id,
                    "title": dict(p.title),
                    "placeholder": p.placeholder,
                    "pillar": p.pillar,
                    "owner": p.owner,
                    "status": read.states[p.id].status.value,
                    "blocked": read.states[p.id].blocked,
                    "waiting_on": list(read.states[p.id].waiting_on),
                    "note": read.states[p.id].note,
                }
                for p in points
            ]
        )
        return
    from gcat.cli.actionplan_terminal import render_points

    render_points(stdout(), read, points, lang)


@actionplan_app.command("show")
@edge
def show(
    point: Annotated[str, typer.Argument(help="The point, for example GCAP-02.")],
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
    database: DatabaseOption = None,
) -> None:
    """One point: its status on a date, history, dependencies and milestones."""
    lang = check_lang(lang)
    detail = service.point_detail(
        cli_actor(), open_database(database), point, parse_date(as_of, "--as-of")
    )
    if as_json:
        p = detail.reading.plan.point(detail.point_id)
        state = detail.state
        print_json(
            {
                "id": p.id,
                "title": dict(p.title),
                "placeholder": p.placeholder,
                "status": state.status.value,
                "blocked": state.blocked,
                "waiting_on": list(state.waiting_on),
                "depends_on": list(p.depends_on),
                "waited_on_by": list(detail.waited_on_by),
                "consolidated_under": p.consolidated_under,
                "milestones": [
                    {
                        "title": dict(m.title),
                        "due": m.due.isoformat(),
                        "done": m.done.isoformat() if m.done else None,
                    }
                    for m in p.milestones
                ],
                "history": [
                    {"status": c.status.value, "date": c.on.isoformat(), "by": c.by, "note": c.note}
                    for c in detail.history
                ],
            }
        )
        return
    from gcat.cli.actionplan_terminal import render_point

    render_point(stdout(), detail, lang)


@actionplan_app.command("set")
@edge
def set_status(
    point: Annotated[str, typer.Argument(help="The point, for example GCAP-05.")],
    status: Annotated[str, typer.Argument(help="done, in_progress or not_started.")],
    on: Annotated[
        str | None, typer.Option("--date", help="Date the status took effect (default: today).")
    ] = None,
    note: Annotated[str, typer.Option(help="Why, or what was delivered.")] = "",
    lang: LangOption = None,
    database: DatabaseOption = None,
) -> None:
    """Record a new status for a point, with its date and a note (the history is kept)."""
    lang = check_lang(lang)
    outcome = service.set_status(
        cli_actor(),
        open_database(database),
        point,
        status,
        on=parse_date(on, "--date"),
        note=note,
    )
    change = outcome.change
    typer.echo(
        message(
            "actionplan.set_done",
            lang,
            id=change.point,
            status=status_label(change.status, lang),
            date=change.on.isoformat(),
        )
    )
    if outcome.unblocked:
        typer.echo(
            message_n(
                "actionplan.unblocks",
                len(outcome.unblocked),
                lang,
                ids=", ".join(outcome.unblocked),
            )
        )


@actionplan_app.command("depend")
@edge
def depend(
    point: Annotated[str, typer.Argument(help="The point that waits, for example GCAP-31.")],
    on: Annotated[str, typer.Option("--on", help="The point it waits on, for example GCAP-02.")],
    remove: Annotated[bool, typer.Option("--remove", help="Remove the dependency.")] = False,
    lang: LangOption = None,
    database: DatabaseOption = None,
) -> None:
    """Make a point wait on another (refused, naming the cycle, if it would close one)."""
    lang = check_lang(lang)
    engine = open_database(database)
    if remove:
        now = service.remove_dependency(cli_actor(), engine, point, on)
    else:
        now = service.add_dependency(cli_actor(), engine, point, on)
    typer.echo(message("actionplan.depends_now", lang, ids=", ".join(now) or "—"))


@actionplan_app.command("import")
@edge
def import_plan(
    path: Annotated[Path, typer.Argument(help="The plan: YAML, JSON or Excel (.xlsx).")],
    lang: LangOption = None,
    database: DatabaseOption = None,
) -> None:
    """Replace the plan (points, milestones, dependencies, history) with the file's."""
    lang = check_lang(lang)
    data = read_input(path)
    loaded = service.import_plan(cli_actor(), open_database(database), data, str(path))
    typer.echo(
        message(
            "actionplan.imported",
            lang,
            points=len(loaded.plan.points),
            changes=len(loaded.history),
        )
    )


@actionplan_app.command("export")
@edge
def export_plan(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", help="yaml or xlsx.")] = "yaml",
    lang: LangOption = None,
    database: DatabaseOption = None,
) -> None:
    """Write the plan and its history as a plan file (to edit, then import back)."""
    lang = check_lang(lang)
    write_output(output, service.export_plan(cli_actor(), open_database(database), fmt))
    written(output, lang)


@actionplan_app.command("snapshot")
@edge
def snapshot(
    name: Annotated[str, typer.Option("--name", help='A unique name, e.g. "CTP 249/250".')],
    as_of: AsOfOption = None,
    lang: LangOption = None,
    database: DatabaseOption = None,
) -> None:
    """Freeze the plan's statuses on a date, to compare the next report with."""
    lang = check_lang(lang)
    taken = service.snapshot(
        cli_actor(), open_database(database), name, parse_date(as_of, "--as-of")
    )
    typer.echo(message("actionplan.snapshot_taken", lang, name=taken.name, date=taken.as_of))


@actionplan_app.command("snapshots")
@edge
def list_snapshots(
    as_json: JsonOption = False, lang: LangOption = None, database: DatabaseOption = None
) -> None:
    """The snapshots taken, oldest reading first."""
    lang = check_lang(lang)
    found = service.snapshots(cli_actor(), open_database(database))
    if as_json:
        print_json(
            [
                {"name": s.name, "as_of": s.as_of.isoformat(), "created_by": s.created_by}
                for s in found
            ]
        )
        return
    for item in found:
        typer.echo(f"{item.as_of.isoformat()}  {item.name}")
    if not found:
        typer.echo(message("actionplan.no_snapshots", lang))


@actionplan_app.command("report")
@edge
def report(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    as_of: AsOfOption = None,
    compare: Annotated[
        str | None,
        typer.Option("--compare", help="A date (YYYY-MM-DD) or a snapshot name to compare with."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="docx, pdf or html.")] = "docx",
    lang: LangOption = None,
    database: DatabaseOption = None,
) -> None:
    """The committee progress report: summary, changes, points, chart, overdue milestones."""
    lang = check_lang(lang)
    from gcat.services.actionplan_report import committee_report

    out = committee_report(
        cli_actor(),
        open_database(database),
        as_of=parse_date(as_of, "--as-of"),
        compare=compare,
        fmt=fmt,
        lang=lang,
    )
    write_output(output, out.data)
    written(output, lang)

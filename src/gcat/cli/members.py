"""``gcat members``: the WCO member list in force, and the Secretariat's own list."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

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
    stdout,
)
from gcat.cli.files import read_input
from gcat.core.members import MemberList, sorted_by_name
from gcat.i18n import message, message_n
from gcat.reports.formatting import Formatter
from gcat.services.members import import_member_list, member_list, reset_member_list
from gcat.shapes import member_to_json

__all__ = ["members_app"]

members_app = typer.Typer(
    help="The WCO member list: show it, or replace it with the Secretariat's own.",
    no_args_is_help=True,
)
app.add_typer(members_app, name="members")


def _summary(members: MemberList, lang: str) -> str:
    counts = ", ".join(
        f"{members.region(region).short_name(lang)} {count}"
        for region, count in members.counts().items()
    )
    return message_n("members.summary", len(members), lang, regions=counts)


@members_app.command("list")
@edge
def members_list(
    as_json: JsonOption = False,
    region: Annotated[str | None, typer.Option(help="Only this region (id or name).")] = None,
    lang: LangOption = None,
    database: DatabaseOption = None,
) -> None:
    """List the WCO Members with their ISO code and region (the European Union apart)."""
    lang = check_lang(lang)
    members = member_list(cli_actor(), open_database(database))
    chosen = list(members)
    if region is not None:
        found = members.find_region(region)
        chosen = [m for m in chosen if found is not None and m.region == found.id]
    if as_json:
        print_json([member_to_json(member) for member in chosen])
        return
    table = Table(box=None, pad_edge=False)
    for column in ("members.column_name", "members.column_code", "members.column_region"):
        table.add_column(message(column, lang))
    for member in sorted_by_name(chosen, lang):
        region_name = members.region(member.region).short_name(lang)
        table.add_row(member.name_in(lang), member.code or "—", region_name)
    console = stdout()
    console.print(table)
    console.print(_summary(members, lang), markup=False, highlight=False)
    for entry in members.special:
        console.print(
            message("members.listed_apart", lang, name=entry.name_in(lang)),
            markup=False,
            highlight=False,
        )
    console.print(
        message(
            "members.source",
            lang,
            as_of=Formatter(lang).long_date(date.fromisoformat(members.as_of)),
            source=members.source_note(lang),
        ),
        markup=False,
        highlight=False,
    )


@members_app.command("import")
@edge
def members_import(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX with columns name, code, region.")],
    lang: LangOption = None,
    database: DatabaseOption = None,
) -> None:
    """Replace the member list with the Secretariat's own (checked row by row first)."""
    lang = check_lang(lang)
    members = import_member_list(cli_actor(), open_database(database), read_input(file), str(file))
    typer.echo(message("members.imported", lang, path=str(file)))
    typer.echo(_summary(members, lang))


@members_app.command("reset")
@edge
def members_reset(lang: LangOption = None, database: DatabaseOption = None) -> None:
    """Go back to the member list shipped with gcat."""
    lang = check_lang(lang)
    members = reset_member_list(cli_actor(), open_database(database))
    typer.echo(message("members.reset", lang))
    typer.echo(_summary(members, lang))

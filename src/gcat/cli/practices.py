"""``gcat practice``: blank templates, imports of filled-in ones, the list, Compendium packs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gcat.cli.app import app
from gcat.cli.common import (
    DatabaseOption,
    JsonOption,
    LangOption,
    OutputOption,
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
from gcat.core.practices import Status
from gcat.errors import InputError
from gcat.i18n import message, message_n
from gcat.practices.texts import STATUS
from gcat.services.compendium import import_pack
from gcat.services.practices import PracticeFilters, import_practices, list_practices
from gcat.services.templates import TEMPLATE_FORMATS, practice_template
from gcat.shapes import practice_summary_to_json

__all__ = ["practice_app"]

practice_app = typer.Typer(
    help="Good practices: templates for members, imports, the list, Compendium packs.",
    no_args_is_help=True,
)
app.add_typer(practice_app, name="practice")


def _status(value: str | None, option: str) -> Status | None:
    if value is None:
        return None
    try:
        return Status(value)
    except ValueError:
        choices = ", ".join(status.value for status in Status)
        raise InputError([problem("check.bad_choice", option, choices=choices)]) from None


@practice_app.command("template")
@edge
def practice_template_command(
    output: OutputOption,
    fmt: Annotated[str, typer.Option("--format", "-f", help="docx, xlsx or yaml.")] = "docx",
    lang: LangOption = None,
) -> None:
    """Write a blank Annex I template for a member to fill in (Word form, workbook or YAML)."""
    lang = check_lang(lang)
    if fmt not in TEMPLATE_FORMATS:
        raise InputError(
            [problem("check.bad_choice", "--format", choices=", ".join(TEMPLATE_FORMATS))]
        )
    write_output(output, practice_template(fmt, lang))
    written(output, lang)


@practice_app.command("import")
@edge
def practice_import(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Filled-in templates (docx, xlsx, yaml, json); a member's own document "
            "(pdf, docx, odt) with --member."
        ),
    ],
    status: Annotated[
        str | None,
        typer.Option(help="Status to give every practice (default: the file's, else submitted)."),
    ] = None,
    member: Annotated[
        str | None, typer.Option(help="The Member a free-format document comes from.")
    ] = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
    database: DatabaseOption = None,
) -> None:
    """Check filled-in templates and store their practices; print the new record ids.

    Every file is checked first: when one has a problem, nothing is stored.
    """
    lang = check_lang(lang)
    chosen = _status(status, "--status")
    payload = [(str(path), read_input(path)) for path in files]
    created = import_practices(
        cli_actor(), open_database(database), payload, status=chosen, member=member
    )
    if as_json:
        print_json([practice_summary_to_json(item) for item in created])
        return
    for item in created:
        code = "practices.imported_free" if item.free_format else "practices.imported"
        typer.echo(
            message(
                code,
                lang,
                id=item.id,
                title=item.title,
                member=item.member,
                status=message(STATUS[item.status.value], lang),
                source=item.source,
            )
        )
    typer.echo(message_n("practices.imported_count", len(created), lang))


@practice_app.command("list")
@edge
def practice_list(
    status: Annotated[str | None, typer.Option(help="Only this status.")] = None,
    member: Annotated[str | None, typer.Option(help="Only this Member (name or ISO code).")] = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
    database: DatabaseOption = None,
) -> None:
    """List the stored practices (id, Member, title, status, consent)."""
    lang = check_lang(lang)
    engine = open_database(database)
    code = None
    if member is not None:
        from gcat.members import load_members, match_member

        found = match_member(member, load_members(engine), lang=lang, field="--member")
        code = found.code or found.key
    records = list_practices(
        cli_actor(), engine, PracticeFilters(member=code, status=_status(status, "--status"))
    )
    if as_json:
        print_json([practice_summary_to_json(record) for record in records])
        return
    table = Table(box=None, pad_edge=False)
    for column in (
        "practices.column_id",
        "practices.label_member",
        "practices.label_title",
        "practices.label_status",
        "practices.label_consent",
    ):
        table.add_column(message(column, lang))
    for record in records:
        practice = record.practice
        consent = practice.consent.value if practice.consent else "—"
        table.add_row(
            str(record.id),
            practice.member.name_in(lang),
            practice.title,
            message(STATUS[record.status.value], lang),
            consent,
        )
    stdout().print(table)


@practice_app.command("import-pack")
@edge
def practice_import_pack(
    file: Annotated[Path, typer.Argument(help="A Compendium pack (.gcat-pack.json).")],
    lang: LangOption = None,
    database: DatabaseOption = None,
) -> None:
    """Import a Compendium pack, offline, for "who already did this" in the improvement plan."""
    lang = check_lang(lang)
    count = import_pack(cli_actor(), open_database(database), read_input(file), str(file))
    typer.echo(message_n("compendium.pack_imported", count, lang, path=str(file)))

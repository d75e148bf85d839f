"""``gcat survey``: import the Secretariat's survey, report on it, validate the framework."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from gcat.cli.app import app
from gcat.cli.common import (
    DatabaseOption,
    LangOption,
    check_lang,
    cli_actor,
    edge,
    open_database,
    stderr,
    write_output,
    written,
)
from gcat.cli.files import read_input
from gcat.i18n import message

__all__ = ["survey_app"]

survey_app = typer.Typer(
    help="Import the Secretariat's survey, report on it and validate the framework with it.",
    no_args_is_help=True,
)
app.add_typer(survey_app, name="survey")

YearOption = Annotated[
    int | None, typer.Option("--year", help="Survey year (default: the latest; import: this year).")
]
MaybeOutput = Annotated[
    Path | None, typer.Option("--output", "-o", help="File to write (JSON: standard output).")
]


def _emit(data: bytes, output: Path | None, lang: str) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_output(output, data)
    written(output, lang)


@survey_app.command("import")
@edge
def survey_import(
    responses: Annotated[
        Path, typer.Argument(help="Responses table (CSV or XLSX; an XLSX may hold both sheets).")
    ],
    initiatives: Annotated[
        Path | None, typer.Argument(help="Initiatives table (CSV or XLSX).")
    ] = None,
    year: YearOption = None,
    database: DatabaseOption = None,
    lang: LangOption = None,
) -> None:
    """Check and store a survey; importing again replaces the survey of the same year."""
    from gcat.services.survey import import_survey

    lang = check_lang(lang)
    first = (read_input(responses), str(responses))
    second = (read_input(initiatives), str(initiatives)) if initiatives else None
    engine = open_database(database)
    with stderr().status(message("survey.importing", lang)):
        summary = import_survey(cli_actor(), engine, first, second, year=year, lang=lang)
    stderr().print(
        message(
            "survey.imported",
            lang,
            year=summary.year,
            responses=summary.responses,
            responded=summary.responded,
            initiatives=summary.initiatives,
        )
    )


@survey_app.command("report")
@edge
def survey_report(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="json, html, xlsx, docx or pdf.")
    ] = "json",
    output: MaybeOutput = None,
    year: YearOption = None,
    database: DatabaseOption = None,
    lang: LangOption = None,
) -> None:
    """Participation by region, initiatives by area and domain, follow-up list, limits."""
    from gcat.services.survey_outputs import survey_report as build

    lang = check_lang(lang)
    data = build(cli_actor(), open_database(database), fmt, lang, year)
    _emit(data, output if fmt == "json" else _required(output), lang)


@survey_app.command("validate")
@edge
def survey_validate(
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, html or docx.")] = "json",
    output: MaybeOutput = None,
    year: YearOption = None,
    database: DatabaseOption = None,
    lang: LangOption = None,
) -> None:
    """The crosswalk from the survey's initiatives to the GCAT indicators."""
    from gcat.services.survey_outputs import survey_validation

    lang = check_lang(lang)
    data = survey_validation(cli_actor(), open_database(database), fmt, lang, year)
    _emit(data, output if fmt == "json" else _required(output), lang)


@survey_app.command("demo")
@edge
def survey_demo(
    database: DatabaseOption = None,
    lang: LangOption = None,
) -> None:
    """Store the demo survey (real member list, fictional answers) as the 2025 survey."""
    from gcat.services.survey import import_demo

    lang = check_lang(lang)
    with stderr().status(message("survey.importing", lang)):
        summary = import_demo(cli_actor(), open_database(database))
    stderr().print(
        message(
            "survey.imported_demo",
            lang,
            year=summary.year,
            responded=summary.responded,
            initiatives=summary.initiatives,
        )
    )


def _required(output: Path | None) -> Path:
    from gcat.errors import InputError, Problem

    if output is None:
        raise InputError([Problem("cli.output_required", {"option": "--output"}, field="-o")])
    return output

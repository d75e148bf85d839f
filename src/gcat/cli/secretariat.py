"""``gcat secretariat``: import Members' files as submissions, the aggregate across Members
(small groups suppressed by the service), and the benchmark pack for Members' laptops."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from gcat.cli.app import app
from gcat.cli.common import (
    DatabaseOption,
    LangOption,
    check_lang,
    cli_actor,
    edge,
    fail,
    open_database,
    stderr,
    write_output,
    written,
)
from gcat.i18n import message, message_n
from gcat.services import secretariat
from gcat.services.secretariat import BatchFile
from gcat.settings import load_settings

__all__ = ["secretariat_app"]

secretariat_app = typer.Typer(
    help="The Secretariat: Members' submissions, aggregates across Members, benchmark packs.",
    no_args_is_help=True,
)
app.add_typer(secretariat_app, name="secretariat")

PARALLEL_FROM = 50
"""Batches of this many files or more are checked in worker processes, one per core."""

CycleOption = Annotated[
    str | None, typer.Option("--cycle", help="The cycle (default: the latest with submissions).")
]


@secretariat_app.command("import")
@edge
def import_files(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Members' .gcat.json files, and practice files (.yaml, .docx, .xlsx).",
            show_default=False,
        ),
    ],
    database: DatabaseOption = None,
    lang: LangOption = None,
) -> None:
    """Import Members' exchange files as submissions: each is checked in full (checksum
    included) and matched to its WCO Member; practice files sent in offline become submitted
    practices. The report names every file refused and why. Exit code 2 when any file was
    refused."""
    lang = check_lang(lang)
    engine = open_database(database)
    batch = [BatchFile.from_path(path) for path in files]
    console = stderr()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(message("secretariat.import", lang), total=len(batch))
        report = secretariat.import_batch(
            cli_actor(),
            engine,
            batch,
            progress=lambda done: progress.update(task, completed=done),
            processes=min(os.cpu_count() or 1, 4) if len(batch) >= PARALLEL_FROM else 1,
        )
    for refusal in report.refused:
        console.print(refusal.localized(lang), markup=False, highlight=False)
    console.print(
        message_n("secretariat.accepted", len(report.accepted), lang)
        + " · "
        + message_n("secretariat.practices_imported", len(report.practices), lang)
        + " · "
        + message_n("secretariat.refused", len(report.refused), lang),
        markup=False,
    )
    if report.refused:
        raise typer.Exit(code=2)


@secretariat_app.command("aggregate")
@edge
def aggregate(
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, xlsx or html.")] = "json",
    cycle: CycleOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: print JSON).")
    ] = None,
    database: DatabaseOption = None,
    lang: LangOption = None,
) -> None:
    """The aggregate across Members of a cycle, world and by region, with the trend across
    cycles; groups of fewer than k Members (the suppression_k setting) are suppressed."""
    lang = check_lang(lang)
    engine = open_database(database)
    data, _, suffix = secretariat.aggregate_document(
        cli_actor(), engine, fmt, lang=lang, k=load_settings().suppression_k, cycle=cycle
    )
    if output is None:
        if fmt != "json":
            raise fail(message("cli.needs_output", lang, suffix=suffix))
        typer.echo(data.decode("utf-8"), nl=False)
        return
    write_output(output, data)
    written(output, lang)


@secretariat_app.command("pack")
@edge
def pack(
    output: Annotated[Path, typer.Option("--output", "-o", help="Benchmark pack file to write.")],
    cycle: CycleOption = None,
    database: DatabaseOption = None,
    lang: LangOption = None,
) -> None:
    """The benchmark pack: the spreads of every group of at least k Members, checksummed, for
    Members' laptops to import offline ("where you stand")."""
    lang = check_lang(lang)
    data = secretariat.benchmark_pack(
        cli_actor(), open_database(database), k=load_settings().suppression_k, cycle=cycle
    )
    write_output(output, data)
    written(output, lang)

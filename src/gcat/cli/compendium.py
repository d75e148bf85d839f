"""``gcat compendium``: build the Compendium (with its manifest) from the database, from practice
files, or from the demo practices."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from gcat.cli.app import app
from gcat.cli.common import (
    DatabaseOption,
    LangOption,
    OutputOption,
    check_lang,
    cli_actor,
    edge,
    open_database,
    stderr,
    write_output,
    written,
)
from gcat.cli.files import read_input
from gcat.demo.compendium import build_demo
from gcat.i18n import message, message_n
from gcat.practices.texts import MANIFEST_REASON
from gcat.services.compendium import (
    CompendiumBuild,
    build_from_database,
    build_from_files,
)
from gcat.shapes import manifest_to_json

__all__ = ["compendium"]


def _manifest_path(output: Path, manifest: Path | None) -> Path:
    if manifest is not None:
        return manifest
    name = output.name.split(".")[0] or "compendium"
    return output.with_name(f"{name}.manifest.json")


def _summary(build: CompendiumBuild, lang: str) -> None:
    console = stderr()
    console.print(
        message_n("compendium.included", len(build.manifest.included), lang), highlight=False
    )
    reasons: dict[str, int] = {}
    for entry in build.manifest.excluded:
        reasons[entry.reason or ""] = reasons.get(entry.reason or "", 0) + 1
    for reason, count in sorted(reasons.items()):
        console.print(
            message(
                "compendium.left_out",
                lang,
                count=count,
                reason=message(MANIFEST_REASON[reason], lang),
            ),
            highlight=False,
        )


@app.command()
@edge
def compendium(
    output: OutputOption,
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Practice files to build from directly, each treated as accepted."),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="html, docx, pdf, xlsx, csv or pack.")
    ] = "html",
    group_by: Annotated[str, typer.Option(help="domain, area or region.")] = "domain",
    manifest: Annotated[
        Path | None,
        typer.Option(help="Where to write the manifest (default: NAME.manifest.json beside OUT)."),
    ] = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Build from the fictional demo practices.")
    ] = False,
    lang: LangOption = None,
    database: DatabaseOption = None,
) -> None:
    """Build the Compendium of good practices: only what members consented to, never a contact.

    The manifest (what was included, what was left out and why) is written beside it, for the
    Secretariat only.
    """
    lang = check_lang(lang)
    actor = cli_actor()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=stderr(),
        transient=True,
    ) as progress:
        task = progress.add_task(message("compendium.progress", lang), total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        if demo:
            build = build_demo(fmt=fmt, lang=lang, group_by=group_by, on_progress=advance)
        elif files:
            payload = [(str(path), read_input(path)) for path in files]
            engine = open_database(database) if database else None
            build = build_from_files(
                actor,
                payload,
                fmt=fmt,
                lang=lang,
                group_by=group_by,
                engine=engine,
                on_progress=advance,
            )
        else:
            build = build_from_database(
                actor,
                open_database(database),
                fmt=fmt,
                lang=lang,
                group_by=group_by,
                on_progress=advance,
            )
    write_output(output, build.data)
    written(output, lang)
    manifest_path = _manifest_path(output, manifest)
    text = json.dumps(manifest_to_json(build.manifest), ensure_ascii=False, indent=2) + "\n"
    write_output(manifest_path, text.encode("utf-8"))
    written(manifest_path, lang)
    _summary(build, lang)

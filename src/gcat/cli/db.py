"""``gcat db``: back up the whole database (evidence files included) to one file, restore it."""

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
    fail,
    open_database,
    problem,
    stderr,
    written,
)
from gcat.errors import InputError
from gcat.i18n import message
from gcat.limits import MAX_BACKUP_BYTES, MB
from gcat.services import backup

__all__ = ["db_app"]

db_app = typer.Typer(
    help="The database: back it up to one file, or restore it from one.",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")


def _contents(contents: backup.DatabaseContents, lang: str) -> str:
    return message(
        "backup.contents",
        lang,
        assessments=contents.assessments,
        answers=contents.answers,
        files=contents.files,
        history=contents.history,
    )


@db_app.command("backup")
@edge
def db_backup(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Backup file to write (.gcat-backup).")
    ],
    database: DatabaseOption = None,
    lang: LangOption = None,
) -> None:
    """Write the whole database, evidence files included, to one file with a checksum."""
    lang = check_lang(lang)
    if output.exists():
        raise InputError([problem("cli.file_exists", str(output))])
    engine = open_database(database)
    temporary = output.with_name(f".{output.name}.part")
    try:
        with temporary.open("wb") as out:
            info = backup.backup_database(cli_actor(), engine, out)
        temporary.replace(output)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InputError(
            [problem("file.unwritable", str(output), reason=exc.strerror or "")]
        ) from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    written(output, lang)
    stderr().print(_contents(backup.DatabaseContents.of(info.counts), lang), markup=False)


@db_app.command("restore")
@edge
def db_restore(
    source: Annotated[Path, typer.Argument(help="Backup file to restore.", show_default=False)],
    database: DatabaseOption = None,
    yes: Annotated[
        bool,
        typer.Option("--yes", "-y", help="Replace a database that is not empty without asking."),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Replace the whole database with a backup; a database that is not empty is replaced
    only after you confirm (never merged)."""
    lang = check_lang(lang)
    try:
        if source.stat().st_size > MAX_BACKUP_BYTES:
            raise InputError([problem("file.too_large", str(source), limit=MAX_BACKUP_BYTES // MB)])
        handle = source.open("rb")
    except OSError as exc:
        raise InputError(
            [problem("file.unreadable", str(source), reason=exc.strerror or "")]
        ) from exc
    engine = open_database(database)
    actor = cli_actor()
    with handle:
        _, inside = backup.inspect_backup(handle, source.name)
        handle.seek(0)
        current = backup.database_contents(actor, engine)
        replace = yes
        if not current.empty and not yes:
            stderr().print(
                message(
                    "backup.replace_question",
                    lang,
                    now=_contents(current, lang),
                    backup=_contents(inside, lang),
                ),
                markup=False,
            )
            if not sys.stdin.isatty():
                raise fail(message("backup.needs_yes", lang))
            replace = typer.confirm(message("backup.confirm", lang), default=False)
            if not replace:
                raise fail(message("backup.kept", lang))
        restored = backup.restore_database(actor, engine, handle, source.name, replace=replace)
    stderr().print(
        message("backup.restored", lang, contents=_contents(restored, lang)), markup=False
    )

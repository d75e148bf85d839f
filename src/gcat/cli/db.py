"""``gcat db``: bring a database to the current schema, back it up to one file, restore it.

A SQLite database (the laptop's) is backed up with its evidence files into one ``.gcat-backup``
file with a checksum; a PostgreSQL database (server mode) with PostgreSQL's own tools
(``pg_dump``/``pg_restore``, custom format).
"""

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
from gcat.services.database import backup_postgresql, restore_postgresql, upgrade_database
from gcat.settings import load_settings

__all__ = ["db_app"]

db_app = typer.Typer(
    help="The database: upgrade its schema, back it up to one file, restore it.",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")


def _postgresql(database: str | None) -> str | None:
    """The database's URL when it is a PostgreSQL one, else None."""
    url = database or load_settings().database_url
    return url if url.startswith(("postgresql", "postgres:")) else None


@db_app.command("upgrade")
@edge
def db_upgrade(database: DatabaseOption = None, lang: LangOption = None) -> None:
    """Bring the database to the current schema (run after installing a new gcat)."""
    lang = check_lang(lang)
    revision = upgrade_database(database)
    stderr().print(message("dbcmd.upgraded", lang, revision=revision), markup=False)


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
    """Write the whole database, evidence files included, to one file with a checksum (a
    PostgreSQL database: pg_dump's custom format)."""
    lang = check_lang(lang)
    if (url := _postgresql(database)) is not None:
        backup_postgresql(url, output)
        stderr().print(message("dbcmd.backup_written", lang, path=str(output)), markup=False)
        return
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
    only after you confirm (never merged). A PostgreSQL database is restored with pg_restore
    (all or nothing), then brought to the current schema."""
    lang = check_lang(lang)
    if (url := _postgresql(database)) is not None:
        restore_postgresql(url, source)
        stderr().print(message("dbcmd.restored", lang, path=str(source)), markup=False)
        return
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

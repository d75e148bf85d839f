"""``gcat db``: bring a database to the current schema; back a server database up and restore it.

PostgreSQL backups use PostgreSQL's own tools (``pg_dump``/``pg_restore``, custom format).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gcat.cli.app import app
from gcat.cli.common import DatabaseOption, LangOption, check_lang, edge, stderr
from gcat.i18n import message
from gcat.services.database import backup_postgresql, restore_postgresql, upgrade_database
from gcat.settings import load_settings

__all__ = ["db_app"]

db_app = typer.Typer(
    help="The database: upgrade its schema, back it up, restore it.", no_args_is_help=True
)
app.add_typer(db_app, name="db")


def _url(database: str | None) -> str:
    return database or load_settings().database_url


@db_app.command("upgrade")
@edge
def upgrade(database: DatabaseOption = None, lang: LangOption = None) -> None:
    """Bring the database to the current schema (run after installing a new gcat)."""
    lang = check_lang(lang)
    revision = upgrade_database(database)
    stderr().print(message("dbcmd.upgraded", lang, revision=revision), markup=False)


@db_app.command("backup")
@edge
def backup(
    output: Annotated[Path, typer.Option("--output", "-o", help="Backup file to write.")],
    database: DatabaseOption = None,
    lang: LangOption = None,
) -> None:
    """Back a PostgreSQL database up with pg_dump (custom format)."""
    lang = check_lang(lang)
    backup_postgresql(_url(database), output)
    stderr().print(message("dbcmd.backup_written", lang, path=str(output)), markup=False)


@db_app.command("restore")
@edge
def restore(
    file: Annotated[Path, typer.Argument(help="Backup file made by gcat db backup.")],
    database: DatabaseOption = None,
    lang: LangOption = None,
) -> None:
    """Restore a PostgreSQL backup with pg_restore, replacing the database's content (all or
    nothing), then bring it to the current schema."""
    lang = check_lang(lang)
    restore_postgresql(_url(database), file)
    stderr().print(message("dbcmd.restored", lang, path=str(file)), markup=False)

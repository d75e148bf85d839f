"""What every command shares: options, the error edge, output writing, the actor and database."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import sqlalchemy as sa
import typer
from rich.console import Console

from gcat.errors import GcatError, InputError, Problem
from gcat.i18n import LANGUAGES, message, message_n, resolve_language
from gcat.policy.access import Actor, local_actor

__all__ = [
    "DatabaseOption",
    "FileArgument",
    "JsonOption",
    "LangOption",
    "ModuleOption",
    "OutputOption",
    "check_lang",
    "cli_actor",
    "edge",
    "fail",
    "open_database",
    "print_json",
    "problem",
    "stderr",
    "stdout",
    "write_output",
    "written",
]

F = TypeVar("F", bound=Callable[..., Any])

LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang", "-l", help="Language of the output: en, fr or es (default: GCAT_LANG or en)."
    ),
]
ModuleOption = Annotated[
    list[Path] | None,
    typer.Option("--module", "-m", help="Extra domain module file to load (repeatable)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
FileArgument = Annotated[
    Path, typer.Argument(help="Answers file (YAML or JSON).", show_default=False)
]
OutputOption = Annotated[Path, typer.Option("--output", "-o", help="File to write.")]
DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        help="Database URL (default: GCAT_DATABASE_URL, else SQLite in your data folder).",
    ),
]


def stdout() -> Console:
    """A console on standard output that never wraps long lines."""
    return Console(soft_wrap=False)


def stderr() -> Console:
    """A console on standard error (progress, "written" notes)."""
    return Console(stderr=True)


def fail(text: str) -> typer.Exit:
    """Print ``text`` on standard error; the exit to raise (code 2)."""
    Console(stderr=True, soft_wrap=True).print(text, markup=False, highlight=False)
    return typer.Exit(code=2)


def _error_label(lang: str) -> str:
    return message("label", lang, label=message("cli.error", lang))


def edge(func: F) -> F:
    """Translate library errors into a one-line message and exit code 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = resolve_language(kwargs.get("lang"))
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            text = exc.localized(lang)
            extra = len(exc.problems) - 1
            if extra:
                text += " " + message_n("cli.more_problems", extra, lang)
            raise fail(f"{_error_label(lang)} {text}") from None
        except GcatError as exc:
            raise fail(f"{_error_label(lang)} {exc.localized(lang)}") from None
        finally:
            _close_databases()

    return wrapper  # type: ignore[return-value]


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON (non-ASCII kept)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def problem(code: str, field: str, **params: Any) -> Problem:
    """A problem about one option or argument."""
    return Problem(code, params, field=field)


def check_lang(lang: str | None) -> str:
    """The ``--lang`` value, refused when it is not en, fr or es."""
    short = lang.split(".")[0].split("_")[0].split("-")[0].lower() if lang else None
    if lang is not None and resolve_language(lang) != short:
        raise InputError([problem("check.bad_choice", "--lang", choices=", ".join(LANGUAGES))])
    return resolve_language(lang)


def write_output(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so nothing is ever half-written."""
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InputError(
            [problem("file.unwritable", str(path), reason=exc.strerror or "")]
        ) from exc


def written(path: Path, lang: str) -> None:
    """Tell the user (on standard error) that ``path`` was written."""
    stderr().print(message("cli.written", lang, path=str(path)))


def cli_actor() -> Actor:
    """Who acts from the command line: the operator of this computer, with every right."""
    from gcat.settings import load_settings

    return local_actor(load_settings().user)


_OPENED: list[sa.Engine] = []
"""Engines a command opened; :func:`edge` closes them when the command ends."""


def open_database(database: str | None) -> sa.Engine:
    """The database at ``database`` (or the configured default), migrated to the latest schema;
    closed when the command ends."""
    from gcat.services.database import open_database as open_it

    engine = open_it(database)
    _OPENED.append(engine)
    return engine


def _close_databases() -> None:
    while _OPENED:
        _OPENED.pop().dispose()

"""``gcat users``: the accounts of server mode (add, list, disable, enable, change a role or a
password). Passwords are read from a file (or ``-`` for standard input), never from the
command line, where other users of the computer could see them."""

from __future__ import annotations

import sys
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
    stderr,
    stdout,
)
from gcat.core.accounts import UserRecord
from gcat.errors import InputError, Problem
from gcat.i18n import message
from gcat.limits import MAX_PASSWORD
from gcat.services import accounts

__all__ = ["users_app"]

users_app = typer.Typer(help="Server mode's user accounts and their roles.", no_args_is_help=True)
app.add_typer(users_app, name="users")

Name = Annotated[str, typer.Argument(help="User name (letters, digits, . _ - @).")]
PasswordFile = Annotated[
    Path,
    typer.Option(
        "--password-file",
        help="File whose first line is the password (at least 12 characters); - reads it "
        "from standard input.",
    ),
]
RoleOption = Annotated[
    str, typer.Option("--role", help="respondent, validator, viewer, secretariat or admin.")
]
AdministrationOption = Annotated[
    str | None,
    typer.Option(
        "--administration",
        help="The WCO Member a respondent, validator or viewer works for (name or ISO code).",
    ),
]


def _password(path: Path) -> str:
    try:
        text = sys.stdin.read(MAX_PASSWORD * 4 + 2) if str(path) == "-" else path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)[:80]
        raise InputError(
            [Problem("accounts.password_file", {"reason": reason}, source=str(path))]
        ) from exc
    lines = text.splitlines()
    password = lines[0] if lines else ""
    if not password:
        raise InputError([Problem("accounts.password_file", {"reason": "-"}, source=str(path))])
    return password


def _describe(user: UserRecord, lang: str) -> str:
    role = message(accounts.ROLE_LABELS.get(user.role, "role.local"), lang)
    state = message("admin.disabled" if user.disabled else "admin.active", lang)
    return message("accounts.changed", lang, username=user.username, role=role, state=state)


@users_app.command("add")
@edge
def users_add(
    name: Name,
    role: RoleOption,
    password_file: PasswordFile,
    administration: AdministrationOption = None,
    database: DatabaseOption = None,
    lang: LangOption = None,
) -> None:
    """Add a user account."""
    lang = check_lang(lang)
    user = accounts.add_user(
        cli_actor(),
        open_database(database),
        username=name,
        password=_password(password_file),
        role=role,
        administration=administration,
    )
    where = f", {user.administration}" if user.administration else ""
    role_name = message(accounts.ROLE_LABELS[user.role], lang)
    stderr().print(
        message(
            "accounts.added", lang, username=user.username, role=role_name, administration=where
        ),
        markup=False,
    )


@users_app.command("list")
@edge
def users_list(
    as_json: JsonOption = False, database: DatabaseOption = None, lang: LangOption = None
) -> None:
    """List the user accounts with their role, administration and state."""
    lang = check_lang(lang)
    users = accounts.list_users(cli_actor(), open_database(database))
    if as_json:
        print_json(
            [
                {
                    "username": u.username,
                    "role": u.role,
                    "administration": u.administration,
                    "member": u.member_code,
                    "disabled": u.disabled,
                    "last_login_at": u.last_login_at.isoformat() if u.last_login_at else None,
                }
                for u in users
            ]
        )
        return
    table = Table(box=None, pad_edge=False)
    for code in ("admin.username", "admin.role", "admin.administration", "admin.state"):
        table.add_column(message(code, lang))
    for u in users:
        table.add_row(
            u.username,
            message(accounts.ROLE_LABELS.get(u.role, "role.local"), lang),
            u.administration or "—",
            message("admin.disabled" if u.disabled else "admin.active", lang),
        )
    stdout().print(table)


@users_app.command("disable")
@edge
def users_disable(name: Name, database: DatabaseOption = None, lang: LangOption = None) -> None:
    """Disable a user account (its sessions end at once; it can be enabled again)."""
    lang = check_lang(lang)
    user = accounts.change_user(cli_actor(), open_database(database), name, disabled=True)
    stderr().print(_describe(user, lang), markup=False)


@users_app.command("enable")
@edge
def users_enable(name: Name, database: DatabaseOption = None, lang: LangOption = None) -> None:
    """Enable a disabled user account."""
    lang = check_lang(lang)
    user = accounts.change_user(cli_actor(), open_database(database), name, disabled=False)
    stderr().print(_describe(user, lang), markup=False)


@users_app.command("set-role")
@edge
def users_set_role(
    name: Name,
    role: RoleOption,
    administration: AdministrationOption = None,
    database: DatabaseOption = None,
    lang: LangOption = None,
) -> None:
    """Change a user's role (and the Member they work for); their sessions end."""
    lang = check_lang(lang)
    user = accounts.change_user(
        cli_actor(), open_database(database), name, role=role, administration=administration
    )
    stderr().print(_describe(user, lang), markup=False)


@users_app.command("set-password")
@edge
def users_set_password(
    name: Name,
    password_file: PasswordFile,
    database: DatabaseOption = None,
    lang: LangOption = None,
) -> None:
    """Give a user a new password; their sessions end."""
    lang = check_lang(lang)
    user = accounts.change_user(
        cli_actor(), open_database(database), name, password=_password(password_file)
    )
    stderr().print(_describe(user, lang), markup=False)

"""The command and settings references (docs/cli.md, docs/settings.md), made from the code.

Every command, argument and option is read from the command line's own definition, and every
setting from :data:`gcat.settings.SETTINGS`, so the docs cannot fall behind: a test compares the
files with what this module makes. Run ``python -m gcat.cli.reference DOCS_FOLDER`` to rewrite
them after a change.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from gcat.settings import SETTINGS

__all__ = ["cli_reference", "settings_reference", "undocumented", "write_references"]


def _command() -> Any:
    """The root command as Typer builds it (its own click-like objects)."""
    from gcat.cli import app

    return typer.main.get_command(app)


def _walk(group: Any, prefix: str) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for name in sorted(group.commands):
        command = group.commands[name]
        path = f"{prefix} {name}"
        found.append((path, command))
        if hasattr(command, "commands"):
            found += _walk(command, path)
    return found


def _is_option(param: Any) -> bool:
    return bool(param.param_type_name == "option")


def _first_line(text: str | None) -> str:
    return (text or "").strip().split("\n\n")[0].replace("\n", " ")


def undocumented() -> list[str]:
    """Commands, arguments and options without a help text (an empty list when all have one)."""
    missing = []
    for path, command in _walk(_command(), "gcat"):
        if not _first_line(command.help):
            missing.append(path)
        for param in command.params:
            if not getattr(param, "help", None):
                missing.append(f"{path} {param.opts[0] if _is_option(param) else param.name}")
    return missing


def cli_reference() -> str:
    """docs/cli.md."""
    lines = [
        "# Command reference",
        "",
        "Every `gcat` command with its arguments and options, made from the command line's own",
        "definition (`python -m gcat.cli.reference docs` rewrites this page; a test checks it).",
        "Every command takes `--help`. Errors are one line in your language, exit code 2.",
        "",
    ]
    for path, command in _walk(_command(), "gcat"):
        lines += [f"## `{path}`", "", _first_line(command.help), ""]
        for param in command.params:
            if _is_option(param):
                names = ", ".join(f"`{opt}`" for opt in param.opts)
                lines.append(f"- {names}: {param.help or ''}")
            else:
                lines.append(f"- `{(param.name or '').upper()}`: {param.help or ''}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def settings_reference() -> str:
    """docs/settings.md."""
    lines = [
        "# Settings",
        "",
        "Each setting is read, in this order, from the command-line option that sets it, the",
        "environment variable `GCAT_<NAME>`, the config file, then its default. The config file",
        "is TOML, at the path in `GCAT_CONFIG` or `gcat.toml` in your user config folder, with",
        'the setting names in lower case as keys, for example `lang = "fr"`.',
        "",
        "(Made from `gcat.settings.SETTINGS`; a test checks that this page is current.)",
        "",
        "| setting | variable | default | what it is for |",
        "|---|---|---|---|",
    ]
    for setting in SETTINGS:
        default = setting.default_text or f"`{setting.default()}`"
        lines.append(f"| `{setting.name}` | `{setting.env}` | {default} | {setting.help} |")
    return "\n".join(lines) + "\n"


def write_references(folder: Path) -> list[Path]:
    """Write cli.md and settings.md into ``folder``; their paths."""
    paths = [folder / "cli.md", folder / "settings.md"]
    for path, text in zip(paths, (cli_reference(), settings_reference()), strict=True):
        path.write_text(text, "utf-8")
    return paths


if __name__ == "__main__":
    for written in write_references(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")):
        print(written)

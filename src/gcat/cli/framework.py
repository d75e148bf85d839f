"""``gcat framework``: browse, validate and document frameworks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gcat.cli.app import app
from gcat.cli.common import (
    JsonOption,
    LangOption,
    ModuleOption,
    check_lang,
    edge,
    fail,
    print_json,
    problem,
    stdout,
)
from gcat.errors import InputError
from gcat.frameworks import available_frameworks, load_framework, validate_path
from gcat.i18n import message, message_n
from gcat.reference_docs import write_indicator_docs
from gcat.shapes import framework_to_json
from gcat.terminal import render_framework, render_problems

__all__ = ["framework_app"]

framework_app = typer.Typer(help="Browse, validate and document frameworks.", no_args_is_help=True)
app.add_typer(framework_app, name="framework")


@framework_app.command("list")
@edge
def framework_list(lang: LangOption = None) -> None:
    """List installed frameworks."""
    lang = check_lang(lang)
    for framework_id, version in available_frameworks():
        loaded = load_framework(framework_id, version)
        summary = message(
            "framework.summary",
            lang,
            domains=len(loaded.domains),
            indicators=len(loaded.indicators),
        )
        typer.echo(f"{framework_id}@{version}  {loaded.title[lang]} — {summary}")


@framework_app.command("show")
@edge
def framework_show(
    lang: LangOption = None,
    as_json: JsonOption = False,
    domain: Annotated[str | None, typer.Option(help="Show only this domain id.")] = None,
    framework: Annotated[str, typer.Option(help="Framework id@version.")] = "gcat@1.0",
    module: ModuleOption = None,
) -> None:
    """Show domains, indicators and level descriptors (JSON has every language)."""
    lang = check_lang(lang)
    framework_id, _, version = framework.partition("@")
    loaded = load_framework(framework_id, version or "1.0", module or ())
    if domain is not None and not loaded.has_domain(domain):
        raise InputError([problem("check.unknown_domain", "--domain", value=domain)])
    if as_json:
        data = framework_to_json(loaded)
        if domain is not None:
            data["domains"] = [d for d in data["domains"] if d["id"] == domain]
        print_json(data)
    else:
        render_framework(stdout(), loaded, lang, domain)


@framework_app.command("validate")
@edge
def framework_validate(
    path: Annotated[
        Path, typer.Argument(help="A framework folder, framework.yaml or a module file.")
    ],
    lang: LangOption = None,
) -> None:
    """Check a framework or module file and report every problem with file, line and field."""
    lang = check_lang(lang)
    problems = validate_path(path)
    if not problems:
        typer.echo(message("validate.ok", lang, path=str(path)))
        return
    render_problems(problems, lang)
    raise fail(message_n("validate.failed", len(problems), lang))


@framework_app.command("docs")
@edge
def framework_docs(
    output_dir: Annotated[
        Path, typer.Option("--output-dir", "-o", help="Folder for indicators.<lang>.md.")
    ] = Path("docs"),
    lang: LangOption = None,
) -> None:
    """Write the indicator reference (indicators.en.md, .fr.md, .es.md) from the framework data."""
    lang = check_lang(lang)
    try:
        paths = write_indicator_docs(load_framework(), output_dir)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError([problem("file.unwritable", str(output_dir), reason=reason)]) from exc
    for path in paths:
        typer.echo(message("cli.written", lang, path=str(path)))

"""Commands on answers files: new, score, plan, check, and the demo."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from gcat.answers_file import evaluate_file
from gcat.cli.app import app
from gcat.cli.common import (
    FileArgument,
    JsonOption,
    LangOption,
    ModuleOption,
    check_lang,
    edge,
    fail,
    print_json,
    problem,
    stdout,
    written,
)
from gcat.demo import DEMO_CYCLES, demo_evaluations, write_demo_files
from gcat.errors import InputError
from gcat.frameworks import load_framework
from gcat.i18n import message, message_n
from gcat.shapes import plan_to_json, result_to_json
from gcat.template import render_template
from gcat.terminal import render_plan, render_problems, render_score, render_top_actions

__all__ = ["check", "demo", "new", "plan", "score"]


@app.command()
@edge
def new(
    administration: Annotated[str, typer.Option(help="Name of the customs administration.")],
    cycle: Annotated[str, typer.Option(help="Assessment cycle, for example 2025.")],
    domains: Annotated[
        str | None, typer.Option(help="Comma-separated domain ids to cover (default: all).")
    ] = None,
    lang: LangOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).")
    ] = None,
    framework: Annotated[
        str, typer.Option(help="Framework id@version (the version may be given with --version).")
    ] = "gcat@1.0",
    version: Annotated[
        str | None, typer.Option("--version", help="Framework version, for example 1.1.")
    ] = None,
    module: ModuleOption = None,
) -> None:
    """Write a blank answers file, with each indicator's levels as comments."""
    lang = check_lang(lang)
    framework_id, _, in_framework = framework.partition("@")
    loaded = load_framework(framework_id, version or in_framework or "1.0", module or ())
    selected = [d.strip() for d in domains.split(",") if d.strip()] if domains is not None else None
    text = render_template(
        loaded, administration=administration, cycle=cycle, domains=selected, lang=lang
    )
    if output is None:
        sys.stdout.write(text)
        return
    if output.exists():
        raise InputError([problem("cli.file_exists", str(output))])
    try:
        output.write_text(text, "utf-8")
    except OSError as exc:
        raise InputError(
            [problem("file.unwritable", str(output), reason=exc.strerror or "")]
        ) from exc
    written(output, lang)


@app.command()
@edge
def score(
    file: FileArgument,
    as_json: JsonOption = False,
    lang: LangOption = None,
    module: ModuleOption = None,
) -> None:
    """Score an answers file under both rules: domains, overall, completeness, evidence."""
    lang = check_lang(lang)
    evaluation = evaluate_file(file, module or ())
    if as_json:
        print_json(result_to_json(evaluation, lang))
    else:
        render_score(stdout(), evaluation, lang)


@app.command()
@edge
def plan(
    file: FileArgument,
    as_json: JsonOption = False,
    lang: LangOption = None,
    module: ModuleOption = None,
) -> None:
    """Print the improvement plan of an answers file, by domain and priority."""
    lang = check_lang(lang)
    evaluation = evaluate_file(file, module or ())
    if as_json:
        print_json(plan_to_json(evaluation, lang))
    else:
        render_plan(stdout(), evaluation, lang)


@app.command()
@edge
def check(file: FileArgument, lang: LangOption = None, module: ModuleOption = None) -> None:
    """Check an answers file and list every problem with its line and field."""
    lang = check_lang(lang)
    try:
        evaluation = evaluate_file(file, module or ())
    except InputError as exc:
        render_problems(exc.problems, lang)
        raise fail(message_n("validate.failed", len(exc.problems), lang)) from None
    result = evaluation.result
    answered = sum(d.answered for d in result.domains)
    total = sum(d.total for d in result.domains)
    typer.echo(message_n("check.ok", total, lang, path=str(file), answered=answered))


@app.command()
@edge
def demo(
    lang: LangOption = None,
    write: Annotated[
        Path | None, typer.Option(help="Also copy the demo answers files into this folder.")
    ] = None,
) -> None:
    """Show the demo administration's results (2025 against 2024) and its top 8 actions."""
    lang = check_lang(lang)
    paths = write_demo_files(write) if write is not None else []
    previous, current = demo_evaluations()
    console = stdout()
    console.print(message("demo.intro", lang, cycles=" → ".join(DEMO_CYCLES)))
    render_score(console, current, lang, previous=previous)
    console.print()
    render_top_actions(console, current, lang, count=8)
    console.print(message("demo.more", lang, count=len(current.plan.items)))
    for path in paths:
        console.print(message("cli.written", lang, path=str(path)))

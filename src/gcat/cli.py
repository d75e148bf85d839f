"""The ``gcat`` command line: a thin adapter over :mod:`gcat.services`.

Every :class:`~gcat.errors.GcatError` becomes a one-line message in the chosen language and exit
code 2; nothing is written when a command fails.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
import yaml
from rich.console import Console

from gcat import __version__
from gcat.answers_file import assessment_to_data, evaluate_file
from gcat.demo import DEMO_CYCLES, demo_evaluations, write_demo_files
from gcat.errors import GcatError, InputError
from gcat.frameworks import available_frameworks, load_framework, validate_path
from gcat.i18n import LANGUAGES, message, message_n, resolve_language
from gcat.reference_docs import write_indicator_docs
from gcat.services.exchange import export_file, read_import, render_report
from gcat.shapes import framework_to_json, plan_to_json, result_to_json
from gcat.template import render_template
from gcat.terminal import (
    render_framework,
    render_plan,
    render_problems,
    render_score,
    render_top_actions,
)

__all__ = ["app", "main"]

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    help="Green Customs Assessment Tool: assess, score and plan green customs maturity.",
    add_completion=False,
    pretty_exceptions_enable=False,
)
framework_app = typer.Typer(help="Browse, validate and document frameworks.", no_args_is_help=True)
app.add_typer(framework_app, name="framework")

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


def _stdout() -> Console:
    return Console(soft_wrap=False)


def _fail(text: str) -> typer.Exit:
    Console(stderr=True, soft_wrap=True).print(text, markup=False, highlight=False)
    return typer.Exit(code=2)


def _edge(func: F) -> F:
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
            raise _fail(f"{_error_label(lang)} {text}") from None
        except GcatError as exc:
            raise _fail(f"{_error_label(lang)} {exc.localized(lang)}") from None

    return wrapper  # type: ignore[return-value]


def _error_label(lang: str) -> str:
    return message("label", lang, label=message("cli.error", lang))


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _check_lang(lang: str | None) -> str:
    short = lang.split(".")[0].split("_")[0].split("-")[0].lower() if lang else None
    if lang is not None and resolve_language(lang) != short:
        raise InputError([_problem("check.bad_choice", "--lang", choices=", ".join(LANGUAGES))])
    return resolve_language(lang)


def _problem(code: str, field: str, **params: Any) -> Any:
    from gcat.errors import Problem

    return Problem(code, params, field=field)


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        typer.echo(f"gcat {__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        ctx.invoke(serve)


@app.command()
@_edge
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
    framework: Annotated[str, typer.Option(help="Framework id@version.")] = "gcat@1.0",
    module: ModuleOption = None,
) -> None:
    """Write a blank answers file, with each indicator's levels as comments."""
    lang = _check_lang(lang)
    framework_id, _, version = framework.partition("@")
    loaded = load_framework(framework_id, version or "1.0", module or ())
    selected = [d.strip() for d in domains.split(",") if d.strip()] if domains is not None else None
    text = render_template(
        loaded, administration=administration, cycle=cycle, domains=selected, lang=lang
    )
    if output is None:
        sys.stdout.write(text)
        return
    if output.exists():
        raise InputError([_problem("cli.file_exists", str(output))])
    try:
        output.write_text(text, "utf-8")
    except OSError as exc:
        raise InputError(
            [_problem("file.unwritable", str(output), reason=exc.strerror or "")]
        ) from exc
    Console(stderr=True).print(message("cli.written", lang, path=str(output)))


@app.command()
@_edge
def score(
    file: FileArgument,
    as_json: JsonOption = False,
    lang: LangOption = None,
    module: ModuleOption = None,
) -> None:
    """Score an answers file under both rules: domains, overall, completeness, evidence."""
    lang = _check_lang(lang)
    evaluation = evaluate_file(file, module or ())
    if as_json:
        _print_json(result_to_json(evaluation, lang))
    else:
        render_score(_stdout(), evaluation, lang)


@app.command()
@_edge
def plan(
    file: FileArgument,
    as_json: JsonOption = False,
    lang: LangOption = None,
    module: ModuleOption = None,
) -> None:
    """Print the improvement plan of an answers file, by domain and priority."""
    lang = _check_lang(lang)
    evaluation = evaluate_file(file, module or ())
    if as_json:
        _print_json(plan_to_json(evaluation, lang))
    else:
        render_plan(_stdout(), evaluation, lang)


@app.command()
@_edge
def check(file: FileArgument, lang: LangOption = None, module: ModuleOption = None) -> None:
    """Check an answers file and list every problem with its line and field."""
    lang = _check_lang(lang)
    try:
        evaluation = evaluate_file(file, module or ())
    except InputError as exc:
        render_problems(exc.problems, lang)
        raise _fail(message_n("validate.failed", len(exc.problems), lang)) from None
    result = evaluation.result
    answered = sum(d.answered for d in result.domains)
    total = sum(d.total for d in result.domains)
    typer.echo(message_n("check.ok", total, lang, path=str(file), answered=answered))


@app.command()
@_edge
def demo(
    lang: LangOption = None,
    write: Annotated[
        Path | None, typer.Option(help="Also copy the demo answers files into this folder.")
    ] = None,
) -> None:
    """Show the demo administration's results (2025 against 2024) and its top 8 actions."""
    lang = _check_lang(lang)
    written = write_demo_files(write) if write is not None else []
    previous, current = demo_evaluations()
    console = _stdout()
    console.print(message("demo.intro", lang, cycles=" → ".join(DEMO_CYCLES)))
    render_score(console, current, lang, previous=previous)
    console.print()
    render_top_actions(console, current, lang, count=8)
    console.print(message("demo.more", lang, count=len(current.plan.items)))
    for path in written:
        console.print(message("cli.written", lang, path=str(path)))


@app.command()
@_edge
def serve(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.", min=1, max=65535)] = 8765,
    database: Annotated[
        str | None, typer.Option(help="Database URL (default: SQLite in your data folder).")
    ] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open a browser.")
    ] = False,
    demo: Annotated[bool, typer.Option("--demo", help="Load the demo assessments first.")] = False,
    lang: LangOption = None,
) -> None:
    """Start the assessment app in your browser (this is also what plain `gcat` does)."""
    from gcat.server import run_server

    run_server(
        port=port, database=database, open_browser=not no_browser, demo=demo, lang=_check_lang(lang)
    )


def _write_output(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so nothing is ever half-written."""
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InputError(
            [_problem("file.unwritable", str(path), reason=exc.strerror or "")]
        ) from exc


OutputOption = Annotated[Path, typer.Option("--output", "-o", help="File to write.")]


@app.command()
@_edge
def report(
    file: FileArgument,
    output: OutputOption,
    fmt: Annotated[str, typer.Option("--format", "-f", help="pdf, docx or html.")] = "pdf",
    previous: Annotated[
        Path | None, typer.Option(help="Answers file of the previous cycle, to show the changes.")
    ] = None,
    lang: LangOption = None,
    module: ModuleOption = None,
) -> None:
    """Write the assessment report as PDF, editable Word or HTML."""
    lang = _check_lang(lang)
    evaluation = evaluate_file(file, module or ())
    before = evaluate_file(previous, module or ()) if previous is not None else None
    _write_output(output, render_report(evaluation, fmt, lang, previous=before).data)
    Console(stderr=True).print(message("cli.written", lang, path=str(output)))


@app.command()
@_edge
def export(
    file: FileArgument,
    output: OutputOption,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="xlsx, json, xlsform or csv.")
    ] = "xlsx",
    lang: LangOption = None,
    module: ModuleOption = None,
) -> None:
    """Export to an Excel workbook, a .gcat.json exchange file, an XLSForm or CSV."""
    lang = _check_lang(lang)
    _write_output(output, export_file(evaluate_file(file, module or ()), fmt, lang).data)
    Console(stderr=True).print(message("cli.written", lang, path=str(output)))


@app.command("import")
@_edge
def import_command(
    source: Annotated[Path, typer.Argument(help="Workbook, .gcat.json or ODK/Kobo CSV export.")],
    output: OutputOption,
    submission: Annotated[
        str | None, typer.Option(help="Submission to take when a CSV export holds several.")
    ] = None,
    lang: LangOption = None,
) -> None:
    """Check a filled-in file and convert it back into an answers file (no database needed)."""
    lang = _check_lang(lang)
    if output.exists():
        raise InputError([_problem("cli.file_exists", str(output))])
    _, assessment = read_import(source, submission=submission)
    text = yaml.safe_dump(assessment_to_data(assessment), allow_unicode=True, sort_keys=False)
    _write_output(output, text.encode("utf-8"))
    Console(stderr=True).print(message("cli.written", lang, path=str(output)))


@framework_app.command("list")
@_edge
def framework_list(lang: LangOption = None) -> None:
    """List installed frameworks."""
    lang = _check_lang(lang)
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
@_edge
def framework_show(
    lang: LangOption = None,
    as_json: JsonOption = False,
    domain: Annotated[str | None, typer.Option(help="Show only this domain id.")] = None,
    framework: Annotated[str, typer.Option(help="Framework id@version.")] = "gcat@1.0",
    module: ModuleOption = None,
) -> None:
    """Show domains, indicators and level descriptors (JSON has every language)."""
    lang = _check_lang(lang)
    framework_id, _, version = framework.partition("@")
    loaded = load_framework(framework_id, version or "1.0", module or ())
    if domain is not None and not loaded.has_domain(domain):
        raise InputError([_problem("check.unknown_domain", "--domain", value=domain)])
    if as_json:
        data = framework_to_json(loaded)
        if domain is not None:
            data["domains"] = [d for d in data["domains"] if d["id"] == domain]
        _print_json(data)
    else:
        render_framework(_stdout(), loaded, lang, domain)


@framework_app.command("validate")
@_edge
def framework_validate(
    path: Annotated[
        Path, typer.Argument(help="A framework folder, framework.yaml or a module file.")
    ],
    lang: LangOption = None,
) -> None:
    """Check a framework or module file and report every problem with file, line and field."""
    lang = _check_lang(lang)
    problems = validate_path(path)
    if not problems:
        typer.echo(message("validate.ok", lang, path=str(path)))
        return
    render_problems(problems, lang)
    raise _fail(message_n("validate.failed", len(problems), lang))


@framework_app.command("docs")
@_edge
def framework_docs(
    output_dir: Annotated[
        Path, typer.Option("--output-dir", "-o", help="Folder for indicators.<lang>.md.")
    ] = Path("docs"),
    lang: LangOption = None,
) -> None:
    """Write the indicator reference (indicators.en.md, .fr.md, .es.md) from the framework data."""
    lang = _check_lang(lang)
    try:
        paths = write_indicator_docs(load_framework(), output_dir)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError([_problem("file.unwritable", str(output_dir), reason=reason)]) from exc
    for path in paths:
        typer.echo(message("cli.written", lang, path=str(path)))


def main() -> None:
    """Console-script entry point."""
    app()

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
    OutputOption,
    check_lang,
    edge,
    fail,
    print_json,
    problem,
    stdout,
    write_output,
    written,
)
from gcat.errors import FrameworkDataError, InputError
from gcat.frameworks import available_frameworks, load_framework, validate_path
from gcat.frameworks.loader import is_draft
from gcat.i18n import message, message_n
from gcat.reference_docs import write_indicator_docs
from gcat.shapes import framework_to_json
from gcat.terminal import render_framework, render_problems

__all__ = ["framework_app"]

framework_app = typer.Typer(help="Browse, validate and document frameworks.", no_args_is_help=True)
app.add_typer(framework_app, name="framework")


FrameworkOption = Annotated[
    str, typer.Option(help="Framework id@version (the version may be given with --version).")
]
VersionOption = Annotated[
    str | None, typer.Option("--version", help="Framework version, for example 1.1.")
]


def _chosen(framework: str, version: str | None) -> tuple[str, str]:
    """The framework id and version of ``--framework id@version`` and ``--version``."""
    framework_id, _, in_framework = framework.partition("@")
    return framework_id, version or in_framework or "1.0"


@framework_app.command("list")
@edge
def framework_list(lang: LangOption = None, as_json: JsonOption = False) -> None:
    """List installed frameworks (the packaged versions and any drafts)."""
    lang = check_lang(lang)
    if as_json:
        print_json(
            [
                {"id": framework_id, "version": version, "draft": is_draft(framework_id, version)}
                for framework_id, version in available_frameworks()
            ]
        )
        return
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
    framework: FrameworkOption = "gcat@1.0",
    version: VersionOption = None,
    module: ModuleOption = None,
) -> None:
    """Show domains, indicators and level descriptors (JSON has every language)."""
    lang = check_lang(lang)
    framework_id, chosen = _chosen(framework, version)
    loaded = load_framework(framework_id, chosen, module or ())
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


@framework_app.command("export")
@edge
def framework_export(
    output: OutputOption,
    version: VersionOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="xlsx.")] = "xlsx",
    framework: FrameworkOption = "gcat@1.0",
    lang: LangOption = None,
) -> None:
    """Write a version as a workbook for authors and translators: one sheet per domain, a row
    per indicator, a column per text and language (title::fr, level_3::es)."""
    from gcat.services.toolkit import export_toolkit

    lang = check_lang(lang)
    write_output(output, export_toolkit(*_chosen(framework, version), fmt).data)
    written(output, lang)


@framework_app.command("import")
@edge
def framework_import(
    file: Annotated[Path, typer.Argument(help="A workbook made by gcat framework export.")],
    as_version: Annotated[str, typer.Option("--as", help="Version name of the new draft.")],
    lang: LangOption = None,
) -> None:
    """Check an edited workbook cell by cell and write it as a new draft version beside the
    released ones, with a report of the texts added, changed and retired per language."""
    from gcat.services.toolkit import import_toolkit

    lang = check_lang(lang)
    try:
        draft = import_toolkit(file, as_version, lang)
    except FrameworkDataError as exc:
        render_problems(exc.problems, lang)
        raise fail(message_n("validate.failed", len(exc.problems), lang)) from None
    console = stdout()
    console.print(
        message("toolkit.imported", lang, version=draft.version, path=str(draft.path)),
        markup=False,
        highlight=False,
    )
    if draft.changes is not None:
        for text_lang in draft.changes.languages:
            counts = " · ".join(
                message_n(f"toolkit.count_{kind}", draft.changes.count(text_lang, kind), lang)
                for kind in ("added", "changed", "retired")
            )
            label = message("label", lang, label=text_lang)
            console.print(f"  {label} {counts}", markup=False, highlight=False)
    if draft.report is not None:
        written(draft.report, lang)


@framework_app.command("publish")
@edge
def framework_publish(
    output: OutputOption,
    version: VersionOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="pdf or docx (editable).")] = "pdf",
    framework: FrameworkOption = "gcat@1.0",
    lang: LangOption = None,
) -> None:
    """Write the toolkit as one document: introduction, maturity scale, scoring guide with a
    worked example, every domain and indicator, glossary and reference documents."""
    from gcat.services.toolkit import publish_toolkit

    lang = check_lang(lang)
    write_output(output, publish_toolkit(*_chosen(framework, version), fmt, lang).data)
    written(output, lang)


@framework_app.command("feedback")
@edge
def framework_feedback(
    files: Annotated[
        list[Path], typer.Argument(help="Members' .gcat.json files exported with their feedback.")
    ],
    output: OutputOption,
    fmt: Annotated[str, typer.Option("--format", "-f", help="xlsx or html.")] = "xlsx",
    lang: LangOption = None,
) -> None:
    """Collect the pilot feedback of members' exchange files for the framework's authors: per
    indicator and level, how many found it unclear or not fitting, and every note."""
    from gcat.services.toolkit import collect_feedback_files

    lang = check_lang(lang)
    write_output(output, collect_feedback_files(files, fmt, lang).data)
    written(output, lang)

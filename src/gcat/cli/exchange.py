"""Commands that write reports and exchange files, and read filled-in files back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import yaml

from gcat.answers_file import assessment_to_data, evaluate_file
from gcat.cli.app import app
from gcat.cli.common import (
    FileArgument,
    LangOption,
    ModuleOption,
    OutputOption,
    check_lang,
    edge,
    problem,
    write_output,
    written,
)
from gcat.cli.files import read_input
from gcat.errors import InputError
from gcat.services.compendium import practices_of_pack
from gcat.services.exchange import read_import
from gcat.services.outputs import OutputRequest, formats, render

__all__ = ["export", "import_command", "report"]


@app.command()
@edge
def report(
    file: FileArgument,
    output: OutputOption,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"{', '.join(formats('report'))}.")
    ] = "pdf",
    previous: Annotated[
        Path | None, typer.Option(help="Answers file of the previous cycle, to show the changes.")
    ] = None,
    compendium: Annotated[
        Path | None,
        typer.Option(help="A Compendium pack: show who already did each plan action."),
    ] = None,
    lang: LangOption = None,
    module: ModuleOption = None,
) -> None:
    """Write the assessment report as PDF, editable Word or HTML."""
    lang = check_lang(lang)
    evaluation = evaluate_file(file, module or ())
    before = evaluate_file(previous, module or ()) if previous is not None else None
    published = practices_of_pack(read_input(compendium), str(compendium)) if compendium else []
    request = OutputRequest(evaluation, lang, before, published=tuple(published))
    write_output(output, render("report", fmt, request).data)
    written(output, lang)


@app.command()
@edge
def export(
    file: FileArgument,
    output: OutputOption,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"{', '.join(formats('export'))}.")
    ] = "xlsx",
    lang: LangOption = None,
    module: ModuleOption = None,
) -> None:
    """Export to an Excel workbook, a .gcat.json exchange file, an XLSForm or CSV."""
    lang = check_lang(lang)
    request = OutputRequest(evaluate_file(file, module or ()), lang)
    write_output(output, render("export", fmt, request).data)
    written(output, lang)


@app.command("import")
@edge
def import_command(
    source: Annotated[Path, typer.Argument(help="Workbook, .gcat.json or ODK/Kobo CSV export.")],
    output: OutputOption,
    submission: Annotated[
        str | None, typer.Option(help="Submission to take when a CSV export holds several.")
    ] = None,
    lang: LangOption = None,
) -> None:
    """Check a filled-in file and convert it back into an answers file (no database needed)."""
    lang = check_lang(lang)
    if output.exists():
        raise InputError([problem("cli.file_exists", str(output))])
    _, assessment = read_import(source, submission=submission)
    text = yaml.safe_dump(assessment_to_data(assessment), allow_unicode=True, sort_keys=False)
    write_output(output, text.encode("utf-8"))
    written(output, lang)

"""Commands of the assessment team: move an answers file to a new framework version, and reach
a consensus from several assessors' files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from gcat.cli.app import app
from gcat.cli.common import (
    FileArgument,
    JsonOption,
    LangOption,
    OutputOption,
    check_lang,
    edge,
    print_json,
    problem,
    stdout,
    write_output,
    written,
)
from gcat.errors import InputError
from gcat.reports.upgrade import ChangeReport, change_report, change_report_markdown
from gcat.services.upgrade import upgrade_file

__all__ = ["upgrade"]


def _refuse_existing(*paths: Path | None) -> None:
    for path in paths:
        if path is not None and path.exists():
            raise InputError([problem("cli.file_exists", str(path))])


def _print_report(report: ChangeReport) -> None:
    console = stdout()
    console.print(Text(report.title, style="bold"))
    console.print(report.summary, markup=False, highlight=False)
    if not report.review:
        return
    table = Table(title=report.t("upgrade.section_review"), title_justify="left")
    for code in ("upgrade.column_indicator", "upgrade.column_before", "upgrade.column_reason"):
        table.add_column(report.t(code))
    for line in report.review:
        table.add_row(f"{line.indicator_id} {line.title}", line.before, " ".join(line.reasons))
    console.print(table)


@app.command()
@edge
def upgrade(
    file: FileArgument,
    to: Annotated[str, typer.Option("--to", help="Framework version to move to, e.g. 1.1.")],
    output: OutputOption,
    report: Annotated[
        Path | None, typer.Option(help="Also write the change report (Markdown) to this file.")
    ] = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Move an answers file to a newer framework version through the version map.

    Every answer is carried where the map allows; the others are flagged, with the reason at
    the head of their comment. Comments, evidence, targets and N/A reasons always travel.
    """
    lang = check_lang(lang)
    _refuse_existing(output, report)
    done = upgrade_file(file, to, lang)
    outcome = done.outcome
    account = outcome.account
    described = change_report(account, outcome.old, outcome.new, outcome.id_map, lang)
    write_output(output, done.text.encode("utf-8"))
    if report is not None:
        write_output(report, change_report_markdown(described).encode("utf-8"))
    if as_json:
        print_json(account.to_json())
    else:
        _print_report(described)
    written(output, lang)
    if report is not None:
        written(report, lang)

"""Commands of the assessment team: move an answers file to a new framework version, and reach
a consensus from several assessors' files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from gcat.answers_file import assessment_to_data
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
from gcat.core.agreement import NA, Agreement
from gcat.errors import InputError
from gcat.i18n import message, message_n
from gcat.reports.formatting import Formatter
from gcat.reports.upgrade import ChangeReport, change_report, change_report_markdown
from gcat.services.consensus import Consensus, agreement_to_json, consensus_files
from gcat.services.upgrade import upgrade_file

__all__ = ["consensus", "upgrade"]


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


def agreement_lines(result: Agreement, domain_title: dict[str, str], lang: str) -> list[str]:
    """The agreement figures as sentences: alpha overall and per domain, the shares."""
    fmt = Formatter(lang)

    def alpha(value: float | None) -> str:
        return "—" if value is None else fmt.plain(round(value, 3))

    def share(value: float | None) -> str:
        return "—" if value is None else fmt.percent(100 * value)

    lines = [
        message("consensus.alpha", lang, alpha=alpha(result.alpha)),
        message(
            "consensus.shares",
            lang,
            exact=share(result.exact_agreement),
            within=share(result.within_one),
            count=len(result.compared),
        ),
        message_n("consensus.disagreements", len(result.disagreements), lang),
    ]
    lines += [
        f"  {message('label', lang, label=domain_title[domain])} α = {alpha(value)}"
        for domain, value in result.alpha_by_domain.items()
    ]
    return lines


def _print_consensus(done: Consensus, lang: str) -> None:
    console = stdout()
    result = done.agreement
    first = done.assessments[0]
    console.print(
        Text(
            message_n(
                "consensus.title",
                len(done.assessors),
                lang,
                administration=first.administration,
                cycle=first.cycle,
            ),
            style="bold",
        )
    )
    titles = {d.id: d.title[lang] for d in done.framework.domains}
    for line in agreement_lines(result, titles, lang):
        console.print(line, markup=False, highlight=False)
    table = Table()
    table.add_column(message("upgrade.column_indicator", lang))
    for name in done.assessors:
        table.add_column(name, justify="center")
    for code in ("consensus.column_range", "consensus.column_proposed"):
        table.add_column(message(code, lang), justify="center")
    na = message("q.na_short", lang)
    for item in result.indicators:
        cells = [na if s == NA else ("—" if s is None else str(s)) for s in item.scores]
        proposed = item.proposed
        shown = na if proposed == NA else ("—" if proposed is None else str(proposed))
        mark = "⚠ " if item.disagreement else ""
        table.add_row(
            f"{mark}{item.indicator_id}",
            *cells,
            "—" if item.range is None else str(item.range),
            shown,
            style="bold yellow" if item.disagreement else None,
        )
    console.print(table)


@app.command()
@edge
def consensus(
    files: Annotated[
        list[Path], typer.Argument(help="Answers files of one assessment, one per assessor.")
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the agreed answers file (the proposed levels)."),
    ] = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Compare several assessors' answers files: levels, range, median and a proposed level per
    indicator, disagreements of more than one level, Krippendorff's alpha (ordinal) overall and
    per domain, and the share of indicators in exact agreement or within one level."""
    lang = check_lang(lang)
    _refuse_existing(output)
    done = consensus_files(files, lang)
    if output is not None:
        import yaml

        text = yaml.safe_dump(
            assessment_to_data(done.agreed), allow_unicode=True, sort_keys=False, width=100
        )
        head = message("consensus.file_header", lang, assessors=", ".join(done.assessors))
        write_output(output, f"# {head}\n{text}".encode())
    if as_json:
        print_json(agreement_to_json(done))
    else:
        _print_consensus(done, lang)
    if output is not None:
        written(output, lang)

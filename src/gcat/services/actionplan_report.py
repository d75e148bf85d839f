"""The committee progress report of the action plan, in HTML, Word or PDF."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from gcat.actionplan.report import CommitteeReport, build_report
from gcat.core.actionplan import Status
from gcat.errors import InputError, Problem
from gcat.i18n import resolve_language
from gcat.policy.access import Actor, Right, require
from gcat.services import actionplan
from gcat.services.outputs import Output

__all__ = ["REPORT_FORMATS", "committee_report", "report_content"]

REPORT_FORMATS = ("docx", "pdf", "html")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_content(
    actor: Actor, engine: sa.Engine, *, as_of: date | None, compare: str | None, lang: str
) -> CommitteeReport:
    """The report's content on ``as_of``, compared with a date or a snapshot if asked."""
    require(actor, Right.SECRETARIAT)
    read = actionplan.reading(actor, engine, as_of)
    summary = read.summary
    comparison = base = None
    if compare:
        base = actionplan.baseline(actor, engine, read, compare)
        comparison = actionplan.comparison(read, base)
    return build_report(
        read.plan,
        read.states,
        read.as_of,
        resolve_language(lang),
        summary_counts=summary.by_status,
        percents={status: summary.percent(status) for status in Status},
        by_pillar=summary.by_pillar,
        by_owner=summary.by_owner,
        comparison=comparison,
        compared_label=base.label if base else "",
        compared_on=base.as_of if base else None,
    )


def committee_report(
    actor: Actor,
    engine: sa.Engine,
    *,
    as_of: date | None,
    compare: str | None,
    fmt: str,
    lang: str,
) -> Output:
    """The committee report as ``docx`` (editable), ``pdf`` or ``html``."""
    if fmt not in REPORT_FORMATS:
        problem = Problem(
            "check.bad_choice", {"choices": ", ".join(REPORT_FORMATS)}, field="--format"
        )
        raise InputError([problem])
    report = report_content(actor, engine, as_of=as_of, compare=compare, lang=lang)
    if fmt == "docx":
        from gcat.actionplan.report_docx import render_report_docx

        return Output(render_report_docx(report), DOCX, ".docx")
    if fmt == "pdf":
        from gcat.actionplan.report_pdf import render_report_pdf

        return Output(render_report_pdf(report), "application/pdf", ".pdf")
    from gcat.actionplan.report_html import render_report_html

    return Output(render_report_html(report).encode("utf-8"), "text/html; charset=utf-8", ".html")

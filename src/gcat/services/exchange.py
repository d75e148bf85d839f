"""Reports and exchange files: one entry point per direction, dispatching on the format."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from gcat.core.assessment import Assessment
from gcat.core.evaluation import Evaluation
from gcat.core.model import Framework
from gcat.errors import AnswersFileError, Problem
from gcat.limits import MAX_IMPORT_BYTES
from gcat.policy.access import Actor
from gcat.policy.consent import PracticeView, Released
from gcat.reports.context import PracticeRef
from gcat.services.assessments import import_assessment
from gcat.storage.records import Tracking

__all__ = [
    "EXPORT_FORMATS",
    "REPORT_FORMATS",
    "Output",
    "export_file",
    "import_file",
    "read_import",
    "render_report",
    "store_import",
    "who_did_refs",
]

REPORT_FORMATS = ("pdf", "docx", "html")
EXPORT_FORMATS = ("xlsx", "json", "xlsform", "csv")


@dataclass(frozen=True, slots=True)
class Output:
    """A produced file: its bytes, media type and usual file-name ending."""

    data: bytes
    media_type: str
    suffix: str


def render_report(
    evaluation: Evaluation,
    fmt: str,
    lang: str,
    *,
    previous: Evaluation | None = None,
    tracking: Mapping[str, Tracking] | None = None,
    published: Sequence[Released[PracticeView]] = (),
) -> Output:
    """The report of ``evaluation`` as PDF, Word or HTML; beside each plan action, up to three
    of the ``published`` practices that did the same ("who already did this")."""
    from gcat.reports.context import build_context

    context = build_context(
        evaluation,
        lang=lang,
        previous=previous,
        tracking=tracking,
        who_did=who_did_refs(evaluation, published, lang) if published else None,
    )
    if fmt == "pdf":
        from gcat.reports.pdf import render_pdf

        return Output(render_pdf(context), "application/pdf", ".pdf")
    if fmt == "docx":
        from gcat.reports.docx import render_docx

        media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return Output(render_docx(context), media, ".docx")
    if fmt == "html":
        from gcat.reports.html import render_html

        return Output(render_html(context).encode("utf-8"), "text/html; charset=utf-8", ".html")
    raise _bad_format(fmt, REPORT_FORMATS)


def who_did_refs(
    evaluation: Evaluation, published: Sequence[Released[PracticeView]], lang: str
) -> dict[str, list[PracticeRef]]:
    """For each plan action, the published practices that did the same, as report lines."""
    from gcat.compendium.context import practice_reference
    from gcat.compendium.who import who_already_did

    items = [
        (item.indicator_id, evaluation.framework.indicator(item.indicator_id).domain_id)
        for item in evaluation.plan.items
    ]
    return {
        indicator_id: [
            PracticeRef(
                member=match.view.member.name_in(lang),
                title=match.view.title,
                lang=match.view.lang,
                reference=practice_reference(match.view.id),
            )
            for match in matches
        ]
        for indicator_id, matches in who_already_did(items, published).items()
        if matches
    }


def export_file(
    evaluation: Evaluation, fmt: str, lang: str, *, tracking: Mapping[str, Tracking] | None = None
) -> Output:
    """``evaluation`` as a workbook, an exchange file, an XLSForm or a CSV file."""
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    if fmt == "xlsx":
        from gcat.exchange.xlsx import export_workbook

        return Output(export_workbook(evaluation, lang), xlsx, ".xlsx")
    if fmt == "json":
        from gcat.exchange.exchange_file import export_exchange

        plan_tracking = {k: (t.owner, t.due, t.status) for k, t in (tracking or {}).items()}
        return Output(
            export_exchange(evaluation, tracking=plan_tracking), "application/json", ".gcat.json"
        )
    if fmt == "xlsform":
        from gcat.exchange.xlsform import export_xlsform

        return Output(export_xlsform(evaluation, lang), xlsx, ".xlsform.xlsx")
    if fmt == "csv":
        from gcat.exchange.csv_export import export_csv

        return Output(export_csv(evaluation, lang), "text/csv; charset=utf-8", ".csv")
    raise _bad_format(fmt, EXPORT_FORMATS)


def _bad_format(fmt: str, choices: tuple[str, ...]) -> AnswersFileError:
    return AnswersFileError(
        [Problem("check.bad_choice", {"choices": ", ".join(choices)}, field=f"--format {fmt}")]
    )


def import_file(
    data: bytes, name: str, *, submission: str | None = None
) -> tuple[Framework, Assessment]:
    """Read a filled-in workbook, a ``.gcat.json`` exchange file or an ODK/Kobo CSV export."""
    if len(data) > MAX_IMPORT_BYTES:
        raise AnswersFileError(
            [Problem("file.too_large", {"limit": MAX_IMPORT_BYTES // 1024**2}, source=name)]
        )
    lower = name.lower()
    if lower.endswith(".xlsx"):
        from gcat.exchange.xlsx import import_workbook

        return import_workbook(data, name)
    if lower.endswith(".json"):
        from gcat.exchange.exchange_import import import_exchange

        return import_exchange(data, name)
    if lower.endswith(".csv"):
        from gcat.exchange.odk_import import import_odk_csv

        return import_odk_csv(data, name, submission=submission)
    raise AnswersFileError(
        [Problem("import.unknown_type", {"allowed": ".xlsx, .gcat.json, .csv"}, source=name)]
    )


def store_import(
    actor: Actor, engine: sa.Engine, data: bytes, name: str, *, submission: str | None = None
) -> int:
    """Check a filled-in file and store it as a new assessment; its id.

    Blocking work (parsing, checking, one write transaction): the app runs it in a worker
    thread so that a hostile file never stalls other requests.
    """
    _, assessment = import_file(data, name, submission=submission)
    return import_assessment(actor, engine, assessment)


def read_import(path: Path, *, submission: str | None = None) -> tuple[Framework, Assessment]:
    """:func:`import_file` on a file, refusing oversized ones before reading them."""
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise AnswersFileError(
                [
                    Problem(
                        "file.too_large", {"limit": MAX_IMPORT_BYTES // 1024**2}, source=str(path)
                    )
                ]
            )
        data = path.read_bytes()
    except OSError as exc:
        problem = Problem("file.unreadable", {"reason": exc.strerror or str(exc)}, source=str(path))
        raise AnswersFileError([problem]) from exc
    return import_file(data, str(path), submission=submission)

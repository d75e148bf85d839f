"""Every file gcat makes of an assessment, in one table: reports and exports.

An :class:`Exporter` has a kind (``report`` or ``export``), a format name, a media type, a
file-name ending and a function that makes the bytes from an :class:`OutputRequest`. The CLI
(``gcat report``/``gcat export``), the app's downloads and their worker all look formats up
here, so a new format is one entry, and a step that must see every output (a sanitiser, a
consent check) has one place to stand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sqlalchemy as sa

from gcat.core.agreement import Agreement
from gcat.core.evaluation import Evaluation
from gcat.core.records import ConsensusDecision, EvidenceFile, FeedbackNote, SignOff, Tracking
from gcat.errors import AnswersFileError, Problem
from gcat.policy.access import Actor

if TYPE_CHECKING:
    from gcat.policy.consent import PracticeView, Released
    from gcat.reports.context import PracticeRef

__all__ = [
    "EXPORTERS",
    "Exporter",
    "Output",
    "OutputRequest",
    "exporter",
    "formats",
    "render",
    "stored_request",
    "who_did_refs",
]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True, slots=True)
class OutputRequest:
    """What an output is made from: the evaluation, the language, and for reports the previous
    cycle, the plan's tracking and the published practices of the Compendium ("who already did
    this" beside each plan action)."""

    evaluation: Evaluation
    lang: str
    previous: Evaluation | None = None
    tracking: Mapping[str, Tracking] = field(default_factory=dict)
    published: tuple[Released[PracticeView], ...] = ()
    signoff: SignOff | None = None
    """The sign-off of a signed assessment: reports and the exchange file carry it."""
    attachments: tuple[EvidenceFile, ...] = ()
    """The evidence files (the exchange file lists them, never their bytes)."""
    agreement: Agreement | None = None
    """The agreement of the assessors who revealed their scores (reports show its figures)."""
    decisions: tuple[ConsensusDecision, ...] = ()
    """The levels decided by consensus (reports list them)."""
    feedback: tuple[FeedbackNote, ...] | None = None
    """Framework feedback notes for the exchange file, only when the user asked (opt-in)."""


@dataclass(frozen=True, slots=True)
class Output:
    """A produced file: its bytes, media type and usual file-name ending."""

    data: bytes
    media_type: str
    suffix: str


@dataclass(frozen=True, slots=True)
class Exporter:
    """One format of one kind of output."""

    kind: str
    name: str
    media_type: str
    suffix: str
    make: Callable[[OutputRequest], bytes]


def _report(request: OutputRequest):  # type: ignore[no-untyped-def]
    """The report's content. A previous cycle answered under another framework version is
    compared through the map between the versions, and the report says so; with no map
    between them, it is left out."""
    from gcat.reports.context import build_context
    from gcat.services.upgrade import comparable_previous

    previous, cross = comparable_previous(request.previous, request.evaluation.framework)
    return build_context(
        request.evaluation,
        lang=request.lang,
        previous=previous,
        tracking=request.tracking,
        cross_version=cross,
        signoff=request.signoff,
        agreement=request.agreement,
        decisions=request.decisions,
        who_did=who_did_refs(request.evaluation, request.published, request.lang),
    )


def who_did_refs(
    evaluation: Evaluation, published: Sequence[Released[PracticeView]], lang: str
) -> dict[str, list[PracticeRef]]:
    """For each plan action, the published practices that did the same, as report lines."""
    if not published:
        return {}
    from gcat.compendium.context import practice_reference
    from gcat.compendium.who import who_already_did
    from gcat.reports.context import PracticeRef

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


def _pdf(request: OutputRequest) -> bytes:
    from gcat.reports.pdf import render_pdf

    return render_pdf(_report(request))


def _docx(request: OutputRequest) -> bytes:
    from gcat.reports.docx import render_docx

    return render_docx(_report(request))


def _html(request: OutputRequest) -> bytes:
    from gcat.reports.html import render_html

    return render_html(_report(request)).encode("utf-8")


def _xlsx(request: OutputRequest) -> bytes:
    from gcat.exchange.xlsx import export_workbook

    return export_workbook(request.evaluation, request.lang)


def _exchange(request: OutputRequest) -> bytes:
    from gcat.exchange.exchange_file import export_exchange

    tracking = {k: (t.owner, t.due, t.status) for k, t in request.tracking.items()}
    return export_exchange(
        request.evaluation,
        tracking=tracking,
        attachments=request.attachments,
        signoff=request.signoff,
        feedback=request.feedback,
    )


def _xlsform(request: OutputRequest) -> bytes:
    from gcat.exchange.xlsform import export_xlsform

    return export_xlsform(request.evaluation, request.lang)


def _csv(request: OutputRequest) -> bytes:
    from gcat.exchange.csv_export import export_csv

    return export_csv(request.evaluation, request.lang)


EXPORTERS: dict[tuple[str, str], Exporter] = {
    (e.kind, e.name): e
    for e in (
        Exporter("report", "pdf", "application/pdf", ".pdf", _pdf),
        Exporter("report", "docx", DOCX, ".docx", _docx),
        Exporter("report", "html", "text/html; charset=utf-8", ".html", _html),
        Exporter("export", "xlsx", XLSX, ".xlsx", _xlsx),
        Exporter("export", "json", "application/json", ".gcat.json", _exchange),
        Exporter("export", "xlsform", XLSX, ".xlsform.xlsx", _xlsform),
        Exporter("export", "csv", "text/csv; charset=utf-8", ".csv", _csv),
    )
}


def formats(kind: str) -> tuple[str, ...]:
    """The format names of ``kind``, in the table's order."""
    return tuple(name for k, name in EXPORTERS if k == kind)


def exporter(kind: str, name: str) -> Exporter:
    """The exporter of ``kind`` and format ``name`` (a located error naming the choices)."""
    found = EXPORTERS.get((kind, name))
    if found is None:
        choices = ", ".join(formats(kind)) or "report, export"
        raise AnswersFileError(
            [Problem("check.bad_choice", {"choices": choices}, field=f"--format {name}"[:60])]
        )
    return found


def render(kind: str, name: str, request: OutputRequest) -> Output:
    """Make the ``kind`` output in format ``name``."""
    found = exporter(kind, name)
    return Output(found.make(request), found.media_type, found.suffix)


def stored_request(
    actor: Actor,
    engine: sa.Engine,
    assessment_id: int,
    lang: str,
    kind: str,
    *,
    with_feedback: bool = False,
) -> OutputRequest:
    """Everything an output of a stored assessment is made from: its evaluation, for a report
    the previous cycle and the Compendium's published practices, the plan's tracking, the
    evidence files, the sign-off, the team's agreement and consensus decisions, and (when
    ``with_feedback``) the framework feedback."""
    from gcat.services import assessments, evidence, feedback, team, tracking
    from gcat.services.compendium import published_practices

    loaded = assessments.load(actor, engine, assessment_id)
    previous = assessments.previous_evaluation(actor, engine, loaded) if kind == "report" else None
    agreed, decided = team.team_outline(actor, engine, assessment_id)
    return OutputRequest(
        loaded.evaluate(),
        lang,
        previous,
        tracking.plan_tracking(actor, engine, assessment_id),
        signoff=loaded.stored.signoff,
        attachments=tuple(evidence.evidence_files(actor, engine, assessment_id)),
        agreement=agreed,
        decisions=decided,
        feedback=(
            tuple(feedback.feedback_notes(actor, engine, assessment_id)) if with_feedback else None
        ),
        published=tuple(published_practices(actor, engine)) if kind == "report" else (),
    )

"""The survey's documents in every format: the report and the framework validation."""

from __future__ import annotations

import json

import sqlalchemy as sa

from gcat.core.survey_records import SurveyData
from gcat.errors import InputError, Problem
from gcat.policy.access import Actor
from gcat.services.survey import load_survey

__all__ = [
    "REPORT_FORMATS",
    "VALIDATION_FORMATS",
    "check_format",
    "render_report",
    "render_validation",
    "survey_report",
    "survey_validation",
]

REPORT_FORMATS = ("json", "html", "xlsx", "docx", "pdf")
VALIDATION_FORMATS = ("json", "html", "docx")


def check_format(fmt: str, formats: tuple[str, ...]) -> None:
    """Refuse a format that is not one of ``formats``."""
    if fmt not in formats:
        raise InputError(
            [Problem("check.bad_choice", {"choices": ", ".join(formats)}, field="--format")]
        )


def survey_report(
    actor: Actor, engine: sa.Engine, fmt: str, lang: str, year: int | None = None
) -> bytes:
    """The survey report of ``year`` (default: the latest) as ``fmt``."""
    check_format(fmt, REPORT_FORMATS)
    return render_report(load_survey(actor, engine, year), fmt, lang)


def render_report(data: SurveyData, fmt: str, lang: str) -> bytes:
    """The report of a loaded survey as ``fmt`` (what the app's worker process runs)."""
    check_format(fmt, REPORT_FORMATS)
    if fmt == "json":
        from gcat.survey.view import report_json

        return json.dumps(report_json(data), ensure_ascii=False, indent=2).encode() + b"\n"
    from gcat.survey import render
    from gcat.survey.view import build_view

    view = build_view(data, lang)
    if fmt == "html":
        return render.render_html(view).encode()
    if fmt == "xlsx":
        return render.render_xlsx(view)
    if fmt == "pdf":
        from gcat.survey.pdf import render_pdf

        return render_pdf(view)
    return render.render_docx(view)


def survey_validation(
    actor: Actor, engine: sa.Engine, fmt: str, lang: str, year: int | None = None
) -> bytes:
    """The framework validation against the survey of ``year`` as ``fmt``."""
    check_format(fmt, VALIDATION_FORMATS)
    return render_validation(load_survey(actor, engine, year), fmt, lang)


def render_validation(data: SurveyData, fmt: str, lang: str) -> bytes:
    """The framework validation of a loaded survey as ``fmt`` (run by the app's worker)."""
    check_format(fmt, VALIDATION_FORMATS)
    from gcat.survey import render
    from gcat.survey.validation import validate_framework, validation_json

    validation = validate_framework(data, lang)
    if fmt == "json":
        return (
            json.dumps(validation_json(validation), ensure_ascii=False, indent=2).encode() + b"\n"
        )
    if fmt == "html":
        return render.render_validation_html(validation).encode()
    return render.render_validation_docx(validation)

"""Filled-in files coming back: workbooks, exchange files and ODK/Kobo CSV exports."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from gcat.core.assessment import Assessment
from gcat.core.model import Framework
from gcat.errors import AnswersFileError, Problem
from gcat.limits import MAX_IMPORT_BYTES
from gcat.policy.access import Actor
from gcat.services.assessments import import_assessment

__all__ = ["import_file", "read_import", "store_import"]


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

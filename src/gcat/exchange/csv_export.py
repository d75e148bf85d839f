"""CSV export: one row per indicator in scope, safe to open in a spreadsheet.

UTF-8 with a byte-order mark, so that Excel shows accents; comma-separated, CRLF line ends
(RFC 4180). A text cell that a spreadsheet could read as a formula gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io

from gcat.core.evaluation import Evaluation
from gcat.exchange.cells import looks_like_formula
from gcat.i18n import message, resolve_language

__all__ = ["export_csv", "neutralise"]

BOM = "\ufeff"
EVIDENCE_SEPARATOR = " | "
HEADER = (
    "exchange.csv_domain",
    "exchange.csv_indicator",
    "exchange.csv_title",
    "exchange.csv_level",
    "exchange.csv_reason",
    "exchange.csv_target",
    "exchange.csv_evidence",
    "exchange.csv_comment",
    "exchange.csv_flagged",
)


def neutralise(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet could run it as a formula.

    That is when it starts with a tab or a carriage return, or when its first visible
    character is ``=``, ``+``, ``-`` or ``@``.
    """
    return "'" + text if looks_like_formula(text) else text


def export_csv(evaluation: Evaluation, lang: str) -> bytes:
    """The answers of ``evaluation`` as CSV, with the header row and titles in ``lang``."""
    lang = resolve_language(lang)
    framework, assessment = evaluation.framework, evaluation.assessment
    yes, no = message("exchange.csv_yes", lang), message("exchange.csv_no", lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(message(code, lang)) for code in HEADER])
    for domain in assessment.domains_in_scope(framework):
        for indicator in domain.indicators:
            answer = assessment.answer(indicator.id)
            level: int | str = "" if answer.level is None else answer.level
            if answer.not_applicable:
                level = message("exchange.csv_na", lang)
            cells = (
                domain.title[lang],
                indicator.id,
                indicator.title[lang],
                level,
                answer.reason,
                "" if answer.target is None else answer.target,
                EVIDENCE_SEPARATOR.join(answer.evidence),
                answer.comment,
                yes if answer.flagged else no,
            )
            writer.writerow([neutralise(cell) if isinstance(cell, str) else cell for cell in cells])
    return (BOM + buffer.getvalue()).encode("utf-8")

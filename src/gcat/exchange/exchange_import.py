"""Reading a ``.gcat.json`` exchange file back: every check, then the answers-file parser.

Order matters for hostile files: the size, then a linear scan of the raw JSON that counts
what it holds (:mod:`gcat.exchange.json_reader`) before anything is built in memory, then the
structure, the checksum, and last the answer rules, which every other way in shares.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from gcat.answers_file import ANSWERS_SCHEMA, parse_answers
from gcat.core.assessment import Assessment
from gcat.core.evaluation import evaluate
from gcat.core.model import Framework
from gcat.core.signoff import content_hash
from gcat.errors import AnswersFileError
from gcat.exchange.exchange_file import FORMAT, SCHEMA_VERSION, exchange_checksum
from gcat.exchange.exchange_rules import EXCHANGE, is_int
from gcat.exchange.json_reader import CountLimit, read_json
from gcat.frameworks.checks import Checker
from gcat.limits import MAX_ANSWERS, MAX_DOCUMENT_BYTES, MAX_EVIDENCE_ITEMS
from gcat.yamlio import Document

__all__ = ["EXCHANGE_LIMITS", "import_exchange", "read_exchange"]

EXCHANGE_LIMITS = (
    CountLimit(("answers",), MAX_ANSWERS, "answers.too_many"),  # the first cut, while scanning
    CountLimit(("answers", "*", "evidence"), MAX_EVIDENCE_ITEMS, "answers.too_many_evidence"),
    CountLimit(("plan",), MAX_ANSWERS, "answers.too_many"),
    CountLimit(("attachments",), MAX_ANSWERS, "answers.too_many"),
    CountLimit(("feedback",), MAX_ANSWERS, "answers.too_many"),
)
"""What a file may hold, counted while it is scanned, before it is parsed."""


def import_exchange(data: bytes, source: str) -> tuple[Framework, Assessment]:
    """Check an exchange file completely and return its framework and assessment.

    Raises :class:`AnswersFileError` with located problems when anything is wrong: the size,
    the encoding, the JSON, the structure, the checksum, the framework or any answer.
    """
    framework, assessment, _ = read_exchange(data, source)
    return framework, assessment


def read_exchange(data: bytes, source: str) -> tuple[Framework, Assessment, dict[str, Any]]:
    """:func:`import_exchange`, with the whole checked document (for its optional parts, such
    as the framework feedback).

    Raises :class:`AnswersFileError` with located problems when anything is wrong: the size,
    the encoding, the JSON, the structure, the checksum, the framework or any answer.
    """
    doc: Document = read_json(data, source, max_bytes=MAX_DOCUMENT_BYTES, limits=EXCHANGE_LIMITS)
    check = Checker(doc)
    _check_version(check, doc.data)
    EXCHANGE(check, doc.data, ())
    if check.problems:
        raise AnswersFileError(check.problems)
    top: dict[str, Any] = doc.data
    if top["checksum"]["value"] != exchange_checksum(top):
        check.add(("checksum", "value"), "exchange.bad_checksum")
        raise AnswersFileError(check.problems)
    answers = {key: top[key] for key in ("framework", "administration", "cycle", "answers")}
    if top["domains"] is not None:
        answers["domains"] = top["domains"]
    framework, assessment = parse_answers(
        Document({"schema": ANSWERS_SCHEMA, **answers}, doc.lines, source)
    )
    for part in ("plan", "attachments", "feedback"):
        for index, item in enumerate(top.get(part, ())):
            if item["indicator_id"] not in framework.indicators:
                path = (part, index, "indicator_id")
                check.add(path, "answers.unknown_indicator", id=item["indicator_id"])
    if check.problems:
        raise AnswersFileError(check.problems)
    if "signoff" in top and top["signoff"]["content_hash"] != _signed_hash(
        framework, assessment, top
    ):
        check.add(("signoff", "content_hash"), "exchange.signoff_mismatch")
        raise AnswersFileError(check.problems)
    return framework, assessment, top


def _signed_hash(framework: Framework, assessment: Assessment, top: dict[str, Any]) -> str:
    """The content hash of the file's assessment, attachments and plan tracking."""
    tracking = {
        item["indicator_id"]: (
            item["owner"],
            date.fromisoformat(item["due"]) if item["due"] else None,
            item["status"],
        )
        for item in top["plan"]
    }
    attachments = [(a["indicator_id"], a["filename"], a["sha256"]) for a in top["attachments"]]
    return content_hash(evaluate(framework, assessment), attachments, tracking)


def _check_version(check: Checker, top: Any) -> None:
    """Refuse what is not an exchange file, or one of a schema version this gcat cannot read."""
    if not isinstance(top, dict):
        check.add((), "check.not_mapping")
    elif top.get("format") != FORMAT:
        check.add(("format",), "exchange.not_exchange", expected=FORMAT)
    elif "schema_version" not in top:
        check.add((), "check.missing_key", key="schema_version")
    elif not (is_int(top["schema_version"]) and top["schema_version"] == SCHEMA_VERSION):
        value = json.dumps(top["schema_version"], ensure_ascii=False)[:20]
        check.add(
            ("schema_version",), "exchange.unknown_schema", value=value, supported=SCHEMA_VERSION
        )
    if check.problems:
        raise AnswersFileError(check.problems)

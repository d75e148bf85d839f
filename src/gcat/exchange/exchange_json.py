"""The ``.gcat.json`` exchange file: one assessment, its plan and a SHA-256 checksum.

The format is described in docs/exchange-format.md and published as a JSON Schema in
docs/exchange-schema.json; :func:`import_exchange` checks the same structure in Python, then
hands the answers to the answers-file parser so that every answer rule applies.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

from gcat.answers_file import ANSWERS_SCHEMA, NOT_APPLICABLE, parse_answers
from gcat.core.assessment import MAX_LEVEL, Answer, Assessment
from gcat.core.evaluation import Evaluation
from gcat.core.model import Framework
from gcat.core.planning import Horizon, ItemStatus, Priority
from gcat.errors import AnswersFileError, Problem
from gcat.frameworks.checks import Checker
from gcat.limits import MAX_NAME
from gcat.limits import MAX_TEXT as MAX_NOTE
from gcat.shapes import scores_to_json
from gcat.yamlio import Document

__all__ = [
    "CHECKSUM_ALGORITHM",
    "FORMAT",
    "MAX_EXCHANGE_BYTES",
    "SCHEMA_VERSION",
    "AttachmentInfo",
    "exchange_checksum",
    "export_exchange",
    "import_exchange",
]

FORMAT = "gcat-exchange"
SCHEMA_VERSION = 1
CHECKSUM_ALGORITHM = "sha256"
MAX_EXCHANGE_BYTES = 10 * 1024 * 1024
MAX_ID = 100
MAX_FILENAME = 255

PathKey = tuple[str | int, ...]
Tracking = tuple[str, date | None, str]
"""Owner, due date and status of a plan item."""


class AttachmentInfo(Protocol):
    """What the file records of an evidence file (the bytes are never included)."""

    @property
    def indicator_id(self) -> str: ...
    @property
    def filename(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def size(self) -> int: ...


# --- export ---------------------------------------------------------------------------------


def exchange_checksum(payload: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of ``payload`` without its ``checksum`` key."""
    content = {key: value for key, value in payload.items() if key != "checksum"}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def export_exchange(
    evaluation: Evaluation,
    *,
    exported_at: datetime | None = None,
    tracking: Mapping[str, Tracking] | None = None,
    attachments: Sequence[AttachmentInfo] = (),
) -> bytes:
    """The exchange file of ``evaluation`` (UTF-8 JSON), with its checksum."""
    framework, assessment = evaluation.framework, evaluation.assessment
    when = exported_at or datetime.now(UTC)
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    payload: dict[str, Any] = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "framework": {"id": assessment.framework_id, "version": assessment.framework_version},
        "administration": assessment.administration,
        "cycle": assessment.cycle,
        "domains": list(assessment.domains) if assessment.domains is not None else None,
        "exported_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "answers": {
            key: _answer_json(assessment.answers[key])
            for key in framework.indicators
            if key in assessment.answers
        },
        "attachments": [
            {
                "indicator_id": a.indicator_id,
                "filename": a.filename,
                "sha256": a.sha256,
                "size": a.size,
            }
            for a in attachments
        ],
        "plan": _plan_json(evaluation, tracking or {}),
        "results": _results_json(evaluation),
    }
    payload["checksum"] = {"algorithm": CHECKSUM_ALGORITHM, "value": exchange_checksum(payload)}
    return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "level": NOT_APPLICABLE if answer.not_applicable else answer.level,
        "reason": answer.reason,
        "target": answer.target,
        "comment": answer.comment,
        "evidence": list(answer.evidence),
        "flagged": answer.flagged,
    }


def _plan_json(evaluation: Evaluation, tracking: Mapping[str, Tracking]) -> list[dict[str, Any]]:
    items = []
    for item in evaluation.plan.items:
        owner, due, status = tracking.get(item.indicator_id, (item.owner, item.due, item.status))
        items.append(
            {
                "indicator_id": item.indicator_id,
                "current": item.current,
                "target": item.target,
                "priority": item.priority.value,
                "horizon": item.horizon.value,
                "owner": owner,
                "due": due.isoformat() if due else None,
                "status": ItemStatus(status).value,
            }
        )
    return items


def _results_json(evaluation: Evaluation) -> dict[str, Any]:
    result = evaluation.result
    return {**scores_to_json(result), "confidence_notes": list(result.confidence_notes)}


# --- reading: JSON with the line of every key -------------------------------------------------

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,\n]|NaN|Infinity')
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def _refuse(code: str, source: str, line: int | None = None, **params: Any) -> AnswersFileError:
    return AnswersFileError([Problem(code, params, source=source, line=line)])


@dataclass(slots=True)
class _Frame:
    """An object or a list being read: its path, and the keys seen (``None`` in a list)."""

    path: PathKey
    keys: set[str] | None
    index: int = 0
    key: str = ""
    expects_key: bool = True

    def child(self) -> PathKey:
        return (*self.path, self.key if self.keys is not None else self.index)


def _locate(text: str, source: str) -> dict[PathKey, int]:
    """The line of every key and list item of valid JSON ``text``.

    Refuses duplicate keys, lone surrogates (``"\\ud800"``, which no UTF-8 text can hold) and
    the non-standard ``NaN`` and ``Infinity`` that Python accepts.
    """
    lines: dict[PathKey, int] = {}
    frames: list[_Frame] = []
    line = 1
    for match in _TOKEN.finditer(text):
        piece = match.group()
        frame = frames[-1] if frames else None
        if piece == "\n":
            line += 1
        elif piece in ("NaN", "Infinity"):
            raise _refuse("exchange.not_json_number", source, line, value=piece)
        elif _SURROGATE.search(piece) and not _encodable(piece):
            raise _refuse("exchange.bad_unicode", source, line)
        elif frame is not None and piece in ",:}]":
            if piece == ",":
                frame.index += 1
                frame.expects_key = True
            elif piece == ":":
                frame.expects_key = False
            else:
                frames.pop()
        elif frame is not None and frame.keys is not None and frame.expects_key:
            key = json.loads(piece)
            if key in frame.keys:
                raise _refuse("yaml.duplicate_key", source, line, key=key)
            frame.keys.add(key)
            frame.key = key
            lines[frame.child()] = line
        else:  # a value: an object, a list or a string
            path = frame.child() if frame is not None else ()
            lines.setdefault(path, line)
            if piece in "{[":
                frames.append(_Frame(path, set() if piece == "{" else None))
    return lines


def _encodable(piece: str) -> bool:
    try:
        json.loads(piece).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _load(data: bytes, source: str) -> Document:
    if len(data) > MAX_EXCHANGE_BYTES:
        raise _refuse("file.too_large", source, limit=MAX_EXCHANGE_BYTES // 1024**2)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse("file.not_utf8", source) from exc
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _refuse("json.syntax", source, exc.lineno, reason=exc.msg) from exc
    except (ValueError, RecursionError) as exc:  # huge integers, deep nesting
        raise _refuse("yaml.too_complex", source) from exc
    return Document(value, _locate(text, source), source)


# --- the structure, as in docs/exchange-schema.json ------------------------------------------

Rule = Callable[[Checker, Any, PathKey], object]


def _object(fields: Mapping[str, Rule]) -> Rule:
    def rule(check: Checker, value: Any, path: PathKey) -> None:
        node = check.mapping(value, path, required=fields)
        for key, field in fields.items():
            if node is not None and key in node:
                field(check, node[key], (*path, key))

    return rule


def _mapping_of(item: Rule) -> Rule:
    def rule(check: Checker, value: Any, path: PathKey) -> None:
        if not isinstance(value, dict):
            check.add(path, "check.not_mapping")
            return
        for key, child in value.items():
            item(check, child, (*path, key))

    return rule


def _list_of(item: Rule) -> Rule:
    def rule(check: Checker, value: Any, path: PathKey) -> None:
        if not isinstance(value, list):
            check.add(path, "exchange.not_list")
            return
        for index, child in enumerate(value):
            item(check, child, (*path, index))

    return rule


def _nullable(inner: Rule) -> Rule:
    def rule(check: Checker, value: Any, path: PathKey) -> None:
        if value is not None:
            inner(check, value, path)

    return rule


def _text(limit: int, *, required: bool = False) -> Rule:
    def rule(check: Checker, value: Any, path: PathKey) -> None:
        if not isinstance(value, str):
            check.add(path, "check.not_text")
        elif required and not value.strip():
            check.add(path, "check.empty_text")
        elif len(value) > limit:
            check.add(path, "check.text_too_long", limit=limit)

    return rule


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _integer(low: int, high: int | None = None) -> Rule:
    def rule(check: Checker, value: Any, path: PathKey) -> None:
        if high is None and not (_is_int(value) and value >= low):
            check.add(path, "exchange.bad_count")
        elif high is not None and not (_is_int(value) and low <= value <= high):
            check.add(path, "exchange.bad_integer", low=low, high=high)

    return rule


def _number(high: int) -> Rule:
    def rule(check: Checker, value: Any, path: PathKey) -> None:
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not (number and 0 <= value <= high):
            check.add(path, "exchange.bad_number", low=0, high=high)

    return rule


def _choice(*choices: str) -> Rule:
    def rule(check: Checker, value: Any, path: PathKey) -> None:
        if not isinstance(value, str) or value not in choices:
            check.add(path, "check.bad_choice", choices=", ".join(choices))

    return rule


def _checked_before(check: Checker, value: Any, path: PathKey) -> None:
    """``format`` and ``schema_version``: checked first, by :func:`_check_version`."""


def _matching(pattern: str, parse: Callable[[str], object], code: str, **params: Any) -> Rule:
    compiled = re.compile(pattern)

    def rule(check: Checker, value: Any, path: PathKey) -> None:
        try:
            if not isinstance(value, str) or not compiled.fullmatch(value):
                raise ValueError(value)
            parse(value)
        except ValueError:
            check.add(path, code, **params)

    return rule


def _answer_level(code: str, *extra: str) -> Rule:
    """A level 0–5, ``None`` or one of ``extra``; ``code`` names the problem otherwise."""

    def rule(check: Checker, value: Any, path: PathKey) -> None:
        level = _is_int(value) and 0 <= value <= MAX_LEVEL
        if not (level or value is None or (isinstance(value, str) and value in extra)):
            check.add(path, code, value=str(value))

    return rule


_NAME = _text(MAX_NAME, required=True)
_NOTE = _text(MAX_NOTE)
_ID = _text(MAX_ID, required=True)
_LEVEL = _integer(0, MAX_LEVEL)
_OPTIONAL_LEVEL = _nullable(_LEVEL)
_COUNT = _integer(0)
_PERCENT = _number(100)
_SCORE = _nullable(_number(MAX_LEVEL))
_SHA256 = _matching("[0-9a-f]{64}", str, "exchange.bad_hex", length=64)
_DATE = _matching(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", date.fromisoformat, "exchange.bad_date")
_TIMESTAMP = _matching(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z",
    datetime.fromisoformat,
    "exchange.bad_timestamp",
)
_LEVELS = {"score": _SCORE, "level": _OPTIONAL_LEVEL, "level_noncompensatory": _OPTIONAL_LEVEL}

_EXCHANGE = _object(
    {
        "format": _checked_before,
        "schema_version": _checked_before,
        "framework": _object({"id": _NAME, "version": _NAME}),
        "administration": _NAME,
        "cycle": _NAME,
        "domains": _nullable(_list_of(_ID)),
        "exported_at": _TIMESTAMP,
        "answers": _mapping_of(
            _object(
                {
                    "level": _answer_level("answers.bad_level", NOT_APPLICABLE),
                    "reason": _NOTE,
                    "target": _answer_level("answers.bad_target"),
                    "comment": _NOTE,
                    "evidence": _list_of(_NOTE),
                    "flagged": Checker.boolean,
                }
            )
        ),
        "attachments": _list_of(
            _object(
                {
                    "indicator_id": _ID,
                    "filename": _text(MAX_FILENAME, required=True),
                    "sha256": _SHA256,
                    "size": _COUNT,
                }
            )
        ),
        "plan": _list_of(
            _object(
                {
                    "indicator_id": _ID,
                    "current": _LEVEL,
                    "target": _LEVEL,
                    "priority": _choice(*Priority),
                    "horizon": _choice(*Horizon),
                    "owner": _text(MAX_NAME),
                    "due": _nullable(_DATE),
                    "status": _choice(*ItemStatus),
                }
            )
        ),
        "results": _object(
            {
                "primary_rule": _choice("compensatory", "noncompensatory"),
                "domains": _list_of(
                    _object(
                        {
                            "id": _ID,
                            **_LEVELS,
                            "completeness": _PERCENT,
                            "answered": _COUNT,
                            "not_applicable": _COUNT,
                            "total": _COUNT,
                        }
                    )
                ),
                "overall": _object(_LEVELS),
                "completeness": _PERCENT,
                "evidence_coverage": _nullable(_PERCENT),
                "confidence_notes": _list_of(_ID),
            }
        ),
        "checksum": _object({"algorithm": _choice(CHECKSUM_ALGORITHM), "value": _SHA256}),
    }
)


# --- import ----------------------------------------------------------------------------------


def import_exchange(data: bytes, source: str) -> tuple[Framework, Assessment]:
    """Check an exchange file completely and return its framework and assessment.

    Raises :class:`AnswersFileError` with located problems when anything is wrong: the size,
    the encoding, the JSON, the structure, the checksum, the framework or any answer.
    """
    doc = _load(data, source)
    check = Checker(doc)
    _check_version(check, doc.data)
    _EXCHANGE(check, doc.data, ())
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
    for part in ("plan", "attachments"):
        for index, item in enumerate(top[part]):
            if item["indicator_id"] not in framework.indicators:
                path = (part, index, "indicator_id")
                check.add(path, "answers.unknown_indicator", id=item["indicator_id"])
    if check.problems:
        raise AnswersFileError(check.problems)
    return framework, assessment


def _check_version(check: Checker, top: Any) -> None:
    """Refuse what is not an exchange file, or one of a schema version this gcat cannot read."""
    if not isinstance(top, dict):
        check.add((), "check.not_mapping")
    elif top.get("format") != FORMAT:
        check.add(("format",), "exchange.not_exchange", expected=FORMAT)
    elif "schema_version" not in top:
        check.add((), "check.missing_key", key="schema_version")
    elif not (_is_int(top["schema_version"]) and top["schema_version"] == SCHEMA_VERSION):
        value = json.dumps(top["schema_version"], ensure_ascii=False)[:20]
        check.add(
            ("schema_version",), "exchange.unknown_schema", value=value, supported=SCHEMA_VERSION
        )
    if check.problems:
        raise AnswersFileError(check.problems)

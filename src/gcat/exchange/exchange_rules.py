"""The structure of a ``.gcat.json`` exchange file, as rules on the parsed JSON.

The same structure as the published JSON Schema (docs/exchange-schema.json); each rule adds a
located problem to a :class:`~gcat.frameworks.checks.Checker`. The answer rules proper are not
here: the importer hands the answers to the answers-file parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from gcat.answers_file import NOT_APPLICABLE
from gcat.core.assessment import MAX_LEVEL
from gcat.core.planning import Horizon, ItemStatus, Priority
from gcat.exchange.exchange_file import CHECKSUM_ALGORITHM
from gcat.frameworks.checks import Checker
from gcat.limits import MAX_NAME
from gcat.limits import MAX_TEXT as MAX_NOTE

__all__ = ["EXCHANGE", "PathKey", "Rule", "is_int"]

PathKey = tuple[str | int, ...]
MAX_ID = 100
MAX_FILENAME = 255

Rule = Callable[[Checker, Any, PathKey], object]


def _object(fields: Mapping[str, Rule], optional: Mapping[str, Rule] | None = None) -> Rule:
    """A mapping with every key of ``fields`` and maybe some of ``optional``, each checked."""
    extra = optional or {}

    def rule(check: Checker, value: Any, path: PathKey) -> None:
        node = check.mapping(value, path, required=fields, optional=extra)
        for key, field in {**fields, **extra}.items():
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


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _integer(low: int, high: int | None = None) -> Rule:
    def rule(check: Checker, value: Any, path: PathKey) -> None:
        if high is None and not (is_int(value) and value >= low):
            check.add(path, "exchange.bad_count")
        elif high is not None and not (is_int(value) and low <= value <= high):
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
        level = is_int(value) and 0 <= value <= MAX_LEVEL
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

EXCHANGE = _object(
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
    },
    optional={
        "feedback": _list_of(
            _object(
                {
                    "indicator_id": _ID,
                    "level": _nullable(_LEVEL),
                    "kind": _choice("unclear", "does_not_fit"),
                    "note": _NOTE,
                }
            )
        ),
        "signoff": _object(
            {
                "signed_by": _NAME,
                "signed_at": _TIMESTAMP,
                "content_hash": _SHA256,
                "note": _NOTE,
            }
        ),
    },
)

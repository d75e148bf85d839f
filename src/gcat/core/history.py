"""What one change of an answer changed: each field with its value before and after.

The history stores the whole answer before and after each save; :func:`field_changes` tells
which fields moved, in the order an officer reads a card (the answer, its reason, the target,
the flag, the evidence notes, the comment, the review state), so that a page or a report never
shows "level 2 → level 2" for a changed comment, nor mixes the level with the target.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from gcat.core.assessment import Answer

__all__ = [
    "FIELDS",
    "AnswerValue",
    "FieldChange",
    "HistoryFilter",
    "answer_value",
    "field_changes",
]

FIELDS = ("answer", "reason", "target", "flagged", "evidence_note", "comment", "to_review")
"""The fields of an answer as the history shows them; ``answer`` is the level or N/A."""

AnswerValue = int | str | bool | None
"""A field's value: a level (``answer``, ``target``), ``"na"``, a text or a flag."""


def answer_value(answer: Answer, evidence_note: str) -> dict[str, Any]:
    """An answer as the history stores it (the evidence notes as the one text the app edits;
    evidence files are recorded apart)."""
    return {
        "level": answer.level,
        "not_applicable": answer.not_applicable,
        "reason": answer.reason,
        "target": answer.target,
        "comment": answer.comment,
        "evidence_note": evidence_note,
        "flagged": answer.flagged,
        "to_review": answer.to_review,
    }


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of an answer that a save changed."""

    field: str
    before: AnswerValue
    after: AnswerValue


def _answer(value: Mapping[str, Any]) -> int | str | None:
    if value.get("not_applicable"):
        return "na"
    level = value.get("level")
    return int(level) if level is not None else None


def _fields(value: Mapping[str, Any] | None) -> dict[str, AnswerValue]:
    if value is None:
        return {name: None for name in FIELDS}
    return {
        "answer": _answer(value),
        "reason": str(value.get("reason") or "") or None,
        "target": value.get("target"),
        "flagged": bool(value.get("flagged")),
        "evidence_note": str(value.get("evidence_note") or "") or None,
        "comment": str(value.get("comment") or "") or None,
        "to_review": bool(value.get("to_review")),
    }


def field_changes(
    old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
) -> tuple[FieldChange, ...]:
    """The fields that differ between two stored values of an answer (``old`` None: created).

    A first save lists the fields it set (a false flag or an empty text is not listed).
    Values stored before a field existed read as its default.
    """
    before, after = _fields(old), _fields(new)
    changes = []
    for name in FIELDS:
        was, now = before[name], after[name]
        if old is None and now in (None, False):
            continue
        if was != now:
            changes.append(FieldChange(name, was, now))
    return tuple(changes)


@dataclass(frozen=True, slots=True)
class HistoryFilter:
    """Which changes of an assessment to show: by indicator, person and date (inclusive)."""

    indicator_id: str | None = None
    person: str | None = None
    start: date | None = None
    end: date | None = None

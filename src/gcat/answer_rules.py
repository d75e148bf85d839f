"""The one set of rules for an answer, shared by answers files, importers, the API and the app.

Adapters turn their input into plain values (a level or None, texts, a flag) and call
:func:`check_answer`; it cleans the texts (control characters, bidi overrides, line breaks),
applies the limits of :mod:`gcat.limits`, and returns the :class:`~gcat.core.assessment.Answer`
or the problems, each naming the answer's field (``level``, ``reason``, ``target``,
``comment``, ``evidence``…). The adapter says where the field is (a file line, a cell, a form
field). Warnings never stop an answer from being saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gcat.core.assessment import MAX_LEVEL, Answer
from gcat.core.model import Framework, Indicator
from gcat.core.text import clean_text
from gcat.limits import MAX_EVIDENCE_ITEMS, MAX_TEXT

__all__ = ["AnswerCheck", "Issue", "check_answer", "check_text"]


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem with one field of an answer: a message code and its parameters."""

    field: tuple[str | int, ...]
    code: str
    params: dict[str, Any]


@dataclass(frozen=True, slots=True)
class AnswerCheck:
    """The outcome of :func:`check_answer`: the answer when it can be saved, and the issues."""

    answer: Answer | None
    errors: tuple[Issue, ...] = ()
    warnings: tuple[Issue, ...] = field(default=())


def check_text(value: str, field: tuple[str | int, ...], errors: list[Issue]) -> str:
    """``value`` cleaned; an error in ``errors`` when it is longer than the limit."""
    cleaned = clean_text(value)
    if len(cleaned) > MAX_TEXT:
        errors.append(Issue(field, "check.text_too_long", {"limit": MAX_TEXT}))
        return ""
    return cleaned


def check_answer(
    framework: Framework,
    indicator_id: str,
    *,
    domains: Sequence[str] | None,
    level: int | None,
    not_applicable: bool = False,
    reason: str = "",
    target: int | None = None,
    comment: str = "",
    evidence: Sequence[str] = (),
    flagged: bool = False,
    raise_target: bool = False,
) -> AnswerCheck:
    """Check one answer to ``indicator_id`` in an assessment covering ``domains`` (None: all).

    A target is never below the level. In a file that is an error to fix; in the app
    (``raise_target``), where a card must never be blocked, the target is raised to the level
    and a warning says so.
    """
    errors: list[Issue] = []
    warnings: list[Issue] = []
    if indicator_id not in framework.indicators:
        return AnswerCheck(None, (Issue((), "answers.unknown_indicator", {"id": indicator_id}),))
    indicator = framework.indicator(indicator_id)
    if domains is not None and indicator.domain_id not in domains:
        return AnswerCheck(None, (Issue((), "answers.out_of_scope", {"id": indicator_id}),))
    reason = check_text(reason, ("reason",), errors)
    comment = check_text(comment, ("comment",), errors)
    if len(evidence) > MAX_EVIDENCE_ITEMS:
        errors.append(
            Issue(("evidence",), "answers.too_many_evidence", {"limit": MAX_EVIDENCE_ITEMS})
        )
        evidence = ()
    notes = tuple(
        note
        for index, item in enumerate(evidence)
        if (note := check_text(item, ("evidence", index), errors))
    )
    if len("\n".join(notes)) > MAX_TEXT:  # stored as one evidence note, as the app edits it
        errors.append(Issue(("evidence",), "check.text_too_long", {"limit": MAX_TEXT}))
    level, target = _check_levels(
        indicator, level, not_applicable, reason, target, raise_target, errors, warnings
    )
    if errors:
        return AnswerCheck(None, tuple(errors), tuple(warnings))
    answer = Answer(
        level=level,
        not_applicable=not_applicable,
        reason=reason,
        target=target,
        comment=comment,
        evidence=notes,
        flagged=flagged,
    )
    return AnswerCheck(answer, (), tuple(warnings))


def _check_levels(
    indicator: Indicator,
    level: int | None,
    not_applicable: bool,
    reason: str,
    target: int | None,
    raise_target: bool,
    errors: list[Issue],
    warnings: list[Issue],
) -> tuple[int | None, int | None]:
    """The level and target rules (range, N/A, target not below level)."""
    indicator_id = indicator.id
    if level is not None and not 0 <= level <= MAX_LEVEL:
        errors.append(Issue(("level",), "answers.bad_level", {"value": str(level)}))
        level = None
    if target is not None and not 0 <= target <= MAX_LEVEL:
        errors.append(Issue(("target",), "answers.bad_target", {"value": str(target)}))
        target = None
    if not_applicable:
        if level is not None:
            errors.append(Issue(("level",), "answers.level_and_na", {}))
        elif not indicator.not_applicable_allowed:
            errors.append(
                Issue(("not_applicable",), "answers.na_not_allowed", {"id": indicator_id})
            )
        elif not reason:
            errors.append(Issue(("reason",), "answers.na_needs_reason", {}))
    if level is not None and target is not None and target < level:
        params = {"target": target, "level": level}
        if raise_target:
            warnings.append(Issue(("target",), "answers.target_raised", params))
            target = level
        else:
            errors.append(Issue(("target",), "answers.target_below_level", params))
    return level, target

"""Answers files: human-editable YAML (or JSON) holding one assessment.

Format (keys other than ``framework``, ``administration``, ``cycle`` and ``answers`` optional)::

    schema: gcat-answers/1
    framework: {id: gcat, version: "1.0"}
    administration: Valdoria Revenue and Customs Authority
    cycle: "2025"
    domains: [policy_legislation, facilitation]     # all domains when absent
    answers:
      PL-01: {level: 2, target: 3, comment: ..., evidence: [...], flagged: false}
      PL-02: {level: na, reason: ...}

Every problem is reported with the file, line and field.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gcat.answer_rules import check_answer
from gcat.core.assessment import Answer, Assessment
from gcat.core.evaluation import Evaluation, evaluate
from gcat.core.model import Framework
from gcat.core.text import clean_line
from gcat.errors import AnswersFileError, FrameworkDataError, UnknownFrameworkError
from gcat.frameworks.checks import Checker
from gcat.frameworks.loader import load_framework
from gcat.limits import MAX_CYCLE, MAX_NAME
from gcat.yamlio import Document, DocumentError, read_document

__all__ = [
    "ANSWERS_SCHEMA",
    "answer_to_data",
    "assessment_to_data",
    "evaluate_file",
    "parse_answers",
    "read_answers",
]

ANSWERS_SCHEMA = "gcat-answers/1"
MAX_REPORTED = 20
"""Problems listed for a file that holds far too much."""
ANSWER_KEYS = ("level", "reason", "target", "comment", "evidence", "flagged")
NOT_APPLICABLE = "na"


def read_answers(path: Path, modules: Sequence[Path] = ()) -> tuple[Framework, Assessment]:
    """Read and check an answers file; return its framework and assessment."""
    try:
        doc = read_document(path)
    except DocumentError as exc:
        raise AnswersFileError([exc.problem]) from exc
    return parse_answers(doc, modules)


def evaluate_file(path: Path, modules: Sequence[Path] = ()) -> Evaluation:
    """Read, check, score and plan an answers file."""
    framework, assessment = read_answers(path, modules)
    return evaluate(framework, assessment)


def parse_answers(doc: Document, modules: Sequence[Path] = ()) -> tuple[Framework, Assessment]:
    """Check a parsed answers document; raise :class:`AnswersFileError` with every problem."""
    check = Checker(doc)
    top = check.mapping(
        doc.data,
        (),
        required=("framework", "administration", "cycle"),
        optional=("schema", "domains", "answers"),
    )
    if top is None or check.problems:
        raise AnswersFileError(check.problems)
    if top.get("schema", ANSWERS_SCHEMA) != ANSWERS_SCHEMA:
        check.add(("schema",), "check.bad_schema", expected=ANSWERS_SCHEMA)
    framework = _framework(check, top["framework"], modules)
    administration = _name(check, top["administration"], ("administration",))
    cycle = _name(check, top["cycle"], ("cycle",), allow_int=True, limit=MAX_CYCLE)
    if framework is None:
        raise AnswersFileError(check.problems)
    domains = _domains(check, framework, top.get("domains"))
    answers = _answers(check, framework, domains, top.get("answers"))
    if check.problems:
        raise AnswersFileError(check.problems)
    return framework, Assessment(
        framework_id=framework.id,
        framework_version=framework.version,
        administration=administration or "",
        cycle=cycle or "",
        answers=answers,
        domains=domains,
    )


def _answers(
    check: Checker, framework: Framework, domains: tuple[str, ...] | None, raw_answers: Any
) -> dict[str, Answer]:
    """The answers that pass every rule; a problem in ``check`` for each one that does not."""
    answers: dict[str, Answer] = {}
    if raw_answers is None:
        return answers
    if not isinstance(raw_answers, dict):
        check.add(("answers",), "check.not_mapping")
        return answers
    if len(raw_answers) > len(framework.indicators):
        # More answers than indicators: some ids are unknown. Name them and stop there, before
        # any answer is checked in detail (a hostile file may hold thousands).
        unknown = [key for key in raw_answers if key not in framework.indicators]
        for ind_id in unknown[:MAX_REPORTED]:
            check.add(("answers", ind_id), "answers.unknown_indicator", id=ind_id)
        return answers
    in_scope = {
        ind.id
        for domain in framework.domains
        if domains is None or domain.id in domains
        for ind in domain.indicators
    }
    for ind_id, raw in raw_answers.items():
        path = ("answers", ind_id)
        if ind_id not in framework.indicators:
            check.add(path, "answers.unknown_indicator", id=ind_id)
        elif ind_id not in in_scope:
            check.add(path, "answers.out_of_scope", id=ind_id)
        elif (answer := _answer(check, framework, ind_id, raw)) is not None:
            answers[ind_id] = answer
    return answers


def _framework(check: Checker, value: Any, modules: Sequence[Path]) -> Framework | None:
    node = check.mapping(value, ("framework",), required=("id", "version"))
    if node is None or "id" not in node or "version" not in node:
        return None
    try:
        return load_framework(str(node["id"]), str(node["version"]), modules)
    except UnknownFrameworkError:
        check.add(
            ("framework", "version"), "framework.unknown", id=node["id"], version=node["version"]
        )
    except FrameworkDataError as exc:
        check.problems.extend(exc.problems)
    return None


def _name(
    check: Checker, value: Any, path: tuple[str], *, allow_int: bool = False, limit: int = MAX_NAME
) -> str | None:
    if allow_int and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        value = clean_line(value)
    if not isinstance(value, str) or not value:
        check.add(path, "check.empty_text")
        return None
    if len(value) > limit:
        check.add(path, "check.text_too_long", limit=limit)
        return None
    return value


def _domains(check: Checker, framework: Framework, value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    known = [domain.id for domain in framework.domains]
    ids = check.id_list(value, ("domains",), known, "check.unknown_domain")
    if not ids and isinstance(value, list):
        check.add(("domains",), "answers.no_domains")
    if len(set(ids)) != len(ids):
        check.add(("domains",), "check.duplicate_id", id=", ".join(sorted(set(ids))))
    return tuple(ids)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _whole(value: Any) -> Any:
    """A quoted whole number ("3") read as the number."""
    return int(value) if isinstance(value, str) and value.strip().isdigit() else value


def _level(check: Checker, node: dict[str, Any], path: tuple[str, ...]) -> tuple[Any, bool]:
    """The level (an int, None, or a value that is not a level) and whether it is N/A."""
    level = _whole(node.get("level"))
    if level == "":
        return None, False  # an empty level, like an absent one, means "not answered yet"
    if isinstance(level, str) and level.strip().lower() in (NOT_APPLICABLE, "n/a"):
        return None, True
    if level is not None and not _is_int(level):
        check.add((*path, "level"), "answers.bad_level", value=str(level))
        return None, False
    return level, False


def _answer(check: Checker, framework: Framework, ind_id: str, raw: Any) -> Answer | None:
    path: tuple[str, ...] = ("answers", ind_id)
    if raw is None:
        return None
    node = check.mapping(raw, path, required=(), optional=ANSWER_KEYS)
    if node is None:
        return None
    before = len(check.problems)
    level, not_applicable = _level(check, node, path)
    target = _whole(node.get("target"))
    if target is not None and not _is_int(target):
        check.add((*path, "target"), "answers.bad_target", value=str(target))
        target = None
    evidence = node.get("evidence") or []
    if not isinstance(evidence, list):
        check.add((*path, "evidence"), "check.not_list")
        evidence = []
    notes = [_note(check, item, (*path, "evidence", i)) for i, item in enumerate(evidence)]
    flagged = check.boolean(node.get("flagged") or False, (*path, "flagged"))
    outcome = check_answer(
        framework,
        ind_id,
        domains=None,
        level=level,
        not_applicable=not_applicable,
        reason=_note(check, node.get("reason"), (*path, "reason")),
        target=target,
        comment=_note(check, node.get("comment"), (*path, "comment")),
        evidence=notes,
        flagged=bool(flagged),
    )
    for issue in outcome.errors:
        where = issue.field if issue.field != ("not_applicable",) else ("level",)  # "level: na"
        check.add((*path, *where), issue.code, **issue.params)
    if len(check.problems) > before:
        return None
    return outcome.answer


def _note(check: Checker, value: Any, path: tuple[str | int, ...]) -> str:
    """A text value as a string (numbers accepted); its rules are in :func:`check_answer`."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        check.add(path, "check.not_text")
        return ""
    return value


def answer_to_data(answer: Answer) -> dict[str, Any]:
    """The answers-file mapping of one answer (only the keys that carry something)."""
    data: dict[str, Any] = {"level": NOT_APPLICABLE if answer.not_applicable else answer.level}
    if answer.reason:
        data["reason"] = answer.reason
    if answer.target is not None:
        data["target"] = answer.target
    if answer.comment:
        data["comment"] = answer.comment
    if answer.evidence:
        data["evidence"] = list(answer.evidence)
    if answer.flagged:
        data["flagged"] = True
    return data


def assessment_to_data(assessment: Assessment) -> dict[str, Any]:
    """The answers-file mapping of a whole assessment."""
    data: dict[str, Any] = {
        "schema": ANSWERS_SCHEMA,
        "framework": {"id": assessment.framework_id, "version": assessment.framework_version},
        "administration": assessment.administration,
        "cycle": assessment.cycle,
    }
    if assessment.domains is not None:
        data["domains"] = list(assessment.domains)
    data["answers"] = {key: answer_to_data(a) for key, a in assessment.answers.items()}
    return data

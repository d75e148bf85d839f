"""Initiative records read from JSON Lines: the classifier's input and its training examples.

Every record is checked where it is read; a bad line raises an :class:`InputError` naming the
file and line. Texts go through :func:`gcat.core.text.clean_text`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from gcat.classify.labels import TAXONOMIES
from gcat.core.text import clean_line, clean_text
from gcat.errors import InputError, Problem
from gcat.i18n import LANGUAGES
from gcat.limits import MAX_CLASSIFY_LINES, MAX_IMPORT_BYTES, MAX_NAME, MAX_TEXT, MB

__all__ = [
    "Example",
    "Initiative",
    "check_labels",
    "parse_examples",
    "parse_initiatives",
    "read_jsonl",
]


@dataclass(frozen=True, slots=True)
class Initiative:
    """An initiative to classify: its id, text and language (None when to be detected)."""

    id: str
    text: str
    lang: str | None
    record: dict[str, Any]
    """The whole input line, written back with the suggestions added."""


@dataclass(frozen=True, slots=True)
class Example:
    """A labelled initiative: labels of each taxonomy, primary first."""

    id: str
    lang: str
    text: str
    thematic_areas: tuple[str, ...]
    gcat_domains: tuple[str, ...]
    source: str = "shipped"
    """``shipped`` (the package's training data) or ``confirmed`` (an analyst's decision)."""

    def labels(self, taxonomy: str) -> tuple[str, ...]:
        """The labels of ``taxonomy`` (``thematic_areas`` or ``gcat_domains``)."""
        return self.thematic_areas if taxonomy == "thematic_areas" else self.gcat_domains


def read_jsonl(data: bytes, source: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each non-blank line of ``data`` as ``(line number, JSON object)``."""
    if len(data) > MAX_IMPORT_BYTES:
        raise InputError([Problem("file.too_large", {"limit": MAX_IMPORT_BYTES // MB}, source)])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([Problem("file.not_utf8", {}, source)]) from None
    count = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        count += 1
        if count > MAX_CLASSIFY_LINES:
            raise InputError(
                [Problem("classify.too_many_lines", {"limit": MAX_CLASSIFY_LINES}, source, number)]
            )
        try:
            value = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = getattr(exc, "msg", "too deeply nested")
            raise InputError(
                [Problem("classify.bad_json", {"reason": reason}, source, number)]
            ) from None
        if not isinstance(value, dict):
            raise InputError([Problem("check.not_mapping", {}, source, number)])
        yield number, value


def _text(value: Any, source: str, line: int, field: str, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise InputError([Problem("check.not_text", {}, source, line, field)])
    cleaned = clean_text(value) if limit == MAX_TEXT else clean_line(value)
    if not cleaned:
        raise InputError([Problem("check.empty_text", {}, source, line, field)])
    if len(cleaned) > limit:
        raise InputError([Problem("check.text_too_long", {"limit": limit}, source, line, field)])
    return cleaned


def _lang(value: Any, source: str, line: int) -> str | None:
    if value is None:
        return None
    if value not in LANGUAGES:
        choices = {"choices": ", ".join(LANGUAGES)}
        raise InputError([Problem("check.bad_choice", choices, source, line, "lang")])
    return str(value)


def _id(value: Any, source: str, line: int) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError([Problem("check.not_text", {}, source, line, "id")])
    return _text(str(value), source, line, "id", MAX_NAME)


def parse_initiatives(data: bytes, source: str) -> list[Initiative]:
    """The initiatives of a JSON Lines file: ``id`` (default: the line number), ``text`` and an
    optional ``lang``; ids must be unique."""
    initiatives: list[Initiative] = []
    seen: set[str] = set()
    for line, record in read_jsonl(data, source):
        if "text" not in record:
            raise InputError([Problem("check.missing_key", {"key": "text"}, source, line)])
        ident = _id(record["id"], source, line) if "id" in record else str(line)
        if ident in seen:
            raise InputError([Problem("check.duplicate_id", {"id": ident}, source, line, "id")])
        seen.add(ident)
        text = _text(record["text"], source, line, "text")
        initiatives.append(Initiative(ident, text, _lang(record.get("lang"), source, line), record))
    if not initiatives:
        raise InputError([Problem("classify.no_lines", {}, source)])
    return initiatives


def check_labels(value: Any, taxonomy: str, source: str, line: int | None) -> tuple[str, ...]:
    """A non-empty list of distinct keys of ``taxonomy``, primary first."""
    keys = TAXONOMIES[taxonomy]
    if not isinstance(value, list) or not value:
        raise InputError([Problem("check.not_list", {}, source, line, taxonomy)])
    labels: list[str] = []
    for item in value:
        if item not in keys:
            code = "check.unknown_area" if taxonomy == "thematic_areas" else "check.unknown_domain"
            raise InputError([Problem(code, {"value": str(item)}, source, line, taxonomy)])
        if item in labels:
            raise InputError([Problem("check.duplicate_id", {"id": item}, source, line, taxonomy)])
        labels.append(item)
    return tuple(labels)


def parse_examples(data: bytes, source: str, known: Sequence[str] = ()) -> list[Example]:
    """Labelled examples (``id``, ``lang``, ``text``, ``thematic_areas``, ``gcat_domains``)."""
    examples: list[Example] = []
    seen = set(known)
    for line, record in read_jsonl(data, source):
        for key in ("id", "lang", "text", *TAXONOMIES):
            if key not in record:
                raise InputError([Problem("check.missing_key", {"key": key}, source, line)])
        ident = _id(record["id"], source, line)
        if ident in seen:
            raise InputError([Problem("check.duplicate_id", {"id": ident}, source, line, "id")])
        seen.add(ident)
        lang = _lang(record["lang"], source, line)
        if lang is None:
            raise InputError([Problem("check.missing_key", {"key": "lang"}, source, line)])
        examples.append(
            Example(
                ident,
                lang,
                _text(record["text"], source, line, "text"),
                check_labels(record["thematic_areas"], "thematic_areas", source, line),
                check_labels(record["gcat_domains"], "gcat_domains", source, line),
            )
        )
    return examples

"""YAML and JSON reading that remembers where every value came from.

:func:`load_document` returns the plain data plus a map from each path (a tuple of keys and
indexes) to its line number, so that validation errors can name the file, line and field.
Duplicate keys are refused rather than silently overwritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from gcat.errors import Problem

__all__ = ["MAX_DOCUMENT_BYTES", "Document", "DocumentError", "load_document", "read_document"]

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_NODES = 500_000  # guards against alias bombs ("billion laughs")

PathKey = tuple[str | int, ...]
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


class DocumentError(Exception):
    """A document that cannot be parsed; carries the located problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.code)


@dataclass(frozen=True, slots=True)
class Document:
    """Parsed data and the line (1-based) of each path in it."""

    data: Any
    lines: dict[PathKey, int]
    source: str

    def line_of(self, path: PathKey) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


def _problem(code: str, source: str, line: int | None = None, **params: Any) -> DocumentError:
    return DocumentError(Problem(code, params, source=source, line=line))


class _Builder:
    """Turns a composed YAML node tree into plain data, recording lines."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines: dict[PathKey, int] = {}
        self._scalars = yaml.SafeLoader("")
        self._count = 0

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self._count += 1
        if self._count > MAX_NODES:
            raise _problem("yaml.too_complex", self.source, node.start_mark.line + 1)
        self.lines[path] = node.start_mark.line + 1
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
            raise _problem(
                "yaml.syntax", self.source, node.start_mark.line + 1, reason=f"tag {node.tag}"
            )
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, (*path, "<key>"))
                if isinstance(key, (list, dict)):
                    raise _problem("yaml.bad_key", self.source, key_node.start_mark.line + 1)
                key = str(key) if not isinstance(key, str) else key
                if key in result:
                    raise _problem(
                        "yaml.duplicate_key", self.source, key_node.start_mark.line + 1, key=key
                    )
                result[key] = self.build(value_node, (*path, key))
            self.lines.pop((*path, "<key>"), None)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        if node.tag == _STR_TAG:
            return node.value
        return self._scalars.construct_object(node, deep=True)


def load_document(text: str, source: str, *, json_format: bool = False) -> Document:
    """Parse ``text`` (YAML, or JSON when ``json_format``) from ``source``."""
    if json_format:
        return _load_json(text, source)
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = (exc.problem or exc.context or "").strip()
        raise _problem("yaml.syntax", source, line, reason=reason) from exc
    except yaml.YAMLError as exc:
        raise _problem("yaml.syntax", source, None, reason=str(exc).splitlines()[0]) from exc
    if node is None:
        return Document(None, {}, source)
    builder = _Builder(source)
    try:
        data = builder.build(node, ())
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise _problem("yaml.syntax", source, line, reason=exc.problem or "") from exc
    return Document(data, builder.lines, source)


def _load_json(text: str, source: str) -> Document:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                raise _problem("yaml.duplicate_key", source, None, key=key)
            result[key] = value
        return result

    try:
        data = json.loads(text, object_pairs_hook=pairs)
        # JSON escapes can spell lone surrogates ("\ud800"), which no file can store as UTF-8.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except json.JSONDecodeError as exc:
        raise _problem("json.syntax", source, exc.lineno, reason=exc.msg) from exc
    except UnicodeEncodeError as exc:
        raise _problem("json.syntax", source, None, reason="invalid Unicode escape") from exc
    return Document(data, {}, source)


def read_document(path: Path) -> Document:
    """Read a YAML or JSON file (by extension), refusing oversized or undecodable files."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise _problem("file.too_large", source, None, limit=MAX_DOCUMENT_BYTES // 1024**2)
        raw = path.read_bytes()
    except OSError as exc:
        raise _problem("file.unreadable", source, None, reason=exc.strerror or str(exc)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _problem("file.not_utf8", source, None) from exc
    return load_document(text, source, json_format=path.suffix.lower() == ".json")

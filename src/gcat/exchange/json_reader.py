"""JSON read with the line of every key, in linear time, bounded before anything is built.

:func:`read_json` first scans the raw text once: it records the line of every key and list
item, refuses duplicate keys, lone surrogates and the non-standard ``NaN``/``Infinity``, and
counts the entries of the places a caller limits (for example "at most N answers"), stopping
at the first one over its limit. Only then does it parse the text. A hostile file (650,000 junk
answers, or one string of 9 MB) is refused early and costs little memory.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from gcat.errors import AnswersFileError, Problem
from gcat.limits import MB
from gcat.yamlio import Document

__all__ = ["MAX_DEPTH", "MAX_NODES", "CountLimit", "read_json"]

MAX_NODES = 200_000
"""Keys and list items a document may hold in all."""
MAX_DEPTH = 64
"""Objects and lists nested in one another."""

PathKey = tuple[str | int, ...]

# A string is matched in linear time with no per-character backtracking state ("unrolled
# loop"): a run of plain characters, then escapes each followed by a run.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]:,\n]|NaN|Infinity')
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


@dataclass(frozen=True, slots=True)
class CountLimit:
    """At most ``limit`` entries at ``path`` (``"*"`` matches any key or index)."""

    path: tuple[str, ...]
    limit: int
    code: str

    def matches(self, path: PathKey) -> bool:
        """Whether ``path`` is one of the places this limit counts."""
        return len(path) == len(self.path) and all(
            want in ("*", got) for want, got in zip(self.path, path, strict=True)
        )


def _refuse(code: str, source: str, line: int | None = None, **params: object) -> AnswersFileError:
    return AnswersFileError([Problem(code, dict(params), source=source, line=line)])


@dataclass(slots=True)
class _Frame:
    """An object or a list being read: its path, and the keys seen (``None`` in a list)."""

    path: PathKey
    keys: set[str] | None
    limit: CountLimit | None
    index: int = 0
    key: str = ""
    expects_key: bool = True

    def child(self) -> PathKey:
        return (*self.path, self.key if self.keys is not None else self.index)


class _Scanner:
    """One pass over the raw text: the line of every key and list item, within the limits."""

    def __init__(self, source: str, limits: Sequence[CountLimit]) -> None:
        self.source = source
        self.limits = limits
        self.lines: dict[PathKey, int] = {}
        self.frames: list[_Frame] = []
        self.line = 1

    def scan(self, text: str) -> dict[PathKey, int]:
        for match in _TOKEN.finditer(text):
            piece = match.group()
            frame = self.frames[-1] if self.frames else None
            if piece == "\n":
                self.line += 1
            elif piece in ("NaN", "Infinity"):
                raise _refuse("exchange.not_json_number", self.source, self.line, value=piece)
            elif _SURROGATE.search(piece) and not _encodable(piece):
                raise _refuse("exchange.bad_unicode", self.source, self.line)
            elif frame is not None and len(piece) == 1 and piece in ",:}]":
                self._punctuation(piece, frame)
            elif frame is not None and frame.keys is not None and frame.expects_key:
                self._key(piece, frame)
            else:
                self._value(piece, frame)
        return self.lines

    def _punctuation(self, piece: str, frame: _Frame) -> None:
        if piece == ",":
            frame.index += 1
            frame.expects_key = True
        elif piece == ":":
            frame.expects_key = False
        else:
            self.frames.pop()

    def _key(self, piece: str, frame: _Frame) -> None:
        assert frame.keys is not None
        key = json.loads(piece) if "\\" in piece else piece[1:-1]  # no escape: as written
        if key in frame.keys:
            raise _refuse("yaml.duplicate_key", self.source, self.line, key=key)
        frame.keys.add(key)
        frame.key = key
        self._count(frame, len(frame.keys))
        self.lines[frame.child()] = self.line

    def _value(self, piece: str, frame: _Frame | None) -> None:
        """A value: an object, a list or a string."""
        path = frame.child() if frame is not None else ()
        if frame is not None and frame.keys is None:
            self._count(frame, frame.index + 1)
        self.lines.setdefault(path, self.line)
        if len(self.lines) > MAX_NODES:
            raise _refuse("yaml.too_complex", self.source, self.line)
        if len(piece) == 1 and piece in "{[":
            limit = next((item for item in self.limits if item.matches(path)), None)
            self.frames.append(_Frame(path, set() if piece == "{" else None, limit))
            if len(self.frames) > MAX_DEPTH:
                raise _refuse("yaml.too_complex", self.source, self.line)

    def _count(self, frame: _Frame, count: int) -> None:
        if frame.limit is not None and count > frame.limit.limit:
            field = ".".join(str(part) for part in frame.path)
            problem = Problem(
                frame.limit.code, {"limit": frame.limit.limit}, self.source, self.line, field
            )
            raise AnswersFileError([problem])


def _encodable(piece: str) -> bool:
    try:
        json.loads(piece).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def read_json(
    data: bytes, source: str, *, max_bytes: int, limits: Sequence[CountLimit] = ()
) -> Document:
    """Parse JSON ``data`` into a :class:`~gcat.yamlio.Document` (data plus the line of every
    path), refusing what is over ``max_bytes`` or over one of ``limits`` before parsing."""
    if len(data) > max_bytes:
        raise _refuse("file.too_large", source, limit=max_bytes // MB)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse("file.not_utf8", source) from exc
    lines = _Scanner(source, limits).scan(text)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _refuse("json.syntax", source, exc.lineno, reason=exc.msg) from exc
    except (ValueError, RecursionError) as exc:  # huge integers, deep nesting
        raise _refuse("yaml.too_complex", source) from exc
    return Document(value, lines, source)

"""The bracket notation the WCO uses for amendments in a draft text, read into spans.

An amendment is a bracketed text followed by a note naming the change and its proposer::

    facilitant les échanges [licites] (ajout proposé par l'Indonésie) qui favorisent
    de déchets, [et] (suppression proposée par le Secrétariat) de substances

The note may be in French, English or Spanish ("addition proposed by", "adición propuesta
por", "deletion proposed by", "supresión propuesta por"…), with or without italics marks
(``*`` or ``_``). An addition right next to a deletion by the same proposer is one
replacement. The base text is the text with every bracketed addition removed and every
bracketed deletion kept.

Problems are located by line and column: a bracket that is never closed or closed twice, a
bracket with no proposer note, a note with no bracket, a proposer nobody knows. Nothing is
returned when there is any: the caller imports all or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from gcat.core.amendments import Action, PartKind
from gcat.core.refusal import Finding, Refused

__all__ = [
    "MAX_FINDINGS",
    "ParsedAmendment",
    "ParsedText",
    "SourceParagraph",
    "UnknownProposer",
    "parse_notation",
]

MAX_FINDINGS = 50
"""Problems reported at most for one file (the first ones, in reading order)."""

_KINDS = {
    "ajout": Action.INSERT,
    "adjonction": Action.INSERT,
    "insertion": Action.INSERT,
    "addition": Action.INSERT,
    "adición": Action.INSERT,
    "adicion": Action.INSERT,
    "inserción": Action.INSERT,
    "insercion": Action.INSERT,
    "suppression": Action.DELETE,
    "deletion": Action.DELETE,
    "supresión": Action.DELETE,
    "supresion": Action.DELETE,
    "eliminación": Action.DELETE,
    "eliminacion": Action.DELETE,
}
_PROPOSED = r"(?:propos[ée]e?s?|proposed|propuest[ao]s?)\s+(?:par|by|por)"
_NOTE = re.compile(
    rf"[*_]{{0,2}}\(\s*[*_]{{0,2}}\s*(?P<kind>{'|'.join(_KINDS)})\s+{_PROPOSED}\s+"
    r"(?P<who>[^()\[\]*_]+?)\s*[*_]{0,2}\s*\)[*_]{0,2}",
    re.IGNORECASE,
)
_LOOSE_NOTE = re.compile(rf"\([^()\[\]]*?\b{_PROPOSED}\b[^()\[\]]*\)", re.IGNORECASE)
_BRACKET = re.compile(r"[\[\]]")
_SPLIT = re.compile(r"\s*(?:,|;|&|\bet\b|\band\b|\by\b|\be\b)\s*", re.IGNORECASE)
_EMPHASIS = re.compile(r"^([*_]{1,2})(.+)\1$", re.DOTALL)
_NO_SPACE_BEFORE = frozenset(",.;:!?)]}»”…")


class UnknownProposer(LookupError):
    """Raised by a proposer resolver for a name it does not know: ``args`` are the name and,
    optionally, the closest known names (comma-separated)."""


@dataclass(frozen=True, slots=True)
class SourceParagraph:
    """A paragraph as read from a file, with where each of its lines starts.

    ``anchors`` holds ``(offset, line, column)`` triples, in order: the character at
    ``offset`` of ``text`` is at ``line``:``column`` of the file (both from 1).
    """

    text: str
    kind: PartKind
    anchors: tuple[tuple[int, int, int], ...]

    def locate(self, offset: int) -> tuple[int, int]:
        """The line and column of the character at ``offset``."""
        line, column, base = self.anchors[0][1], self.anchors[0][2], self.anchors[0][0]
        for start, anchor_line, anchor_column in self.anchors:
            if start > offset:
                break
            base, line, column = start, anchor_line, anchor_column
        return line, column + offset - base


@dataclass(frozen=True, slots=True)
class ParsedAmendment:
    """An amendment found in the text, with its span in the base text of its part."""

    part: int
    action: Action
    start: int
    end: int
    quoted: str
    text: str
    proposer: str
    cosigners: tuple[str, ...]
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class ParsedText:
    """The parts' base texts and the amendments, in reading order."""

    parts: tuple[tuple[PartKind, str], ...]
    amendments: tuple[ParsedAmendment, ...]


@dataclass(frozen=True, slots=True)
class _Bracket:
    action: Action
    content: str
    who: str
    proposer: str
    cosigners: tuple[str, ...]
    opened: int
    note_start: int
    note_end: int


Resolver = Callable[[str], str]


def _unemphasise(text: str) -> str:
    text = text.strip()
    match = _EMPHASIS.match(text)
    return match.group(2).strip() if match else text


def _resolve_all(who: str, resolve: Resolver) -> tuple[str, tuple[str, ...]]:
    """The proposer and co-signers named in ``who`` (several names joined by "et", "and"…)."""
    try:
        return resolve(who), ()
    except UnknownProposer:
        names = [name for name in _SPLIT.split(who) if name.strip()]
        if len(names) < 2:
            raise
    resolved = [resolve(name) for name in names]
    return resolved[0], tuple(dict.fromkeys(n for n in resolved[1:] if n != resolved[0]))


class _Reader:
    """Reads one paragraph at a time, collecting findings."""

    def __init__(self, resolve: Resolver) -> None:
        self.resolve = resolve
        self.findings: list[Finding] = []

    def find(self, paragraph: SourceParagraph, offset: int, code: str, **params: str) -> None:
        line, column = paragraph.locate(offset)
        self.findings.append(Finding(code, dict(params), line=line, column=column))

    def brackets(self, paragraph: SourceParagraph) -> list[str | _Bracket] | None:
        """The paragraph as plain texts and brackets (None after a structural problem)."""
        text = paragraph.text
        pieces: list[str | _Bracket] = []
        plains: list[tuple[str, int]] = []
        pos = 0
        ok = True
        while (found := _BRACKET.search(text, pos)) is not None:
            if found.group() == "]":
                self.find(paragraph, found.start(), "notation.unopened_bracket")
                return None
            opened = found.start()
            closing = _BRACKET.search(text, opened + 1)
            if closing is None or closing.group() == "[":
                self.find(paragraph, opened, "notation.unclosed_bracket")
                return None
            content = _unemphasise(text[opened + 1 : closing.start()])
            after = closing.end()
            while after < len(text) and text[after].isspace():
                after += 1
            note = _NOTE.match(text, after)
            if note is None:
                loose = _LOOSE_NOTE.match(text, after)
                code = "notation.unknown_change" if loose else "notation.no_note"
                self.find(paragraph, opened, code)
                ok, pos = False, closing.end()
                continue
            if not content:
                self.find(paragraph, opened, "notation.empty_bracket")
                ok, pos = False, note.end()
                continue
            bracket = self.bracket(paragraph, opened, content, note)
            if bracket is None:
                ok = False
            else:
                pieces.append(text[pos:opened])
                pieces.append(bracket)
            plains.append((text[pos:opened], pos))
            pos = note.end()
        pieces.append(text[pos:])
        plains.append((text[pos:], pos))
        for piece, start in plains:
            for stray in _LOOSE_NOTE.finditer(piece):
                self.find(paragraph, start + stray.start(), "notation.note_without_bracket")
                ok = False
        return pieces if ok else None

    def bracket(
        self, paragraph: SourceParagraph, opened: int, content: str, note: re.Match[str]
    ) -> _Bracket | None:
        who = " ".join(note.group("who").split())
        try:
            proposer, cosigners = _resolve_all(who, self.resolve)
        except UnknownProposer as exc:
            name = str(exc.args[0])[:80] if exc.args else who[:80]
            near = str(exc.args[1]) if len(exc.args) > 1 else ""
            if near:
                code, params = "notation.unknown_proposer_near", {"name": name, "near": near}
            else:
                code, params = "notation.unknown_proposer", {"name": name}
            self.find(paragraph, note.start("who"), code, **params)
            return None
        return _Bracket(
            _KINDS[note.group("kind").lower()],
            content,
            who,
            proposer,
            cosigners,
            opened,
            note.start(),
            note.end(),
        )


def _pair(pieces: list[str | _Bracket]) -> list[str | _Bracket | tuple[_Bracket, _Bracket]]:
    """Join an addition and a deletion side by side, by the same proposer, into one replace."""
    joined: list[str | _Bracket | tuple[_Bracket, _Bracket]] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        if (
            isinstance(piece, _Bracket)
            and index + 2 < len(pieces)
            and isinstance(gap := pieces[index + 1], str)
            and not gap.strip()
            and isinstance(other := pieces[index + 2], _Bracket)
            and other.action is not piece.action
            and (other.proposer, other.cosigners) == (piece.proposer, piece.cosigners)
        ):
            joined.append((piece, other))
            index += 3
            continue
        joined.append(piece)
        index += 1
    return joined


def _build(
    number: int, paragraph: SourceParagraph, pieces: list[str | _Bracket]
) -> tuple[str, list[ParsedAmendment]]:
    """The base text of one part and its amendments."""
    base = ""
    removed = False  # an addition was just taken out
    found: list[ParsedAmendment] = []

    def add(bracket: _Bracket, action: Action, start: int, end: int, text: str) -> None:
        line, column = paragraph.locate(bracket.opened)
        found.append(
            ParsedAmendment(
                number,
                action,
                start,
                end,
                base[start:end],
                text,
                bracket.proposer,
                bracket.cosigners,
                line,
                column,
            )
        )

    for piece in _pair(pieces):
        if isinstance(piece, str):
            plain = piece
            if removed and (not base or base[-1].isspace()):
                if plain[:1] in _NO_SPACE_BEFORE:  # "word [x] (note), more": no space before
                    base = base.rstrip()
                    found = _clamp(found, len(base))
                else:  # the space before the brackets already separates the words
                    plain = plain.lstrip()
            base += plain
            removed = False
        elif isinstance(piece, tuple):
            addition = next(b for b in piece if b.action is Action.INSERT)
            deletion = next(b for b in piece if b.action is Action.DELETE)
            start = len(base)
            base += deletion.content
            add(piece[0], Action.REPLACE, start, len(base), addition.content)
            removed = False
        elif piece.action is Action.DELETE:
            start = len(base)
            base += piece.content
            add(piece, Action.DELETE, start, len(base), "")
            removed = False
        else:  # an insertion goes before the space that ends the text so far
            at = len(base.rstrip())
            add(piece, Action.INSERT, at, at, piece.content)
            removed = True
    stripped = base.rstrip()
    return stripped, _clamp(found, len(stripped))


def _clamp(found: list[ParsedAmendment], length: int) -> list[ParsedAmendment]:
    """Insertions beyond ``length`` moved back to it (spaces were taken off the base's end)."""
    return [
        replace(a, start=length, end=length) if a.start == a.end and a.start > length else a
        for a in found
    ]


def parse_notation(paragraphs: Sequence[SourceParagraph], resolve: Resolver) -> ParsedText:
    """The base texts and amendments of ``paragraphs``; :class:`Refused` with every problem
    (line and column) when there is any, so that nothing is imported from a broken file.

    ``resolve`` turns a proposer's name as written ("l'Indonésie") into its normalised name
    ("Indonesia"), or raises :class:`UnknownProposer`.
    """
    reader = _Reader(resolve)
    parts: list[tuple[PartKind, str]] = []
    amendments: list[ParsedAmendment] = []
    for paragraph in paragraphs:
        pieces = reader.brackets(paragraph)
        if len(reader.findings) >= MAX_FINDINGS:
            break
        if pieces is None or reader.findings:
            continue
        text, found = _build(len(parts) + 1, paragraph, pieces)
        parts.append((paragraph.kind, text))
        amendments.extend(found)
    if reader.findings:
        raise Refused(reader.findings[:MAX_FINDINGS])
    if not parts:
        raise Refused.one("notation.no_text")
    return ParsedText(tuple(parts), tuple(amendments))

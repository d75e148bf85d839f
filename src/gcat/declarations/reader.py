"""Reading a declaration's text from a file: plain text, Markdown or Word (``.docx``).

The result is a title and a list of paragraphs that remember where each of their lines starts
in the file, so that a problem in the bracket notation is reported at its line and column (in a
Word file, the "line" is the paragraph's number in the document). Paragraphs are separated by
blank lines; a line starting with a list mark (``-``, ``*``, ``•``, ``1.``) starts a list item;
a Markdown ``#`` line is a heading. Paragraphs without a letter or a digit (separators such as
``*`` or ``x``) are left out.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from gcat.core.amendments import PartKind
from gcat.core.bracket_notation import SourceParagraph
from gcat.core.text import clean_line, clean_text
from gcat.errors import InputError, Problem
from gcat.exchange.archive import check_archive
from gcat.limits import MAX_DECLARATION_BYTES, MAX_NAME

__all__ = ["FORMATS", "ReadText", "read_text"]

FORMATS = (".txt", ".md", ".docx")

_LIST_MARK = re.compile(r"^(?:[-*•–+]|\d{1,3}[.)])\s+")
_HEADING = re.compile(r"^(#{1,6})\s+")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REVISIONS = {f"{_W}{tag}" for tag in ("ins", "del", "moveFrom", "moveTo")}


@dataclass(frozen=True, slots=True)
class ReadText:
    """A file's title (None when it has none of its own) and its paragraphs."""

    title: str | None
    paragraphs: tuple[SourceParagraph, ...]


def _fail(source: str, code: str, line: int | None = None, **params: Any) -> InputError:
    return InputError([Problem(code, params, source=source, line=line)])


def read_text(data: bytes, source: str, *, title_from_text: bool = True) -> ReadText:
    """The title and paragraphs of ``data`` (named ``source``: its suffix gives the format).

    With ``title_from_text``, the first paragraph is the title when it is a first-level
    Markdown heading, a Word title or first heading, or (in plain text) any first paragraph
    with no brackets that fits a name.
    """
    suffix = PurePath(source).suffix.lower()
    if suffix not in FORMATS:
        raise _fail(source, "notation.bad_format", formats=", ".join(FORMATS))
    if len(data) > MAX_DECLARATION_BYTES:
        raise _fail(source, "file.too_large", limit=MAX_DECLARATION_BYTES // 1024**2)
    if suffix == ".docx":
        paragraphs, titled = _docx_paragraphs(data, source)
    else:
        paragraphs, titled = _text_paragraphs(_decode(data, source), markdown=suffix == ".md")
    title = None
    if title_from_text and paragraphs:
        first = paragraphs[0]
        if (titled or suffix == ".txt") and "[" not in first.text and len(first.text) <= MAX_NAME:
            title = clean_line(first.text)
            paragraphs = paragraphs[1:]
    return ReadText(title, tuple(paragraphs))


def _decode(data: bytes, source: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(source, "file.not_utf8", line=line) from exc
    return re.sub(r"\r\n?|[\u2028\u2029\x85]", "\n", text)


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _text_paragraphs(text: str, *, markdown: bool) -> tuple[list[SourceParagraph], bool]:
    """Paragraphs of a plain or Markdown text; whether the first is a heading."""
    paragraphs: list[SourceParagraph] = []
    pieces: list[str] = []
    anchors: list[tuple[int, int, int]] = []
    kind = PartKind.PARAGRAPH
    first_heading = False

    def close() -> None:
        nonlocal pieces, anchors
        body = " ".join(pieces)
        if pieces and _has_words(body):
            paragraphs.append(SourceParagraph(body, kind, tuple(anchors)))
        pieces, anchors = [], []

    for number, raw in enumerate(text.split("\n"), 1):
        line = clean_text(raw)
        if not line:
            close()
            continue
        column = len(raw) - len(raw.lstrip()) + 1
        heading = _HEADING.match(line) if markdown else None
        mark = None if heading else _LIST_MARK.match(line)
        if heading or mark:
            close()
            found = heading or mark
            assert found is not None
            column += found.end()
            line = line[found.end() :]
            kind = PartKind.HEADING if heading else PartKind.ITEM
            if heading and not paragraphs and not pieces:
                first_heading = len(heading.group(1)) == 1
        elif not pieces:
            kind = PartKind.PARAGRAPH
        offset = sum(len(p) + 1 for p in pieces)
        anchors.append((offset, number, column))
        pieces.append(line)
        if heading:
            close()
    close()
    return paragraphs, first_heading


def _style_kind(paragraph: Any) -> tuple[PartKind, bool]:
    """The kind of a Word paragraph from its style and numbering; whether it is a title."""
    properties = paragraph.find(f"{_W}pPr")
    style = ""
    numbered = False
    if properties is not None:
        found = properties.find(f"{_W}pStyle")
        style = (found.get(f"{_W}val") or "") if found is not None else ""
        numbered = properties.find(f"{_W}numPr") is not None
    lowered = style.lower().replace(" ", "")
    if lowered == "title" or lowered.startswith("heading") or lowered.startswith("titre"):
        return PartKind.HEADING, lowered in ("title", "heading1", "titre", "titre1")
    if numbered or lowered.startswith("list"):
        return PartKind.ITEM, False
    return PartKind.PARAGRAPH, False


def _docx_text(paragraph: Any) -> str:
    out: list[str] = []
    for element in paragraph.iter():
        if element.tag == f"{_W}t" and element.text:
            out.append(element.text)
        elif element.tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
            out.append(" ")
    return "".join(out)


def _docx_paragraphs(data: bytes, source: str) -> tuple[list[SourceParagraph], bool]:
    """The body paragraphs of a Word document; whether the first is a title or heading."""
    check_archive(data, source, "DOCX", {"word/document.xml"}, limit=MAX_DECLARATION_BYTES)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = ElementTree.fromstring(archive.read("word/document.xml"))
    except (DefusedXmlException, ElementTree.ParseError, zipfile.BadZipFile, OSError) as exc:
        raise _fail(source, "notation.not_docx") from exc
    body = root.find(f"{_W}body")
    if body is None:
        raise _fail(source, "notation.not_docx")
    paragraphs: list[SourceParagraph] = []
    first_title = False
    for number, paragraph in enumerate(body.iter(f"{_W}p"), 1):
        if any(element.tag in _REVISIONS for element in paragraph.iter()):
            raise _fail(source, "notation.docx_revisions", line=number)
        text = clean_text(_docx_text(paragraph))
        if not _has_words(text):
            continue
        kind, title = _style_kind(paragraph)
        if not paragraphs:
            first_title = title
        paragraphs.append(SourceParagraph(text, kind, ((0, number, 1),)))
    return paragraphs, first_title

"""Practice files in every form a member sends: the YAML/JSON practice file, the Word template,
the workbook (one practice per row), and free-format documents kept as attachments.

:func:`read_practices` checks one file and returns its practices; every format ends in
:func:`~gcat.practices.practice_file.parse_practice`, so one set of rules checks them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from gcat.core.members import MemberList
from gcat.core.model import Framework
from gcat.core.practices import Status
from gcat.errors import InputError, Problem
from gcat.limits import MAX_DOCUMENT_BYTES, MAX_IMPORT_BYTES, MB
from gcat.practices.practice_file import ParsedPractice, parse_practice
from gcat.yamlio import Document, DocumentError, load_document

__all__ = [
    "FREE_FORMAT_TYPES",
    "FreeFormat",
    "ParsedPractice",
    "read_practices",
]

FREE_FORMAT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}
"""Free-format submissions kept as attachments, with their media types."""


@dataclass(frozen=True, slots=True)
class FreeFormat:
    """A member's own document: not a template, kept as an attachment on a draft."""

    filename: str
    content_type: str
    data: bytes


def _suffix(source: str) -> str:
    dot = source.rfind(".")
    return source[dot:].lower() if dot >= 0 else ""


def _refuse(code: str, source: str, **params: object) -> InputError:
    return InputError([Problem(code, dict(params), source=source)])


def _text_file(data: bytes, source: str, suffix: str) -> Document:
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _refuse("file.too_large", source, limit=MAX_DOCUMENT_BYTES // MB)
    try:
        return load_document(data.decode("utf-8-sig"), source, json_format=suffix == ".json")
    except UnicodeDecodeError as exc:
        raise _refuse("file.not_utf8", source) from exc
    except DocumentError as exc:
        raise InputError([exc.problem]) from exc


def _workbook(
    data: bytes, source: str, members: MemberList, framework: Framework, status: Status
) -> list[ParsedPractice]:
    from gcat.practices.workbook import workbook_rows

    parsed: list[ParsedPractice] = []
    problems: list[Problem] = []
    for row in workbook_rows(data, source):
        try:
            parsed.append(parse_practice(row.document, members, framework, default_status=status))
        except InputError as exc:
            problems.extend(row.locate(problem, source) for problem in exc.problems)
    if problems:
        raise InputError(problems)
    if not parsed:
        raise _refuse("practices.empty_workbook", source)
    return parsed


def _free_format(data: bytes, source: str, suffix: str) -> FreeFormat:
    if len(data) > MAX_IMPORT_BYTES:
        raise _refuse("file.too_large", source, limit=MAX_IMPORT_BYTES // MB)
    if suffix == ".pdf" and not data.startswith(b"%PDF-"):
        raise _refuse("practices.not_pdf", source)
    if suffix == ".odt":
        from gcat.exchange.archive import check_archive

        check_archive(data, source, "ODT", {"mimetype", "content.xml"})
    return FreeFormat(source, FREE_FORMAT_TYPES[suffix], data)


def read_practices(
    data: bytes,
    source: str,
    members: MemberList,
    framework: Framework,
    *,
    default_status: Status = Status.SUBMITTED,
) -> list[ParsedPractice] | FreeFormat:
    """The practices in one file (YAML, JSON, DOCX template, XLSX), or the free-format document
    it is (a PDF, an ODT, a Word file that is not the template); refused with located problems."""
    suffix = _suffix(source)
    if suffix in (".yaml", ".yml", ".json"):
        doc = _text_file(data, source, suffix)
        return [parse_practice(doc, members, framework, default_status=default_status)]
    if suffix == ".xlsx":
        return _workbook(data, source, members, framework, default_status)
    if suffix in (".docx", ".docm"):
        from gcat.practices.docx_reader import docx_controls, docx_mapping, is_template

        controls = docx_controls(data, source, framework)
        if not is_template(controls):
            return FreeFormat(source, FREE_FORMAT_TYPES[".docx"], data)
        doc = Document(docx_mapping(controls), {}, source)
        return [parse_practice(doc, members, framework, default_status=default_status)]
    if suffix in FREE_FORMAT_TYPES:
        return _free_format(data, source, suffix)
    raise _refuse("practices.unknown_format", source, formats="yaml, json, docx, xlsx, pdf, odt")

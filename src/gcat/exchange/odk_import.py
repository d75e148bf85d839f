"""Import of ODK Central or KoboToolbox CSV exports of the gcat XLSForm's submissions.

Columns are named by question name, with or without group prefixes (``policy_legislation-pl_01-
pl_01_level`` from ODK Central, ``policy_legislation/pl_01/pl_01_level`` from KoboToolbox); unknown
columns are ignored. One submission becomes an answers-file mapping that goes through the
answers-file parser, so every check and message is the same; problems name the CSV row and column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gcat.answers_file import ANSWERS_SCHEMA, parse_answers
from gcat.core.assessment import Assessment
from gcat.core.model import Framework
from gcat.errors import AnswersFileError, Problem
from gcat.exchange.xlsform import ANSWER_FIELDS, META_FIELDS, NO, YES
from gcat.frameworks.checks import format_path
from gcat.yamlio import Document

__all__ = ["MAX_COLUMNS", "MAX_CSV_BYTES", "Submission", "import_odk_csv", "list_submissions"]

MAX_CSV_BYTES = 10 * 1024 * 1024
MAX_COLUMNS = 2000
REQUIRED = ("framework_id", "framework_version", "administration", "cycle")
ID_COLUMNS = ("KEY", "instanceID", "_uuid", "_id")
"""Columns that identify a submission: ODK Central's ``KEY`` and ``meta-instanceID``, Kobo's
``_uuid`` and ``_id``."""

SUBMITTED = ("SubmissionDate", "_submission_time")
SUBMITTER = ("SubmitterName", "_submitted_by")
"""Columns that say when and by whom a submission was sent (ODK Central, KoboToolbox)."""
ROW_KEY = re.compile(r"^#(\d{1,7})$")
"""A submission picked by its row, for an export without id columns: ``#3``."""

_SEPARATOR = re.compile(r"[-/]")
_ANSWER = re.compile(rf"^([a-z]{{2,3}})_(\d{{2}})_({'|'.join(ANSWER_FIELDS)})$")
_SHORT = 60
_EXAMPLES = 3

PathKey = tuple[str | int, ...]
Rows = list[tuple[int, list[str]]]


class _TooWide(Exception):
    """A physical line with more delimiters than :data:`MAX_COLUMNS`."""


def _fail(code: str, source: str, line: int | None = None, **params: Any) -> AnswersFileError:
    return AnswersFileError([Problem(code, params, source=source, line=line)])


def _short(value: str) -> str:
    """``value`` cut to a length fit for a message."""
    return value if len(value) <= _SHORT else value[: _SHORT - 1] + "…"


def _bounded(text: str, delimiter: str) -> Iterator[str]:
    for line in io.StringIO(text, newline=""):
        if line.count(delimiter) >= MAX_COLUMNS:
            raise _TooWide
        yield line


def _read(data: bytes, source: str) -> tuple[list[str], Rows]:
    """The header and the non-blank rows (with their row numbers, the header being row 1)."""
    if len(data) > MAX_CSV_BYTES:
        raise _fail("file.too_large", source, limit=MAX_CSV_BYTES // 1024**2)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail("file.not_utf8", source) from exc
    if "\x00" in text:
        raise _fail("xlsform.csv_binary", source)
    if not text.strip():
        raise _fail("xlsform.csv_empty", source)
    first = text.lstrip("\r\n").partition("\n")[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(_bounded(text, delimiter), delimiter=delimiter)
    header: list[str] = []
    rows: Rows = []
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            if not header:
                header = [cell.strip() for cell in row] if any(c.strip() for c in row) else []
            elif len(row) > len(header):
                raise _fail("xlsform.csv_row_too_long", source, number, columns=len(header))
            elif any(cell.strip() for cell in row):
                rows.append((number, row))
    except _TooWide:
        raise _fail("xlsform.csv_too_many_columns", source, number + 1, limit=MAX_COLUMNS) from None
    except csv.Error as exc:
        raise _fail(
            "xlsform.csv_bad_row", source, number + 1, limit=csv.field_size_limit()
        ) from exc
    if not header:
        raise _fail("xlsform.csv_empty", source)
    return header, rows


def _columns(header: list[str], source: str) -> dict[str, int]:
    """The index of each known column, by question name (the part after the last group)."""
    found: dict[str, int] = {}
    problems: list[Problem] = []
    for index, name in enumerate(header):
        leaf = _SEPARATOR.split(name)[-1]
        if leaf in META_FIELDS or leaf in ID_COLUMNS or _ANSWER.match(leaf):
            if leaf in found:
                params = {
                    "name": leaf,
                    "first": _short(header[found[leaf]]),
                    "second": _short(name),
                }
                problems.append(Problem("xlsform.csv_duplicate_column", params, source, 1))
            found[leaf] = index
    for name in REQUIRED:
        if name not in found:
            problems.append(Problem("xlsform.csv_missing_column", {"column": name}, source, 1))
    if problems:
        raise AnswersFileError(problems)
    return found


def _cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def _bare(value: str) -> str:
    return value.strip().removeprefix("uuid:").lower()


def _pick(
    rows: Rows, found: dict[str, int], source: str, wanted: str | None
) -> tuple[int, list[str]]:
    """The submission to import: the only one, or the one whose id is ``wanted``."""
    if not rows:
        raise _fail("xlsform.csv_no_submission", source)
    ids = [found[name] for name in ID_COLUMNS if name in found]
    if wanted is None:
        if len(rows) == 1:
            return rows[0]
        examples = [
            _short(next(_cell(row, i) for i in ids if _cell(row, i)))
            for _, row in rows
            if any(_cell(row, i) for i in ids)
        ][:_EXAMPLES]
        raise _fail(
            "xlsform.csv_several_submissions",
            source,
            count=len(rows),
            examples=", ".join(examples) or "—",
        )
    by_row = ROW_KEY.match(wanted.strip())
    if by_row:
        matches = [(n, row) for n, row in rows if n == int(by_row[1])]
        if matches:
            return matches[0]
    key = _bare(wanted)
    matches = [(n, row) for n, row in rows if key and any(_bare(_cell(row, i)) == key for i in ids)]
    if len(matches) == 1:
        return matches[0]
    code = "xlsform.csv_unknown_submission" if not matches else "xlsform.csv_same_submission"
    raise _fail(code, source, id=_short(wanted), count=len(matches))


class _Builder:
    """Builds the answers-file mapping of one row, and where each of its paths came from."""

    def __init__(self, header: list[str], found: dict[str, int], row: list[str]) -> None:
        self.header, self.found, self.row = header, found, row
        self.columns: dict[str, str] = {}

    def value(self, name: str, path: PathKey) -> str:
        index = self.found.get(name)
        if index is not None:
            self.columns[format_path(path)] = _short(self.header[index])
        return _cell(self.row, index)

    def answers(self) -> dict[str, dict[str, Any]]:
        answers: dict[str, dict[str, Any]] = {}
        for leaf in self.found:
            match = _ANSWER.match(leaf)
            if not match:
                continue
            ind_id = f"{match[1].upper()}-{match[2]}"
            node = answers.setdefault(ind_id, {})
            field = match[3]
            key = "flagged" if field == "flag" else field
            value = self.value(leaf, ("answers", ind_id, key))
            path = format_path(("answers", ind_id))
            if field == "level" or path not in self.columns:
                self.columns[path] = self.columns[format_path(("answers", ind_id, key))]
            if field == "evidence":
                notes = [note.strip() for note in value.splitlines() if note.strip()]
                for i in range(len(notes)):
                    self.columns[format_path(("answers", ind_id, key, i))] = self.columns[
                        format_path(("answers", ind_id, key))
                    ]
                if notes:
                    node[key] = notes
            elif field == "flag":
                if value and value != NO:
                    node[key] = True if value == YES else _short(value)
            elif value:
                node[key] = _short(value) if field in ("level", "target") else value
        return {ind_id: node for ind_id, node in answers.items() if node}

    def document(self, number: int, source: str) -> Document:
        data: dict[str, Any] = {
            "schema": ANSWERS_SCHEMA,
            "framework": {
                "id": self.value("framework_id", ("framework", "id")),
                "version": self.value("framework_version", ("framework", "version")),
            },
            "administration": self.value("administration", ("administration",)),
            "cycle": self.value("cycle", ("cycle",)),
        }
        self.columns["framework"] = self.columns[format_path(("framework", "version"))]
        domains = self.value("domains", ("domains",)).split()
        if domains:
            data["domains"] = domains
            for i in range(len(domains)):
                self.columns[format_path(("domains", i))] = self.columns["domains"]
        data["answers"] = self.answers()
        return Document(data, {(): number}, source)


def import_odk_csv(
    data: bytes, source: str, *, submission: str | None = None
) -> tuple[Framework, Assessment]:
    """Read one submission of an ODK Central or KoboToolbox CSV export.

    ``submission`` picks a row by its instance id, ``KEY``, ``_uuid`` or ``_id``; it is needed
    when the file holds more than one. Raises :class:`AnswersFileError` with located problems.
    """
    header, rows = _read(data, source)
    found = _columns(header, source)
    number, row = _pick(rows, found, source, submission)
    builder = _Builder(header, found, row)
    doc = builder.document(number, source)
    try:
        return parse_answers(doc)
    except AnswersFileError as exc:
        located = [
            Problem(
                p.code,
                p.params,
                p.source,
                p.line,
                builder.columns.get(p.field or "", p.field),
                path=p.field if (p.field or "") in builder.columns else None,
            )
            for p in exc.problems
        ]
        raise AnswersFileError(located) from exc


@dataclass(frozen=True, slots=True)
class Submission:
    """One submission of an export, as a list to choose from shows it."""

    key: str
    """What picks it (``submission=``): its first id (instance ID, KEY, _uuid, _id), else
    ``#<row>``."""
    row: int
    administration: str
    cycle: str
    submitted: str
    submitter: str


def list_submissions(data: bytes, source: str) -> list[Submission]:
    """The submissions of an ODK Central or KoboToolbox CSV export, in file order."""
    header, rows = _read(data, source)
    found = _columns(header, source)
    ids = [found[name] for name in ID_COLUMNS if name in found]
    leaves = {_SEPARATOR.split(name)[-1]: index for index, name in enumerate(header)}

    def first(row: list[str], names: tuple[str, ...]) -> str:
        return next((v for n in names if (v := _cell(row, leaves.get(n)))), "")

    out = []
    for number, row in rows:
        key = next((v for i in ids if (v := _cell(row, i))), "") or f"#{number}"
        out.append(
            Submission(
                key=key,
                row=number,
                administration=_short(_cell(row, found.get("administration"))),
                cycle=_short(_cell(row, found.get("cycle"))),
                submitted=_short(first(row, SUBMITTED)),
                submitter=_short(first(row, SUBMITTER)),
            )
        )
    return out

"""Read a filled-in assessment workbook back, checking everything before it is used.

The container is checked before anything is unpacked (file size, number of parts, unpacked
size, compression ratio); openpyxl then reads cell values (never evaluating formulas) with
defusedxml. The values become an answers-file mapping with the row of every answer, checked by
:func:`gcat.answers_file.parse_answers`, so every problem is reported with the file, sheet, row
and cell.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.cell.read_only import EmptyCell, ReadOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from gcat.answers_file import ANSWERS_SCHEMA, parse_answers
from gcat.core.assessment import Assessment
from gcat.core.model import Framework
from gcat.errors import AnswersFileError, Problem
from gcat.exchange.xlsx_layout import (
    ABOUT_ADMINISTRATION,
    ABOUT_CYCLE,
    ABOUT_FRAMEWORK,
    ABOUT_VERSION,
    COL_COMMENT,
    COL_EVIDENCE,
    COL_FLAG,
    COL_ID,
    COL_LEVEL,
    COL_REASON,
    COL_TARGET,
    FIRST_ROW,
    META_SHEET,
    SCHEMA,
)
from gcat.frameworks.checks import format_path
from gcat.i18n import LANGUAGES, message
from gcat.yamlio import Document

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_PARTS",
    "MAX_RATIO",
    "MAX_UNPACKED_BYTES",
    "import_workbook",
]

MAX_FILE_BYTES = 20 * 1024**2
MAX_UNPACKED_BYTES = 100 * 1024**2
MAX_PARTS = 1000
MAX_RATIO = 100
"""Largest compression ratio accepted for a part bigger than :data:`_RATIO_FROM` bytes."""
_RATIO_FROM = 1024**2
_MAX_ROWS = 300  # indicator rows read per questionnaire sheet
_MAX_META_ROWS = 100
_ANSWER_COLUMNS = (
    ("level", COL_LEVEL),
    ("reason", COL_REASON),
    ("target", COL_TARGET),
    ("evidence", COL_EVIDENCE),
    ("comment", COL_COMMENT),
    ("flagged", COL_FLAG),
)
_ABOUT_CELLS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("administration",), ABOUT_ADMINISTRATION),
    (("cycle",), ABOUT_CYCLE),
    (("framework", "id"), ABOUT_FRAMEWORK),
    (("framework", "version"), ABOUT_VERSION),
)
_INDEX = re.compile(r"\[\d+\]$")
_YES = {message("xlsx.yes", lang).lower() for lang in LANGUAGES} | {"si", "true"}
_NO = {message("xlsx.no", lang).lower() for lang in LANGUAGES} | {"false", ""}

Raw = tuple[Any, bool]
"""A cell as read: its value and whether it holds a formula."""


@dataclass
class _Book:
    """The cells that matter, read out of the workbook."""

    meta: list[tuple[Any, Any]]
    sheets: dict[str, list[list[Raw]]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def import_workbook(data: bytes, source: str) -> tuple[Framework, Assessment]:
    """Read a filled-in workbook exported by gcat; ``source`` names it in messages."""
    _check_container(data, source)
    return _parse(_read(data, source), source)


def _fail(code: str, source: str, **params: Any) -> AnswersFileError:
    return AnswersFileError([Problem(code, params, source=source)])


def _check_container(data: bytes, source: str) -> None:
    """Refuse oversized files and zip bombs from the zip directory, before unpacking."""
    if len(data) > MAX_FILE_BYTES:
        raise _fail("file.too_large", source, limit=MAX_FILE_BYTES // 1024**2)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _fail("xlsx.not_xlsx", source) from exc
    if len(parts) > MAX_PARTS:
        raise _fail("xlsx.too_many_parts", source, limit=MAX_PARTS)
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise _fail("xlsx.too_large_unpacked", source, limit=MAX_UNPACKED_BYTES // 1024**2)
    for part in parts:
        if part.file_size > _RATIO_FROM and part.file_size > MAX_RATIO * part.compress_size:
            raise _fail("xlsx.too_compressed", source, part=part.filename, limit=MAX_RATIO)
    names = {part.filename for part in parts}
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        raise _fail("xlsx.not_xlsx", source)


def _read(data: bytes, source: str) -> _Book:
    """The metadata, About and questionnaire cells (values and formula marks, never results)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
            try:
                return _cells(wb)
            finally:
                wb.close()
    except Exception as exc:  # any parser or format error: a damaged or hostile file
        raise _fail("xlsx.corrupt", source, reason=_reason(exc)) from exc


def _reason(exc: BaseException) -> str:
    """The first line of the innermost cause of ``exc``, with its type."""
    while exc.__cause__ or exc.__context__:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}"[:120] if text else type(exc).__name__


def _rows(
    wb: Workbook, title: str, last_row: int, last_col: int, first_row: int = 1
) -> list[list[Raw]]:
    rows = wb[title].iter_rows(min_row=first_row, max_row=last_row, min_col=1, max_col=last_col)
    return [[(cell.value, _is_formula(cell)) for cell in row] for row in rows]


def _is_formula(cell: Cell | MergedCell | ReadOnlyCell | EmptyCell) -> bool:
    return cell.data_type == "f" or isinstance(cell.value, (ArrayFormula, DataTableFormula))


def _cells(wb: Workbook) -> _Book:
    if META_SHEET not in wb.sheetnames:
        return _Book(meta=[], missing=[META_SHEET])
    meta = [(row[0][0], row[1][0]) for row in _rows(wb, META_SHEET, _MAX_META_ROWS, 2)]
    book = _Book(meta=meta)
    about = _meta_value(meta, "about")
    titles = [str(about)] + [str(title) for key, title in meta[4:] if key and title]
    for title in titles:
        if title not in wb.sheetnames:
            book.missing.append(title)
        elif title == about:
            book.sheets[title] = _rows(wb, title, 10, 2)
        else:
            last = FIRST_ROW + _MAX_ROWS - 1
            book.sheets[title] = _rows(wb, title, last, COL_FLAG, first_row=FIRST_ROW)
    return book


def _meta_value(meta: list[tuple[Any, Any]], key: str) -> Any:
    return next((value for k, value in meta if k == key), None)


@dataclass
class _Collector:
    """The answers-file mapping being built, with where each value came from."""

    source: str
    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)
    where: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def place(self, path: tuple[str, ...], sheet: str, col: int, row: int) -> None:
        self.lines[path] = row
        self.where[format_path(path)] = (sheet, f"{get_column_letter(col)}{row}", row)

    def problem(self, code: str, sheet: str, col: int, row: int, path: str, **params: Any) -> None:
        cell = f"{get_column_letter(col)}{row}"
        self.problems.append(
            Problem(code, params, source=self.source, line=row, field=cell, sheet=sheet, path=path)
        )

    def locate(self, problem: Problem) -> Problem:
        """``problem`` from the answers-file checks, placed on its sheet and cell."""
        spot = self.where.get(_INDEX.sub("", problem.field or ""))
        if spot is None:
            return problem
        sheet, cell, row = spot
        code = "xlsx.bad_level" if problem.code == "answers.bad_level" else problem.code
        return Problem(
            code,
            problem.params,
            source=self.source,
            line=row,
            field=cell,
            sheet=sheet,
            path=problem.field,
        )


def _parse(book: _Book, source: str) -> tuple[Framework, Assessment]:
    if book.missing == [META_SHEET]:
        raise _fail("xlsx.not_gcat", source, sheet=META_SHEET)
    if _meta_value(book.meta, "schema") != SCHEMA:
        problem = Problem(
            "check.bad_schema", {"expected": SCHEMA}, source=source, line=1, sheet=META_SHEET
        )
        raise AnswersFileError([problem])
    if book.missing:
        raise AnswersFileError(
            [
                Problem("xlsx.missing_sheet", {"sheet": title}, source=source)
                for title in book.missing
            ]
        )
    out = _Collector(source)
    out.data = {"schema": ANSWERS_SCHEMA, "framework": {}}
    about = str(_meta_value(book.meta, "about"))
    _about(out, about, book.sheets[about])
    scope = _meta_value(book.meta, "domains")
    if scope != "*":
        out.data["domains"] = [item.strip() for item in str(scope or "").split(",") if item]
        out.place(("domains",), META_SHEET, 2, 4)
    answers: dict[str, Any] = {}
    for domain_id, title in book.meta[4:]:
        if domain_id and title:
            _questionnaire(out, str(title), book.sheets[str(title)], answers)
    out.data["answers"] = answers
    try:
        framework, assessment = parse_answers(Document(out.data, out.lines, source))
    except AnswersFileError as exc:
        raise AnswersFileError(out.problems + [out.locate(p) for p in exc.problems]) from exc
    if out.problems:
        raise AnswersFileError(out.problems)
    return framework, assessment


def _about(out: _Collector, sheet: str, rows: list[list[Raw]]) -> None:
    for path, ref in _ABOUT_CELLS:
        letter, row = coordinate_from_string(ref)
        col = column_index_from_string(letter)
        value, formula = rows[row - 1][col - 1] if row <= len(rows) else (None, False)
        out.place(path, sheet, col, row)
        if formula:
            out.problem("xlsx.formula", sheet, col, row, format_path(path))
            value = None
        value = _whole(value)
        if path[0] == "framework":
            out.data["framework"][path[1]] = "" if value is None else str(value).strip()
        else:
            out.data[path[0]] = value
    out.where[format_path(("framework",))] = out.where[format_path(("framework", "id"))]


def _questionnaire(
    out: _Collector, sheet: str, rows: list[list[Raw]], answers: dict[str, Any]
) -> None:
    for row, cells in enumerate(rows, start=FIRST_ROW):
        ind_id = cells[COL_ID - 1][0]
        if ind_id is None or not str(ind_id).strip():
            continue
        ind_id = str(ind_id).strip()
        if ind_id in answers:
            out.problem("check.duplicate_id", sheet, COL_ID, row, f"answers.{ind_id}", id=ind_id)
            continue
        out.place(("answers", ind_id), sheet, COL_ID, row)
        node: dict[str, Any] = {}
        for key, col in _ANSWER_COLUMNS:
            value, formula = cells[col - 1] if col <= len(cells) else (None, False)
            path = f"answers.{ind_id}.{key}"
            out.place(("answers", ind_id, key), sheet, col, row)
            if formula:
                out.problem("xlsx.formula", sheet, col, row, path)
            elif key == "flagged" and _flag(value) is None:
                out.problem("xlsx.bad_flag", sheet, col, row, path, value=str(value))
            elif value is not None and value != "":
                node[key] = _convert(key, value)
        answers[ind_id] = node or None


def _whole(value: Any) -> Any:
    """A whole number stored as a float (``3.0``) read as the integer."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.strip() if isinstance(value, str) else value


def _convert(key: str, value: Any) -> Any:
    if key == "evidence":
        if isinstance(value, str):
            return [line.strip() for line in value.splitlines() if line.strip()]
        return [_whole(value)]
    if key == "flagged":
        return _flag(value)
    return _whole(value)


def _flag(value: Any) -> bool | None:
    """The review flag: yes/no in any interface language, TRUE/FALSE, or empty (no)."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
    return None

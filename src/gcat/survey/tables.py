"""Reading the survey's tables from CSV or XLSX: rows with their line numbers, located errors.

An XLSX may hold both tables as sheets named ``responses`` and ``initiatives``. Sizes are
checked before anything is unpacked, and a table longer than :data:`MAX_SURVEY_ROWS` rows is
refused at the row past the limit, before it is read further.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gcat.core.text import clean_text
from gcat.errors import InputError, Problem
from gcat.exchange.archive import check_archive
from gcat.limits import MAX_IMPORT_BYTES, MAX_SURVEY_ROWS, MB

__all__ = ["Table", "read_tables"]

_MAX_COLUMNS = 30


@dataclass(frozen=True, slots=True)
class Table:
    """A table: its column names (lower case) and its rows as (line, {column: text})."""

    source: str
    columns: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]


def _problem(code: str, source: str, line: int | None = None, **params: Any) -> InputError:
    return InputError([Problem(code, dict(params), source=source, line=line)])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        value = value.isoformat()[:10]
    return clean_text(str(value))


def _table(source: str, raw: Iterator[tuple[int, list[Any]]]) -> Table:
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for line, values in raw:
        cells = [_cell(v) for v in values[:_MAX_COLUMNS]]
        if not any(cells):
            continue
        if header is None:
            header = [c.strip().lower().replace(" ", "_") for c in cells]
            continue
        if len(rows) >= MAX_SURVEY_ROWS:
            raise _problem("survey.too_many_rows", source, line, limit=MAX_SURVEY_ROWS)
        rows.append(
            (
                line,
                {name: cells[i] if i < len(cells) else "" for i, name in enumerate(header) if name},
            )
        )
    return Table(source, tuple(c for c in header or () if c), tuple(rows))


def _csv(data: bytes, source: str) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _problem("file.not_utf8", source) from None
    if "\x00" in text:
        raise _problem("survey.binary", source)
    first = text.lstrip("\r\n").partition("\n")[0]
    delimiter = max((",", ";", "\t"), key=first.count)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for row in reader:
                yield reader.line_num, row
        except csv.Error as exc:
            raise _problem(
                "survey.bad_csv", source, reader.line_num, reason=str(exc)[:80]
            ) from None

    return _table(source, rows())


def _xlsx(data: bytes, source: str) -> dict[str, Table]:
    check_archive(data, source, "XLSX", {"[Content_Types].xml", "xl/workbook.xml"})
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = {sheet.title.strip().lower(): sheet for sheet in book.worksheets}
            chosen: dict[str, Any] = {
                name: sheets[name] for name in ("responses", "initiatives") if name in sheets
            }
            if not chosen:
                chosen = {"": book.worksheets[0]}
            tables: dict[str, Table] = {}
            for name, sheet in chosen.items():
                where = f"{source}[{sheet.title}]" if name else source
                rows = sheet.iter_rows(
                    max_row=MAX_SURVEY_ROWS + 50, max_col=_MAX_COLUMNS, values_only=True
                )
                tables[name] = _table(
                    where, ((number, list(row)) for number, row in enumerate(rows, 1))
                )
            return tables
        finally:
            book.close()
    except InputError:
        raise
    except Exception as exc:  # a damaged or hostile workbook
        raise _problem("survey.bad_xlsx", source, reason=type(exc).__name__) from exc


def read_tables(data: bytes, source: str) -> dict[str, Table]:
    """The tables of a CSV (key ``""``) or XLSX (keys ``responses`` and ``initiatives`` when
    the sheets have those names, else ``""`` for the first sheet)."""
    if len(data) > MAX_IMPORT_BYTES:
        raise _problem("file.too_large", source, limit=MAX_IMPORT_BYTES // MB)
    if data[:2] == b"PK":
        return _xlsx(data, source)
    return {"": _csv(data, source)}

"""The Secretariat's own member list, read from CSV or XLSX and checked row by row.

Columns (the first row names them, in English, French or Spanish; others are ignored): ``name``,
``code`` (ISO 3166 alpha-3, may be empty) and ``region`` (an id such as ``esa`` or a region name in
any language), and optionally ``name_fr`` and ``name_es``. A row whose code or name is in the
packaged list keeps that entry's French and Spanish names and its aliases unless the file gives
its own. Every problem names the file, row and column; nothing is imported when there is one.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterator
from typing import Any

from gcat.core.members import Member, MemberList, name_key
from gcat.core.text import clean_line
from gcat.errors import InputError, Problem
from gcat.exchange.archive import check_archive
from gcat.limits import MAX_IMPORT_BYTES, MAX_NAME, MB

__all__ = ["MAX_MEMBER_ROWS", "read_member_file"]

MAX_MEMBER_ROWS = 1000
"""Most rows of a member list file (the WCO has fewer than 200 Members)."""
_MAX_COLUMNS = 30
_CODE = re.compile(r"^[A-Z]{3}$")
_HEADERS = {
    "name": {"name", "name en", "member", "member name", "english name", "nom", "nombre"},
    "name_en": {"name en", "english name"},
    "name_fr": {"name fr", "nom fr", "french name", "nom francais", "nombre fr", "fr"},
    "name_es": {"name es", "nom es", "spanish name", "nombre es", "nombre espanol", "es"},
    "code": {"code", "iso", "iso3", "iso code", "iso 3166", "alpha 3", "codigo", "code iso"},
    "region": {"region", "wco region", "region omd", "region oma"},
}
_REQUIRED = ("name", "code", "region")
_NAME_LANGUAGE = {"nom": "fr", "nombre": "es"}
"""The language of the ``name`` column when its header is French or Spanish (else English)."""

Row = tuple[int, list[Any]]


def _problem(
    code: str, source: str, line: int | None = None, field: str | None = None, **params: Any
) -> Problem:
    return Problem(code, dict(params), source=source, line=line, field=field)


def _csv_rows(data: bytes, source: str) -> Iterator[Row]:
    if len(data) > MAX_IMPORT_BYTES:
        raise InputError([_problem("file.too_large", source, limit=MAX_IMPORT_BYTES // MB)])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([_problem("file.not_utf8", source)]) from exc
    if "\x00" in text:
        raise InputError([_problem("members.binary", source)])
    first = text.lstrip("\r\n").partition("\n")[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    try:
        for number, row in enumerate(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1
        ):
            yield number, list(row[:_MAX_COLUMNS])
    except csv.Error as exc:
        raise InputError([_problem("members.bad_csv", source, reason=str(exc)[:80])]) from exc


def _xlsx_rows(data: bytes, source: str) -> Iterator[Row]:
    check_archive(data, source, "XLSX", {"[Content_Types].xml", "xl/workbook.xml"})
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            sheet = book.worksheets[0]
            rows = sheet.iter_rows(max_row=MAX_MEMBER_ROWS + 2, max_col=_MAX_COLUMNS)
            for number, cells in enumerate(rows, 1):
                values: list[Any] = []
                for cell in cells:
                    if getattr(cell, "data_type", None) == "f":
                        raise InputError(
                            [
                                _problem(
                                    "members.formula",
                                    source,
                                    number,
                                    getattr(cell, "coordinate", None),
                                )
                            ]
                        )
                    values.append(cell.value)
                yield number, values
        finally:
            book.close()
    except InputError:
        raise
    except Exception as exc:  # a damaged or hostile workbook
        raise InputError([_problem("members.bad_xlsx", source, reason=type(exc).__name__)]) from exc


def _text(value: Any) -> str:
    return clean_line(str(value)) if value is not None else ""


def _columns(header: list[Any], source: str) -> tuple[dict[str, int], str]:
    """Where each column is, and the language of the ``name`` column."""
    found: dict[str, int] = {}
    name_language = "en"
    for index, cell in enumerate(header):
        key = name_key(_text(cell).replace("_", " "))
        for column, spellings in _HEADERS.items():
            if key in spellings and column not in found:
                found[column] = index
                if column == "name":
                    name_language = _NAME_LANGUAGE.get(key, "en")
    missing = [column for column in _REQUIRED if column not in found]
    if missing:
        raise InputError(
            [_problem("members.missing_columns", source, 1, columns=", ".join(missing))]
        )
    return found, name_language


def read_member_file(data: bytes, source: str, packaged: MemberList) -> list[Member]:
    """The entries of a member list file (CSV or XLSX), checked; see the module docstring."""
    rows = _xlsx_rows(data, source) if source.lower().endswith(".xlsx") else _csv_rows(data, source)
    header: list[Any] | None = None
    columns: dict[str, int] = {}
    name_language = "en"
    problems: list[Problem] = []
    entries: list[Member] = []
    seen_codes: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for number, row in rows:
        if header is None:
            if any(_text(cell) for cell in row):
                header = row
                columns, name_language = _columns(header, source)
            continue
        if not any(_text(cell) for cell in row):
            continue
        if len(entries) + len(problems) >= MAX_MEMBER_ROWS:
            raise InputError(
                [_problem("members.too_many_rows", source, number, limit=MAX_MEMBER_ROWS)]
            )
        cells = {
            column: _text(row[index]) if index < len(row) else ""
            for column, index in columns.items()
        }
        entry = _entry(cells, name_language, number, source, packaged, problems)
        if entry is None:
            continue
        for key, seen, code in (
            (entry.code, seen_codes, "members.duplicate_code"),
            (name_key(entry.name), seen_names, "members.duplicate_name"),
        ):
            if key and key in seen:
                problems.append(
                    _problem(
                        code,
                        source,
                        number,
                        "code" if seen is seen_codes else "name",
                        row=seen[key],
                    )
                )
            elif key:
                seen[key] = number
        entries.append(entry)
    if header is None or (not entries and not problems):
        raise InputError([_problem("members.empty", source)])
    if problems:
        raise InputError(problems)
    return entries


def _entry(
    cells: dict[str, str],
    name_language: str,
    number: int,
    source: str,
    packaged: MemberList,
    problems: list[Problem],
) -> Member | None:
    """The entry of one row, or None when a problem was recorded."""
    before = len(problems)
    name, code, region_text = cells["name"], cells["code"].upper(), cells["region"]
    if not name:
        problems.append(_problem("check.empty_text", source, number, "name"))
    if code and not _CODE.match(code):
        problems.append(_problem("members.bad_code", source, number, "code", value=code[:20]))
    region = packaged.find_region(region_text) if region_text else None
    if region is None:
        regions = ", ".join(item.id for item in packaged.regions)
        problems.append(
            _problem(
                "members.bad_region",
                source,
                number,
                "region",
                value=region_text[:60],
                regions=regions,
            )
        )
    given = {name_language: name}
    for lang in ("en", "fr", "es"):
        if cells.get(f"name_{lang}"):
            given[lang] = cells[f"name_{lang}"]
    for lang, text in given.items():
        if len(text) > MAX_NAME:
            field = "name" if text is name else f"name_{lang}"
            problems.append(_problem("check.text_too_long", source, number, field, limit=MAX_NAME))
    if len(problems) > before or region is None:
        return None
    known = packaged.by_code(code) if code else packaged.find(name)
    names = dict(known.names) if known else dict.fromkeys(("en", "fr", "es"), name)
    names.update(given)
    return Member(
        name=names["en"],
        code=code or None,
        region=region.id,
        names=names,
        aliases=known.aliases if known else (),
        special=known.special if known else False,
    )

"""The action plan as an Excel workbook: one sheet per table, a header row, one row per item.

Sheets: ``Plan`` (key, value), ``Points``, ``Milestones``, ``History``, ``Pillars`` and
``Owners``. Texts in several languages take one column per language (``title_en``,
``title_fr``…); lists are comma-separated. The workbook is turned into the mapping of
:mod:`gcat.actionplan.plan_file`, with the cell of every value, so that the checks are the
same as for YAML and every problem names its sheet and cell.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from gcat.actionplan.plan_file import SCHEMA, plan_to_mapping
from gcat.core.actionplan import Plan, StatusChange
from gcat.errors import InputError, Problem
from gcat.exchange.archive import check_archive
from gcat.exchange.cells import looks_like_formula
from gcat.i18n import LANGUAGES

__all__ = ["read_plan_workbook", "write_plan_workbook"]

Path = tuple[str | int, ...]
_MAX_ROWS = 20_000
_POINT_COLUMNS = (
    "id",
    *(f"title_{lang}" for lang in LANGUAGES),
    *(f"description_{lang}" for lang in LANGUAGES),
    "placeholder",
    "pillar",
    "owner",
    "horizon",
    "domains",
    "depends_on",
    "consolidated_under",
)
_MILESTONE_COLUMNS = ("point", *(f"title_{lang}" for lang in LANGUAGES), "due", "done")
_HISTORY_COLUMNS = ("point", "status", "date", "by", "note")
_NAME_COLUMNS = ("id", *LANGUAGES)


def _fail(source: str, code: str, **params: Any) -> InputError:
    return InputError([Problem(code, params, source=source)])


def _value(raw: Any) -> Any:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, str):
        stripped = raw.strip()
        return stripped or None
    return raw


class _Sheets:
    """The rows of each sheet as dictionaries, and the cell of each value."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.cells: dict[Path, str] = {}

    def rows(self, book: Any, name: str, path: Path) -> list[dict[str, Any]]:
        if name not in book.sheetnames:
            return []
        sheet = book[name]
        values = sheet.iter_rows(values_only=True)
        header = next(values, None)
        if header is None:
            return []
        columns = [str(h).strip().lower() if h is not None else "" for h in header]
        out: list[dict[str, Any]] = []
        for number, row in enumerate(values, start=2):
            if number > _MAX_ROWS:
                raise _fail(self.source, "actionplan.too_many", limit=_MAX_ROWS)
            entry = {}
            for col, raw in enumerate(row):
                value = _value(raw)
                if value is None or col >= len(columns) or not columns[col]:
                    continue
                entry[columns[col]] = value
                self.cells[(*path, len(out), columns[col])] = (
                    f"{name}!{get_column_letter(col + 1)}{number}"
                )
            if entry:
                self.cells[(*path, len(out))] = f"{name}!A{number}"
                out.append(entry)
        return out

    def locate(self, path: Path) -> Problem:
        for end in range(len(path), -1, -1):
            cell = self.cells.get(path[:end])
            if cell is not None:
                return Problem("", {}, source=self.source, field=cell)
        return Problem("", {}, source=self.source)


def _texts(row: dict[str, Any], name: str) -> dict[str, Any] | None:
    found = {lang: row[f"{name}_{lang}"] for lang in LANGUAGES if f"{name}_{lang}" in row}
    return found or None


def _split(value: Any) -> list[str] | None:
    if value is None:
        return None
    return [part.strip() for part in str(value).split(",") if part.strip()]


def _flag(value: Any) -> Any:
    if isinstance(value, str) and value.lower() in ("yes", "true", "oui", "sí", "si", "1"):
        return True
    if isinstance(value, str) and value.lower() in ("no", "false", "non", "0"):
        return False
    return bool(value) if isinstance(value, (int, float)) else value


def _load(data: bytes, sheets: _Sheets) -> dict[str, list[dict[str, Any]]]:
    """The rows of every sheet the plan uses."""
    names = ("Plan", "Points", "Milestones", "History", "Pillars", "Owners")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return {name: sheets.rows(book, name, (name.lower(),)) for name in names}
        finally:
            book.close()
    except InputError:
        raise
    except Exception as exc:  # a damaged or hostile workbook
        raise _fail(sheets.source, "xlsx.corrupt", reason=type(exc).__name__) from exc


def _named(rows: list[dict[str, Any]]) -> dict[Any, dict[str, Any]]:
    return {r["id"]: {k: v for k, v in r.items() if k != "id"} for r in rows if "id" in r}


def _milestones(
    sheets: _Sheets, n: int, own: list[tuple[int, dict[str, Any]]]
) -> list[dict[str, Any]]:
    items = []
    for m, (index, milestone) in enumerate(own):
        item: dict[str, Any] = {k: milestone[k] for k in ("due", "done") if k in milestone}
        item["title"] = _texts(milestone, "title")
        items.append(item)
        for key in ("due", "done", *(f"title_{lang}" for lang in LANGUAGES)):
            cell = sheets.cells.get(("milestones", index, key))
            if cell:
                sheets.cells[("points", n, "milestones", m, key.split("_")[0])] = cell
        sheets.cells[("points", n, "milestones", m)] = sheets.cells[("milestones", index)]
    return items


def _point(
    sheets: _Sheets, n: int, row: dict[str, Any], own: list[tuple[int, dict[str, Any]]]
) -> dict[str, Any]:
    entry: dict[str, Any] = {k: row[k] for k in ("id", "pillar", "owner", "horizon") if k in row}
    for name in ("title", "description"):
        if (texts := _texts(row, name)) is not None:
            entry[name] = texts
            for lang in texts:
                cell = sheets.cells[("points", n, f"{name}_{lang}")]
                sheets.cells[("points", n, name, lang)] = cell
    for name in ("domains", "depends_on"):
        if (items := _split(row.get(name))) is not None:
            entry[name] = items
    if "placeholder" in row:
        entry["placeholder"] = _flag(row["placeholder"])
    if "consolidated_under" in row:
        entry["consolidated_under"] = row["consolidated_under"]
    if own:
        entry["milestones"] = _milestones(sheets, n, own)
    return entry


def read_plan_workbook(data: bytes, source: str) -> tuple[dict[str, Any], Any]:
    """The plan mapping of a workbook and the function that locates a path in it."""
    check_archive(data, source, "XLSX", {"xl/workbook.xml"})
    sheets = _Sheets(source)
    rows = _load(data, sheets)
    if not rows["Plan"] and not rows["Points"]:
        raise _fail(source, "actionplan.not_a_plan_workbook")
    meta = {str(row.get("key", "")).strip().lower(): row.get("value") for row in rows["Plan"]}
    for n, row in enumerate(rows["Plan"]):
        key = str(row.get("key", "")).strip().lower()
        sheets.cells[(key,)] = sheets.cells.get(("plan", n, "value"), "Plan!B1")
        if key.startswith("title_"):
            sheets.cells[("title", key[6:])] = sheets.cells[(key,)]
    by_point: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for n, row in enumerate(rows["Milestones"]):
        by_point.setdefault(str(row.get("point", "")), []).append((n, row))
    mapping: dict[str, Any] = {
        "schema": meta.get("schema"),
        "title": {lang: meta[f"title_{lang}"] for lang in LANGUAGES if meta.get(f"title_{lang}")},
        "start": meta.get("start"),
        "demo": _flag(meta.get("demo", False)),
        "pillars": _named(rows["Pillars"]),
        "owners": _named(rows["Owners"]),
        "points": [
            _point(sheets, n, row, by_point.get(str(row.get("id", "")), []))
            for n, row in enumerate(rows["Points"])
        ],
        "history": rows["History"],
    }
    return mapping, sheets.locate


def _cell(value: Any) -> Any:
    """A value as a cell holds it: text a spreadsheet could run as a formula is quoted."""
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def _sheet(book: Workbook, name: str, columns: Sequence[str], rows: list[dict[str, Any]]) -> None:
    sheet = book.create_sheet(name)
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(row.get(column)) for column in columns])
    for col, column in enumerate(columns, start=1):
        wide = column.startswith(("title", "description", "note"))
        sheet.column_dimensions[get_column_letter(col)].width = 48 if wide else 16
    sheet.freeze_panes = "A2"


def _flat(texts: dict[str, str] | None, name: str) -> dict[str, str]:
    return {f"{name}_{lang}": text for lang, text in (texts or {}).items()}


def write_plan_workbook(plan: Plan, history: Sequence[StatusChange]) -> bytes:
    """The plan and its history as a workbook that :func:`read_plan_workbook` reads back."""
    data = plan_to_mapping(plan, history)
    book = Workbook()
    assert book.active is not None
    book.remove(book.active)
    meta: list[dict[str, Any]] = [{"key": "schema", "value": SCHEMA}]
    meta += [{"key": "start", "value": plan.start}]
    meta += [{"key": f"title_{lang}", "value": text} for lang, text in plan.title.items()]
    meta += [{"key": "demo", "value": "yes"}] if plan.demo else []
    _sheet(book, "Plan", ("key", "value"), meta)
    points = [
        {k: v for k, v in p.items() if k not in ("title", "description", "milestones")}
        | _flat(p.get("title"), "title")
        | _flat(p.get("description"), "description")
        | ({"placeholder": "yes"} if p.get("placeholder") else {})
        for p in data["points"]
    ]
    _sheet(book, "Points", _POINT_COLUMNS, points)
    milestones = [
        {"point": p["id"], "due": date.fromisoformat(m["due"])}
        | ({"done": date.fromisoformat(m["done"])} if m.get("done") else {})
        | _flat(m["title"], "title")
        for p in data["points"]
        for m in p.get("milestones", ())
    ]
    _sheet(book, "Milestones", _MILESTONE_COLUMNS, milestones)
    changes = [c | {"date": date.fromisoformat(c["date"])} for c in data["history"]]
    _sheet(book, "History", _HISTORY_COLUMNS, changes)
    for name, names in (("Pillars", plan.pillars), ("Owners", plan.owners)):
        named: list[dict[str, Any]] = [{"id": k, **v} for k, v in names.items()]
        _sheet(book, name, _NAME_COLUMNS, named)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

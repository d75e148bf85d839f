"""The cells of a framework workbook and where each value of the framework came from.

:func:`read_sheets` reads every sheet's values (a formula is marked, never evaluated);
:class:`SheetReader` gives the cells to the importer as text and values, records the sheet and
cell behind each path of the mappings it builds, and places every problem on its cell.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from gcat.core.text import clean_line
from gcat.errors import FrameworkDataError, Problem
from gcat.frameworks.checks import format_path

__all__ = ["MAX_COLUMNS", "MAX_ROWS", "PathKey", "Sheet", "SheetReader", "read_sheets"]

MAX_ROWS = 300
MAX_COLUMNS = 200
PathKey = tuple[str | int, ...]


@dataclass
class Sheet:
    """A sheet's cells (values, formula marks) and its header keys by column."""

    title: str
    rows: list[list[tuple[Any, bool]]]

    def header(self) -> dict[str, int]:
        keys: dict[str, int] = {}
        if not self.rows:
            return keys
        for col, (value, _) in enumerate(self.rows[0], start=1):
            if isinstance(value, str) and value.strip():
                keys.setdefault(value.strip(), col)
        return keys


@dataclass
class SheetReader:
    """The mappings being built, where each value came from, and the problems found."""

    source: str
    sheets: dict[str, Sheet]
    where: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def problem(
        self, code: str, sheet: str, row: int, col: int | None = None, /, **params: Any
    ) -> None:
        cell = f"{get_column_letter(col)}{row}" if col else f"{row}"
        header = ""
        if col and sheet in self.sheets and self.sheets[sheet].rows:
            value = (
                self.sheets[sheet].rows[0][col - 1][0]
                if col <= len(self.sheets[sheet].rows[0])
                else None
            )
            header = f" ({value})" if isinstance(value, str) and value else ""
        self.problems.append(
            Problem(
                code,
                params,
                source=f"{self.source}, sheet {sheet}",
                line=row,
                field=f"{cell}{header}",
            )
        )

    def place(self, doc: str, path: PathKey, sheet: str, row: int, col: int) -> None:
        self.where[f"{doc}:{format_path(path)}"] = (sheet, row, col)

    def relocate(self, doc: str, problems: Sequence[Problem]) -> None:
        """Problems of the schema checks on ``doc``, moved to their sheet and cell (the nearest
        cell that holds the value or what contains it)."""
        for found in problems:
            spot = next(
                (
                    self.where[f"{doc}:{path}"]
                    for path in _parents(found.field or "")
                    if f"{doc}:{path}" in self.where
                ),
                None,
            )
            if spot is None:
                self.problems.append(
                    Problem(found.code, found.params, source=self.source, field=found.field)
                )
            else:
                self.problem(found.code, spot[0], spot[1], spot[2], **found.params)

    def value(self, sheet: str, row: int, col: int | None) -> Any:
        """A cell's value, None when absent; a formula is refused."""
        if col is None:
            return None
        rows = self.sheets[sheet].rows
        if row > len(rows) or col > len(rows[row - 1]):
            return None
        value, formula = rows[row - 1][col - 1]
        if formula:
            self.problem("toolkit.formula", sheet, row, col)
            return None
        return value

    def text(self, sheet: str, row: int, col: int | None) -> str:
        value = self.value(sheet, row, col)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return clean_line(str(value))


def _parents(path: str) -> list[str]:
    """``a.b[2]``, ``a.b``, ``a``: a path and what contains it, nearest first."""
    out = []
    while path:
        out.append(path)
        if path.endswith("]"):
            path = path[: path.rindex("[")]
        else:
            path = path.rsplit(".", 1)[0] if "." in path else ""
    return out


def read_sheets(data: bytes, source: str) -> dict[str, Sheet]:
    """Every sheet's cells (the first 60 sheets, :data:`MAX_ROWS` by :data:`MAX_COLUMNS`)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb: Workbook = load_workbook(
                io.BytesIO(data), read_only=True, data_only=False, keep_links=False
            )
            try:
                sheets = {}
                for ws in wb.worksheets[:60]:
                    rows = [
                        [(cell.value, _is_formula(cell)) for cell in row]
                        for row in ws.iter_rows(min_row=1, max_row=MAX_ROWS, max_col=MAX_COLUMNS)
                    ]
                    sheets[ws.title] = Sheet(ws.title, rows)
                return sheets
            finally:
                wb.close()
    except Exception as exc:  # any parser error: a damaged or hostile file
        reason = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:120]
        raise FrameworkDataError(
            [Problem("xlsx.corrupt", {"reason": reason}, source=source)]
        ) from exc


def _is_formula(cell: Any) -> bool:
    return getattr(cell, "data_type", None) == "f" or isinstance(
        cell.value, ArrayFormula | DataTableFormula
    )

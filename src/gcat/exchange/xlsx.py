"""The assessment workbook (.xlsx): export with live formulas, import with every check.

:mod:`~gcat.exchange.xlsx_layout` describes the sheets; the export is in
:mod:`~gcat.exchange.xlsx_export` (Results formulas in :mod:`~gcat.exchange.xlsx_results`) and
the import in :mod:`~gcat.exchange.xlsx_import`.
"""

from __future__ import annotations

from gcat.exchange.xlsx_export import export_workbook
from gcat.exchange.xlsx_import import import_workbook

__all__ = ["export_workbook", "import_workbook"]

"""Read an edited framework workbook back, checking every cell with the data rules.

The workbook is checked as a container first (size, parts, compression, macros), then read
cell by cell (values only; a formula is refused). The cells become the manifest and domain
mappings of a framework folder, each value remembering its sheet and cell; the same schema
checks as the framework data (:mod:`gcat.frameworks.checks`) and the same content rules
(:mod:`gcat.frameworks.quality`) then run, and every problem names the file, the sheet, the
cell and the reason.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from gcat.core.model import Framework
from gcat.core.text import clean_line
from gcat.errors import FrameworkDataError, Problem
from gcat.exchange.archive import check_archive
from gcat.frameworks.checks import (
    DOMAIN_SCHEMA,
    FRAMEWORK_SCHEMA,
    check_domain,
    check_manifest,
    format_path,
)
from gcat.frameworks.loader import build_framework
from gcat.frameworks.quality import content_issues
from gcat.toolkit.layout import (
    DOMAIN_TEXTS,
    GLOSSARY_TEXTS,
    INDICATOR_FIELDS,
    INDICATOR_TEXTS,
    LIST_SEPARATOR,
    SCALE_TEXTS,
    SCHEMA,
    SETTINGS_KEYS,
    SHEET_AREAS,
    SHEET_DOMAINS,
    SHEET_FRAMEWORK,
    SHEET_GLOSSARY,
    SHEET_REFERENCES,
    SHEET_SCALE,
    column,
)
from gcat.yamlio import Document

__all__ = ["WorkbookFramework", "read_framework_workbook"]

MAX_ROWS = 300
MAX_COLUMNS = 200
PathKey = tuple[str | int, ...]
_YES = {"true", "yes", "oui", "sí", "si", "1", "x"}
_NO = {"false", "no", "non", "0", ""}


@dataclass(frozen=True, slots=True)
class WorkbookFramework:
    """A framework read from a workbook: the folder's files as mappings, and the framework."""

    manifest: dict[str, Any]
    domains: tuple[dict[str, Any], ...]
    framework: Framework
    source_version: str
    """The version the workbook was exported from (its ``version`` row)."""


@dataclass
class _Sheet:
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
class _Reader:
    """The mappings being built, where each value came from, and the problems found."""

    source: str
    sheets: dict[str, _Sheet]
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


def _read_sheets(data: bytes, source: str) -> dict[str, _Sheet]:
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
                    sheets[ws.title] = _Sheet(ws.title, rows)
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


def read_framework_workbook(data: bytes, source: str) -> WorkbookFramework:
    """Check the workbook ``data`` (named ``source`` in messages) and return what it holds.

    Raises :class:`FrameworkDataError` with every problem, each naming the sheet and cell.
    """
    check_archive(data, source, "XLSX", {"[Content_Types].xml", "xl/workbook.xml"})
    sheets = _read_sheets(data, source)
    reader = _Reader(source, sheets)
    missing = [
        name
        for name in (SHEET_FRAMEWORK, SHEET_SCALE, SHEET_DOMAINS, SHEET_AREAS, SHEET_REFERENCES)
        if name not in sheets
    ]
    if missing:
        raise FrameworkDataError(
            [Problem("xlsx.missing_sheet", {"sheet": name}, source=source) for name in missing]
        )
    settings = _settings(reader)
    if settings.get("schema") != SCHEMA:
        raise FrameworkDataError(
            [
                Problem(
                    "check.bad_schema",
                    {"expected": SCHEMA},
                    source=f"{source}, sheet {SHEET_FRAMEWORK}",
                    line=2,
                )
            ]
        )
    languages = [
        lang.strip() for lang in settings.get("languages", "").split(LIST_SEPARATOR) if lang.strip()
    ]
    if not languages:
        reader.problem("check.not_list", SHEET_FRAMEWORK, 5, 2)
        raise FrameworkDataError(reader.problems)
    manifest = _manifest(reader, settings, languages)
    domains = [
        _domain(reader, item, languages) for item in _domain_rows(reader, languages, manifest)
    ]
    manifest_problems = check_manifest(Document(manifest, {}, source)).problems
    reader.relocate("manifest", manifest_problems)
    if not manifest_problems:
        seen: dict[str, str] = {}
        for domain in domains:
            doc = Document(domain, {}, source)
            checked = check_domain(
                doc,
                languages=languages,
                thematic_areas=manifest["thematic_areas"],
                references=manifest["references"],
            )
            reader.relocate(domain["id"], checked.problems)
            for index, item in enumerate(domain.get("indicators", [])):
                ind_id = item.get("id")
                if ind_id in seen:
                    spot = reader.where.get(
                        f"{domain['id']}:{format_path(('indicators', index, 'id'))}"
                    )
                    if spot is not None:
                        reader.problem("check.duplicate_id", spot[0], spot[1], spot[2], id=ind_id)
                seen[str(ind_id)] = domain["id"]
    if reader.problems:
        raise FrameworkDataError(reader.problems)
    framework = build_framework(manifest, domains)
    for issue in content_issues(framework):
        _content_problem(reader, issue.owner, issue.key, issue.lang, issue.code, issue.params)
    if reader.problems:
        raise FrameworkDataError(reader.problems)
    return WorkbookFramework(manifest, tuple(domains), framework, str(settings.get("version", "")))


def _content_problem(
    reader: _Reader, owner: str, key: str, lang: str | None, code: str, params: dict[str, Any]
) -> None:
    header = column(key, lang) if lang else key
    spot = reader.where.get(f"cell:{owner}:{header}")
    if spot is None:
        spot = reader.where.get(f"cell:{owner}:id") or (SHEET_DOMAINS, 1, 1)
    reader.problem(code, spot[0], spot[1], spot[2], **params)


def _settings(reader: _Reader) -> dict[str, str]:
    sheet = reader.sheets[SHEET_FRAMEWORK]
    out: dict[str, str] = {}
    for row in range(2, len(sheet.rows) + 1):
        key = reader.text(SHEET_FRAMEWORK, row, 1)
        if not key:
            continue
        out[key] = reader.text(SHEET_FRAMEWORK, row, 2)
        reader.place("manifest", ("settings", key), SHEET_FRAMEWORK, row, 2)
    return out


def _number(reader: _Reader, raw: str, where: tuple[str, int, int]) -> float | int | None:
    try:
        number = float(raw.replace(",", "."))
    except ValueError:
        reader.problem("toolkit.not_number", *where, value=raw[:40])
        return None
    return int(number) if number.is_integer() else number


def _manifest(reader: _Reader, settings: dict[str, str], languages: list[str]) -> dict[str, Any]:
    def spot(key: str) -> tuple[str, int, int]:
        found = reader.where.get(f"manifest:settings.{key}")
        return found if found is not None else (SHEET_FRAMEWORK, 1, 2)

    for key in SETTINGS_KEYS:
        if key not in settings:
            reader.problem("check.missing_key", SHEET_FRAMEWORK, 1, 1, key=key)
    manifest: dict[str, Any] = {
        "schema": FRAMEWORK_SCHEMA,
        "id": settings.get("id", ""),
        "version": settings.get("version", ""),
        "title": {lang: settings.get(column("title", lang), "") for lang in languages},
        "languages": languages,
    }
    for key in ("id", "version"):
        reader.where[f"manifest:{key}"] = spot(key)
    for lang in languages:
        reader.where[f"manifest:title.{lang}"] = spot(column("title", lang))
    numbers = {
        key: _number(reader, settings.get(key, "0"), spot(key))
        for key in (
            "noncompensatory_share",
            "noncompensatory_max_shortfall",
            "min_completeness",
            "min_evidence_coverage",
        )
    }
    manifest["scoring"] = {
        "primary": settings.get("scoring_primary", ""),
        "compensatory_rounding": "floor",
        "noncompensatory": {
            "share": numbers["noncompensatory_share"],
            "max_shortfall": numbers["noncompensatory_max_shortfall"],
        },
        "confidence": {
            "min_completeness": numbers["min_completeness"],
            "min_evidence_coverage": numbers["min_evidence_coverage"],
        },
    }
    for path, key in (
        ("scoring.primary", "scoring_primary"),
        ("scoring.noncompensatory.share", "noncompensatory_share"),
        ("scoring.noncompensatory.max_shortfall", "noncompensatory_max_shortfall"),
    ):
        reader.where[f"manifest:{path}"] = spot(key)
    manifest["scale"] = _scale(reader, languages)
    manifest["thematic_areas"] = _keyed(
        reader, SHEET_AREAS, "thematic_areas", ("name",), languages, flat=True
    )
    manifest["references"] = _references(reader, languages)
    if SHEET_GLOSSARY in reader.sheets:
        glossary = _keyed(reader, SHEET_GLOSSARY, "glossary", GLOSSARY_TEXTS, languages, flat=False)
        if glossary:
            manifest["glossary"] = glossary
    return manifest


def _columns(reader: _Reader, sheet: str, required: Sequence[str]) -> dict[str, int]:
    header = reader.sheets[sheet].header()
    for key in required:
        if key not in header:
            reader.problem("toolkit.missing_column", sheet, 1, None, column=key)
    return header


def _unknown_columns(
    reader: _Reader, sheet: str, header: dict[str, int], allowed: set[str]
) -> None:
    for key, col in header.items():
        if key not in allowed:
            reader.problem("toolkit.unknown_column", sheet, 1, col, column=key)


def _scale(reader: _Reader, languages: list[str]) -> list[dict[str, Any]]:
    texts = [column(key, lang) for lang in languages for key in SCALE_TEXTS]
    header = _columns(reader, SHEET_SCALE, ["level", *texts])
    _unknown_columns(reader, SHEET_SCALE, header, {"level", *texts})
    scale: list[dict[str, Any]] = []
    for row in range(2, len(reader.sheets[SHEET_SCALE].rows) + 1):
        raw = reader.text(SHEET_SCALE, row, header.get("level"))
        if not raw:
            continue
        index = len(scale)
        level = _number(reader, raw, (SHEET_SCALE, row, header.get("level", 1)))
        item: dict[str, Any] = {"level": level}
        reader.place(
            "manifest", ("scale", index, "level"), SHEET_SCALE, row, header.get("level", 1)
        )
        for key in SCALE_TEXTS:
            item[key] = {}
            for lang in languages:
                col = header.get(column(key, lang))
                item[key][lang] = reader.text(SHEET_SCALE, row, col)
                reader.place("manifest", ("scale", index, key, lang), SHEET_SCALE, row, col or 1)
        scale.append(item)
    return scale


def _keyed(
    reader: _Reader, sheet: str, name: str, keys: Sequence[str], languages: list[str], *, flat: bool
) -> dict[str, Any]:
    texts = [column(key, lang) for lang in languages for key in keys]
    header = _columns(reader, sheet, ["id", *texts])
    _unknown_columns(reader, sheet, header, {"id", *texts})
    out: dict[str, Any] = {}
    for row in range(2, len(reader.sheets[sheet].rows) + 1):
        key_id = reader.text(sheet, row, header.get("id"))
        if not key_id:
            continue
        if key_id in out:
            reader.problem("check.duplicate_id", sheet, row, header.get("id"), id=key_id)
            continue
        reader.place("manifest", (name, key_id), sheet, row, header.get("id", 1))
        if flat:
            out[key_id] = {
                lang: reader.text(sheet, row, header.get(column(keys[0], lang)))
                for lang in languages
            }
            for lang in languages:
                reader.place(
                    "manifest",
                    (name, key_id, lang),
                    sheet,
                    row,
                    header.get(column(keys[0], lang), 1),
                )
            continue
        out[key_id] = {}
        for key in keys:
            out[key_id][key] = {
                lang: reader.text(sheet, row, header.get(column(key, lang))) for lang in languages
            }
            for lang in languages:
                reader.place(
                    "manifest",
                    (name, key_id, key, lang),
                    sheet,
                    row,
                    header.get(column(key, lang), 1),
                )
    return out


def _references(reader: _Reader, languages: list[str]) -> dict[str, Any]:
    texts = [column("title", lang) for lang in languages]
    header = _columns(reader, SHEET_REFERENCES, ["id", "kind", *texts])
    _unknown_columns(reader, SHEET_REFERENCES, header, {"id", "kind", *texts})
    out: dict[str, Any] = {}
    for row in range(2, len(reader.sheets[SHEET_REFERENCES].rows) + 1):
        key_id = reader.text(SHEET_REFERENCES, row, header.get("id"))
        if not key_id:
            continue
        if key_id in out:
            reader.problem("check.duplicate_id", SHEET_REFERENCES, row, header.get("id"), id=key_id)
            continue
        item: dict[str, Any] = {"kind": reader.text(SHEET_REFERENCES, row, header.get("kind"))}
        reader.place("manifest", ("references", key_id), SHEET_REFERENCES, row, header.get("id", 1))
        for lang in languages:
            col = header.get(column("title", lang))
            item[lang] = reader.text(SHEET_REFERENCES, row, col)
            reader.place("manifest", ("references", key_id, lang), SHEET_REFERENCES, row, col or 1)
        out[key_id] = item
    return out


@dataclass(frozen=True, slots=True)
class _DomainRow:
    id: str
    code: str
    sheet: str
    texts: dict[str, dict[str, str]]
    row: int


def _domain_rows(
    reader: _Reader, languages: list[str], manifest: dict[str, Any]
) -> list[_DomainRow]:
    texts = [column(key, lang) for lang in languages for key in DOMAIN_TEXTS]
    header = _columns(reader, SHEET_DOMAINS, ["id", "code", "sheet", *texts])
    _unknown_columns(reader, SHEET_DOMAINS, header, {"id", "code", "sheet", *texts})
    rows = []
    for row in range(2, len(reader.sheets[SHEET_DOMAINS].rows) + 1):
        domain_id = reader.text(SHEET_DOMAINS, row, header.get("id"))
        if not domain_id:
            continue
        sheet = reader.text(SHEET_DOMAINS, row, header.get("sheet"))
        if sheet not in reader.sheets:
            reader.problem(
                "xlsx.missing_sheet", SHEET_DOMAINS, row, header.get("sheet"), sheet=sheet or "—"
            )
            continue
        rows.append(
            _DomainRow(
                domain_id,
                reader.text(SHEET_DOMAINS, row, header.get("code")),
                sheet,
                {
                    key: {
                        lang: reader.text(SHEET_DOMAINS, row, header.get(column(key, lang)))
                        for lang in languages
                    }
                    for key in DOMAIN_TEXTS
                },
                row,
            )
        )
        for key in ("id", "code"):
            reader.place(domain_id, (key,), SHEET_DOMAINS, row, header.get(key, 1))
        for key in DOMAIN_TEXTS:
            for lang in languages:
                reader.place(
                    domain_id,
                    ("text", lang, key),
                    SHEET_DOMAINS,
                    row,
                    header.get(column(key, lang), 1),
                )
    manifest["domains"] = [item.id for item in rows]
    if not rows:
        reader.problem("toolkit.no_domains", SHEET_DOMAINS, 2, 1)
    return rows


def _flag(reader: _Reader, value: Any, where: tuple[str, int, int]) -> bool:
    if isinstance(value, bool):
        return value
    word = "" if value is None else str(value).strip().lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    reader.problem("toolkit.not_yes_no", *where, value=word[:20])
    return False


def _ids(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(LIST_SEPARATOR) if part.strip()]


def _domain(reader: _Reader, item: _DomainRow, languages: list[str]) -> dict[str, Any]:
    sheet = item.sheet
    texts = [column(key, lang) for lang in languages for key in INDICATOR_TEXTS]
    header = _columns(reader, sheet, [*INDICATOR_FIELDS, *texts])
    _unknown_columns(reader, sheet, header, {*INDICATOR_FIELDS, *texts})
    structure: list[dict[str, Any]] = []
    text: dict[str, Any] = {
        lang: {
            "title": item.texts["title"][lang],
            "purpose": item.texts["purpose"][lang],
            "indicators": {},
        }
        for lang in languages
    }
    doc = item.id
    for row in range(2, len(reader.sheets[sheet].rows) + 1):
        ind_id = reader.text(sheet, row, header.get("id"))
        if not ind_id:
            continue
        index = len(structure)
        col_of = {key: header.get(key, 1) for key in INDICATOR_FIELDS}
        raw_weight = reader.text(sheet, row, header.get("weight"))
        weight: object = raw_weight  # not a number: the schema check says so, once
        with contextlib.suppress(ValueError):
            weight = float(raw_weight.replace(",", "."))
        na = _flag(
            reader,
            reader.value(sheet, row, header.get("not_applicable")),
            (sheet, row, col_of["not_applicable"]),
        )
        structure.append(
            {
                "id": ind_id,
                "weight": weight,
                "foundational": _flag(
                    reader,
                    reader.value(sheet, row, header.get("foundational")),
                    (sheet, row, col_of["foundational"]),
                ),
                "not_applicable": na,
                "thematic_areas": _ids(reader.text(sheet, row, header.get("thematic_areas"))),
                "references": _ids(reader.text(sheet, row, header.get("references"))),
            }
        )
        for key in INDICATOR_FIELDS:
            reader.place(doc, ("indicators", index, key), sheet, row, col_of[key])
            reader.where[f"cell:{ind_id}:{key}"] = (sheet, row, col_of[key])
        for lang in languages:
            entry = _indicator_text(reader, sheet, row, header, lang, na)
            text[lang]["indicators"][ind_id] = entry
            base: PathKey = ("text", lang, "indicators", ind_id)
            reader.place(doc, base, sheet, row, header.get("id", 1))
            for key in INDICATOR_TEXTS:
                col = header.get(column(key, lang), 1)
                reader.where[f"cell:{ind_id}:{column(key, lang)}"] = (sheet, row, col)
                if key.startswith("level_"):
                    reader.place(doc, (*base, "levels", int(key[-1])), sheet, row, col)
                elif key == "evidence":
                    reader.place(doc, (*base, "evidence"), sheet, row, col)
                    for n in range(len(entry["evidence"])):
                        reader.place(doc, (*base, "evidence", n), sheet, row, col)
                else:
                    reader.place(doc, (*base, key), sheet, row, col)
            reader.place(doc, (*base, "levels"), sheet, row, header.get(column("level_0", lang), 1))
    reader.place(doc, ("indicators",), item.sheet, 1, 1)
    reader.place(doc, ("schema",), SHEET_DOMAINS, item.row, 1)
    return {
        "schema": DOMAIN_SCHEMA,
        "id": item.id,
        "code": item.code,
        "indicators": structure,
        "text": text,
    }


def _indicator_text(
    reader: _Reader, sheet: str, row: int, header: dict[str, int], lang: str, na: bool
) -> dict[str, Any]:
    def cell(key: str) -> str:
        return reader.text(sheet, row, header.get(column(key, lang)))

    raw = reader.value(sheet, row, header.get(column("evidence", lang)))
    evidence = [clean_line(line) for line in str(raw or "").splitlines() if clean_line(line)]
    entry: dict[str, Any] = {
        "title": cell("title"),
        "definition": cell("definition"),
        "rationale": cell("rationale"),
        "levels": [cell(f"level_{n}") for n in range(6)],
        "evidence": evidence,
    }
    when = cell("not_applicable_when")
    if na:
        entry["not_applicable_when"] = when
    elif when:
        reader.problem(
            "toolkit.na_text_unused", sheet, row, header.get(column("not_applicable_when", lang))
        )
    return entry

"""The action plan as a file the Secretariat keeps: YAML (or JSON) and Excel, checked on import.

Every format ends in :func:`plan_from_mapping`, which checks the plan and reports each problem
with its file and line (YAML) or sheet and cell (Excel). The format::

    schema: gcat-action-plan/1
    title: {en: ..., fr: ..., es: ...}      # a text, or one per language
    start: 2023-06-24                       # no status may be dated before it
    pillars: {being: {en: ...}, ...}        # optional names of pillar and owner ids
    owners: {compliance_facilitation: {en: ...}, ...}
    points:
      - id: GCAP-02
        title: {en: ..., fr: ...}
        description: {en: ...}              # optional
        placeholder: false                  # true: the title is not the plan's own
        pillar: cross_cutting
        owner: capacity_building
        horizon: short | medium | long
        domains: [policy_legislation, ...]  # GCAT domain ids
        depends_on: [GCAP-01]
        consolidated_under: GCAP-02         # optional
        milestones: [{title: {en: ...}, due: 2025-11-12, done: 2025-11-10}]
    history:                                # optional: status changes, with who and why
      - {point: GCAP-02, status: in_progress, date: 2025-07-09, by: Secretariat, note: ...}
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from gcat.core.actionplan import (
    Horizon,
    Milestone,
    Plan,
    Point,
    Status,
    StatusChange,
    check_plan,
)
from gcat.core.text import clean_line, clean_text
from gcat.errors import InputError, Problem
from gcat.i18n import LANGUAGES
from gcat.limits import MAX_DOCUMENT_BYTES, MAX_NAME, MAX_PLAN_POINTS, MAX_TEXT

__all__ = [
    "PLAN_FORMATS",
    "SCHEMA",
    "PlanFile",
    "normalise_point_id",
    "plan_from_mapping",
    "plan_to_mapping",
    "read_plan",
]

SCHEMA = "gcat-action-plan/1"
PLAN_FORMATS = (".yaml", ".yml", ".json", ".xlsx")
MAX_ITEMS = 50
"""Milestones, dependencies or domains of one point."""
MAX_HISTORY = 20_000
DOMAINS = (
    "policy_legislation",
    "facilitation",
    "internal_practices",
    "customs_controls",
    "green_tariff",
    "capacity_building",
    "cooperation",
)
_POINT_ID = re.compile(r"^\s*([A-Za-z][A-Za-z]{0,9})?[- ]?0*(\d{1,3})\s*$")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
_TOP = {"schema", "title", "start", "demo", "pillars", "owners", "points", "history"}
_POINT = {
    "id",
    "title",
    "description",
    "placeholder",
    "pillar",
    "owner",
    "horizon",
    "domains",
    "depends_on",
    "consolidated_under",
    "milestones",
}
_MILESTONE = {"title", "due", "done"}
_CHANGE = {"point", "status", "date", "by", "note"}

Path = tuple[str | int, ...]
Locate = Callable[[Path], Problem]


def normalise_point_id(value: str, prefix: str = "GCAP") -> str | None:
    """``GCAP-02`` for "GCAP-2", "gcap 02" or "2"; None when it is not a point id."""
    match = _POINT_ID.match(value)
    if match is None:
        return None
    return f"{(match.group(1) or prefix).upper()}-{int(match.group(2)):02d}"


@dataclass(frozen=True, slots=True)
class PlanFile:
    """A plan read from a file, with the status history the file carries."""

    plan: Plan
    history: tuple[StatusChange, ...]


class _Check:
    """Collects located problems while a mapping is turned into a plan."""

    def __init__(self, locate: Locate) -> None:
        self.locate = locate
        self.problems: list[Problem] = []

    def fail(self, path: Path, code: str, **params: Any) -> None:
        where = self.locate(path)
        field = ".".join(str(part) for part in path) or None
        self.problems.append(
            Problem(code, params, source=where.source, line=where.line, field=where.field or field)
        )

    def mapping(self, value: Any, path: Path, allowed: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, "check.not_mapping")
            return {}
        for key in value:
            if key not in allowed:
                self.fail((*path, str(key)), "check.unknown_key", key=str(key)[:60])
        return value

    def items(self, value: Any, path: Path, limit: int) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, "check.not_list")
            return []
        if len(value) > limit:
            self.fail(path, "actionplan.too_many", limit=limit)
            return []
        return value

    def text(self, value: Any, path: Path, limit: int = MAX_NAME, *, line: bool = True) -> str:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.fail(path, "check.empty_text")
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.fail(path, "check.not_text")
            return ""
        cleaned = clean_line(str(value)) if line else clean_text(str(value))
        if len(cleaned) > limit:
            self.fail(path, "check.text_too_long", limit=limit)
            return ""
        return cleaned

    def texts(self, value: Any, path: Path, limit: int = MAX_NAME) -> dict[str, str]:
        """A text in one or more languages (a plain text counts as English)."""
        if not isinstance(value, dict):
            text = self.text(value, path, limit)
            return {"en": text} if text else {}
        out = {}
        for lang, text in value.items():
            if lang not in LANGUAGES:
                self.fail((*path, str(lang)), "check.bad_choice", choices=", ".join(LANGUAGES))
                continue
            if text is not None and str(text).strip():
                out[lang] = self.text(text, (*path, lang), limit, line=limit <= MAX_NAME)
        if not out:
            self.fail(path, "check.empty_text")
        return out

    def day(self, value: Any, path: Path) -> date | None:
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.fail(path, "actionplan.bad_date")
        return None

    def choice(self, value: Any, path: Path, choices: tuple[str, ...]) -> str:
        text = str(value).strip() if isinstance(value, (str, int)) else ""
        if text not in choices:
            self.fail(path, "check.bad_choice", choices=", ".join(choices))
        return text

    def key(self, value: Any, path: Path) -> str:
        text = str(value).strip() if isinstance(value, str) else ""
        if not _KEY.match(text):
            self.fail(path, "actionplan.bad_key")
        return text

    def point_id(self, value: Any, path: Path) -> str:
        found = normalise_point_id(str(value)) if isinstance(value, (str, int)) else None
        if found is None:
            self.fail(path, "actionplan.bad_point_id", value=str(value)[:40])
            return ""
        return found


def _names(check: _Check, value: Any, path: Path) -> dict[str, dict[str, str]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        check.fail(path, "check.not_mapping")
        return {}
    return {check.key(k, (*path, k)): check.texts(v, (*path, k)) for k, v in value.items()}


def _point(check: _Check, raw: Any, path: Path) -> Point | None:
    data = check.mapping(raw, path, _POINT)
    if not data:
        return None
    for required in ("id", "title", "pillar", "owner", "horizon"):
        if required not in data:
            check.fail(path, "check.missing_key", key=required)
    milestones = []
    for n, item in enumerate(check.items(data.get("milestones"), (*path, "milestones"), MAX_ITEMS)):
        where = (*path, "milestones", n)
        entry = check.mapping(item, where, _MILESTONE)
        due = check.day(entry.get("due"), (*where, "due"))
        done = check.day(entry["done"], (*where, "done")) if entry.get("done") else None
        title = check.texts(entry.get("title"), (*where, "title"))
        if due is not None:
            milestones.append(Milestone(title, due, done))
    depends = [
        check.point_id(other, (*path, "depends_on", n))
        for n, other in enumerate(check.items(data.get("depends_on"), (*path, "depends_on"), 50))
    ]
    domains = [
        check.choice(d, (*path, "domains", n), DOMAINS)
        for n, d in enumerate(check.items(data.get("domains"), (*path, "domains"), MAX_ITEMS))
    ]
    placeholder = data.get("placeholder", False)
    if not isinstance(placeholder, bool):
        check.fail((*path, "placeholder"), "check.not_boolean")
    under = data.get("consolidated_under")
    return Point(
        id=check.point_id(data.get("id"), (*path, "id")),
        title=check.texts(data.get("title"), (*path, "title")),
        pillar=check.key(data.get("pillar"), (*path, "pillar")),
        owner=check.key(data.get("owner"), (*path, "owner")),
        horizon=Horizon(h)
        if (h := check.choice(data.get("horizon"), (*path, "horizon"), tuple(Horizon)))
        in tuple(Horizon)
        else Horizon.MEDIUM,
        description=check.texts(data["description"], (*path, "description"), MAX_TEXT)
        if data.get("description")
        else {},
        milestones=tuple(milestones),
        depends_on=tuple(dict.fromkeys(d for d in depends if d)),
        domains=tuple(dict.fromkeys(d for d in domains if d)),
        placeholder=placeholder is True,
        consolidated_under=check.point_id(under, (*path, "consolidated_under"))
        if under is not None
        else None,
    )


def _change(check: _Check, raw: Any, path: Path, sequence: int) -> StatusChange | None:
    data = check.mapping(raw, path, _CHANGE)
    if not data:
        return None
    for required in ("point", "status", "date"):
        if required not in data:
            check.fail(path, "check.missing_key", key=required)
    status = check.choice(data.get("status"), (*path, "status"), tuple(Status))
    on = check.day(data.get("date"), (*path, "date"))
    by = check.text(data["by"], (*path, "by")) if data.get("by") else ""
    note = (
        check.text(data["note"], (*path, "note"), MAX_TEXT, line=False) if data.get("note") else ""
    )
    if on is None or status not in tuple(Status):
        return None
    point = check.point_id(data.get("point"), (*path, "point"))
    return StatusChange(point, Status(status), on, by, note, sequence=sequence)


def plan_from_mapping(data: Any, locate: Locate, *, today: date) -> PlanFile:
    """Check a plan mapping and build it; :class:`InputError` lists every problem, located."""
    check = _Check(locate)
    top = check.mapping(data, (), _TOP)
    if top and top.get("schema") != SCHEMA:
        check.fail(("schema",), "check.bad_schema", expected=SCHEMA)
    title = check.texts(top.get("title"), ("title",)) if top else {}
    start = check.day(top.get("start"), ("start",)) if top else None
    demo = top.get("demo", False)
    if not isinstance(demo, bool):
        check.fail(("demo",), "check.not_boolean")
    raw_points = check.items(top.get("points"), ("points",), MAX_PLAN_POINTS)
    if top and not raw_points:
        check.fail(("points",), "check.not_list")
    points = [p for n, raw in enumerate(raw_points) if (p := _point(check, raw, ("points", n)))]
    raw_history = check.items(top.get("history"), ("history",), MAX_HISTORY)
    history = [
        c for n, raw in enumerate(raw_history) if (c := _change(check, raw, ("history", n), n + 1))
    ]
    if check.problems:
        raise InputError(check.problems[:100])
    assert start is not None
    plan = Plan(
        title=title,
        start=start,
        points=tuple(points),
        pillars=_names(check, top.get("pillars"), ("pillars",)),
        owners=_names(check, top.get("owners"), ("owners",)),
        demo=demo is True,
    )
    index = {point.id: n for n, point in enumerate(points)}
    for finding in check_plan(plan):
        where = ("points", index[finding.field]) if finding.field in index else ("points",)
        check.fail(where, finding.code, **finding.params)
    known = set(index)
    for n, change in enumerate(history):
        where = ("history", n)
        if change.point not in known:
            check.fail((*where, "point"), "actionplan.unknown_point", id=change.point)
        elif change.on > today:
            check.fail((*where, "date"), "actionplan.future_date", today=today.isoformat())
        elif change.on < start:
            check.fail((*where, "date"), "actionplan.before_start", start=start.isoformat())
    if check.problems:
        raise InputError(check.problems[:100])
    return PlanFile(plan, tuple(history))


def read_plan(data: bytes, source: str, *, today: date) -> PlanFile:
    """A plan file (YAML, JSON or Excel, by the suffix of ``source``), checked."""
    suffix = PurePath(source).suffix.lower()
    if suffix not in PLAN_FORMATS:
        raise InputError(
            [Problem("actionplan.bad_format", {"formats": ", ".join(PLAN_FORMATS)}, source=source)]
        )
    if suffix == ".xlsx":
        from gcat.actionplan.plan_xlsx import read_plan_workbook

        mapping, in_sheet = read_plan_workbook(data, source)
        return plan_from_mapping(mapping, in_sheet, today=today)
    from gcat.yamlio import DocumentError, load_document

    if len(data) > MAX_DOCUMENT_BYTES:
        raise InputError(
            [Problem("file.too_large", {"limit": MAX_DOCUMENT_BYTES // 1024**2}, source=source)]
        )
    try:
        document = load_document(data.decode("utf-8-sig"), source, json_format=suffix == ".json")
    except UnicodeDecodeError as exc:
        raise InputError([Problem("file.not_utf8", {}, source=source)]) from exc
    except DocumentError as exc:
        raise InputError([exc.problem]) from exc

    def locate(path: Path) -> Problem:
        return Problem("", {}, source=source, line=document.line_of(path))

    return plan_from_mapping(document.data, locate, today=today)


def plan_to_mapping(plan: Plan, history: Sequence[StatusChange]) -> dict[str, Any]:
    """The plan and its history in the file format (what :func:`plan_from_mapping` reads)."""
    points = []
    for point in plan.points:
        entry: dict[str, Any] = {"id": point.id, "title": dict(point.title)}
        if point.description:
            entry["description"] = dict(point.description)
        if point.placeholder:
            entry["placeholder"] = True
        entry |= {"pillar": point.pillar, "owner": point.owner, "horizon": point.horizon.value}
        if point.domains:
            entry["domains"] = list(point.domains)
        if point.depends_on:
            entry["depends_on"] = list(point.depends_on)
        if point.consolidated_under:
            entry["consolidated_under"] = point.consolidated_under
        if point.milestones:
            entry["milestones"] = [
                {"title": dict(m.title), "due": m.due.isoformat()}
                | ({"done": m.done.isoformat()} if m.done else {})
                for m in point.milestones
            ]
        points.append(entry)
    ordered = sorted(history, key=lambda c: (c.on, c.sequence))
    return {
        "schema": SCHEMA,
        "title": dict(plan.title),
        "start": plan.start.isoformat(),
        **({"demo": True} if plan.demo else {}),
        "pillars": {key: dict(value) for key, value in plan.pillars.items()},
        "owners": {key: dict(value) for key, value in plan.owners.items()},
        "points": points,
        "history": [
            {"point": c.point, "status": c.status.value, "date": c.on.isoformat(), "by": c.by}
            | ({"note": c.note} if c.note else {})
            for c in ordered
        ],
    }

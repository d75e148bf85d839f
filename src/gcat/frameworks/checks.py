"""Schema checks for framework manifests, domain files and version maps, with located problems."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TypeGuard

from gcat.core.model import Framework
from gcat.core.upgrade import STATUSES
from gcat.errors import Problem
from gcat.yamlio import Document

__all__ = [
    "DOMAIN_SCHEMA",
    "FRAMEWORK_SCHEMA",
    "MAP_SCHEMA",
    "Checker",
    "check_domain",
    "check_manifest",
    "check_upgrade_map",
]

FRAMEWORK_SCHEMA = "gcat-framework/1"
DOMAIN_SCHEMA = "gcat-domain/1"
MAP_SCHEMA = "gcat-map/1"
LEVEL_COUNT = 6
DOMAIN_ID = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
DOMAIN_CODE = re.compile(r"^[A-Z]{2,3}$")
MAP_FILE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,60}\.yaml$")
MAX_TEXT = 2000
MAX_WEIGHT = 10

PathKey = tuple[str | int, ...]


def format_path(path: PathKey) -> str:
    """``indicators[2].weight`` style."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


class Checker:
    """Collects problems found in one document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def add(self, path: PathKey, code: str, **params: Any) -> None:
        """Record a problem at ``path``."""
        self.problems.append(
            Problem(
                code,
                params,
                source=self.doc.source,
                line=self.doc.line_of(path),
                field=format_path(path) or None,
            )
        )

    def mapping(
        self,
        value: Any,
        path: PathKey,
        *,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> dict[str, Any] | None:
        """``value`` as a mapping with exactly the required keys and some optional ones."""
        if not isinstance(value, dict):
            self.add(path, "check.not_mapping")
            return None
        required = tuple(required)
        allowed = set(required) | set(optional)
        for key in required:
            if key not in value:
                self.add(path, "check.missing_key", key=key)
        for key in value:
            if key not in allowed:
                self.add((*path, key), "check.unknown_key", key=key)
        return value

    def text(self, value: Any, path: PathKey) -> str | None:
        """``value`` as a non-empty string of reasonable length."""
        if not isinstance(value, str) or not value.strip():
            self.add(path, "check.empty_text")
            return None
        if len(value) > MAX_TEXT:
            self.add(path, "check.text_too_long", limit=MAX_TEXT)
        return value

    def boolean(self, value: Any, path: PathKey) -> bool:
        """``value`` as a boolean."""
        if not isinstance(value, bool):
            self.add(path, "check.not_boolean")
            return False
        return value

    def id_list(self, value: Any, path: PathKey, known: Iterable[str], code: str) -> list[str]:
        """``value`` as a list of known ids."""
        if not isinstance(value, list):
            self.add(path, "check.not_list")
            return []
        known = set(known)
        ids: list[str] = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or item not in known:
                self.add((*path, index), code, value=str(item))
            else:
                ids.append(item)
        return ids

    def translations(self, value: Any, path: PathKey, languages: Iterable[str]) -> None:
        """``value`` as a text in each language."""
        languages = tuple(languages)
        node = self.mapping(value, path, required=languages)
        if node is not None:
            for lang in languages:
                if lang in node:
                    self.text(node[lang], (*path, lang))


def check_manifest(doc: Document) -> Checker:
    """Check a ``framework.yaml`` manifest."""
    check = Checker(doc)
    top = check.mapping(
        doc.data,
        (),
        required=(
            "schema",
            "id",
            "version",
            "title",
            "languages",
            "domains",
            "scale",
            "scoring",
            "thematic_areas",
            "references",
        ),
        optional=("released", "glossary", "upgrade_from", "based_on"),
    )
    if top is None:
        return check
    if top.get("schema") != FRAMEWORK_SCHEMA:
        check.add(("schema",), "check.bad_schema", expected=FRAMEWORK_SCHEMA)
    languages = top.get("languages")
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        check.add(("languages",), "check.not_list")
        return check
    check.translations(top.get("title"), ("title",), languages)
    _check_scale(check, top.get("scale"), languages)
    _check_catalogues(check, top, languages)
    domains = top.get("domains")
    if not isinstance(domains, list) or not domains:
        check.add(("domains",), "check.not_list")
    _check_scoring(check, top.get("scoring"))
    if "glossary" in top:
        _check_glossary(check, top["glossary"], languages)
    if "upgrade_from" in top:
        _check_upgrade_from(check, top["upgrade_from"])
    return check


def _check_glossary(check: Checker, value: Any, languages: list[str]) -> None:
    """Defined terms: an id, then the term and its definition in every language."""
    if not isinstance(value, dict):
        check.add(("glossary",), "check.not_mapping")
        return
    for key, item in value.items():
        path: PathKey = ("glossary", key)
        if not DOMAIN_ID.match(str(key)):
            check.add(path, "check.bad_term_id")
        node = check.mapping(item, path, required=("term", "definition"))
        if node is not None:
            for part in ("term", "definition"):
                if part in node:
                    check.translations(node[part], (*path, part), languages)


def _check_upgrade_from(check: Checker, value: Any) -> None:
    """Earlier versions this one can be reached from, each with its map file."""
    if not isinstance(value, list) or not value:
        check.add(("upgrade_from",), "check.not_list")
        return
    for index, item in enumerate(value):
        path: PathKey = ("upgrade_from", index)
        node = check.mapping(item, path, required=("version", "map"))
        if node is None:
            continue
        if not isinstance(node.get("version"), str):
            check.add((*path, "version"), "check.not_text")
        if not isinstance(node.get("map"), str) or not MAP_FILE.match(node["map"]):
            check.add((*path, "map"), "check.bad_map_file")


def _check_scale(check: Checker, scale: Any, languages: list[str]) -> None:
    if not isinstance(scale, list) or len(scale) != LEVEL_COUNT:
        check.add(("scale",), "check.six_levels")
        return
    for index, item in enumerate(scale):
        node = check.mapping(item, ("scale", index), required=("level", "name", "meaning"))
        if node is None:
            continue
        if node.get("level") != index:
            check.add(("scale", index, "level"), "check.level_order", expected=index)
        check.translations(node.get("name"), ("scale", index, "name"), languages)
        check.translations(node.get("meaning"), ("scale", index, "meaning"), languages)


def _check_catalogues(check: Checker, top: dict[str, Any], languages: list[str]) -> None:
    """The thematic areas and the references, each a text in every language."""
    areas = top.get("thematic_areas")
    if isinstance(areas, dict):
        for key, names in areas.items():
            check.translations(names, ("thematic_areas", key), languages)
    else:
        check.add(("thematic_areas",), "check.not_mapping")
    references = top.get("references")
    if not isinstance(references, dict):
        check.add(("references",), "check.not_mapping")
        return
    for key, ref in references.items():
        node = check.mapping(ref, ("references", key), required=("kind", *languages))
        if node is not None:
            for lang in languages:
                if lang in node:
                    check.text(node[lang], ("references", key, lang))


def _check_scoring(check: Checker, value: Any) -> None:
    node = check.mapping(
        value,
        ("scoring",),
        required=("primary", "compensatory_rounding", "noncompensatory", "confidence"),
    )
    if node is None:
        return
    if node.get("primary") not in ("compensatory", "noncompensatory"):
        check.add(
            ("scoring", "primary"), "check.bad_choice", choices="compensatory, noncompensatory"
        )
    if node.get("compensatory_rounding") != "floor":
        check.add(("scoring", "compensatory_rounding"), "check.bad_choice", choices="floor")
    rule = check.mapping(
        node.get("noncompensatory"),
        ("scoring", "noncompensatory"),
        required=("share", "max_shortfall"),
    )
    if rule is not None:
        share = rule.get("share")
        if not _is_number(share) or not 0 < share <= 1:
            check.add(("scoring", "noncompensatory", "share"), "check.bad_share")
        shortfall = rule.get("max_shortfall")
        if not isinstance(shortfall, int) or isinstance(shortfall, bool) or not 0 <= shortfall <= 5:
            check.add(("scoring", "noncompensatory", "max_shortfall"), "check.bad_level")
    check.mapping(
        node.get("confidence"),
        ("scoring", "confidence"),
        required=("min_completeness", "min_evidence_coverage"),
    )


def _is_number(value: Any) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_domain(
    doc: Document,
    *,
    languages: Iterable[str],
    thematic_areas: Iterable[str],
    references: Iterable[str],
) -> Checker:
    """Check a domain (module) file against the framework's languages, areas and references."""
    languages = tuple(languages)
    thematic_areas = tuple(thematic_areas)
    references = tuple(references)
    check = Checker(doc)
    top = check.mapping(doc.data, (), required=("schema", "id", "code", "indicators", "text"))
    if top is None:
        return check
    if top.get("schema") != DOMAIN_SCHEMA:
        check.add(("schema",), "check.bad_schema", expected=DOMAIN_SCHEMA)
    domain_id = top.get("id")
    if not isinstance(domain_id, str) or not DOMAIN_ID.match(domain_id):
        check.add(("id",), "check.bad_domain_id")
    code = top.get("code")
    if not isinstance(code, str) or not DOMAIN_CODE.match(code):
        check.add(("code",), "check.bad_domain_code")
        code = None
    declared = _check_indicators(check, top.get("indicators"), code, thematic_areas, references)
    text = check.mapping(top.get("text"), ("text",), required=languages)
    if text is None:
        return check
    for lang in languages:
        if lang in text:
            _check_domain_text(check, text[lang], ("text", lang), declared)
    return check


def _check_indicators(
    check: Checker,
    value: Any,
    code: str | None,
    thematic_areas: tuple[str, ...],
    references: tuple[str, ...],
) -> dict[str, bool]:
    """Check the structure list; return declared indicator ids → N/A allowed."""
    declared: dict[str, bool] = {}
    if not isinstance(value, list) or not value:
        check.add(("indicators",), "check.not_list")
        return declared
    pattern = re.compile(rf"^{code}-\d{{2}}$") if code else None
    for index, item in enumerate(value):
        path: PathKey = ("indicators", index)
        node = check.mapping(
            item,
            path,
            required=(
                "id",
                "weight",
                "foundational",
                "not_applicable",
                "thematic_areas",
                "references",
            ),
        )
        if node is None:
            continue
        ind_id = node.get("id")
        if not isinstance(ind_id, str) or (pattern is not None and not pattern.match(ind_id)):
            check.add((*path, "id"), "check.bad_indicator_id", prefix=code or "XX")
            continue
        if ind_id in declared:
            check.add((*path, "id"), "check.duplicate_id", id=ind_id)
            continue
        weight = node.get("weight")
        if not _is_number(weight) or not 0 < weight <= MAX_WEIGHT:
            check.add((*path, "weight"), "check.bad_weight", limit=MAX_WEIGHT)
        check.boolean(node.get("foundational"), (*path, "foundational"))
        na = check.boolean(node.get("not_applicable"), (*path, "not_applicable"))
        check.id_list(
            node.get("thematic_areas"),
            (*path, "thematic_areas"),
            thematic_areas,
            "check.unknown_area",
        )
        check.id_list(
            node.get("references"), (*path, "references"), references, "check.unknown_reference"
        )
        declared[ind_id] = na
    return declared


def _check_domain_text(
    check: Checker, value: Any, path: PathKey, declared: dict[str, bool]
) -> None:
    node = check.mapping(value, path, required=("title", "purpose", "indicators"))
    if node is None:
        return
    check.text(node.get("title"), (*path, "title"))
    check.text(node.get("purpose"), (*path, "purpose"))
    texts = node.get("indicators")
    if not isinstance(texts, dict):
        check.add((*path, "indicators"), "check.not_mapping")
        return
    for ind_id, na_allowed in declared.items():
        if ind_id not in texts:
            check.add((*path, "indicators"), "check.missing_key", key=ind_id)
            continue
        _check_indicator_text(check, texts[ind_id], (*path, "indicators", ind_id), na_allowed)
    for ind_id in texts:
        if ind_id not in declared:
            check.add((*path, "indicators", ind_id), "check.undeclared_indicator", id=ind_id)


def _check_indicator_text(check: Checker, value: Any, path: PathKey, na_allowed: bool) -> None:
    required = ["title", "definition", "rationale", "levels", "evidence"]
    if na_allowed:
        required.append("not_applicable_when")
    node = check.mapping(value, path, required=required)
    if node is None:
        return
    for key in ("title", "definition", "rationale", "not_applicable_when"):
        if key in node:
            check.text(node[key], (*path, key))
    levels = node.get("levels")
    if not isinstance(levels, list) or len(levels) != LEVEL_COUNT:
        check.add((*path, "levels"), "check.six_levels")
    else:
        for index, level in enumerate(levels):
            check.text(level, (*path, "levels", index))
    evidence = node.get("evidence")
    if not isinstance(evidence, list) or not evidence:
        check.add((*path, "evidence"), "check.not_list")
    else:
        for index, item in enumerate(evidence):
            check.text(item, (*path, "evidence", index))


def check_upgrade_map(doc: Document, old: Framework, new: Framework) -> Checker:
    """Check a map from ``old`` to ``new``: every old id once, targets that exist, six levels."""
    check = Checker(doc)
    top = check.mapping(
        doc.data, (), required=("schema", "from", "to", "indicators", "new", "reasons")
    )
    if top is None:
        return check
    if top.get("schema") != MAP_SCHEMA:
        check.add(("schema",), "check.bad_schema", expected=MAP_SCHEMA)
    for key, framework in (("from", old), ("to", new)):
        node = check.mapping(top.get(key), (key,), required=("id", "version"))
        if node is not None and (node.get("id"), str(node.get("version"))) != (
            framework.id,
            framework.version,
        ):
            check.add((key,), "map.wrong_framework", expected=framework.key)
    reasons = top.get("reasons")
    if not isinstance(reasons, dict):
        check.add(("reasons",), "check.not_mapping")
        reasons = {}
    for key, texts in reasons.items():
        check.translations(texts, ("reasons", key), new.languages)
    walk = _MapWalk(check, old, new, set(reasons))
    indicators = top.get("indicators")
    if not isinstance(indicators, dict):
        check.add(("indicators",), "check.not_mapping")
        indicators = {}
    for source in old.indicators:
        if source not in indicators:
            check.add(("indicators",), "map.missing_indicator", id=source, version=old.version)
    for source, item in indicators.items():
        walk.indicator(source, item)
    walk.merges()
    walk.new_list(top.get("new"))
    for key in sorted(set(reasons) - walk.used_reasons):
        check.add(("reasons", key), "map.unused_reason", key=key)
    return check


class _MapWalk:
    """The checks of a map that need what was seen so far (targets, statuses, reasons)."""

    def __init__(self, check: Checker, old: Framework, new: Framework, reasons: set[str]):
        self.check, self.old, self.new, self.reasons = check, old, new, reasons
        self.used_reasons: set[str] = set()
        self.fed: dict[str, list[str]] = {}
        self.statuses: dict[str, str] = {}

    def indicator(self, source: str, item: Any) -> None:
        path: PathKey = ("indicators", source)
        if source not in self.old.indicators:
            self.check.add(path, "map.unknown_indicator", id=source, version=self.old.version)
            return
        node = self.check.mapping(item, path, required=("status", "to"))
        if node is None or "status" not in node or "to" not in node:
            return
        status = node["status"]
        if status not in STATUSES:
            self.check.add((*path, "status"), "check.bad_choice", choices=", ".join(STATUSES))
            return
        if not isinstance(node["to"], list):
            self.check.add((*path, "to"), "check.not_list")
            return
        ids: list[str] = []
        for index, target in enumerate(node["to"]):
            target_id = self.target(source, target, (*path, "to", index))
            if target_id in ids:
                self.check.add((*path, "to", index), "map.duplicate_target", id=target_id)
            elif target_id is not None:
                ids.append(target_id)
                self.fed.setdefault(target_id, []).append(source)
        self.statuses[source] = status
        self.status((*path, "status"), status, source, ids, len(node["to"]))

    def target(self, source: str, value: Any, path: PathKey) -> str | None:
        node = self.check.mapping(
            value, path, required=("id", "levels"), optional=("not_applicable",)
        )
        if node is None or "id" not in node:
            return None
        target_id = node["id"]
        if not isinstance(target_id, str) or target_id not in self.new.indicators:
            self.check.add(
                (*path, "id"), "map.unknown_target", id=str(target_id), version=self.new.version
            )
            return None
        self.levels(node.get("levels"), (*path, "levels"))
        source_na = self.old.indicator(source).not_applicable_allowed
        target_na = self.new.indicator(target_id).not_applicable_allowed
        na_path: PathKey = (*path, "not_applicable")
        if "not_applicable" not in node:
            if source_na:
                self.check.add(path, "map.na_missing", id=source)
        elif not source_na:
            self.check.add(na_path, "map.na_unneeded", id=source)
        elif node["not_applicable"] == "carry":
            if not target_na:
                self.check.add(
                    na_path, "map.na_not_allowed", id=target_id, version=self.new.version
                )
        else:
            self.review(node["not_applicable"], na_path)
        return target_id

    def levels(self, value: Any, path: PathKey) -> None:
        if not isinstance(value, list) or len(value) != LEVEL_COUNT:
            self.check.add(path, "check.six_levels")
            return
        highest = 0
        for level, entry in enumerate(value):
            if isinstance(entry, int) and not isinstance(entry, bool) and 0 <= entry < LEVEL_COUNT:
                if entry < highest:
                    self.check.add((*path, level), "map.not_monotonic")
                highest = max(highest, entry)
            else:
                self.review(entry, (*path, level))

    def review(self, value: Any, path: PathKey) -> None:
        if not isinstance(value, dict) or set(value) != {"review"}:
            self.check.add(path, "map.bad_level_entry")
        elif not isinstance(value["review"], str) or value["review"] not in self.reasons:
            self.check.add((*path, "review"), "map.unknown_reason", value=str(value["review"]))
        else:
            self.used_reasons.add(value["review"])

    def status(self, path: PathKey, status: str, source: str, ids: list[str], count: int) -> None:
        if len(ids) != count:
            return  # a target was already reported
        if status in ("kept", "renamed", "merged") and count != 1:
            self.check.add(path, "map.one_target", status=status)
        elif status == "split" and count < 2:
            self.check.add(path, "map.split_targets")
        elif status == "retired" and count:
            self.check.add(path, "map.retired_targets")
        elif status in ("kept", "renamed"):
            old, new = self.old.indicator(source), self.new.indicator(ids[0])
            same = old.id == new.id and dict(old.title) == dict(new.title)
            if status == "kept" and not same:
                self.check.add(path, "map.kept_changed", version=self.new.version)
            if status == "renamed" and same:
                self.check.add(path, "map.renamed_unchanged")

    def merges(self) -> None:
        for target_id, sources in self.fed.items():
            merged = [s for s in sources if self.statuses[s] == "merged"]
            if len(sources) > 1 and not merged:
                self.check.add(
                    ("indicators", sources[-1]),
                    "map.merge_undeclared",
                    id=target_id,
                    sources=", ".join(sources),
                )
            elif len(sources) == 1 and merged:
                self.check.add(
                    ("indicators", sources[0], "status"), "map.merged_alone", id=target_id
                )

    def new_list(self, value: Any) -> None:
        ids = self.check.id_list(value, ("new",), self.new.indicators, "map.unknown_new")
        for index, ind_id in enumerate(ids):
            if ind_id in self.fed:
                self.check.add(("new", index), "map.new_targeted", id=ind_id)
        for ind_id in self.new.indicators:
            if ind_id not in self.fed and ind_id not in ids:
                self.check.add(("new",), "map.new_missing", id=ind_id, version=self.new.version)

"""The Compendium pack: the released practices as one integrity-checked JSON file, which a
member's app imports offline to show "who already did this".

Format: ``{"schema": "gcat-compendium-pack/1", "built_at": ISO time, "practices": [...],
"checksum": SHA-256 of the canonical JSON of the rest}``. Each practice holds only what
:func:`gcat.policy.consent.release` let out: never a contact, never a withheld section. An
imported practice is turned back into a record and released again, so the one consent check
also stands between a pack and every page that shows it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from gcat.core.practices import (
    Consent,
    MeasurableResult,
    Practice,
    PracticeMember,
    PracticeRecord,
    Status,
)
from gcat.core.text import clean_line, clean_text
from gcat.errors import InputError, Problem
from gcat.exchange.exchange_file import exchange_checksum
from gcat.i18n import LANGUAGES
from gcat.limits import (
    MAX_IMPORT_BYTES,
    MAX_LINK,
    MAX_LINKS,
    MAX_MEASURES,
    MAX_NAME,
    MAX_PRACTICE_TEXT,
    MAX_TITLE,
    MB,
)
from gcat.policy.consent import PracticeView, Released

__all__ = ["PACK_SCHEMA", "PackContents", "pack_records", "read_pack", "write_pack"]

PACK_SCHEMA = "gcat-compendium-pack/1"
MAX_PACK_PRACTICES = 20_000
_TEXTS = ("background", "description", "results", "challenges", "future_plans")


def _view_json(view: PracticeView) -> dict[str, Any]:
    return {
        "id": view.id,
        "member": {
            "name": view.member.name,
            "code": view.member.code,
            "region": view.member.region,
            "names": dict(view.member.names),
        },
        "title": view.title,
        "lang": view.lang,
        "domains": list(view.domains),
        "thematic_areas": list(view.thematic_areas),
        "gcat_indicators": list(view.gcat_indicators),
        **{key: getattr(view, key) for key in _TEXTS},
        "measurable_results": [
            {
                "indicator": item.indicator,
                "value": item.value,
                "unit": item.unit,
                "baseline": item.baseline,
                "year": item.year,
            }
            for item in view.measurable_results
        ],
        "links": list(view.links),
    }


def write_pack(released: Sequence[Released[PracticeView]], built_at: datetime) -> bytes:
    """The pack of ``released`` practices (UTF-8 JSON)."""
    payload: dict[str, Any] = {
        "schema": PACK_SCHEMA,
        "built_at": built_at.astimezone(UTC).isoformat(timespec="seconds"),
        "practices": [_view_json(item.view) for item in released],
    }
    payload["checksum"] = exchange_checksum(payload)
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")


class PackContents:
    """A checked pack: when it was built, its checksum and its practices (as plain data)."""

    def __init__(self, built_at: datetime, checksum: str, practices: list[dict[str, Any]]) -> None:
        self.built_at = built_at
        self.checksum = checksum
        self.practices = practices


def _refuse(code: str, source: str, field: str | None = None, **params: object) -> InputError:
    return InputError([Problem(code, dict(params), source=source, field=field)])


def _text(value: Any, limit: int, where: str, source: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > limit:
        raise _refuse("compendium.pack_bad_field", source, where)
    return clean_text(value)


def _strings(value: Any, limit: int, where: str, source: str, most: int = 50) -> list[str]:
    if not isinstance(value, list) or len(value) > most:
        raise _refuse("compendium.pack_bad_field", source, where)
    return [clean_line(_text(item, limit, where, source)) for item in value]


def _number(value: Any, where: str, source: str, *, optional: bool = False) -> float | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or abs(value) >= 1e15:
        raise _refuse("compendium.pack_bad_field", source, where)
    return float(value)


def _practice(raw: Any, index: int, source: str) -> dict[str, Any]:
    where = f"practices[{index}]"
    if (
        not isinstance(raw, dict)
        or not isinstance(raw.get("id"), int)
        or isinstance(raw["id"], bool)
    ):
        raise _refuse("compendium.pack_bad_field", source, where)
    member = raw.get("member")
    if not isinstance(member, dict) or not isinstance(member.get("names"), dict):
        raise _refuse("compendium.pack_bad_field", source, f"{where}.member")
    names = {
        lang: clean_line(_text(member["names"].get(lang), MAX_NAME, f"{where}.member", source))
        for lang in LANGUAGES
    }
    code = member.get("code")
    if code is not None and (not isinstance(code, str) or len(code) != 3 or not code.isalpha()):
        raise _refuse("compendium.pack_bad_field", source, f"{where}.member.code")
    lang = raw.get("lang")
    if lang not in LANGUAGES:
        raise _refuse("compendium.pack_bad_field", source, f"{where}.lang")
    measures = raw.get("measurable_results", [])
    if not isinstance(measures, list) or len(measures) > MAX_MEASURES:
        raise _refuse("compendium.pack_bad_field", source, f"{where}.measurable_results")
    results = []
    for n, item in enumerate(measures):
        spot = f"{where}.measurable_results[{n}]"
        if not isinstance(item, dict):
            raise _refuse("compendium.pack_bad_field", source, spot)
        year = item.get("year")
        if year is not None and (
            not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100
        ):
            raise _refuse("compendium.pack_bad_field", source, f"{spot}.year")
        results.append(
            {
                "indicator": clean_line(_text(item.get("indicator"), MAX_NAME, spot, source)),
                "value": _number(item.get("value"), f"{spot}.value", source),
                "unit": clean_line(_text(item.get("unit"), 40, spot, source)),
                "baseline": _number(
                    item.get("baseline"), f"{spot}.baseline", source, optional=True
                ),
                "year": year,
            }
        )
    return {
        "id": raw["id"],
        "member": {
            "name": clean_line(_text(member.get("name"), MAX_NAME, f"{where}.member", source))
            or names["en"],
            "code": code,
            "region": clean_line(_text(member.get("region"), 40, f"{where}.member", source)),
            "names": names,
        },
        "title": clean_line(_text(raw.get("title"), MAX_TITLE, f"{where}.title", source)),
        "lang": lang,
        "domains": _strings(raw.get("domains", []), 40, f"{where}.domains", source, 7),
        "thematic_areas": _strings(
            raw.get("thematic_areas", []), 40, f"{where}.thematic_areas", source, 9
        ),
        "gcat_indicators": _strings(
            raw.get("gcat_indicators", []), 20, f"{where}.gcat_indicators", source
        ),
        **{key: _text(raw.get(key), MAX_PRACTICE_TEXT, f"{where}.{key}", source) for key in _TEXTS},
        "measurable_results": results,
        "links": _strings(raw.get("links", []), MAX_LINK, f"{where}.links", source, MAX_LINKS),
    }


def read_pack(data: bytes, source: str) -> PackContents:
    """Check a pack: size, JSON, schema, checksum, then every practice's fields."""
    if len(data) > MAX_IMPORT_BYTES:
        raise _refuse("file.too_large", source, limit=MAX_IMPORT_BYTES // MB)
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _refuse("compendium.pack_not_json", source) from exc
    if not isinstance(payload, dict) or payload.get("schema") != PACK_SCHEMA:
        raise _refuse("check.bad_schema", source, "schema", expected=PACK_SCHEMA)
    if payload.get("checksum") != exchange_checksum(payload):
        raise _refuse("compendium.pack_checksum", source, "checksum")
    raw = payload.get("practices")
    if not isinstance(raw, list) or len(raw) > MAX_PACK_PRACTICES:
        raise _refuse("compendium.pack_bad_field", source, "practices")
    try:
        built_at = datetime.fromisoformat(str(payload.get("built_at")))
    except ValueError as exc:
        raise _refuse("compendium.pack_bad_field", source, "built_at") from exc
    practices = [_practice(item, index, source) for index, item in enumerate(raw)]
    return PackContents(built_at, str(payload["checksum"]), practices)


def pack_records(practices: Sequence[Mapping[str, Any]]) -> list[PracticeRecord]:
    """Records of packed practices, published and consented, to be released again."""
    records = []
    for item in practices:
        member = item["member"]
        practice = Practice(
            member=PracticeMember(
                member["name"], member["code"], member["region"], dict(member["names"])
            ),
            title=item["title"],
            lang=item["lang"],
            domains=tuple(item["domains"]),
            thematic_areas=tuple(item["thematic_areas"]),
            gcat_indicators=tuple(item["gcat_indicators"]),
            measurable_results=tuple(
                MeasurableResult(m["indicator"], m["value"], m["unit"], m["baseline"], m["year"])
                for m in item["measurable_results"]
            ),
            links=tuple(item["links"]),
            consent=Consent.YES,
            **{key: item[key] for key in _TEXTS},
        )
        records.append(
            PracticeRecord(
                id=item["id"],
                administration_id=0,
                status=Status.PUBLISHED,
                practice=practice,
                source="pack",
            )
        )
    return records

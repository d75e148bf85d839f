"""Practice files (YAML or JSON, ``schema: gcat-practice/1``): one practice, checked field by field.

Format (``member``, ``title``, ``lang`` and ``consent`` are always required; ``contact`` with a
name and an e-mail, at least one domain and the description are required unless the status is
``draft``)::

    schema: gcat-practice/1
    member: Indonesia                      # a WCO Member: name in en/fr/es, or ISO code
    contact: {name: ..., role: ..., email: ..., phone: ...}   # never published
    title: ...
    domains: [internal_practices, facilitation]    # the first is the primary domain
    thematic_areas: [internal_office]
    gcat_indicators: [IP-05]               # optional: related GCAT indicators
    background: ...
    description: ...
    results: ...
    measurable_results:
      - {indicator: Paper used, value: -62, unit: "%", baseline: 2019, year: 2024}
    challenges: ...
    future_plans: ...
    links: [https://...]
    consent: yes                           # Section X: yes or no, never left out
    withheld: [results]                    # sections kept out of publication
    lang: fr                               # the language the practice is written in
    status: submitted                      # optional; imports default to submitted

The workbook and Word templates are read into the same mapping, so one set of rules checks every
format; :func:`parse_practice` reports every problem with the file, line (or row) and field.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from gcat.core.members import MemberList, name_key
from gcat.core.model import Framework
from gcat.core.practices import (
    SECTION_KEYS,
    Consent,
    Contact,
    MeasurableResult,
    Practice,
    PracticeMember,
    Status,
)
from gcat.core.text import clean_line, clean_text
from gcat.errors import InputError, UnknownMemberError
from gcat.frameworks.checks import Checker
from gcat.i18n import LANGUAGES
from gcat.limits import (
    MAX_LINK,
    MAX_LINKS,
    MAX_MEASURES,
    MAX_NAME,
    MAX_PRACTICE_TEXT,
    MAX_TITLE,
)
from gcat.members import match_member
from gcat.yamlio import Document

__all__ = [
    "CONSENT_WORDS",
    "PRACTICE_SCHEMA",
    "TOP_KEYS",
    "ParsedPractice",
    "Vocabulary",
    "parse_practice",
    "practice_to_data",
]

PRACTICE_SCHEMA = "gcat-practice/1"
TOP_KEYS = (
    "schema",
    "member",
    "contact",
    "title",
    "domains",
    "thematic_areas",
    "gcat_indicators",
    "background",
    "description",
    "results",
    "measurable_results",
    "challenges",
    "future_plans",
    "links",
    "consent",
    "withheld",
    "lang",
    "status",
)
CONSENT_WORDS: Mapping[str, Consent] = {
    **dict.fromkeys(("yes", "y", "true", "oui", "si", "sí", "1"), Consent.YES),
    **dict.fromkeys(("no", "n", "false", "non", "0"), Consent.NO),
}
"""Answers to Section X, in the three languages (YAML reads a bare yes as true)."""
_CONTACT_KEYS = ("name", "role", "email", "phone")
_MEASURE_KEYS = ("indicator", "value", "unit", "baseline", "year")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NUMBER = re.compile(r"^[+\-−]?\d[\d\s\u00a0\u202f]*([.,]\d+)?$")


class Vocabulary:
    """The framework's domains, thematic areas and indicators, found by id, number or name."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.domains: dict[str, str] = {}
        for number, domain in enumerate(framework.domains, 1):
            for spelling in (domain.id, str(number), *domain.title.values()):
                self.domains[name_key(spelling.replace("_", " "))] = domain.id
        self.areas: dict[str, str] = {}
        for area_id, names in framework.thematic_areas.items():
            for spelling in (area_id, *names.values()):
                self.areas[name_key(spelling.replace("_", " "))] = area_id

    def domain(self, text: str) -> str | None:
        """The domain id ``text`` names."""
        return self.domains.get(name_key(text.replace("_", " ")))

    def area(self, text: str) -> str | None:
        """The thematic area id ``text`` names."""
        return self.areas.get(name_key(text.replace("_", " ")))

    def indicator(self, text: str) -> str | None:
        """The indicator id ``text`` names (any case)."""
        key = text.strip().upper()
        return key if key in self.framework.indicators else None


@dataclass(frozen=True, slots=True)
class ParsedPractice:
    """A checked practice file: the practice and the status it asks for."""

    practice: Practice
    status: Status


class _Reader:
    """Reads one document's values, recording problems with their place."""

    def __init__(self, doc: Document) -> None:
        self.check = Checker(doc)

    def add(self, path: tuple[str | int, ...], code: str, **params: Any) -> None:
        self.check.add(path, code, **params)

    def line(self, value: Any, path: tuple[str | int, ...], limit: int = MAX_NAME) -> str:
        if value is None:
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.add(path, "check.not_text")
            return ""
        text = clean_line(value)
        if len(text) > limit:
            self.add(path, "check.text_too_long", limit=limit)
            return ""
        return text

    def text(self, value: Any, path: tuple[str | int, ...]) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            self.add(path, "check.not_text")
            return ""
        text = clean_text(value)
        if len(text) > MAX_PRACTICE_TEXT:
            self.add(path, "check.text_too_long", limit=MAX_PRACTICE_TEXT)
            return ""
        return text

    def texts(self, value: Any, path: tuple[str, ...], limit: int) -> list[tuple[int, str]]:
        """A list of texts (a single text counts as a list of one), with their indexes."""
        if value is None or value == "":
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.add(path, "check.not_list")
            return []
        if len(value) > limit:
            self.add(path, "practices.too_many", limit=limit)
            return []
        items = [
            (index, self.line(item, (*path, index), MAX_LINK)) for index, item in enumerate(value)
        ]
        return [(index, item) for index, item in items if item]

    def choices(
        self, value: Any, path: tuple[str, ...], find: Callable[[str], str | None], code: str
    ) -> tuple[str, ...]:
        found: list[str] = []
        for index, item in self.texts(value, path, 50):
            chosen = find(item)
            if chosen is None:
                self.add((*path, index), code, value=item[:60])
            elif chosen not in found:
                found.append(chosen)
        return tuple(found)

    def number(self, value: Any, path: tuple[str | int, ...]) -> float | None:
        if isinstance(value, bool):
            self.add(path, "practices.not_number")
            return None
        if isinstance(value, (int, float)):
            number = float(value)
        elif isinstance(value, str) and _NUMBER.match(value.strip()):
            cleaned = re.sub(r"[\s\u00a0\u202f]", "", value.strip()).replace("−", "-")
            number = float(cleaned.replace(",", "."))
        else:
            self.add(path, "practices.not_number")
            return None
        if not math.isfinite(number) or abs(number) >= 1e15:
            self.add(path, "practices.not_number")
            return None
        return number


def _member(reader: _Reader, value: Any, members: MemberList) -> PracticeMember | None:
    name = reader.line(value, ("member",))
    if not name:
        reader.add(("member",), "check.empty_text")
        return None
    try:
        found = match_member(name, members)
    except UnknownMemberError as exc:
        problem = exc.problems[0]
        reader.add(("member",), problem.code, **problem.params)
        return None
    return PracticeMember(found.name, found.code, found.region, dict(found.names))


def _contact(reader: _Reader, value: Any) -> Contact:
    if value is None:
        return Contact()
    node = reader.check.mapping(value, ("contact",), required=(), optional=_CONTACT_KEYS)
    if node is None:
        return Contact()
    fields = {key: reader.line(node.get(key), ("contact", key)) for key in _CONTACT_KEYS}
    if fields["email"] and not _EMAIL.match(fields["email"]):
        reader.add(("contact", "email"), "practices.bad_email")
    return Contact(**fields)


def _measures(reader: _Reader, value: Any) -> tuple[MeasurableResult, ...]:
    if value is None or value == []:
        return ()
    if not isinstance(value, list):
        reader.add(("measurable_results",), "check.not_list")
        return ()
    if len(value) > MAX_MEASURES:
        reader.add(("measurable_results",), "practices.too_many", limit=MAX_MEASURES)
        return ()
    found: list[MeasurableResult] = []
    for index, raw in enumerate(value):
        path: tuple[str | int, ...] = ("measurable_results", index)
        node = reader.check.mapping(
            raw, path, required=("indicator", "value"), optional=_MEASURE_KEYS
        )
        if node is None or "indicator" not in node or "value" not in node:
            continue
        indicator = reader.line(node["indicator"], (*path, "indicator"))
        if not indicator:
            reader.add((*path, "indicator"), "check.empty_text")
        number = reader.number(node["value"], (*path, "value"))
        unit = reader.line(node.get("unit"), (*path, "unit"), 40)
        baseline = None
        if node.get("baseline") not in (None, ""):
            baseline = reader.number(node["baseline"], (*path, "baseline"))
        year = None
        if node.get("year") not in (None, ""):
            raw_year = reader.number(node["year"], (*path, "year"))
            if raw_year is not None and (not raw_year.is_integer() or not 1900 <= raw_year <= 2100):
                reader.add((*path, "year"), "practices.bad_year")
            elif raw_year is not None:
                year = int(raw_year)
        if indicator and number is not None:
            found.append(MeasurableResult(indicator, number, unit, baseline, year))
    return tuple(found)


def _consent(reader: _Reader, top: Mapping[str, Any], required: bool) -> Consent | None:
    if "consent" not in top or top["consent"] in (None, ""):
        if required:
            reader.add(("consent",), "practices.no_consent")
        return None
    raw = top["consent"]
    key = "true" if raw is True else "false" if raw is False else str(raw).strip().casefold()
    if key not in CONSENT_WORDS:
        reader.add(("consent",), "practices.bad_consent")
        return None
    return CONSENT_WORDS[key]


def _status(reader: _Reader, value: Any, default: Status) -> Status:
    if value in (None, ""):
        return default
    try:
        return Status(str(value).strip().lower())
    except ValueError:
        reader.add(
            ("status",), "check.bad_choice", choices=", ".join(status.value for status in Status)
        )
        return default


def parse_practice(
    doc: Document,
    members: MemberList,
    framework: Framework,
    *,
    default_status: Status = Status.SUBMITTED,
    require_consent: bool = True,
) -> ParsedPractice:
    """Check a parsed practice document; :class:`~gcat.errors.InputError` with every problem.

    A file always needs its Section X answer; the app's form (``require_consent=False``) records
    consent apart, so a draft may be saved before the member has decided.
    """
    reader = _Reader(doc)
    top = reader.check.mapping(
        doc.data, (), required=("member", "title", "lang"), optional=TOP_KEYS
    )
    if top is None:
        raise InputError(reader.check.problems)
    if top.get("schema", PRACTICE_SCHEMA) != PRACTICE_SCHEMA:
        reader.add(("schema",), "check.bad_schema", expected=PRACTICE_SCHEMA)
    vocabulary = Vocabulary(framework)
    member = _member(reader, top.get("member"), members)
    title = reader.line(top.get("title"), ("title",), MAX_TITLE)
    if "title" in top and not title:
        reader.add(("title",), "check.empty_text")
    lang = str(top.get("lang") or "").strip().lower()
    if "lang" in top and lang not in LANGUAGES:
        reader.add(("lang",), "check.bad_choice", choices=", ".join(LANGUAGES))
    consent = _consent(reader, top, require_consent)
    status = _status(reader, top.get("status"), default_status)
    contact = _contact(reader, top.get("contact"))
    domains = reader.choices(
        top.get("domains"), ("domains",), vocabulary.domain, "check.unknown_domain"
    )
    areas = reader.choices(
        top.get("thematic_areas"), ("thematic_areas",), vocabulary.area, "check.unknown_area"
    )
    indicators = reader.choices(
        top.get("gcat_indicators"),
        ("gcat_indicators",),
        vocabulary.indicator,
        "practices.unknown_indicator",
    )
    narrative = {
        key: reader.text(top.get(key), (key,))
        for key in ("background", "description", "results", "challenges", "future_plans")
    }
    measures = _measures(reader, top.get("measurable_results"))
    links = tuple(link for _, link in reader.texts(top.get("links"), ("links",), MAX_LINKS))
    withheld = reader.choices(
        top.get("withheld"),
        ("withheld",),
        lambda key: key if key in SECTION_KEYS else None,
        "practices.unknown_section",
    )
    if status is not Status.DRAFT:
        if not (contact.name and contact.email):
            reader.add(("contact",), "practices.no_contact")
        if not top.get("domains"):
            reader.add(("domains",), "practices.no_domain")
        if not narrative["description"]:
            reader.add(("description",), "practices.no_description")
    if reader.check.problems or member is None:
        raise InputError(reader.check.problems)
    practice = Practice(
        member=member,
        title=title,
        lang=lang,
        contact=contact,
        domains=domains,
        thematic_areas=areas,
        gcat_indicators=indicators,
        measurable_results=measures,
        links=links,
        consent=consent,
        withheld=frozenset(withheld),
        **narrative,
    )
    return ParsedPractice(practice, status)


def _number_out(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value.is_integer() else value


def practice_to_data(practice: Practice, status: Status | None = None) -> dict[str, Any]:
    """The practice as a practice-file mapping (the inverse of :func:`parse_practice`)."""
    data: dict[str, Any] = {
        "schema": PRACTICE_SCHEMA,
        "member": practice.member.name,
        "contact": {key: getattr(practice.contact, key) for key in _CONTACT_KEYS},
        "title": practice.title,
        "domains": list(practice.domains),
        "thematic_areas": list(practice.thematic_areas),
        "gcat_indicators": list(practice.gcat_indicators),
        "background": practice.background,
        "description": practice.description,
        "results": practice.results,
        "measurable_results": [
            {
                "indicator": item.indicator,
                "value": _number_out(item.value),
                "unit": item.unit,
                "baseline": _number_out(item.baseline),
                "year": item.year,
            }
            for item in practice.measurable_results
        ],
        "challenges": practice.challenges,
        "future_plans": practice.future_plans,
        "links": list(practice.links),
        "consent": practice.consent.value if practice.consent else None,
        "withheld": [key for key in SECTION_KEYS if key in practice.withheld],
        "lang": practice.lang,
    }
    if status is not None:
        data["status"] = status.value
    return data

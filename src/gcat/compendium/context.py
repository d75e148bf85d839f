"""What a Compendium says, built once from released practices and rendered by every format.

:func:`build_compendium` takes only ``Released[PracticeView]`` values (see
:mod:`gcat.policy.consent`): nothing else can reach a Compendium. Each practice keeps the
language it was written in; headings, labels and the introduction are in the Compendium's
language. Practices are grouped by their primary domain (or first thematic area, or region),
numbered in order, and listed again in the results table and the index by member.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from gcat.core.members import MemberList, name_key
from gcat.core.model import Framework
from gcat.core.practices import NARRATIVE_KEYS, is_web_link
from gcat.i18n import message, message_n
from gcat.policy.consent import PracticeView, Released
from gcat.practices.texts import LABEL
from gcat.reports.formatting import Formatter

__all__ = [
    "GROUPINGS",
    "CompendiumContext",
    "Group",
    "IndexEntry",
    "Link",
    "PracticeEntry",
    "ResultRow",
    "Section",
    "build_compendium",
    "practice_reference",
]

GROUPINGS = ("domain", "area", "region")
_TEXT_IN = {
    "en": "compendium.text_in_en",
    "fr": "compendium.text_in_fr",
    "es": "compendium.text_in_es",
}
_GROUPING_NOTE = {
    "domain": "compendium.intro_grouping_domain",
    "area": "compendium.intro_grouping_area",
    "region": "compendium.intro_grouping_region",
}
Progress = Callable[[int, int], None]


def practice_reference(practice_id: int) -> str:
    """The stable reference of a practice in every Compendium ("P-12")."""
    return f"P-{practice_id}"


@dataclass(frozen=True, slots=True)
class Section:
    """One released section of a practice: its heading and its paragraphs."""

    key: str
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A web link: always shown as its address; clickable only when it is http(s)."""

    url: str
    clickable: bool


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One measurable result, with the practice it belongs to."""

    number: int
    reference: str
    anchor: str
    member: str
    lang: str
    indicator: str
    value: str
    unit: str
    baseline: str
    year: str


@dataclass(frozen=True, slots=True)
class PracticeEntry:
    """One practice as the Compendium shows it."""

    id: int
    number: int
    reference: str
    anchor: str
    title: str
    member: str
    region: str
    region_short: str
    lang: str
    language_note: str
    """"Text in French", when the practice is not in the Compendium's language."""
    domains: tuple[str, ...]
    areas: tuple[str, ...]
    indicators: tuple[str, ...]
    sections: tuple[Section, ...]
    results: tuple[ResultRow, ...]
    links: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class Group:
    """A chapter: the practices of one domain, area or region."""

    id: str
    title: str
    anchor: str
    practices: tuple[PracticeEntry, ...]


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """A member and the practices it shared."""

    member: str
    region: str
    practices: tuple[PracticeEntry, ...]


@dataclass(frozen=True, slots=True)
class CompendiumContext:
    """Everything a Compendium shows, in its language."""

    lang: str
    title: str
    subtitle: str
    date: str
    group_by: str
    intro: tuple[str, ...]
    counts: tuple[str, ...]
    """"12 practices", "9 members", "5 regions", "7 domains"."""
    groups: tuple[Group, ...]
    results: tuple[ResultRow, ...]
    index: tuple[IndexEntry, ...]
    labels: dict[str, str]
    """Headings and column titles used by the renderers, in the Compendium's language."""
    demo: bool = False
    """A demonstration edition: its Members and practices are fictional (the subtitle says so)."""

    @property
    def practices(self) -> tuple[PracticeEntry, ...]:
        """Every practice, in Compendium order."""
        return tuple(entry for group in self.groups for entry in group.practices)


def _paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs are separated by a blank line; a single line break inside one is a space."""
    blocks = re.split(r"\n\s*\n", text)
    return tuple(" ".join(block.split()) for block in blocks if block.strip())


class _Builder:
    def __init__(self, lang: str, framework: Framework, members: MemberList) -> None:
        self.lang = lang
        self.framework = framework
        self.members = members
        self.formatter = Formatter(lang)

    def t(self, code: str, **params: object) -> str:
        return message(code, self.lang, **params)

    def region(self, region_id: str, *, short: bool = False) -> str:
        try:
            region = self.members.region(region_id)
        except KeyError:
            return region_id
        return region.short_name(self.lang) if short else region.name(self.lang)

    def domain(self, domain_id: str) -> str:
        return (
            self.framework.domain(domain_id).title[self.lang]
            if self.framework.has_domain(domain_id)
            else domain_id
        )

    def area(self, area_id: str) -> str:
        names = self.framework.thematic_areas.get(area_id)
        return names[self.lang] if names else area_id

    def number(self, value: float | None) -> str:
        return "" if value is None else self.formatter.plain(value)

    def entry(self, view: PracticeView, number: int) -> PracticeEntry:
        reference = practice_reference(view.id)
        member = view.member.name_in(self.lang)
        sections = tuple(
            Section(key, self.t(LABEL[key]), _paragraphs(getattr(view, key)))
            for key in NARRATIVE_KEYS
            if getattr(view, key).strip()
        )
        results = tuple(
            ResultRow(
                number,
                reference,
                f"practice-{view.id}",
                member,
                view.lang,
                item.indicator,
                self.number(item.value),
                item.unit,
                self.number(item.baseline),
                str(item.year) if item.year is not None else "",
            )
            for item in view.measurable_results
        )
        note = (
            self.t(_TEXT_IN[view.lang]) if view.lang != self.lang and view.lang in _TEXT_IN else ""
        )
        return PracticeEntry(
            id=view.id,
            number=number,
            reference=reference,
            anchor=f"practice-{view.id}",
            title=view.title,
            member=member,
            region=self.region(view.region),
            region_short=self.region(view.region, short=True),
            lang=view.lang,
            language_note=note,
            domains=tuple(self.domain(d) for d in view.domains),
            areas=tuple(self.area(a) for a in view.thematic_areas),
            indicators=view.gcat_indicators,
            sections=sections,
            results=results,
            links=tuple(Link(link, is_web_link(link)) for link in view.links),
        )

    def group_key(self, view: PracticeView, group_by: str) -> tuple[int, str]:
        """(order, id) of the chapter a practice goes in."""
        if group_by == "region":
            ids = [region.id for region in self.members.regions]
            return (ids.index(view.region) if view.region in ids else len(ids), view.region)
        if group_by == "area":
            areas = list(self.framework.thematic_areas)
            first = view.thematic_areas[0] if view.thematic_areas else ""
            return (areas.index(first) if first in areas else len(areas), first or "none")
        domains = [domain.id for domain in self.framework.domains]
        first = view.domains[0] if view.domains else ""
        return (domains.index(first) if first in domains else len(domains), first or "none")

    def group_title(self, group_by: str, group_id: str) -> str:
        if group_id == "none":
            return self.t("compendium.unclassified")
        if group_by == "region":
            return self.region(group_id)
        if group_by == "area":
            return self.area(group_id)
        return self.domain(group_id)


def _labels(lang: str) -> dict[str, str]:
    codes = {
        "contents": "compendium.contents",
        "introduction": "compendium.introduction",
        "results_table": "compendium.results_table",
        "results_none": "compendium.results_none",
        "index": "compendium.index",
        "member": "practices.label_member",
        "region": "practices.label_region",
        "domains": "practices.label_domains",
        "areas": "practices.label_thematic_areas",
        "indicators": "practices.label_gcat_indicators",
        "measurable_results": "practices.label_measurable_results",
        "links": "practices.label_links",
        "practice": "compendium.practice",
        "indicator": "practices.measure_indicator",
        "value": "practices.measure_value",
        "unit": "practices.measure_unit",
        "baseline": "practices.measure_baseline",
        "year": "practices.measure_year",
        "reference": "compendium.reference",
        "page": "compendium.page",
        "empty": "compendium.empty",
        "footer": "compendium.footer",
    }
    return {key: message(code, lang) for key, code in codes.items()}


def build_compendium(
    released: Sequence[Released[PracticeView]],
    *,
    lang: str,
    framework: Framework,
    members: MemberList,
    group_by: str = "domain",
    built: date,
    demo: bool = False,
    on_progress: Progress | None = None,
) -> CompendiumContext:
    """The Compendium of ``released`` practices in ``lang``, grouped by ``group_by``; a ``demo``
    one says on its cover that its Members and practices are fictional."""
    if group_by not in GROUPINGS:
        raise ValueError(f"unknown grouping {group_by!r}")
    build = _Builder(lang, framework, members)
    views = [item.view for item in released]
    keyed = sorted(
        views,
        key=lambda view: (
            build.group_key(view, group_by),
            name_key(view.member.name_in(lang)),
            name_key(view.title),
            view.id,
        ),
    )
    groups: list[Group] = []
    current: list[PracticeEntry] = []
    current_id: str | None = None
    for number, view in enumerate(keyed, 1):
        group_id = build.group_key(view, group_by)[1]
        if group_id != current_id and current:
            groups.append(
                Group(
                    current_id or "",
                    build.group_title(group_by, current_id or ""),
                    f"group-{current_id}",
                    tuple(current),
                )
            )
            current = []
        current_id = group_id
        current.append(build.entry(view, number))
        if on_progress is not None:
            on_progress(number, len(keyed))
    if current:
        groups.append(
            Group(
                current_id or "",
                build.group_title(group_by, current_id or ""),
                f"group-{current_id}",
                tuple(current),
            )
        )
    entries = [entry for group in groups for entry in group.practices]
    by_member: dict[str, list[PracticeEntry]] = {}
    for entry in entries:
        by_member.setdefault(entry.member, []).append(entry)
    index = tuple(
        IndexEntry(member, items[0].region_short, tuple(items))
        for member, items in sorted(by_member.items(), key=lambda item: name_key(item[0]))
    )
    regions = {view.region for view in views}
    domains = {domain for view in views for domain in view.domains}
    counts = (
        message_n("compendium.count_practices", len(views), lang),
        message_n("compendium.count_members", len(by_member), lang),
        message_n("compendium.count_regions", len(regions), lang),
        message_n("compendium.count_domains", len(domains), lang),
    )
    intro = (
        message("compendium.intro_purpose", lang),
        message("compendium.intro_consent", lang),
        message(_GROUPING_NOTE[group_by], lang),
        message("compendium.intro_languages", lang),
    )
    return CompendiumContext(
        lang=lang,
        title=message("compendium.title", lang),
        subtitle=message("compendium.demo_subtitle" if demo else "compendium.subtitle", lang),
        date=Formatter(lang).long_date(built),
        group_by=group_by,
        intro=intro,
        counts=counts,
        groups=tuple(groups),
        results=tuple(row for entry in entries for row in entry.results),
        index=index,
        labels=_labels(lang),
        demo=demo,
    )

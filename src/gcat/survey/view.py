"""The survey report's content, in one language: what every format (JSON, HTML, XLSX, DOCX,
PDF) and the app's Survey page show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gcat.classify.labels import AREAS, DOMAINS
from gcat.core.survey import RegionRow, rate
from gcat.core.survey_records import SurveyData
from gcat.frameworks import load_framework
from gcat.i18n import message, message_n
from gcat.survey.charts import bar_chart_svg, heatmap_svg
from gcat.survey.demo import DEMO_NOTE

__all__ = ["TITLE_CHARS", "RegionLine", "SurveyView", "build_view", "report_json", "summary_line"]

TITLE_CHARS = 140
"""Characters of an initiative shown as its title in lists."""


def _title(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1].rstrip() + "…"


def report_json(data: SurveyData) -> dict[str, Any]:
    """The stable JSON shape of ``gcat survey report --format json``."""
    a = data.analysis
    return {
        "year": data.survey.year,
        "demo": data.survey.demo,
        **({"note": DEMO_NOTE} if data.survey.demo else {}),
        "members": a.total.members,
        "responded": a.total.responded,
        "response_rate": a.total.rate,
        "with_initiatives": a.total.with_initiatives,
        "consenting": a.total.consenting,
        "consenting_share_of_with_initiatives": rate(a.total.consenting, a.total.with_initiatives),
        "initiatives": a.total.initiatives,
        "confirmed": sum(i.status == "confirmed" for i in data.initiatives),
        "by_region": [
            {
                "region": row.region,
                "members": row.members,
                "responded": row.responded,
                "rate": row.rate,
                "with_initiatives": row.with_initiatives,
                "consenting": row.consenting,
                "initiatives": row.initiatives,
            }
            for row in a.regions
        ],
        "thematic_areas": dict(a.areas),
        "thematic_area_members": dict(a.area_members),
        "primary_thematic_areas": dict(a.primary_areas),
        "gcat_domains": dict(a.domains),
        "gcat_domain_members": dict(a.domain_members),
        "area_by_region": a.area_by_region,
        "area_by_domain": a.area_by_domain,
        "consenting_members": [
            {"member": key, "region": region, "initiatives": titles}
            for key, _, region, titles in _consenting(data, "en")
        ],
        "member_list": data.survey.member_list,
    }


def _consenting(data: SurveyData, lang: str) -> list[tuple[str, str, str, list[str]]]:
    by_key = {m.key: m for m in data.members}
    consenting = [r.member_key for r in data.responses if r.consent]
    out = []
    for key in sorted(consenting, key=lambda k: by_key[k].name_in(lang) if k in by_key else k):
        member = by_key.get(key)
        titles = [_title(i.text) for i in data.initiatives if i.member_key == key]
        out.append(
            (key, member.name_in(lang) if member else key, member.region if member else "", titles)
        )
    return out


@dataclass(frozen=True, slots=True)
class RegionLine:
    """A row of the participation table."""

    name: str
    row: RegionRow


@dataclass(frozen=True, slots=True)
class SurveyView:
    """The report in one language: labels resolved, tables and charts ready."""

    lang: str
    year: int
    demo: bool
    title: str
    regions: tuple[RegionLine, ...]
    total: RegionLine
    area_names: dict[str, str]
    domain_names: dict[str, str]
    region_short: dict[str, str]
    area_rows: tuple[tuple[str, int, int, float], ...]
    """(area name, initiatives, members, share of members with initiatives %)."""
    domain_rows: tuple[tuple[str, int, int, float], ...]
    cross_rows: tuple[tuple[str, tuple[int, ...]], ...]
    """Members with an initiative in each area, by region (area name, counts per region)."""
    consenting: tuple[tuple[str, str, tuple[str, ...]], ...]
    """(member name, region name, initiative titles)."""
    limits: tuple[str, ...]
    charts: dict[str, str]
    member_list: str
    confirmed: int
    initiatives: int

    def t(self, code: str, **params: Any) -> str:
        """A message in the view's language."""
        return message(code, self.lang, **params)

    def pct(self, value: float) -> str:
        """A percentage (0–100) with one decimal, written the way of the view's language."""
        return percent(value, self.lang)


def percent(value: float, lang: str) -> str:
    """``value`` per cent with one decimal: 58.6% in English, 58,6 % in French and Spanish."""
    from babel.numbers import format_decimal

    number = format_decimal(value, format="0.0", locale=lang)
    return f"{number}%" if lang == "en" else f"{number}\u00a0%"


def build_view(data: SurveyData, lang: str) -> SurveyView:
    """The report of ``data`` in ``lang``."""
    framework = load_framework()
    a = data.analysis
    regions = {r.id: r for r in data.members.regions}
    region_lines = tuple(
        RegionLine(regions[row.region].name(lang) if row.region in regions else row.region, row)
        for row in a.regions
    )
    short = {rid: r.short_name(lang) for rid, r in regions.items()}
    area_names = {k: framework.thematic_areas[k][lang] for k in AREAS}
    domain_names = {k: framework.domain(k).title[lang] for k in DOMAINS}
    listing = a.total.with_initiatives
    area_rows = tuple(
        (area_names[k], a.areas[k], a.area_members[k], rate(a.area_members[k], listing))
        for k in AREAS
    )
    domain_rows = tuple(
        (domain_names[k], a.domains[k], a.domain_members[k], rate(a.domain_members[k], listing))
        for k in DOMAINS
    )
    cross_rows = tuple(
        (area_names[k], tuple(a.area_by_region[k][row.region] for row in a.regions)) for k in AREAS
    )
    confirmed = sum(i.status == "confirmed" for i in data.initiatives)
    limits = (
        message("survey.limit_closed", lang),
        message("survey.limit_reforms", lang),
        message(
            "survey.limit_labels",
            lang,
            confirmed=confirmed,
            total=len(data.initiatives),
        ),
    )

    def t(code: str, **params: Any) -> str:
        return message(code, lang, **params)

    charts = {
        "regions": bar_chart_svg(
            t("survey.chart_regions"),
            [short.get(line.row.region, line.name) for line in region_lines],
            [line.row.rate for line in region_lines],
            value_labels=[
                f"{line.row.rate:.1f} % ({line.row.responded}/{line.row.members})"
                for line in region_lines
            ],
            maximum=100.0,
        ),
        "areas": bar_chart_svg(
            t("survey.chart_areas"),
            [row[0] for row in area_rows],
            [float(row[1]) for row in area_rows],
        ),
        "heatmap": heatmap_svg(
            t("survey.chart_heatmap"),
            [row[0] for row in cross_rows],
            [short.get(line.row.region, line.name) for line in region_lines],
            [list(row[1]) for row in cross_rows],
        ),
    }
    return SurveyView(
        lang=lang,
        year=data.survey.year,
        demo=data.survey.demo,
        title=t("survey.report_title", year=data.survey.year),
        regions=region_lines,
        total=RegionLine(t("survey.total"), a.total),
        area_names=area_names,
        domain_names=domain_names,
        region_short=short,
        area_rows=area_rows,
        domain_rows=domain_rows,
        cross_rows=cross_rows,
        consenting=tuple(
            (name, regions[region].name(lang) if region in regions else region, tuple(titles))
            for _, name, region, titles in _consenting(data, lang)
        ),
        limits=limits,
        charts=charts,
        member_list=data.survey.member_list,
        confirmed=confirmed,
        initiatives=len(data.initiatives),
    )


def summary_line(view: SurveyView) -> str:
    """One sentence with the headline figures."""
    total = view.total.row
    return message_n(
        "survey.summary",
        total.members,
        view.lang,
        responded=total.responded,
        rate=percent(total.rate, view.lang),
        listing=total.with_initiatives,
        consenting=total.consenting,
    )

"""The survey report as PDF, set by Typst (``documents/typst/survey.typ``)."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from gcat.documents import compile_pdf, template_messages
from gcat.reports.formatting import typography
from gcat.survey.view import SurveyView, summary_line

__all__ = ["render_pdf"]

_TEMPLATE = "survey"
_PLACEHOLDER = re.compile(r"\{(page|pages)\}")


def _table(header: list[str], rows: list[list[Any]]) -> dict[str, Any]:
    return {
        "header": header,
        "rows": [[str(c) if not isinstance(c, list) else c for c in r] for r in rows],
    }


def render_pdf(view: SurveyView) -> bytes:
    """The survey report as PDF bytes."""
    t = view.t
    pieces: list[object] = []
    for n, part in enumerate(_PLACEHOLDER.split(t("reports.page_of"))):
        if n % 2:
            pieces.append({"field": part})
        elif part:
            pieces.append(part)
    short = [view.region_short.get(line.row.region, line.name) for line in view.regions]
    data = {
        "lang": view.lang,
        "title": view.title,
        "demo": view.demo,
        "demo_banner": t("survey.demo_banner"),
        "summary": summary_line(view),
        "member_list": t("survey.member_list_used", list=view.member_list),
        "page_of": pieces,
        "labels": {code: t(code) for code in sorted(template_messages(_TEMPLATE))},
        "participation": _table(
            [
                t("survey.region"),
                t("survey.members"),
                t("survey.responded"),
                t("survey.rate"),
                t("survey.with_initiatives"),
                t("survey.consenting"),
            ],
            [
                [
                    line.name,
                    line.row.members,
                    line.row.responded,
                    view.pct(line.row.rate),
                    line.row.with_initiatives,
                    line.row.consenting,
                ]
                for line in (*view.regions, view.total)
            ],
        ),
        "areas": _table(
            [
                t("survey.area"),
                t("survey.initiatives"),
                t("survey.members"),
                t("survey.share_members"),
            ],
            [
                [name, count, members, view.pct(share)]
                for name, count, members, share in view.area_rows
            ],
        ),
        "domains": _table(
            [
                t("survey.domain"),
                t("survey.initiatives"),
                t("survey.members"),
                t("survey.share_members"),
            ],
            [
                [name, count, members, view.pct(share)]
                for name, count, members, share in view.domain_rows
            ],
        ),
        "cross": _table(
            [t("survey.area"), *short], [[name, *counts] for name, counts in view.cross_rows]
        ),
        "follow_up_note": t("survey.follow_up_note", count=len(view.consenting)),
        "consenting": _table(
            [t("survey.member"), t("survey.region"), t("survey.initiative_titles")],
            [[name, region, list(titles)] for name, region, titles in view.consenting],
        ),
        "limits": list(view.limits),
    }
    return compile_pdf(
        _TEMPLATE, data, images=dict(view.charts), text=partial(typography, lang=view.lang)
    )

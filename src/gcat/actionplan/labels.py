"""How the plan's values read in each language: statuses, horizons, names, placeholders."""

from __future__ import annotations

from collections.abc import Mapping

from gcat.core.actionplan import Horizon, Plan, Point, Status
from gcat.i18n import message

__all__ = [
    "horizon_label",
    "in_lang",
    "owner_name",
    "pillar_name",
    "point_title",
    "status_label",
    "summary_line",
]

_STATUS = {
    Status.DONE: "apstatus.done",
    Status.IN_PROGRESS: "apstatus.in_progress",
    Status.NOT_STARTED: "apstatus.not_started",
}
_HORIZON = {
    Horizon.SHORT: "aphorizon.short",
    Horizon.MEDIUM: "aphorizon.medium",
    Horizon.LONG: "aphorizon.long",
}


def in_lang(texts: Mapping[str, str], lang: str) -> str:
    """``texts`` in ``lang``, else in English, else in the first language it has."""
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


def status_label(status: Status, lang: str) -> str:
    """ "Done", "Réalisé", "Realizado"…"""
    return message(_STATUS[status], lang)


def horizon_label(horizon: Horizon, lang: str) -> str:
    """ "Short term", "Court terme"…"""
    return message(_HORIZON[horizon], lang)


def pillar_name(plan: Plan, key: str, lang: str) -> str:
    """The name of the pillar ``key`` (its id when the plan does not name it)."""
    return in_lang(plan.pillars.get(key, {}), lang) or key


def owner_name(plan: Plan, key: str, lang: str) -> str:
    """The name of the owner directorate ``key`` (its id when the plan does not name it)."""
    return in_lang(plan.owners.get(key, {}), lang) or key


def point_title(point: Point, lang: str) -> str:
    """The point's title, marked when it is a placeholder."""
    title = in_lang(point.title, lang)
    if point.placeholder:
        return message("actionplan.placeholder_title", lang, title=title)
    return title


def summary_line(counts: Mapping[Status, int], percents: Mapping[Status, int], lang: str) -> str:
    """ "20 done (50 %), 16 in progress (40 %), 4 not started (10 %)"."""
    return message(
        "actionplan.summary_line",
        lang,
        done=counts[Status.DONE],
        done_pct=percents[Status.DONE],
        in_progress=counts[Status.IN_PROGRESS],
        in_progress_pct=percents[Status.IN_PROGRESS],
        not_started=counts[Status.NOT_STARTED],
        not_started_pct=percents[Status.NOT_STARTED],
    )

"""The committee progress report's content: every text already in the report's language.

:func:`build_report` turns a reading of the plan (and, optionally, the reading it is compared
with) into a :class:`CommitteeReport`; the HTML, Word and PDF renderers only lay it out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from gcat import __version__
from gcat.actionplan.chart import ChartLayout, chart_layout, chart_svg
from gcat.actionplan.labels import (
    in_lang,
    owner_name,
    pillar_name,
    point_title,
    status_label,
    summary_line,
)
from gcat.core.actionplan import Comparison, Plan, PointState, Status, overdue
from gcat.i18n import message, message_n
from gcat.reports.formatting import Formatter

__all__ = ["CommitteeReport", "CountRow", "MoveRow", "OverdueRow", "PointRow", "build_report"]

_ORDER = (Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED)


@dataclass(frozen=True, slots=True)
class CountRow:
    """One line of a table of counts: a pillar or an owner."""

    name: str
    done: int
    in_progress: int
    not_started: int
    total: int


@dataclass(frozen=True, slots=True)
class PointRow:
    """One point in the table of points."""

    id: str
    title: str
    placeholder: bool
    pillar: str
    owner: str
    status: str
    status_key: str
    blocked: str
    """Empty, or "waits on GCAP-02"."""
    note: str
    since: str


@dataclass(frozen=True, slots=True)
class MoveRow:
    """A point whose status changed since the compared reading."""

    id: str
    title: str
    before: str
    after: str
    note: str


@dataclass(frozen=True, slots=True)
class OverdueRow:
    """A milestone past its due date."""

    id: str
    title: str
    milestone: str
    due: str
    days: str


@dataclass(frozen=True, slots=True)
class CommitteeReport:
    """Everything the committee report shows, as text in ``lang``."""

    lang: str
    title: str
    plan_title: str
    as_of: str
    as_of_iso: str
    notice: str
    """Empty, or the warning that titles are placeholders and statuses demonstration data."""
    summary: str
    total: int
    counts: tuple[int, int, int]
    percents: tuple[int, int, int]
    by_pillar: tuple[CountRow, ...]
    by_owner: tuple[CountRow, ...]
    compared_with: str
    """Empty when the report compares with nothing."""
    moves: tuple[MoveRow, ...]
    newly_blocked: tuple[MoveRow, ...]
    unblocked: tuple[MoveRow, ...]
    points: tuple[PointRow, ...]
    overdue: tuple[OverdueRow, ...]
    chart: ChartLayout
    chart_svg: str
    chart_title: str
    chart_description: str
    labels: Mapping[str, str]
    """Headings and column labels, by message code."""
    footer: str

    def t(self, code: str, **params: Any) -> str:
        """A message in the report's language."""
        return message(code, self.lang, **params)


_LABELS = (
    "apreport.summary",
    "apreport.by_pillar",
    "apreport.by_owner",
    "apreport.changes",
    "apreport.no_changes",
    "apreport.moved",
    "apreport.newly_blocked",
    "apreport.unblocked",
    "apreport.points",
    "apreport.chart",
    "apreport.chart_legend",
    "apreport.overdue",
    "apreport.no_overdue",
    "apreport.col_name",
    "apreport.col_total",
    "actionplan.col_id",
    "actionplan.col_title",
    "actionplan.col_status",
    "actionplan.col_note",
    "actionplan.col_owner",
    "actionplan.col_pillar",
    "actionplan.col_since",
    "apreport.col_before",
    "apreport.col_after",
    "actionplan.col_milestone",
    "actionplan.col_due",
    "apreport.col_days",
    "apstatus.done",
    "apstatus.in_progress",
    "apstatus.not_started",
)


def _counts(
    groups: Mapping[str, Mapping[Status, int]], name: Callable[[str], str]
) -> tuple[CountRow, ...]:
    return tuple(
        CountRow(
            name(key),
            counts[Status.DONE],
            counts[Status.IN_PROGRESS],
            counts[Status.NOT_STARTED],
            sum(counts.values()),
        )
        for key, counts in groups.items()
    )


def _row(plan: Plan, pid: str, lang: str, note: str, before: str = "", after: str = "") -> MoveRow:
    return MoveRow(pid, point_title(plan.point(pid), lang), before, after, note)


def build_report(
    plan: Plan,
    states: Mapping[str, PointState],
    on: date,
    lang: str,
    *,
    summary_counts: Mapping[Status, int],
    percents: Mapping[Status, int],
    by_pillar: Mapping[str, Mapping[Status, int]],
    by_owner: Mapping[str, Mapping[Status, int]],
    comparison: Comparison | None = None,
    compared_label: str = "",
    compared_on: date | None = None,
) -> CommitteeReport:
    """The committee report on ``on`` in ``lang``."""
    fmt = Formatter(lang)

    def t(code: str, **params: Any) -> str:
        return message(code, lang, **params)

    notice = ""
    if plan.demo or plan.placeholders:
        notice = message("actionplan.demo_notice", lang, count=plan.placeholders)
    points = []
    for point in plan.points:
        state = states[point.id]
        blocked = ""
        if state.blocked:
            blocked = t("actionplan.blocked_by", ids=", ".join(state.waiting_on))
        points.append(
            PointRow(
                point.id,
                point_title(point, lang),
                point.placeholder,
                pillar_name(plan, point.pillar, lang),
                owner_name(plan, point.owner, lang),
                status_label(state.status, lang),
                state.status.value,
                blocked,
                state.note,
                fmt.date(state.since),
            )
        )
    moves: tuple[MoveRow, ...] = ()
    newly: tuple[MoveRow, ...] = ()
    freed: tuple[MoveRow, ...] = ()
    compared = ""
    if comparison is not None and compared_on is not None:
        compared = t(
            "apreport.compared_with", label=compared_label, date=fmt.long_date(compared_on)
        )
        if compared_label == compared_on.isoformat():
            compared = t("apreport.compared_with_date", date=fmt.long_date(compared_on))
        moves = tuple(
            _row(
                plan,
                m.point,
                lang,
                m.note,
                status_label(m.before, lang),
                status_label(m.after, lang),
            )
            for m in comparison.moves
        )
        waiting = {pid: ", ".join(states[pid].waiting_on) for pid in comparison.newly_blocked}
        newly = tuple(
            _row(plan, pid, lang, t("actionplan.blocked_by", ids=waiting[pid]))
            for pid in comparison.newly_blocked
        )
        freed = tuple(_row(plan, pid, lang, "") for pid in comparison.unblocked)
    late = tuple(
        OverdueRow(
            item.point,
            point_title(plan.point(item.point), lang),
            in_lang(item.milestone.title, lang),
            fmt.date(item.milestone.due),
            message_n("apreport.days", item.days, lang),
        )
        for item in overdue(plan, on)
    )
    layout = chart_layout(plan, states)
    chart_title = t("apreport.chart_title")
    chart_description = t("apreport.chart_description", count=len(layout.nodes))
    title = t("apreport.title")
    return CommitteeReport(
        lang=lang,
        title=title,
        plan_title=in_lang(plan.title, lang),
        as_of=fmt.long_date(on),
        as_of_iso=on.isoformat(),
        notice=notice,
        summary=summary_line(summary_counts, percents, lang),
        total=len(plan.points),
        counts=tuple(summary_counts[s] for s in _ORDER),  # type: ignore[arg-type]
        percents=tuple(percents[s] for s in _ORDER),  # type: ignore[arg-type]
        by_pillar=_counts(by_pillar, lambda key: pillar_name(plan, key, lang)),
        by_owner=_counts(by_owner, lambda key: owner_name(plan, key, lang)),
        compared_with=compared,
        moves=moves,
        newly_blocked=newly,
        unblocked=freed,
        points=tuple(points),
        overdue=late,
        chart=layout,
        chart_svg=chart_svg(layout, title=chart_title, description=chart_description),
        chart_title=chart_title,
        chart_description=chart_description,
        labels={code: t(code) for code in _LABELS},
        footer=t("apreport.footer", version=__version__, date=fmt.long_date(on)),
    )

"""The change report of an upgrade: what was carried, what is to review and why, what retired.

Built once, in one language, from the account of an upgrade (:mod:`gcat.services.upgrade`); the
terminal, the Markdown file of ``gcat upgrade --report`` and the app's page lay it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gcat.core.model import Framework
from gcat.core.upgrade import FrameworkMap
from gcat.core.upgrade_account import NA, UpgradeAccount
from gcat.i18n import message, message_n
from gcat.reports.formatting import typography

__all__ = [
    "ChangeLine",
    "ChangeReport",
    "change_report",
    "change_report_markdown",
    "describe_sources",
    "reason_text",
]


@dataclass(frozen=True, slots=True)
class ChangeLine:
    """One indicator of the new version: its answer before and after, and why to review."""

    indicator_id: str
    title: str
    before: str
    """The old answers that fed it (``"IP-04: 3"``), or "new in this version"."""
    after: str
    """The new level (``"3"``, "N/A", "—")."""
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChangeReport:
    """The change report, every text in one language."""

    lang: str
    title: str
    summary: str
    carried: tuple[ChangeLine, ...]
    review: tuple[ChangeLine, ...]
    retired: tuple[ChangeLine, ...]

    def t(self, code: str, **params: object) -> str:
        """A message in the report's language."""
        return message(code, self.lang, **params)


def reason_text(reason: str, id_map: FrameworkMap, lang: str) -> str:
    """The text of a review reason: from the map's own reasons, else a message code."""
    texts = id_map.reasons.get(reason)
    if texts is not None:
        return texts.get(lang) or texts.get("en") or reason
    return message(reason, lang)


def describe_sources(sources: Sequence[tuple[str, str]], lang: str) -> str:
    """``"PL-01: 2, PL-02: N/A"`` for the old answers that fed an indicator."""
    return ", ".join(
        f"{message('label', lang, label=key)} {_shown(value, lang)}" for key, value in sources
    )


def _shown(value: str, lang: str) -> str:
    if value == NA:
        return message("q.na_short", lang)
    return value or "—"


def _after(value: str, lang: str) -> str:
    if value == "na":
        return message("q.na_short", lang)
    return value or "—"


def change_report(
    account: UpgradeAccount, old: Framework, new: Framework, id_map: FrameworkMap, lang: str
) -> ChangeReport:
    """The change report of ``account`` (an upgrade from ``old`` to ``new``) in ``lang``."""

    def line(
        entry_id: str, value: str, sources: tuple[tuple[str, str], ...], reasons: tuple[str, ...]
    ) -> ChangeLine:
        before = describe_sources(sources, lang) if sources else message("upgrade.no_source", lang)
        return ChangeLine(
            entry_id,
            new.indicator(entry_id).title[lang],
            before,
            _after(value, lang),
            tuple(reason_text(r, id_map, lang) for r in reasons),
        )

    carried = tuple(line(e.indicator_id, e.value, e.sources, ()) for e in account.carried)
    review = tuple(line(e.indicator_id, e.value, e.sources, e.reasons) for e in account.to_review)
    retired = tuple(
        ChangeLine(
            key, old.indicator(key).title[lang], describe_sources(((key, value),), lang), "—", ()
        )
        for key, value in account.retired
    )
    summary = " ".join(
        (
            message(
                "upgrade.summary", lang, title=new.title[lang], old=old.version, new=new.version
            ),
            message_n("upgrade.carried_count", len(carried), lang),
            message_n("upgrade.review_count", len(review), lang),
            message_n("upgrade.retired_count", len(retired), lang) if retired else "",
        )
    ).strip()

    def typeset(lines: tuple[ChangeLine, ...]) -> tuple[ChangeLine, ...]:
        return tuple(
            ChangeLine(
                item.indicator_id,
                typography(item.title, lang),
                typography(item.before, lang),
                item.after,
                tuple(typography(r, lang) for r in item.reasons),
            )
            for item in lines
        )

    return ChangeReport(
        lang,
        typography(message("upgrade.report_title", lang, old=old.version, new=new.version), lang),
        typography(summary, lang),
        typeset(carried),
        typeset(review),
        typeset(retired),
    )


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def change_report_markdown(report: ChangeReport) -> str:
    """The change report as Markdown (``gcat upgrade --report``)."""
    t = report.t
    out = [f"# {report.title}", "", report.summary, ""]
    sections = (
        ("upgrade.section_review", report.review, True),
        ("upgrade.section_carried", report.carried, False),
        ("upgrade.section_retired", report.retired, False),
    )
    for code, lines, with_reasons in sections:
        if not lines:
            continue
        out += [f"## {t(code)}", ""]
        header = [
            t("upgrade.column_indicator"),
            t("upgrade.column_before"),
            t("upgrade.column_after"),
        ]
        if with_reasons:
            header.append(t("upgrade.column_reason"))
        out += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for item in lines:
            cells = [f"{item.indicator_id} {item.title}", item.before, item.after]
            if with_reasons:
                cells.append(" ".join(item.reasons))
            out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        out.append("")
    return "\n".join(out)

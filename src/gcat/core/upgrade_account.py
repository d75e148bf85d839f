"""The language-neutral account of an upgrade: what happened to every indicator, as values.

It is kept with an upgraded assessment (as JSON) so that its change report can be shown at any
time, and printed by ``gcat upgrade --json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gcat.core.assessment import Answer
from gcat.core.upgrade import Upgrade

__all__ = ["NA", "AccountEntry", "UpgradeAccount", "account_of", "value_of"]

NA = "na"


def value_of(answer: Answer | None) -> str:
    """An answer's level as text: ``"3"``, ``"na"``, or ``""`` when unanswered."""
    if answer is None:
        return ""
    if answer.not_applicable:
        return NA
    return "" if answer.level is None else str(answer.level)


@dataclass(frozen=True, slots=True)
class AccountEntry:
    """What happened to one indicator of the new version."""

    indicator_id: str
    outcome: str
    """``carried`` or ``review``."""
    value: str
    """The new answer's level (``"3"``, ``"na"``, ``""`` when none)."""
    sources: tuple[tuple[str, str], ...]
    """The old indicators that fed it, with their level as text."""
    reasons: tuple[str, ...]
    """Why it is to review: map reason keys or ``upgrade.*`` message codes."""


@dataclass(frozen=True, slots=True)
class UpgradeAccount:
    """The language-neutral account of an upgrade, kept with the new assessment."""

    framework_id: str
    from_version: str
    to_version: str
    entries: tuple[AccountEntry, ...]
    retired: tuple[tuple[str, str], ...] = ()
    """Old indicators without a successor that had an answer, with its level as text."""

    @property
    def carried(self) -> tuple[AccountEntry, ...]:
        """The entries carried over as the map says."""
        return tuple(e for e in self.entries if e.outcome != "review")

    @property
    def to_review(self) -> tuple[AccountEntry, ...]:
        """The entries an officer must look at again."""
        return tuple(e for e in self.entries if e.outcome == "review")

    def to_json(self) -> dict[str, Any]:
        """The account as JSON values (stored with the assessment, printed by ``--json``)."""
        return {
            "framework": self.framework_id,
            "from": self.from_version,
            "to": self.to_version,
            "indicators": [
                {
                    "id": e.indicator_id,
                    "outcome": e.outcome,
                    "value": e.value,
                    "sources": [{"id": s, "value": v} for s, v in e.sources],
                    "reasons": list(e.reasons),
                }
                for e in self.entries
            ],
            "retired": [{"id": s, "value": v} for s, v in self.retired],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> UpgradeAccount:
        """The account stored by :meth:`to_json`."""
        return cls(
            str(data["framework"]),
            str(data["from"]),
            str(data["to"]),
            tuple(
                AccountEntry(
                    str(item["id"]),
                    str(item["outcome"]),
                    str(item["value"]),
                    tuple((str(s["id"]), str(s["value"])) for s in item["sources"]),
                    tuple(str(r) for r in item["reasons"]),
                )
                for item in data["indicators"]
            ),
            tuple((str(s["id"]), str(s["value"])) for s in data.get("retired", ())),
        )


def account_of(
    upgrade: Upgrade, framework_id: str, from_version: str, to_version: str
) -> UpgradeAccount:
    """The account of ``upgrade`` (from ``from_version`` to ``to_version``)."""
    return UpgradeAccount(
        framework_id,
        from_version,
        to_version,
        tuple(
            AccountEntry(
                item.indicator_id,
                item.outcome,
                value_of(upgrade.assessment.answers.get(item.indicator_id)),
                tuple((s.indicator_id, value_of(s.answer)) for s in item.sources),
                item.reasons,
            )
            for item in upgrade.indicators
        ),
        tuple((key, value_of(answer)) for key, answer in upgrade.retired.items()),
    )

"""Moving an assessment from one framework version to the next, through an explicit id map.

:func:`upgrade_assessment` is pure: it takes the old and the new framework, the map between
them and an assessment answered under the old one, and returns the assessment under the new
version together with what happened to every indicator. A level is carried over only where the
map says which new level it corresponds to; everywhere else the indicator is marked to review,
with the reason. Comments, evidence notes, "not applicable" reasons and targets always travel:
a split copies them to each part, a merge joins them, each prefixed with its source id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from gcat.core.assessment import Answer, Assessment
from gcat.core.model import Framework, Text

__all__ = [
    "MERGED_LEVELS_DIFFER",
    "NA_NOT_ALLOWED",
    "NEW_INDICATOR",
    "STATUSES",
    "FrameworkMap",
    "IndicatorMap",
    "IndicatorUpgrade",
    "MapTarget",
    "Review",
    "SourceAnswer",
    "Upgrade",
    "upgrade_assessment",
]

STATUSES = ("kept", "renamed", "split", "merged", "retired")
CARRIED = "carried"
TO_REVIEW = "review"

# Reasons the upgrade itself gives (message codes); a map's own reasons are keys of its catalogue.
NEW_INDICATOR = "upgrade.new_indicator"
MERGED_LEVELS_DIFFER = "upgrade.merged_levels_differ"
NA_NOT_ALLOWED = "upgrade.na_not_allowed"


@dataclass(frozen=True, slots=True)
class Review:
    """A map entry that sends the answer back to an officer, with the reason key."""

    reason: str


@dataclass(frozen=True, slots=True)
class MapTarget:
    """One new indicator that an old one leads to, with the level correspondence."""

    id: str
    levels: tuple[int | Review, ...]
    """Six entries: the new level for old levels 0–5, or a :class:`Review`."""
    not_applicable: Review | None = None
    """What becomes of a "not applicable" answer: carried when ``None``, else reviewed."""


@dataclass(frozen=True, slots=True)
class IndicatorMap:
    """What became of one old indicator."""

    source: str
    status: str
    targets: tuple[MapTarget, ...]


@dataclass(frozen=True, slots=True)
class FrameworkMap:
    """The explicit map from one version of a framework to the next."""

    framework_id: str
    from_version: str
    to_version: str
    indicators: Mapping[str, IndicatorMap]
    new: tuple[str, ...] = ()
    reasons: Mapping[str, Text] = field(default_factory=dict)
    """The texts of the map's reason keys, in every language of the framework."""

    def sources_of(self, indicator_id: str) -> tuple[tuple[str, MapTarget], ...]:
        """The old indicators (with their map entry) that lead to the new ``indicator_id``."""
        return tuple(
            (entry.source, target)
            for entry in self.indicators.values()
            for target in entry.targets
            if target.id == indicator_id
        )


@dataclass(frozen=True, slots=True)
class SourceAnswer:
    """An old answer that fed a new indicator, exactly as it was."""

    indicator_id: str
    answer: Answer


@dataclass(frozen=True, slots=True)
class IndicatorUpgrade:
    """What happened to one new indicator."""

    indicator_id: str
    outcome: str
    """``"carried"`` (the level, N/A or blank moved as the map says) or ``"review"``."""
    sources: tuple[SourceAnswer, ...]
    reasons: tuple[str, ...] = ()
    """Why it must be reviewed: map reason keys or ``upgrade.*`` message codes."""

    @property
    def to_review(self) -> bool:
        """Whether an officer must look at this indicator again."""
        return self.outcome == TO_REVIEW


@dataclass(frozen=True, slots=True)
class Upgrade:
    """The upgraded assessment and the account of every indicator."""

    assessment: Assessment
    indicators: tuple[IndicatorUpgrade, ...]
    """One entry per new indicator in scope (and any other that received an old answer)."""
    retired: Mapping[str, Answer] = field(default_factory=dict)
    """Old answers whose indicator has no successor, kept so that nothing is lost."""

    def indicator(self, indicator_id: str) -> IndicatorUpgrade:
        """The entry of the new indicator ``indicator_id`` (KeyError when absent)."""
        for item in self.indicators:
            if item.indicator_id == indicator_id:
                return item
        raise KeyError(indicator_id)


def _check_fits(
    old: Framework, new: Framework, id_map: FrameworkMap, assessment: Assessment
) -> None:
    if (old.id, old.version) != (id_map.framework_id, id_map.from_version):
        raise ValueError(f"the map starts from {id_map.from_version}, not {old.key}")
    if (new.id, new.version) != (id_map.framework_id, id_map.to_version):
        raise ValueError(f"the map leads to {id_map.to_version}, not {new.key}")
    if (assessment.framework_id, assessment.framework_version) != (old.id, old.version):
        raise ValueError(f"the assessment is not answered under {old.key}")
    for entry in id_map.indicators.values():
        for target in entry.targets:
            if target.id not in new.indicators or len(target.levels) != len(old.scale):
                raise ValueError(f"map entry {entry.source} → {target.id} does not fit {new.key}")
    unmapped = set(assessment.answers) - set(id_map.indicators)
    if unmapped:
        raise ValueError(f"answers without a map entry: {', '.join(sorted(unmapped))}")


def upgrade_assessment(
    old: Framework, new: Framework, id_map: FrameworkMap, assessment: Assessment
) -> Upgrade:
    """``assessment`` (answered under ``old``) moved to ``new`` through ``id_map``.

    Raises ``ValueError`` when the map, the frameworks and the assessment do not belong
    together, or when an answer has no map entry.
    """
    _check_fits(old, new, id_map, assessment)
    domains = (
        None
        if assessment.domains is None
        else tuple(domain for domain in assessment.domains if new.has_domain(domain))
    )
    answers: dict[str, Answer] = {}
    outcomes: list[IndicatorUpgrade] = []
    for ind in new.indicators.values():
        sources = id_map.sources_of(ind.id)
        fed = [
            (source, target, assessment.answers[source])
            for source, target in sources
            if source in assessment.answers
        ]
        if not fed and domains is not None and ind.domain_id not in domains:
            continue
        if not sources:
            answers[ind.id] = Answer(flagged=True)
            outcomes.append(IndicatorUpgrade(ind.id, TO_REVIEW, (), (NEW_INDICATOR,)))
            continue
        answer, outcome = _combine(
            ind.id, fed, merged=len(sources) > 1, na_allowed=ind.not_applicable_allowed
        )
        if answer is not None:
            answers[ind.id] = answer
        outcomes.append(outcome)
    retired = {
        source: assessment.answers[source]
        for source, entry in id_map.indicators.items()
        if not entry.targets and source in assessment.answers
    }
    upgraded = Assessment(
        new.id, new.version, assessment.administration, assessment.cycle, answers, domains
    )
    return Upgrade(upgraded, tuple(outcomes), retired)


def _mapped(entry: int | Review) -> tuple[int | None, str | None]:
    return (None, entry.reason) if isinstance(entry, Review) else (entry, None)


def _combine(
    indicator_id: str,
    fed: list[tuple[str, MapTarget, Answer]],
    *,
    merged: bool,
    na_allowed: bool,
) -> tuple[Answer | None, IndicatorUpgrade]:
    """The new answer and the account for one new indicator fed by old answers."""
    reasons: list[str] = []
    levels: set[int] = set()
    not_applicable = False
    targets: list[int] = []
    for _, entry, old in fed:
        if old.not_applicable:
            not_applicable = True
            if entry.not_applicable is not None:
                reasons.append(entry.not_applicable.reason)
            elif not na_allowed:
                reasons.append(NA_NOT_ALLOWED)
        elif old.level is not None:
            level, reason = _mapped(entry.levels[old.level])
            if reason is not None:
                reasons.append(reason)
            elif level is not None:
                levels.add(level)
        if old.target is not None:
            level, _ = _mapped(entry.levels[old.target])
            targets.append(old.target if level is None else level)
    if not reasons and len(levels) + not_applicable > 1:
        reasons.append(MERGED_LEVELS_DIFFER)
    reasons = list(dict.fromkeys(reasons))
    new_level = min(levels) if levels and not reasons else None
    new_target = max(targets) if targets else None
    if new_target is not None and new_level is not None:
        new_target = max(new_target, new_level)
    answer = Answer(
        level=new_level,
        not_applicable=not_applicable and not reasons,
        reason=_joined([(source, old.reason) for source, _, old in fed], merged),
        target=new_target,
        comment=_joined([(source, old.comment) for source, _, old in fed], merged),
        evidence=tuple(
            f"[{source}] {note}" if merged else note
            for source, _, old in fed
            for note in old.evidence
        ),
        flagged=any(old.flagged for _, _, old in fed) or bool(reasons),
    )
    outcome = IndicatorUpgrade(
        indicator_id,
        TO_REVIEW if reasons else CARRIED,
        tuple(SourceAnswer(source, old) for source, _, old in fed),
        tuple(reasons),
    )
    return (None if answer == Answer() else answer), outcome


def _joined(texts: list[tuple[str, str]], merged: bool) -> str:
    parts = [(source, text) for source, text in texts if text]
    if not merged:
        return parts[0][1] if parts else ""
    return "\n\n".join(f"[{source}] {text}" for source, text in parts)

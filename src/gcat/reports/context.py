"""The content of a report, built once from an evaluation and rendered as HTML, PDF or Word.

Every text is already in the report's language and every number already formatted, so the
renderers only lay the content out. User texts (administration, comments, evidence notes) are
kept as plain strings: each renderer escapes them its own way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from gcat import __version__
from gcat.core.agreement import Agreement
from gcat.core.comparison import CrossVersion, compare_results
from gcat.core.evaluation import Evaluation, next_step
from gcat.core.model import Domain, Framework
from gcat.core.planning import ABSENT_BONUS, FOUNDATIONAL_FACTOR, HIGH_FROM, MEDIUM_FROM
from gcat.core.records import ConsensusDecision
from gcat.core.scoring import EVIDENCE_LEVEL, DomainScore
from gcat.i18n import LANGUAGES, message, message_n
from gcat.reports.formatting import Formatter
from gcat.reports.summary import Summary, build_summary

__all__ = [
    "DecisionRow",
    "DomainDetail",
    "DomainRow",
    "IndicatorRow",
    "Methodology",
    "PlanGroup",
    "PlanRow",
    "PracticeRef",
    "ReportContext",
    "SignOffLike",
    "TeamSection",
    "TrackingLike",
    "build_context",
]


_ADMINISTRATION_LIMIT = 70  # characters of the administration's name in a page footer
_CYCLE_LIMIT = 20


class SignOffLike(Protocol):
    """Who signed, when, and the content hash (``gcat.core.records.SignOff`` fits)."""

    @property
    def signed_by(self) -> str: ...
    @property
    def signed_at(self) -> datetime: ...
    @property
    def content_hash(self) -> str: ...


class TrackingLike(Protocol):
    """Owner, due date and status of a plan item (``gcat.core.records.Tracking`` fits)."""

    @property
    def owner(self) -> str: ...
    @property
    def due(self) -> date | None: ...
    @property
    def status(self) -> str: ...


@dataclass(frozen=True, slots=True)
class DomainRow:
    """One domain's result under both rules, formatted."""

    id: str
    title: str
    score: str
    level: int | None
    strict_level: int | None
    change: str
    """The score change since the previous cycle ("" without a previous cycle)."""
    answered: str
    completeness: str


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One indicator's answer, formatted."""

    id: str
    title: str
    weight_note: str
    level: int | None
    level_text: str
    level_name: str
    target: str
    previous: str
    """The level in the previous cycle ("" without a previous cycle)."""
    evidence: tuple[str, ...]
    comment: str
    na_reason: str
    flagged: bool


@dataclass(frozen=True, slots=True)
class DomainDetail:
    """A domain and the answers to its indicators, in framework order."""

    id: str
    title: str
    indicators: tuple[IndicatorRow, ...]


@dataclass(frozen=True, slots=True)
class PracticeRef:
    """A published practice shown beside a plan action: "who already did this"."""

    member: str
    title: str
    lang: str
    reference: str
    """Its reference in the Compendium ("P-12")."""


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One improvement-plan action, formatted."""

    indicator_id: str
    title: str
    current: int
    target: int
    priority: str
    """``high``, ``medium`` or ``low`` (a style key); ``priority_text`` is the label."""
    priority_text: str
    horizon: str
    next_step: str
    owner: str
    due: str
    status: str
    practices: tuple[PracticeRef, ...] = ()
    """Up to three published practices of other Members on the same indicator or domain."""


@dataclass(frozen=True, slots=True)
class PlanGroup:
    """The plan actions of one domain."""

    id: str
    title: str
    rows: tuple[PlanRow, ...]


@dataclass(frozen=True, slots=True)
class Methodology:
    """The methodology annex: rules, parameters and weights as used for this report."""

    rules: tuple[str, ...]
    confidence: tuple[str, ...]
    weights_intro: str
    weights: tuple[tuple[str, str, str, str], ...]
    """(indicator id, title, weight, foundational mark) of the indicators weighing other than 1."""
    plan: tuple[str, ...]
    scale: tuple[tuple[int, str, str], ...]
    """(level, name, meaning) of the generic scale."""


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """An indicator whose level the validator decided by consensus."""

    indicator_id: str
    title: str
    agreed: str
    scores: str
    """Each assessor's level then ("Amina 2, Bruno 4")."""
    rationale: str


@dataclass(frozen=True, slots=True)
class TeamSection:
    """Several assessors: their agreement and the indicators decided by consensus."""

    figures: tuple[str, ...]
    domains: tuple[tuple[str, str], ...]
    """(domain title, alpha) per domain."""
    decisions: tuple[DecisionRow, ...]
    decisions_intro: str


@dataclass(frozen=True, slots=True)
class ReportContext:
    """Everything a report shows, in one language."""

    lang: str
    administration: str
    cycle: str
    previous_cycle: str | None
    framework_title: str
    framework_version: str
    generated_on: str
    gcat_version: str
    running_title: str
    """The administration and cycle, shortened to fit a page footer."""
    summary: Summary
    domains: tuple[DomainRow, ...]
    overall: DomainRow
    radar_axes: tuple[str, ...]
    radar_current: tuple[float | None, ...]
    radar_target: tuple[float | None, ...]
    details: tuple[DomainDetail, ...]
    plan: tuple[PlanGroup, ...]
    plan_empty: str
    """Why the plan is empty ("" when it has actions)."""
    tracking: bool
    """Whether the plan shows owners, due dates and statuses."""
    methodology: Methodology
    signoff: str = ""
    """Who signed the assessment off, when, and its content hash ("" when not signed)."""
    team: TeamSection | None = None
    """Agreement figures and consensus decisions, when several assessors scored."""

    def t(self, code: str, **params: object) -> str:
        """The message ``code`` in the report's language."""
        return message(code, self.lang, **params)


def build_context(
    evaluation: Evaluation,
    *,
    lang: str,
    previous: Evaluation | None = None,
    tracking: Mapping[str, TrackingLike] | None = None,
    generated_on: date | None = None,
    cross_version: CrossVersion | None = None,
    signoff: SignOffLike | None = None,
    agreement: Agreement | None = None,
    decisions: Sequence[ConsensusDecision] = (),
    who_did: Mapping[str, Sequence[PracticeRef]] | None = None,
) -> ReportContext:
    """The report content of ``evaluation`` in ``lang``, compared with ``previous`` if given.

    ``tracking`` maps indicator ids to the owner, due date and status of their plan action;
    ``who_did`` maps them to published practices that did the same ("who already did this").
    ``cross_version`` says that ``previous`` was answered under another framework version and
    moved through the map (:func:`gcat.core.comparison.through_map`); the report says so.
    ``signoff``, ``agreement`` and ``decisions`` add the sign-off and the team's figures.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    framework, assessment, result = evaluation.framework, evaluation.assessment, evaluation.result
    fmt = Formatter(lang)
    deltas: dict[str, float | None] = {}
    overall_change = ""
    if previous is not None:
        domain_deltas, overall_delta = compare_results(previous.result, result)
        deltas = {d.domain_id: d.delta for d in domain_deltas}
        overall_change = fmt.delta(overall_delta)
    domains = tuple(
        _domain_row(framework, d, deltas.get(d.domain_id), previous is not None, lang, fmt)
        for d in result.domains
    )
    answered = sum(d.answered for d in result.domains)
    total = sum(d.total for d in result.domains)
    overall = DomainRow(
        id="",
        title=message("score.overall", lang),
        score=fmt.number(result.overall_score),
        level=result.overall_level,
        strict_level=result.overall_level_noncompensatory,
        change=overall_change,
        answered=f"{answered} / {total}",
        completeness=fmt.percent(result.completeness),
    )
    in_scope = assessment.domains_in_scope(framework)
    return ReportContext(
        lang=lang,
        administration=assessment.administration,
        cycle=assessment.cycle,
        previous_cycle=previous.assessment.cycle if previous is not None else None,
        framework_title=framework.title[lang],
        framework_version=framework.version,
        generated_on=fmt.long_date(generated_on or date.today()),
        running_title=_running_title(assessment.administration, assessment.cycle, lang),
        gcat_version=__version__,
        summary=build_summary(evaluation, previous, lang, fmt, cross_version),
        domains=domains,
        overall=overall,
        radar_axes=tuple(d.title[lang] for d in in_scope),
        radar_current=tuple(d.score for d in result.domains),
        radar_target=tuple(_mean_target(evaluation, d.id) for d in in_scope),
        details=tuple(_detail(evaluation, previous, d.id, lang, fmt) for d in in_scope),
        plan=_plan(evaluation, tracking, lang, fmt, who_did or {}),
        plan_empty=_plan_empty(evaluation, lang),
        tracking=tracking is not None,
        methodology=_methodology(framework, in_scope, lang, fmt),
        signoff=_signoff(signoff, lang, fmt),
        team=_team(framework, agreement, decisions, lang, fmt),
    )


def _team(
    framework: Framework,
    agreed: Agreement | None,
    decisions: Sequence[ConsensusDecision],
    lang: str,
    fmt: Formatter,
) -> TeamSection | None:
    """The team section: ``None`` when nobody revealed scores and nothing was decided."""
    if agreed is None and not decisions:
        return None

    def shown(level: int | str | None) -> str:
        if level == "na":
            return message("q.na_short", lang)
        return "—" if level is None else str(level)

    def alpha(value: float | None) -> str:
        return "—" if value is None else fmt.plain(round(value, 2))

    def share(value: float | None) -> str:
        return "—" if value is None else fmt.percent(100 * value)

    figures: tuple[str, ...] = ()
    domains: tuple[tuple[str, str], ...] = ()
    if agreed is not None:
        figures = (
            message_n(
                "team.report_assessors",
                len(agreed.assessors),
                lang,
                names=", ".join(agreed.assessors),
            ),
            message("consensus.alpha", lang, alpha=alpha(agreed.alpha)),
            message(
                "consensus.shares",
                lang,
                exact=share(agreed.exact_agreement),
                within=share(agreed.within_one),
                count=len(agreed.compared),
            ),
            message_n("consensus.disagreements", len(agreed.disagreements), lang),
        )
        domains = tuple(
            (framework.domain(d).title[lang], alpha(v))
            for d, v in agreed.alpha_by_domain.items()
            if v is not None
        )
    rows = tuple(
        DecisionRow(
            d.indicator_id,
            framework.indicator(d.indicator_id).title[lang],
            shown("na" if d.not_applicable else d.level),
            ", ".join(f"{who} {shown(level)}" for who, level in d.scores.items()) or "—",
            d.rationale,
        )
        for d in decisions
        if d.indicator_id in framework.indicators
    )
    intro = message_n("team.report_decided", len(rows), lang)
    return TeamSection(figures, domains, rows, intro)


def _signoff(signoff: SignOffLike | None, lang: str, fmt: Formatter) -> str:
    if signoff is None:
        return ""
    return message(
        "signoff.report_line",
        lang,
        by=signoff.signed_by,
        date=fmt.long_date(signoff.signed_at.date()),
        hash=signoff.content_hash[:16],
    )


def _running_title(administration: str, cycle: str, lang: str) -> str:
    def shorten(text: str, limit: int) -> str:
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

    cycle_text = message("reports.cover_cycle", lang, cycle=shorten(cycle, _CYCLE_LIMIT))
    return f"{shorten(administration, _ADMINISTRATION_LIMIT)} · {cycle_text}"


def _domain_row(
    framework: Framework,
    score: DomainScore,
    delta: float | None,
    compared: bool,
    lang: str,
    fmt: Formatter,
) -> DomainRow:
    return DomainRow(
        id=score.domain_id,
        title=framework.domain(score.domain_id).title[lang],
        score=fmt.number(score.score),
        level=score.level,
        strict_level=score.level_noncompensatory,
        change=fmt.delta(delta) if compared else "",
        answered=f"{score.answered} / {score.total}",
        completeness=fmt.percent(score.completeness),
    )


def _mean_target(evaluation: Evaluation, domain_id: str) -> float | None:
    """The mean target level of the domain's answered indicators (as the results page)."""
    assessment = evaluation.assessment
    values = [
        float(answer.target if answer.target is not None else answer.level)
        for ind in evaluation.framework.domain(domain_id).indicators
        if (answer := assessment.answer(ind.id)).level is not None
    ]
    return sum(values) / len(values) if values else None


def _detail(
    evaluation: Evaluation,
    previous: Evaluation | None,
    domain_id: str,
    lang: str,
    fmt: Formatter,
) -> DomainDetail:
    framework, assessment = evaluation.framework, evaluation.assessment
    domain = framework.domain(domain_id)
    rows = []
    for ind in domain.indicators:
        answer = assessment.answer(ind.id)
        notes = []
        if ind.weight != 1:
            notes.append(message("docs.weight", lang, weight=fmt.plain(ind.weight)))
        if ind.foundational:
            notes.append(message("docs.foundational", lang))
        if answer.level is not None:
            level_text, level_name = str(answer.level), framework.scale[answer.level].name[lang]
        elif answer.not_applicable:
            level_text, level_name = message("q.na_short", lang), message("q.na", lang)
        else:
            level_text, level_name = "—", message("reports.not_answered", lang)
        before = ""
        if previous is not None:
            old = previous.assessment.answer(ind.id)
            if old.level is not None:
                before = str(old.level)
            elif old.not_applicable:
                before = message("q.na_short", lang)
            else:
                before = "—"
        rows.append(
            IndicatorRow(
                id=ind.id,
                title=ind.title[lang],
                weight_note=" · ".join(notes),
                level=answer.level,
                level_text=level_text,
                level_name=level_name,
                target="—" if answer.target is None else str(answer.target),
                previous=before,
                evidence=answer.evidence,
                comment=answer.comment,
                na_reason=answer.reason if answer.not_applicable else "",
                flagged=answer.flagged,
            )
        )
    return DomainDetail(domain.id, domain.title[lang], tuple(rows))


def _plan(
    evaluation: Evaluation,
    tracking: Mapping[str, TrackingLike] | None,
    lang: str,
    fmt: Formatter,
    who_did: Mapping[str, Sequence[PracticeRef]],
) -> tuple[PlanGroup, ...]:
    framework = evaluation.framework
    groups = []
    for domain_id, items in evaluation.plan.by_domain().items():
        rows = []
        for item in items:
            track = tracking.get(item.indicator_id) if tracking is not None else None
            rows.append(
                PlanRow(
                    indicator_id=item.indicator_id,
                    title=framework.indicator(item.indicator_id).title[lang],
                    current=item.current,
                    target=item.target,
                    priority=item.priority.value,
                    priority_text=message(f"priority.{item.priority.value}", lang),
                    horizon=message(f"horizon.{item.horizon.value}", lang),
                    next_step=next_step(framework, item, lang),
                    owner=track.owner if track is not None else "",
                    due=fmt.date(track.due) if track is not None else "",
                    status=message(f"status.{track.status if track else 'not_started'}", lang),
                    practices=tuple(who_did.get(item.indicator_id, ())),
                )
            )
        groups.append(PlanGroup(domain_id, framework.domain(domain_id).title[lang], tuple(rows)))
    return tuple(groups)


def _plan_empty(evaluation: Evaluation, lang: str) -> str:
    if evaluation.plan.items:
        return ""
    if any(a.level is not None for a in evaluation.assessment.answers.values()):
        return message("plan.empty", lang)
    return message("plan.nothing_answered", lang)


def _methodology(
    framework: Framework, domains: Sequence[Domain], lang: str, fmt: Formatter
) -> Methodology:
    """The rules and parameters of ``framework``; the weights of the ``domains`` in scope."""
    params = framework.scoring
    primary = message(
        "reports.rule_compensatory"
        if params.primary == "compensatory"
        else "reports.rule_noncompensatory",
        lang,
    )
    shortfall = message_n("reports.levels", params.noncompensatory_max_shortfall, lang)
    weighted = tuple(
        (
            ind.id,
            ind.title[lang],
            fmt.plain(ind.weight),
            message("docs.foundational", lang) if ind.foundational else "",
        )
        for domain in domains
        for ind in domain.indicators
        if ind.weight != 1
    )
    return Methodology(
        rules=(
            message(
                "reports.method_intro",
                lang,
                framework=framework.title[lang],
                version=framework.version,
                primary=primary,
            ),
            message("reports.method_compensatory", lang),
            message(
                "reports.method_strict",
                lang,
                share=fmt.percent(100 * params.noncompensatory_share),
                shortfall=shortfall,
            ),
            message("reports.method_na", lang),
        ),
        confidence=(
            message("reports.method_completeness", lang),
            message("reports.method_evidence", lang, level=EVIDENCE_LEVEL),
            message(
                "reports.method_confidence",
                lang,
                completeness=fmt.percent(params.min_completeness),
                coverage=fmt.percent(params.min_evidence_coverage),
            ),
        ),
        weights_intro=message(
            "reports.method_weights" if weighted else "reports.method_weights_none", lang
        ),
        weights=weighted,
        plan=(
            message("reports.method_plan_target", lang),
            message(
                "reports.method_plan_priority",
                lang,
                factor=fmt.plain(FOUNDATIONAL_FACTOR),
                bonus=fmt.plain(ABSENT_BONUS),
                high=fmt.plain(HIGH_FROM),
                medium=fmt.plain(MEDIUM_FROM),
            ),
            message("reports.method_plan_horizon", lang),
        ),
        scale=tuple((s.level, s.name[lang], s.meaning[lang]) for s in framework.scale),
    )

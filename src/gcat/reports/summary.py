"""The executive summary: key figures, strongest and weakest domains, changes, confidence."""

from __future__ import annotations

from dataclasses import dataclass

from gcat.core.comparison import CrossVersion, compare_results
from gcat.core.evaluation import Evaluation, next_step
from gcat.core.planning import Priority
from gcat.core.scoring import EVIDENCE_LEVEL
from gcat.i18n import message, message_n
from gcat.reports.formatting import Formatter

__all__ = ["Action", "KeyFigure", "Summary", "build_summary", "cross_version_note"]

TOP_ACTIONS = 5


@dataclass(frozen=True, slots=True)
class KeyFigure:
    """A headline number with its label and a short explanation under it."""

    label: str
    value: str
    detail: str
    level: int | None = None
    """The maturity level the figure shows, for its colour (``None``: no colour)."""


@dataclass(frozen=True, slots=True)
class Action:
    """One of the most urgent plan actions."""

    indicator_id: str
    title: str
    priority: str
    priority_text: str
    next_step: str


@dataclass(frozen=True, slots=True)
class Summary:
    """The executive summary, every text in the report's language."""

    figures: tuple[KeyFigure, ...]
    overall: tuple[str, ...]
    strongest: tuple[str, ...]
    weakest: tuple[str, ...]
    changes: tuple[str, ...]
    improved: tuple[str, ...]
    declined: tuple[str, ...]
    coverage: tuple[str, ...]
    confidence: tuple[str, ...]
    """Confidence notes that apply (warnings); empty when none does."""
    plan: str
    top_actions_title: str
    top_actions: tuple[Action, ...]


def build_summary(
    evaluation: Evaluation,
    previous: Evaluation | None,
    lang: str,
    fmt: Formatter,
    cross_version: CrossVersion | None = None,
) -> Summary:
    """The executive summary of ``evaluation``, compared with ``previous`` when given.

    ``cross_version`` says that ``previous`` was answered under another version and moved
    through the map; the changes then begin by saying so.
    """
    result, framework = evaluation.result, evaluation.framework
    scale = framework.scale
    scored = [d for d in result.domains if d.score is not None]
    ranked = sorted(scored, key=lambda d: -(d.score or 0.0))  # stable: framework order on ties
    count = 2 if len(ranked) >= 4 else 1
    strongest = ranked[:count]
    weakest = [d for d in reversed(ranked[-count:]) if d not in strongest]

    def label(domain_id: str, score: float | None) -> str:
        return f"{framework.domain(domain_id).title[lang]} ({fmt.number(score)})"

    overall: list[str] = []
    if result.overall_score is None or result.overall_level is None:
        overall.append(message("reports.summary_no_score", lang))
    else:
        strict = result.overall_level_noncompensatory or 0
        overall += [
            message(
                "reports.summary_overall",
                lang,
                administration=evaluation.assessment.administration,
                score=fmt.number(result.overall_score),
                level=result.overall_level,
                name=scale[result.overall_level].name[lang],
            ),
            message("reports.summary_strict", lang, level=strict, name=scale[strict].name[lang]),
        ]
    changes, improved, declined = _changes(evaluation, previous, lang, fmt)
    if previous is not None and cross_version is not None:
        changes = (cross_version_note(cross_version, previous.assessment.cycle, lang), *changes)
    return Summary(
        figures=_figures(evaluation, previous, lang, fmt),
        overall=tuple(overall),
        strongest=tuple(label(d.domain_id, d.score) for d in strongest),
        weakest=tuple(label(d.domain_id, d.score) for d in weakest),
        changes=changes,
        improved=improved,
        declined=declined,
        coverage=_coverage(evaluation, lang, fmt),
        confidence=tuple(message(code, lang) for code in result.confidence_notes),
        plan=_plan_sentence(evaluation, lang),
        top_actions_title=message("plan.top", lang, count=TOP_ACTIONS),
        top_actions=tuple(
            Action(
                item.indicator_id,
                framework.indicator(item.indicator_id).title[lang],
                item.priority.value,
                message(f"priority.{item.priority.value}", lang),
                next_step(framework, item, lang),
            )
            for item in evaluation.plan.top(TOP_ACTIONS)
        ),
    )


def _figures(
    evaluation: Evaluation, previous: Evaluation | None, lang: str, fmt: Formatter
) -> tuple[KeyFigure, ...]:
    result, scale = evaluation.result, evaluation.framework.scale
    level, strict = result.overall_level, result.overall_level_noncompensatory
    answered = sum(d.answered for d in result.domains)
    total = sum(d.total for d in result.domains)
    figures = [
        KeyFigure(
            message("reports.fig_score", lang),
            fmt.number(result.overall_score),
            message("reports.fig_out_of", lang),
        ),
        KeyFigure(
            message("reports.fig_level", lang),
            "—" if level is None else str(level),
            "" if level is None else scale[level].name[lang],
            level,
        ),
        KeyFigure(
            message("reports.fig_strict", lang),
            "—" if strict is None else str(strict),
            "" if strict is None else scale[strict].name[lang],
            strict,
        ),
        KeyFigure(
            message("score.completeness", lang),
            fmt.percent(result.completeness),
            message("reports.fig_answered", lang, answered=answered, total=total),
        ),
        KeyFigure(
            message("reports.fig_evidence", lang),
            fmt.percent(result.evidence_coverage),
            message("reports.fig_evidence_detail", lang, level=EVIDENCE_LEVEL),
        ),
    ]
    if previous is not None:
        _, delta = compare_results(previous.result, result)
        figures.append(
            KeyFigure(
                message("reports.fig_change", lang),
                fmt.delta(delta),
                message("reports.fig_since", lang, cycle=previous.assessment.cycle),
            )
        )
    return tuple(figures)


def _changes(
    evaluation: Evaluation, previous: Evaluation | None, lang: str, fmt: Formatter
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Sentences on the overall change, and the domains that improved and declined."""
    if previous is None:
        return (), (), ()
    framework, cycle = evaluation.framework, previous.assessment.cycle
    deltas, overall = compare_results(previous.result, evaluation.result)
    sentences = []
    before, after = previous.result.overall_score, evaluation.result.overall_score
    if overall is not None:
        code = (
            "reports.change_up"
            if overall > 0
            else "reports.change_down"
            if overall < 0
            else "reports.change_same"
        )
        sentences.append(
            message(
                code,
                lang,
                cycle=cycle,
                before=fmt.number(before),
                after=fmt.number(after),
                delta=fmt.delta(overall),
            )
        )
    up = down = same = 0
    for ind_id, answer in evaluation.assessment.answers.items():
        old = previous.assessment.answer(ind_id).level
        if answer.level is None or old is None:
            continue
        up += answer.level > old
        down += answer.level < old
        same += answer.level == old
    if up + down + same:
        sentences.append(
            message("reports.change_indicators", lang, up=up, down=down, same=same, cycle=cycle)
        )
    improved = tuple(
        f"{framework.domain(d.domain_id).title[lang]} ({fmt.delta(d.delta)})"
        for d in sorted(deltas, key=lambda d: -(d.delta or 0))
        if d.delta is not None and d.delta > 0
    )
    declined = tuple(
        f"{framework.domain(d.domain_id).title[lang]} ({fmt.delta(d.delta)})"
        for d in sorted(deltas, key=lambda d: d.delta or 0)
        if d.delta is not None and d.delta < 0
    )
    return tuple(sentences), improved, declined


def _coverage(evaluation: Evaluation, lang: str, fmt: Formatter) -> tuple[str, ...]:
    result, assessment = evaluation.result, evaluation.assessment
    sentences = [
        message(
            "reports.summary_answered",
            lang,
            answered=sum(d.answered for d in result.domains),
            total=sum(d.total for d in result.domains),
            completeness=fmt.percent(result.completeness),
            na=sum(d.not_applicable for d in result.domains),
        ),
        message(
            "reports.summary_evidence",
            lang,
            coverage=fmt.percent(result.evidence_coverage),
            level=EVIDENCE_LEVEL,
        )
        if result.evidence_coverage is not None
        else message("reports.summary_no_evidence_base", lang, level=EVIDENCE_LEVEL),
    ]
    flagged = [
        ind_id
        for ind_id in evaluation.framework.indicators
        if assessment.covers(evaluation.framework.indicator(ind_id).domain_id)
        and assessment.answer(ind_id).flagged
    ]
    if flagged:
        sentences.append(message("reports.summary_flagged", lang, ids=", ".join(flagged)))
    if not result.confidence_notes:
        params = evaluation.framework.scoring
        sentences.append(
            message(
                "reports.confidence_ok",
                lang,
                completeness=fmt.percent(params.min_completeness),
                coverage=fmt.percent(params.min_evidence_coverage),
            )
        )
    return tuple(sentences)


def _plan_sentence(evaluation: Evaluation, lang: str) -> str:
    items = evaluation.plan.items
    if not items:
        return ""
    return message_n(
        "reports.summary_plan",
        len(items),
        lang,
        high=sum(item.priority is Priority.HIGH for item in items),
        medium=sum(item.priority is Priority.MEDIUM for item in items),
        low=sum(item.priority is Priority.LOW for item in items),
    )


def cross_version_note(cross: CrossVersion, cycle: str, lang: str) -> str:
    """The sentence that says a comparison goes through the map between two versions."""
    return " ".join(
        (
            message(
                "compare.through_map",
                lang,
                cycle=cycle,
                old=cross.from_version,
                new=cross.to_version,
            ),
            message_n("compare.carried", cross.carried, lang, cycle=cycle),
            message_n("compare.left_out", cross.left_out, lang) if cross.left_out else "",
        )
    ).strip()

"""Rich renderings of results, plans and frameworks for the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from gcat.core.comparison import compare_results
from gcat.core.evaluation import Evaluation, next_step
from gcat.core.model import Framework
from gcat.core.planning import PlanItem, Priority
from gcat.errors import Problem
from gcat.i18n import message, message_n, translator

__all__ = [
    "render_framework",
    "render_plan",
    "render_problems",
    "render_score",
    "render_top_actions",
]

_PRIORITY_STYLE = {Priority.HIGH: "bold red", Priority.MEDIUM: "yellow", Priority.LOW: "green"}


def _fmt(value: float | None, lang: str, digits: int = 2) -> str:
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang in ("fr", "es") else text


def _level(value: int | None) -> str:
    return "—" if value is None else str(value)


def render_score(
    console: Console, evaluation: Evaluation, lang: str, previous: Evaluation | None = None
) -> None:
    """Print the domain table, the overall result, completeness and evidence coverage."""
    framework, result, assessment = evaluation.framework, evaluation.result, evaluation.assessment
    deltas = None
    if previous is not None:
        domain_deltas, overall_delta = compare_results(previous.result, result)
        deltas = {d.domain_id: d.delta for d in domain_deltas}
    m = translator(lang)
    console.print(
        Text(
            m(
                "score.title",
                administration=assessment.administration,
                cycle=assessment.cycle,
                framework=f"{framework.title[lang]} {framework.version}",
            ),
            style="bold",
        )
    )
    table = Table()
    table.add_column(m("score.domain"), min_width=14)
    table.add_column(m("score.score"), justify="right", no_wrap=True)
    table.add_column(m("score.level"), justify="center")
    table.add_column(m("score.level_noncompensatory"), justify="center")
    if deltas is not None:
        table.add_column(
            m("score.change", cycle=previous.assessment.cycle if previous else ""), justify="right"
        )
    table.add_column(m("score.answered"), justify="right", no_wrap=True)
    for domain in result.domains:
        row = [
            framework.domain(domain.domain_id).title[lang],
            _fmt(domain.score, lang),
            _level(domain.level),
            _level(domain.level_noncompensatory),
        ]
        if deltas is not None:
            row.append(_signed(deltas.get(domain.domain_id), lang))
        row.append(f"{_fmt(domain.completeness, lang, 0)} %")
        table.add_row(*row)
    table.add_section()
    overall = [
        Text(m("score.overall"), style="bold"),
        Text(_fmt(result.overall_score, lang), style="bold"),
        Text(_level(result.overall_level), style="bold"),
        Text(_level(result.overall_level_noncompensatory), style="bold"),
    ]
    if deltas is not None:
        overall.append(Text(_signed(overall_delta, lang), style="bold"))
    overall.append(Text(f"{_fmt(result.completeness, lang, 0)} %"))
    table.add_row(*overall)
    console.print(table)
    answered = sum(d.answered for d in result.domains)
    total = sum(d.total for d in result.domains)
    coverage = (
        m("score.no_high_answers")
        if result.evidence_coverage is None
        else f"{_fmt(result.evidence_coverage, lang, 0)} %"
    )
    lines = [
        m("score.rule_primary"),
        m("score.rule_alternative"),
        m("label", label=m("score.completeness"))
        + " "
        + m("score.answered_of", answered=answered, total=total),
        m("label", label=m("score.evidence_coverage")) + f" {coverage}",
    ]
    flagged = [key for key, answer in assessment.answers.items() if answer.flagged]
    if flagged:
        lines.append(m("label", label=m("score.flagged")) + " " + ", ".join(flagged))
    lines += [f"⚠ {m(code)}" for code in result.confidence_notes]
    console.print("\n".join(lines))


def _signed(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + _fmt(value, lang)


def _action(console: Console, evaluation: Evaluation, item: PlanItem, lang: str) -> None:
    """One plan item: priority dot, indicator, levels, priority and horizon, then the next step."""
    m = translator(lang)
    framework = evaluation.framework
    head = Text("● ", style=_PRIORITY_STYLE[item.priority])
    head.append(
        f"{item.indicator_id} {framework.indicator(item.indicator_id).title[lang]}", style="bold"
    )
    head.append(
        f"  {item.current} → {item.target} · "
        + m(
            "plan.meta",
            priority=m(f"priority.{item.priority.value}"),
            horizon=m(f"horizon.{item.horizon.value}"),
        )
    )
    console.print(Padding(head, (0, 0, 0, 2), expand=False))
    step = Text(m("label", label=m("plan.next_step_short")) + " ", style="italic")
    step.append(next_step(framework, item, lang))
    console.print(Padding(step, (0, 0, 0, 4), expand=False))


def _empty_plan(console: Console, evaluation: Evaluation, lang: str) -> bool:
    """Print why the plan is empty, if it is."""
    if evaluation.plan.items:
        return False
    answered = any(a.level is not None for a in evaluation.assessment.answers.values())
    console.print(message("plan.empty" if answered else "plan.nothing_answered", lang))
    return True


def render_plan(console: Console, evaluation: Evaluation, lang: str) -> None:
    """Print the improvement plan, grouped by domain and ordered by priority."""
    if _empty_plan(console, evaluation, lang):
        return
    assessment, framework = evaluation.assessment, evaluation.framework
    console.print(
        Text(
            message_n(
                "plan.title",
                len(evaluation.plan.items),
                lang,
                administration=assessment.administration,
                cycle=assessment.cycle,
            ),
            style="bold",
        )
    )
    for domain_id, items in evaluation.plan.by_domain().items():
        console.print(Text(f"\n{framework.domain(domain_id).title[lang]}", style="bold cyan"))
        for item in items:
            _action(console, evaluation, item, lang)


def render_top_actions(console: Console, evaluation: Evaluation, lang: str, count: int) -> None:
    """Print the ``count`` highest-priority actions of the plan, across domains."""
    if _empty_plan(console, evaluation, lang):
        return
    console.print(Text(message("plan.top", lang, count=count), style="bold"))
    for item in evaluation.plan.top(count):
        _action(console, evaluation, item, lang)


def render_problems(problems: Sequence[Problem], lang: str) -> None:
    """Every problem on its own line, on standard error."""
    err = Console(stderr=True, soft_wrap=True)
    for problem in problems:
        err.print(problem.localized(lang), markup=False, highlight=False)


def render_framework(
    console: Console, framework: Framework, lang: str, domain_id: str | None
) -> None:
    """Print domains, indicators and their six level descriptors in ``lang``."""
    m = translator(lang)
    count = len(framework.indicators)
    console.print(
        Text(
            f"{framework.title[lang]} {framework.version} — "
            + m("framework.summary", domains=len(framework.domains), indicators=count),
            style="bold",
        )
    )
    for domain in framework.domains:
        if domain_id is not None and domain.id != domain_id:
            continue
        parts: list[Panel | Text] = [Text(domain.purpose[lang], style="italic")]
        for ind in domain.indicators:
            table = Table(show_header=False, box=None, padding=(0, 1))
            table.add_column(no_wrap=True, style="bold")
            table.add_column()
            for level, text in enumerate(ind.levels):
                table.add_row(str(level), text[lang])
            if ind.not_applicable_when is not None:
                table.add_row("N/A", ind.not_applicable_when[lang])
            parts.append(
                Panel(
                    Group(Text(ind.definition[lang]), table),
                    title=f"{ind.id} {ind.title[lang]}",
                    title_align="left",
                )
            )
        console.print(
            Panel(
                Group(*parts),
                title=f"{domain.code} · {domain.title[lang]}",
                title_align="left",
                border_style="cyan",
            )
        )

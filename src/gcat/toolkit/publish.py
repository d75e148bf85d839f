"""The toolkit as one document: the content, built once in one language from a framework.

Introduction, maturity scale, scoring guide (both rules and a worked example computed by the
engine on the framework's own indicators), every domain and indicator (definition, rationale,
six levels, evidence examples, N/A rule, references), the glossary and the reference
documents. The PDF (Typst) and Word renderers lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gcat import __version__
from gcat.core.assessment import Answer, Assessment
from gcat.core.evaluation import evaluate
from gcat.core.model import Domain, Framework, Indicator
from gcat.core.planning import ABSENT_BONUS, FOUNDATIONAL_FACTOR, HIGH_FROM, MEDIUM_FROM
from gcat.core.scoring import EVIDENCE_LEVEL
from gcat.i18n import LANGUAGES, message, message_n
from gcat.reports.formatting import Formatter

__all__ = [
    "DomainPart",
    "ExampleRow",
    "IndicatorPart",
    "ToolkitContext",
    "WorkedExample",
    "build_toolkit",
]

_KINDS = {
    "wco": "toolkit.kind_wco",
    "mea": "toolkit.kind_mea",
    "un": "toolkit.kind_un",
    "trade": "toolkit.kind_trade",
    "hs": "toolkit.kind_hs",
    "standard": "toolkit.kind_standard",
}
"""Reference kinds in the order the document lists them, with their headings."""
_KIND_ORDER = tuple(_KINDS)


@dataclass(frozen=True, slots=True)
class IndicatorPart:
    """One indicator, every text in the document's language."""

    id: str
    title: str
    notes: str
    """Weight and "foundational", when they apply."""
    definition: str
    rationale: str
    levels: tuple[tuple[int, str, str], ...]
    """(level, scale name, descriptor) for levels 0–5."""
    evidence: tuple[str, ...]
    not_applicable: str
    references: tuple[str, ...]
    areas: str


@dataclass(frozen=True, slots=True)
class DomainPart:
    """A domain and its indicators."""

    id: str
    heading: str
    purpose: str
    indicators: tuple[IndicatorPart, ...]


@dataclass(frozen=True, slots=True)
class ExampleRow:
    """One row of the worked example's table."""

    indicator: str
    weight: str
    answer: str
    product: str


@dataclass(frozen=True, slots=True)
class WorkedExample:
    """The worked example: answers to one domain, scored by the engine, with every step."""

    intro: str
    rows: tuple[ExampleRow, ...]
    total: ExampleRow
    steps: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ToolkitContext:
    """Everything the toolkit document shows, in one language."""

    lang: str
    title: str
    version: str
    status: str
    generated_on: str
    prepared: str
    running_title: str
    intro: tuple[str, ...]
    domain_list: tuple[str, ...]
    scale_intro: str
    scale: tuple[tuple[int, str, str], ...]
    answering: tuple[str, ...]
    rules: tuple[str, ...]
    confidence: tuple[str, ...]
    plan: tuple[str, ...]
    example: WorkedExample | None
    domains: tuple[DomainPart, ...]
    glossary: tuple[tuple[str, str], ...]
    references: tuple[tuple[str, tuple[str, ...]], ...]
    """(kind heading, titles), in a fixed order of kinds."""

    def t(self, code: str, **params: object) -> str:
        """A message in the document's language."""
        return message(code, self.lang, **params)


def _status(framework: Framework, released: date | None, based_on: str | None, lang: str) -> str:
    fmt = Formatter(lang)
    if released is not None:
        return message("toolkit.status_released", lang, date=fmt.long_date(released))
    if based_on:
        return message("toolkit.status_draft_of", lang, version=based_on)
    return message("toolkit.status_draft", lang)


def _indicator(framework: Framework, ind: Indicator, lang: str, fmt: Formatter) -> IndicatorPart:
    notes = []
    if ind.weight != 1:
        notes.append(message("docs.weight", lang, weight=fmt.plain(ind.weight)))
    if ind.foundational:
        notes.append(message("docs.foundational", lang))
    na = (
        message("toolkit.na_when", lang, when=ind.not_applicable_when[lang])
        if ind.not_applicable_when is not None
        else message("toolkit.na_never", lang)
    )
    return IndicatorPart(
        id=ind.id,
        title=ind.title[lang],
        notes=" · ".join(notes),
        definition=ind.definition[lang],
        rationale=ind.rationale[lang],
        levels=tuple(
            (n, framework.scale[n].name[lang], text[lang]) for n, text in enumerate(ind.levels)
        ),
        evidence=tuple(ind.evidence[lang]),
        not_applicable=na,
        references=tuple(
            framework.references[r].title[lang] for r in ind.references if r in framework.references
        ),
        areas=", ".join(
            framework.thematic_areas[a][lang]
            for a in ind.thematic_areas
            if a in framework.thematic_areas
        ),
    )


def _domain(framework: Framework, domain: Domain, lang: str, fmt: Formatter) -> DomainPart:
    return DomainPart(
        domain.id,
        f"{domain.code} · {domain.title[lang]}",
        domain.purpose[lang],
        tuple(_indicator(framework, ind, lang, fmt) for ind in domain.indicators),
    )


_EXAMPLE_LEVELS: tuple[int | str | None, ...] = (3, 2, "na", 4, 1, 1, None)
"""The worked example's answers, in indicator order (as in the methodology's example)."""


def _example_domain(framework: Framework) -> Domain | None:
    """The first domain with enough indicators, preferring one whose third indicator allows
    "not applicable", so that the example shows every kind of answer."""
    long_enough = [d for d in framework.domains if len(d.indicators) >= len(_EXAMPLE_LEVELS)]
    for domain in long_enough:
        if domain.indicators[_EXAMPLE_LEVELS.index("na")].not_applicable_allowed:
            return domain
    return long_enough[0] if long_enough else None


def _example(framework: Framework, lang: str, fmt: Formatter) -> WorkedExample | None:
    """The worked example on the first domain with enough indicators, scored by the engine."""
    domain = _example_domain(framework)
    if domain is None:
        return None
    answers: dict[str, Answer] = {}
    for ind, wanted in zip(domain.indicators, _EXAMPLE_LEVELS, strict=False):
        planned = 2 if wanted == "na" and not ind.not_applicable_allowed else wanted
        if planned == "na":
            answers[ind.id] = Answer(not_applicable=True, reason="—")
        elif isinstance(planned, int):
            evidence = ("—",) if ind is domain.indicators[0] else ()
            answers[ind.id] = Answer(level=planned, evidence=evidence)
    assessment = Assessment(framework.id, framework.version, "", "", answers, (domain.id,))
    result = evaluate(framework, assessment).result
    score = result.domain(domain.id)
    rows = []
    weight_total = 0.0
    product_total = 0.0
    levels: list[tuple[float, int]] = []
    for ind in domain.indicators:
        answer = answers.get(ind.id)
        if answer is None:
            rows.append(ExampleRow(ind.id, "—", message("toolkit.example_unanswered", lang), "—"))
        elif answer.not_applicable:
            rows.append(ExampleRow(ind.id, "—", message("q.na", lang), "—"))
        else:
            assert answer.level is not None
            weight_total += ind.weight
            product_total += ind.weight * answer.level
            levels.append((ind.weight, answer.level))
            rows.append(
                ExampleRow(
                    ind.id,
                    fmt.plain(ind.weight),
                    str(answer.level),
                    fmt.plain(round(ind.weight * answer.level, 2)),
                )
            )
    total = ExampleRow(
        message("toolkit.example_total", lang),
        fmt.plain(weight_total),
        "",
        fmt.plain(round(product_total, 2)),
    )
    params = framework.scoring
    needed = params.noncompensatory_share * weight_total
    steps = [
        message(
            "toolkit.example_compensatory",
            lang,
            product=fmt.plain(round(product_total, 2)),
            weight=fmt.plain(weight_total),
            score=fmt.number(score.score),
            level=score.level,
        ),
        message(
            "toolkit.example_strict_intro",
            lang,
            share=fmt.percent(100 * params.noncompensatory_share),
            weight=fmt.plain(weight_total),
            needed=fmt.plain(round(needed, 2)),
        ),
    ]
    lowest = min(level for _, level in levels)
    for k in range(max(level for _, level in levels), 0, -1):
        at_least = sum(w for w, level in levels if level >= k)
        reached = at_least >= needed - 1e-9 and lowest >= k - params.noncompensatory_max_shortfall
        steps.append(
            message(
                "toolkit.example_strict_reached" if reached else "toolkit.example_strict_missed",
                lang,
                level=k,
                weight=fmt.plain(round(at_least, 2)),
                lowest=lowest,
            )
        )
        if reached:
            break
    steps.append(message("toolkit.example_strict_result", lang, level=score.level_noncompensatory))
    steps.append(
        message(
            "toolkit.example_completeness",
            lang,
            answered=score.answered,
            total=score.total,
            completeness=fmt.percent(score.completeness),
        )
    )
    intro = message("toolkit.example_intro", lang, domain=domain.title[lang])
    return WorkedExample(intro, tuple(rows), total, tuple(steps))


def build_toolkit(
    framework: Framework,
    lang: str,
    *,
    released: date | None = None,
    based_on: str | None = None,
    generated_on: date | None = None,
) -> ToolkitContext:
    """The toolkit of ``framework`` in ``lang``; ``released`` (its release date) or
    ``based_on`` (the version a draft came from) say what the document is."""
    if lang not in LANGUAGES or lang not in framework.languages:
        raise ValueError(f"unsupported language {lang!r}")
    fmt = Formatter(lang)
    title = framework.title[lang]
    params = framework.scoring
    primary = message(
        "reports.rule_compensatory"
        if params.primary == "compensatory"
        else "reports.rule_noncompensatory",
        lang,
    )
    shortfall = message_n("reports.levels", params.noncompensatory_max_shortfall, lang)
    kinds: dict[str, list[str]] = {}
    for ref in framework.references.values():
        kinds.setdefault(ref.kind, []).append(ref.title[lang])
    ordered = sorted(
        kinds, key=lambda k: _KIND_ORDER.index(k) if k in _KIND_ORDER else len(_KIND_ORDER)
    )
    return ToolkitContext(
        lang=lang,
        title=title,
        version=framework.version,
        status=_status(framework, released, based_on, lang),
        generated_on=fmt.long_date(generated_on or date.today()),
        prepared=message("reports.prepared_with", lang, version=__version__),
        running_title=message(
            "toolkit.running_title", lang, title=title, version=framework.version
        ),
        intro=(
            message("toolkit.intro_what", lang, title=title),
            message_n(
                "toolkit.intro_structure",
                len(framework.domains),
                lang,
                indicators=len(framework.indicators),
            ),
            message("toolkit.intro_use", lang),
            message("toolkit.intro_cycle", lang),
        ),
        domain_list=tuple(f"{d.title[lang]} — {d.purpose[lang]}" for d in framework.domains),
        scale_intro=message("toolkit.scale_intro", lang),
        scale=tuple((s.level, s.name[lang], s.meaning[lang]) for s in framework.scale),
        answering=(
            message("toolkit.answer_level", lang),
            message("toolkit.answer_na", lang),
            message("toolkit.answer_evidence", lang, level=EVIDENCE_LEVEL),
        ),
        rules=(
            message(
                "reports.method_intro",
                lang,
                framework=title,
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
        example=_example(framework, lang, fmt),
        domains=tuple(_domain(framework, d, lang, fmt) for d in framework.domains),
        glossary=tuple((g.term[lang], g.definition[lang]) for g in framework.glossary.values()),
        references=tuple(
            (message(_KINDS.get(kind, "toolkit.kind_other"), lang), tuple(sorted(kinds[kind])))
            for kind in ordered
        ),
    )

"""The scoring method in words: the rules and the confidence thresholds of a framework, as the
reports' methodology and the toolkit both state them."""

from __future__ import annotations

from gcat.core.model import Framework
from gcat.core.scoring import EVIDENCE_LEVEL
from gcat.i18n import message, message_n
from gcat.reports.formatting import Formatter

__all__ = ["confidence_rules", "scoring_rules"]


def scoring_rules(framework: Framework, lang: str, fmt: Formatter) -> tuple[str, ...]:
    """How ``framework`` scores: the primary rule, both rules, and not-applicable answers."""
    params = framework.scoring
    primary = message(
        "reports.rule_compensatory"
        if params.primary == "compensatory"
        else "reports.rule_noncompensatory",
        lang,
    )
    shortfall = message_n("reports.levels", params.noncompensatory_max_shortfall, lang)
    return (
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
    )


def confidence_rules(framework: Framework, lang: str, fmt: Formatter) -> tuple[str, ...]:
    """What completeness and evidence coverage mean, and when a result is confident."""
    params = framework.scoring
    return (
        message("reports.method_completeness", lang),
        message("reports.method_evidence", lang, level=EVIDENCE_LEVEL),
        message(
            "reports.method_confidence",
            lang,
            completeness=fmt.percent(params.min_completeness),
            coverage=fmt.percent(params.min_evidence_coverage),
        ),
    )

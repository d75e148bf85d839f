"""The stable JSON shapes of evaluations and frameworks (``gcat score --json`` and friends)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gcat.core.evaluation import Evaluation, next_step
from gcat.core.members import Member
from gcat.core.model import Framework, Indicator
from gcat.core.practices import ImportedPractice, PracticeRecord
from gcat.core.scoring import Result
from gcat.i18n import message

if TYPE_CHECKING:
    from gcat.policy.consent import Manifest

__all__ = [
    "framework_to_json",
    "manifest_to_json",
    "member_to_json",
    "plan_to_json",
    "practice_summary_to_json",
    "result_to_json",
    "scores_to_json",
]


def scores_to_json(result: Result) -> dict[str, Any]:
    """The scores of a result under both rules, as plain JSON values."""
    return {
        "primary_rule": result.primary_rule,
        "domains": [
            {
                "id": d.domain_id,
                "score": d.score,
                "level": d.level,
                "level_noncompensatory": d.level_noncompensatory,
                "completeness": d.completeness,
                "answered": d.answered,
                "not_applicable": d.not_applicable,
                "total": d.total,
            }
            for d in result.domains
        ],
        "overall": {
            "score": result.overall_score,
            "level": result.overall_level,
            "level_noncompensatory": result.overall_level_noncompensatory,
        },
        "completeness": result.completeness,
        "evidence_coverage": result.evidence_coverage,
    }


def result_to_json(evaluation: Evaluation, lang: str) -> dict[str, Any]:
    """The stable JSON shape printed by ``gcat score --json``."""
    result, assessment = evaluation.result, evaluation.assessment
    return {
        "framework": {"id": assessment.framework_id, "version": assessment.framework_version},
        "administration": assessment.administration,
        "cycle": assessment.cycle,
        **scores_to_json(result),
        "flagged": [key for key, answer in assessment.answers.items() if answer.flagged],
        "confidence_notes": [
            {"code": code, "message": message(code, lang)} for code in result.confidence_notes
        ],
    }


def plan_to_json(evaluation: Evaluation, lang: str) -> dict[str, Any]:
    """The JSON shape printed by ``gcat plan --json``."""
    framework = evaluation.framework
    return {
        "administration": evaluation.assessment.administration,
        "cycle": evaluation.assessment.cycle,
        "items": [
            {
                "indicator_id": item.indicator_id,
                "domain_id": item.domain_id,
                "title": framework.indicator(item.indicator_id).title[lang],
                "current": item.current,
                "target": item.target,
                "gap": item.gap,
                "next_level": item.next_level,
                "next_step": next_step(framework, item, lang),
                "priority": item.priority.value,
                "priority_score": item.priority_score,
                "horizon": item.horizon.value,
                "owner": item.owner,
                "due": item.due.isoformat() if item.due else None,
                "status": item.status.value,
            }
            for item in evaluation.plan.items
        ],
    }


def _indicator_json(ind: Indicator) -> dict[str, Any]:
    return {
        "id": ind.id,
        "title": dict(ind.title),
        "definition": dict(ind.definition),
        "rationale": dict(ind.rationale),
        "weight": ind.weight,
        "foundational": ind.foundational,
        "not_applicable": {
            "allowed": ind.not_applicable_allowed,
            "when": dict(ind.not_applicable_when) if ind.not_applicable_when else None,
        },
        "thematic_areas": list(ind.thematic_areas),
        "references": list(ind.references),
        "evidence": {lang: list(items) for lang, items in ind.evidence.items()},
        "levels": [{"level": level, "text": dict(text)} for level, text in enumerate(ind.levels)],
    }


def framework_to_json(framework: Framework) -> dict[str, Any]:
    """The whole framework as the stable JSON of ``gcat framework show --json``."""
    return {
        "id": framework.id,
        "version": framework.version,
        "title": dict(framework.title),
        "languages": list(framework.languages),
        "scale": [
            {"level": s.level, "name": dict(s.name), "meaning": dict(s.meaning)}
            for s in framework.scale
        ],
        "domains": [
            {
                "id": domain.id,
                "code": domain.code,
                "title": dict(domain.title),
                "purpose": dict(domain.purpose),
                "indicators": [_indicator_json(ind) for ind in domain.indicators],
            }
            for domain in framework.domains
        ],
        "references": {
            key: {"kind": r.kind, "title": dict(r.title)} for key, r in framework.references.items()
        },
        "thematic_areas": {key: dict(names) for key, names in framework.thematic_areas.items()},
        "scoring": {
            "primary": framework.scoring.primary,
            "noncompensatory": {
                "share": framework.scoring.noncompensatory_share,
                "max_shortfall": framework.scoring.noncompensatory_max_shortfall,
            },
        },
    }


def member_to_json(member: Member) -> dict[str, Any]:
    """``gcat members list --json``: ``{name, code, region, names: {en, fr, es}}``."""
    return {
        "name": member.name,
        "code": member.code,
        "region": member.region,
        "names": {lang: member.name_in(lang) for lang in ("en", "fr", "es")},
    }


def practice_summary_to_json(item: PracticeRecord | ImportedPractice) -> dict[str, Any]:
    """A line of ``gcat practice list --json`` or ``gcat practice import --json`` (no contact)."""
    if isinstance(item, PracticeRecord):
        practice = item.practice
        return {
            "id": item.id,
            "member": practice.member.name,
            "code": practice.member.code,
            "region": practice.member.region,
            "title": practice.title,
            "status": item.status.value,
            "consent": practice.consent.value if practice.consent else None,
            "withheld": sorted(practice.withheld),
            "lang": practice.lang,
            "domains": list(practice.domains),
            "source": item.source,
        }
    return {
        "id": item.id,
        "member": item.member,
        "title": item.title,
        "status": item.status.value,
        "source": item.source,
        "free_format": item.free_format,
    }


def manifest_to_json(manifest: Manifest) -> dict[str, Any]:
    """The manifest of a Compendium build: what it included, what it left out and why."""
    return {
        "schema": "gcat-compendium-manifest/1",
        "included": len(manifest.included),
        "excluded": len(manifest.excluded),
        "entries": [
            {
                "id": entry.id,
                "member": entry.member.name,
                "title": entry.title,
                "status": entry.status.value,
                "included": entry.included,
                "reason": entry.reason,
                "left_out": list(entry.left_out),
            }
            for entry in manifest.entries
        ],
    }

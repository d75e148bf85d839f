"""The content hash of a signed assessment: what the validator signed, as one SHA-256.

Pure: the hash is over canonical JSON (sorted keys, no spaces, UTF-8) of the framework version,
the administration, the cycle, the domains, every answer (level or N/A, reason, target,
comment, evidence notes, flag), the evidence files (indicator, name and SHA-256 of their bytes)
and the improvement plan's items with their tracking (owner, due date, status). The exchange
file carries all of these, so a reader of a ``.gcat.json`` can check its sign-off with
:func:`content_hash` alone.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from gcat.core.assessment import Answer
from gcat.core.evaluation import Evaluation

__all__ = ["content_hash", "signed_content"]

Attachment = tuple[str, str, str]
"""(indicator id, file name, SHA-256 of the file's bytes)."""
Tracked = tuple[str, date | None, str]
"""(owner, due date, status) of a plan item."""


def _answer(answer: Answer) -> dict[str, Any]:
    return {
        "level": "na" if answer.not_applicable else answer.level,
        "reason": answer.reason,
        "target": answer.target,
        "comment": answer.comment,
        "evidence": list(answer.evidence),
        "flagged": answer.flagged,
    }


def signed_content(
    evaluation: Evaluation, attachments: Sequence[Attachment], tracking: Mapping[str, Tracked]
) -> dict[str, Any]:
    """The content a sign-off covers, as JSON values; ``tracking`` gives the owner, due date
    and status of plan items (an item without tracking counts as not started, unowned)."""
    assessment = evaluation.assessment
    plan = []
    for item in evaluation.plan.items:
        owner, due, status = tracking.get(item.indicator_id, (item.owner, item.due, item.status))
        plan.append([item.indicator_id, owner, due.isoformat() if due else None, str(status)])
    return {
        "framework": {"id": assessment.framework_id, "version": assessment.framework_version},
        "administration": assessment.administration,
        "cycle": assessment.cycle,
        "domains": list(assessment.domains) if assessment.domains is not None else None,
        "answers": {key: _answer(assessment.answers[key]) for key in sorted(assessment.answers)},
        "attachments": sorted([list(item) for item in attachments]),
        "plan": plan,
    }


def content_hash(
    evaluation: Evaluation, attachments: Sequence[Attachment], tracking: Mapping[str, Tracked]
) -> str:
    """SHA-256 (hex) of the canonical JSON of :func:`signed_content`."""
    canonical = json.dumps(
        signed_content(evaluation, attachments, tracking),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

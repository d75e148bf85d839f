"""The ``.gcat.json`` exchange file: one assessment, its plan and a SHA-256 checksum.

The format is described in docs/exchange-format.md and published as a JSON Schema in
docs/exchange-schema.json. This module writes it; :mod:`gcat.exchange.exchange_import` reads it,
with the structure in :mod:`gcat.exchange.exchange_rules`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, Protocol

from gcat.answers_file import NOT_APPLICABLE
from gcat.core.assessment import Answer
from gcat.core.evaluation import Evaluation
from gcat.core.planning import ItemStatus
from gcat.shapes import scores_to_json

__all__ = [
    "CHECKSUM_ALGORITHM",
    "FORMAT",
    "SCHEMA_VERSION",
    "AttachmentInfo",
    "FeedbackInfo",
    "SignOffInfo",
    "Tracking",
    "exchange_checksum",
    "export_exchange",
]

FORMAT = "gcat-exchange"
SCHEMA_VERSION = 1
CHECKSUM_ALGORITHM = "sha256"

Tracking = tuple[str, date | None, str]
"""Owner, due date and status of a plan item."""


class AttachmentInfo(Protocol):
    """What the file records of an evidence file (the bytes are never included)."""

    @property
    def indicator_id(self) -> str: ...
    @property
    def filename(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def size(self) -> int: ...


class FeedbackInfo(Protocol):
    """A feedback note as the file records it (``gcat.core.records.FeedbackNote`` fits)."""

    @property
    def indicator_id(self) -> str: ...
    @property
    def level(self) -> int | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def note(self) -> str: ...


class SignOffInfo(Protocol):
    """What the file records of a sign-off (``gcat.core.records.SignOff`` fits)."""

    @property
    def signed_by(self) -> str: ...
    @property
    def signed_at(self) -> datetime: ...
    @property
    def content_hash(self) -> str: ...
    @property
    def note(self) -> str: ...


# --- export ---------------------------------------------------------------------------------


def exchange_checksum(payload: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of ``payload`` without its ``checksum`` key."""
    content = {key: value for key, value in payload.items() if key != "checksum"}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def export_exchange(
    evaluation: Evaluation,
    *,
    exported_at: datetime | None = None,
    tracking: Mapping[str, Tracking] | None = None,
    attachments: Sequence[AttachmentInfo] = (),
    signoff: SignOffInfo | None = None,
    feedback: Sequence[FeedbackInfo] | None = None,
) -> bytes:
    """The exchange file of ``evaluation`` (UTF-8 JSON), with its checksum; with its sign-off
    (who, when, the content hash) when it is signed; with the framework feedback notes (never
    their author) only when ``feedback`` is given (opt-in)."""
    framework, assessment = evaluation.framework, evaluation.assessment
    when = exported_at or datetime.now(UTC)
    payload: dict[str, Any] = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "framework": {"id": assessment.framework_id, "version": assessment.framework_version},
        "administration": assessment.administration,
        "cycle": assessment.cycle,
        "domains": list(assessment.domains) if assessment.domains is not None else None,
        "exported_at": _timestamp(when),
        "answers": {
            key: _answer_json(assessment.answers[key])
            for key in framework.indicators
            if key in assessment.answers
        },
        "attachments": [
            {
                "indicator_id": a.indicator_id,
                "filename": a.filename,
                "sha256": a.sha256,
                "size": a.size,
            }
            for a in attachments
        ],
        "plan": _plan_json(evaluation, tracking or {}),
        "results": _results_json(evaluation),
    }
    if signoff is not None:
        payload["signoff"] = {
            "signed_by": signoff.signed_by,
            "signed_at": _timestamp(signoff.signed_at),
            "content_hash": signoff.content_hash,
            "note": signoff.note,
        }
    if feedback is not None:
        payload["feedback"] = [
            {"indicator_id": f.indicator_id, "level": f.level, "kind": f.kind, "note": f.note}
            for f in feedback
        ]
    payload["checksum"] = {"algorithm": CHECKSUM_ALGORITHM, "value": exchange_checksum(payload)}
    return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _timestamp(when: datetime) -> str:
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "level": NOT_APPLICABLE if answer.not_applicable else answer.level,
        "reason": answer.reason,
        "target": answer.target,
        "comment": answer.comment,
        "evidence": list(answer.evidence),
        "flagged": answer.flagged,
    }


def _plan_json(evaluation: Evaluation, tracking: Mapping[str, Tracking]) -> list[dict[str, Any]]:
    items = []
    for item in evaluation.plan.items:
        owner, due, status = tracking.get(item.indicator_id, (item.owner, item.due, item.status))
        items.append(
            {
                "indicator_id": item.indicator_id,
                "current": item.current,
                "target": item.target,
                "priority": item.priority.value,
                "horizon": item.horizon.value,
                "owner": owner,
                "due": due.isoformat() if due else None,
                "status": ItemStatus(status).value,
            }
        )
    return items


def _results_json(evaluation: Evaluation) -> dict[str, Any]:
    result = evaluation.result
    return {**scores_to_json(result), "confidence_notes": list(result.confidence_notes)}

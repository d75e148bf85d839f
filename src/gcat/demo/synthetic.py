"""Synthetic assessments for tests and benchmarks: fictional answers, deterministic per seed.

Each Member gets a maturity "tendency" drawn from the seed; its answers scatter around it, and
later cycles drift upwards a little, so that aggregates, trends and suppression have something
realistic to work on. Nothing here is real data.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

from gcat.core.assessment import Answer, Assessment
from gcat.core.evaluation import evaluate
from gcat.core.model import Framework
from gcat.exchange.exchange_file import export_exchange

__all__ = ["synthetic_assessment", "synthetic_exchange_file"]


def synthetic_assessment(
    framework: Framework, administration: str, cycle: str, *, seed: int, step: int = 0
) -> Assessment:
    """A complete fictional assessment of ``administration`` (``step`` cycles after the first)."""
    rng = random.Random(f"{seed}:{administration}")  # noqa: S311 (fictional data)
    tendency = rng.uniform(0.5, 4.0) + 0.15 * step
    answers: dict[str, Answer] = {}
    for indicator_id, indicator in framework.indicators.items():
        if indicator.not_applicable_allowed and rng.random() < 0.1:
            answers[indicator_id] = Answer(
                not_applicable=True, reason="Not relevant here (synthetic)"
            )
            continue
        level = max(0, min(5, round(rng.gauss(tendency, 1.0))))
        answers[indicator_id] = Answer(level=level, target=min(5, level + 1))
    return Assessment(
        framework_id=framework.id,
        framework_version=framework.version,
        administration=administration,
        cycle=cycle,
        answers=answers,
    )


def synthetic_exchange_file(
    framework: Framework, administration: str, cycle: str, *, seed: int, step: int = 0
) -> bytes:
    """The ``.gcat.json`` exchange file of :func:`synthetic_assessment`."""
    assessment = synthetic_assessment(framework, administration, cycle, seed=seed, step=step)
    return export_exchange(
        evaluate(framework, assessment), exported_at=datetime(2025, 1, 1, tzinfo=UTC)
    )

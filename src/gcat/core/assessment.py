"""Answers and assessments, as frozen dataclasses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from gcat.core.model import Domain, Framework

__all__ = ["MAX_LEVEL", "Answer", "Assessment"]

MAX_LEVEL = 5


@dataclass(frozen=True, slots=True)
class Answer:
    """The answer to one indicator.

    It is a level (0–5), "not applicable" with a reason, or unanswered (no level, not N/A).
    Any of them may carry a target level, a comment, evidence notes and a review flag.
    ``to_review`` marks an answer pre-filled from the previous cycle that no officer has yet
    confirmed or changed: its level still counts in the scores, but not in completeness.
    """

    level: int | None = None
    not_applicable: bool = False
    reason: str = ""
    target: int | None = None
    comment: str = ""
    evidence: tuple[str, ...] = ()
    flagged: bool = False
    to_review: bool = False

    def __post_init__(self) -> None:
        if self.level is not None and not 0 <= self.level <= MAX_LEVEL:
            raise ValueError(f"level {self.level} is outside 0–5")
        if self.target is not None and not 0 <= self.target <= MAX_LEVEL:
            raise ValueError(f"target {self.target} is outside 0–5")
        if self.not_applicable and self.level is not None:
            raise ValueError("an answer cannot be both a level and not applicable")

    @property
    def answered(self) -> bool:
        """True for a level or a not-applicable answer."""
        return self.level is not None or self.not_applicable

    @property
    def confirmed(self) -> bool:
        """Answered, and not a pre-filled answer still to review: what completeness counts."""
        return (self.level is not None or self.not_applicable) and not self.to_review


UNANSWERED = Answer()


@dataclass(frozen=True, slots=True)
class Assessment:
    """One administration's assessment for one cycle, under one framework version."""

    framework_id: str
    framework_version: str
    administration: str
    cycle: str
    answers: Mapping[str, Answer] = field(default_factory=dict)
    domains: tuple[str, ...] | None = None
    """The domains covered, or ``None`` for all of them."""

    def covers(self, domain_id: str) -> bool:
        """Whether the assessment covers the domain ``domain_id``."""
        return self.domains is None or domain_id in self.domains

    def domains_in_scope(self, framework: Framework) -> tuple[Domain, ...]:
        """The framework's domains this assessment covers, in framework order."""
        if self.domains is None:
            return framework.domains
        return tuple(domain for domain in framework.domains if domain.id in self.domains)

    def answer(self, indicator_id: str) -> Answer:
        """The answer to ``indicator_id``; unanswered when absent."""
        return self.answers.get(indicator_id, UNANSWERED)

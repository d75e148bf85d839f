"""The framework model: scale, domains, indicators and references, as frozen dataclasses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Domain",
    "Framework",
    "GlossaryTerm",
    "Indicator",
    "Reference",
    "ScaleLevel",
    "ScoringParameters",
    "Text",
]

Text = Mapping[str, str]
"""A text in every language of the framework, keyed by language code."""

LEVELS = range(6)


@dataclass(frozen=True, slots=True)
class ScaleLevel:
    """One level of the generic 0–5 maturity scale."""

    level: int
    name: Text
    meaning: Text


@dataclass(frozen=True, slots=True)
class Reference:
    """A reference document: a WCO instrument, an environmental agreement, the HS, a standard."""

    id: str
    kind: str
    title: Text


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """A defined term: the exact wording that descriptors use, and what it means."""

    id: str
    term: Text
    definition: Text


@dataclass(frozen=True, slots=True, eq=False)
class Indicator:
    """One assessed indicator with its six level descriptors."""

    id: str
    domain_id: str
    title: Text
    definition: Text
    rationale: Text
    levels: tuple[Text, ...]
    evidence: Mapping[str, tuple[str, ...]]
    weight: float = 1.0
    foundational: bool = False
    not_applicable_allowed: bool = False
    not_applicable_when: Text | None = None
    thematic_areas: tuple[str, ...] = ()
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, eq=False)
class Domain:
    """An assessment domain and its indicators, in order."""

    id: str
    code: str
    title: Text
    purpose: Text
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True, slots=True)
class ScoringParameters:
    """Parameters of the two scoring rules and of the confidence note."""

    primary: str = "compensatory"
    noncompensatory_share: float = 0.8
    noncompensatory_max_shortfall: int = 1
    min_completeness: float = 80.0
    min_evidence_coverage: float = 60.0


@dataclass(frozen=True, slots=True, eq=False)
class Framework:
    """A versioned framework: the scale, the domains in order, references and thematic areas."""

    id: str
    version: str
    title: Text
    languages: tuple[str, ...]
    scale: tuple[ScaleLevel, ...]
    domains: tuple[Domain, ...]
    references: Mapping[str, Reference]
    thematic_areas: Mapping[str, Text]
    scoring: ScoringParameters = ScoringParameters()
    glossary: Mapping[str, GlossaryTerm] = field(default_factory=dict)
    """Defined terms by id, in manifest order (empty when the framework defines none)."""
    _indicators: dict[str, Indicator] = field(init=False, repr=False)
    _domains: dict[str, Domain] = field(init=False, repr=False)
    memo: dict[str, Any] = field(init=False, repr=False)
    """Memoised values derived from the framework (for example plan items); never data."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "memo", {})
        object.__setattr__(self, "_domains", {domain.id: domain for domain in self.domains})
        object.__setattr__(
            self,
            "_indicators",
            {ind.id: ind for domain in self.domains for ind in domain.indicators},
        )

    @property
    def key(self) -> str:
        """``id@version``, the framework's unique name."""
        return f"{self.id}@{self.version}"

    @property
    def indicators(self) -> Mapping[str, Indicator]:
        """Every indicator by id, in framework order."""
        return self._indicators

    def domain(self, domain_id: str) -> Domain:
        """The domain ``domain_id`` (KeyError when unknown)."""
        return self._domains[domain_id]

    def has_domain(self, domain_id: str) -> bool:
        """Whether the framework has a domain ``domain_id``."""
        return domain_id in self._domains

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator ``indicator_id`` (KeyError when unknown)."""
        return self._indicators[indicator_id]

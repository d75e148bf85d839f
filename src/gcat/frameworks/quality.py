"""Content rules beyond the schema: what makes a framework usable by an assessor.

The schema checks (:mod:`gcat.frameworks.checks`) make a framework loadable; these rules make
it fit to answer: six distinct descriptors per indicator in every language, at least two
evidence examples, texts that are translated rather than copied, descriptors free of vague
words, and every indicator linked to a thematic area and a reference. The data tests hold the
shipped versions to them, and ``gcat framework import`` holds every workbook to them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gcat.core.model import Framework, Indicator, Text

__all__ = ["MIN_EVIDENCE", "ContentIssue", "content_issues"]

MIN_EVIDENCE = 2
_COPY_FROM = 25  # characters: shorter names ("Facilitation") may coincide across languages
_VAGUE = re.compile(r"\b(good progress|some efforts?|adequate|satisfactory|appropriate)\b", re.I)


@dataclass(frozen=True, slots=True)
class ContentIssue:
    """One rule broken: where (an indicator or domain id, the text key, the language) and what
    (a message code and its parameters)."""

    owner: str
    key: str
    lang: str | None
    code: str
    params: dict[str, Any]


def _texts(framework: Framework) -> Iterator[tuple[str, str, Text]]:
    for domain in framework.domains:
        yield domain.id, "title", domain.title
        yield domain.id, "purpose", domain.purpose
        for ind in domain.indicators:
            for key in ("title", "definition", "rationale"):
                yield ind.id, key, getattr(ind, key)
            for level, text in enumerate(ind.levels):
                yield ind.id, f"level_{level}", text
            if ind.not_applicable_when:
                yield ind.id, "not_applicable_when", ind.not_applicable_when


def content_issues(framework: Framework) -> list[ContentIssue]:
    """Every content rule ``framework`` breaks (empty when it is fit to answer)."""
    issues = _copies(framework)
    for ind in framework.indicators.values():
        if not ind.thematic_areas:
            issues.append(ContentIssue(ind.id, "thematic_areas", None, "quality.no_area", {}))
        if not ind.references:
            issues.append(ContentIssue(ind.id, "references", None, "quality.no_reference", {}))
        for lang in framework.languages:
            if len(ind.evidence[lang]) < MIN_EVIDENCE:
                few = ContentIssue(
                    ind.id, "evidence", lang, "quality.few_evidence", {"count": MIN_EVIDENCE}
                )
                issues.append(few)
            issues += _repeated_descriptors(ind, lang)
        for level, descriptor in enumerate(ind.levels):
            found = _VAGUE.search(descriptor.get("en", ""))
            if found:
                key = f"level_{level}"
                issues.append(
                    ContentIssue(ind.id, key, "en", "quality.vague", {"word": found.group()})
                )
    return issues


def _copies(framework: Framework) -> list[ContentIssue]:
    """Texts of another language that are copies of the first language's."""
    issues = []
    first = framework.languages[0]
    for owner, key, text in _texts(framework):
        if len(text[first]) > _COPY_FROM:
            issues += [
                ContentIssue(owner, key, lang, "quality.copied", {"lang": first})
                for lang in framework.languages[1:]
                if text[lang] == text[first]
            ]
    return issues


def _repeated_descriptors(ind: Indicator, lang: str) -> list[ContentIssue]:
    issues = []
    seen: dict[str, int] = {}
    for level, descriptor in enumerate(ind.levels):
        words = " ".join(descriptor[lang].split()).lower()
        if words in seen:
            key, params = f"level_{level}", {"level": seen[words]}
            issues.append(ContentIssue(ind.id, key, lang, "quality.same_descriptor", params))
        seen.setdefault(words, level)
    return issues

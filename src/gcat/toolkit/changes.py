"""What changed between two versions of a framework: texts added, changed and retired, per
language, and the indicators added and retired. Pure: two frameworks in, a change list out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from gcat.core.model import Framework, Text

__all__ = ["FrameworkChanges", "TextChange", "compare_frameworks", "text_items"]


@dataclass(frozen=True, slots=True)
class TextChange:
    """One text of one language that is new, different or gone."""

    owner: str
    """The indicator, domain, reference, term or scale level the text belongs to."""
    key: str
    lang: str
    before: str
    after: str

    @property
    def kind(self) -> str:
        """``added``, ``changed`` or ``retired``."""
        if not self.before:
            return "added"
        if not self.after:
            return "retired"
        return "changed"


@dataclass(frozen=True, slots=True)
class FrameworkChanges:
    """The changes from ``old`` to ``new``."""

    old_version: str
    new_version: str
    languages: tuple[str, ...]
    texts: tuple[TextChange, ...]
    added_indicators: tuple[str, ...]
    retired_indicators: tuple[str, ...]

    def count(self, lang: str, kind: str) -> int:
        """How many texts of ``lang`` are ``kind`` (added, changed, retired)."""
        return sum(1 for t in self.texts if t.lang == lang and t.kind == kind)


def text_items(framework: Framework) -> Iterator[tuple[str, str, Text]]:
    """Every text of ``framework`` as (owner, key, text in every language)."""
    yield "framework", "title", framework.title
    for level in framework.scale:
        yield f"scale {level.level}", "name", level.name
        yield f"scale {level.level}", "meaning", level.meaning
    for domain in framework.domains:
        yield domain.id, "title", domain.title
        yield domain.id, "purpose", domain.purpose
        for ind in domain.indicators:
            for key in ("title", "definition", "rationale"):
                yield ind.id, key, getattr(ind, key)
            for n, text in enumerate(ind.levels):
                yield ind.id, f"level_{n}", text
            yield ind.id, "evidence", {k: "\n".join(v) for k, v in ind.evidence.items()}
            if ind.not_applicable_when:
                yield ind.id, "not_applicable_when", ind.not_applicable_when
    for key, names in framework.thematic_areas.items():
        yield key, "name", names
    for ref in framework.references.values():
        yield ref.id, "title", ref.title
    for term in framework.glossary.values():
        yield term.id, "term", term.term
        yield term.id, "definition", term.definition


def compare_frameworks(old: Framework, new: Framework) -> FrameworkChanges:
    """Every text of every language of ``new`` that differs from ``old``, in ``new``'s order
    (then ``old``'s retired texts)."""
    before = {(owner, key): text for owner, key, text in text_items(old)}
    after = {(owner, key): text for owner, key, text in text_items(new)}
    languages = tuple(dict.fromkeys((*new.languages, *old.languages)))
    changes = []
    for spot in [*after, *(k for k in before if k not in after)]:
        for lang in languages:
            was = before.get(spot, {}).get(lang, "")
            now = after.get(spot, {}).get(lang, "")
            if was != now:
                changes.append(TextChange(spot[0], spot[1], lang, was, now))
    return FrameworkChanges(
        old.version,
        new.version,
        languages,
        tuple(changes),
        tuple(i for i in new.indicators if i not in old.indicators),
        tuple(i for i in old.indicators if i not in new.indicators),
    )

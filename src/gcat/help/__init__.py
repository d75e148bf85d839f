"""The officer's help, as package data: the guide to the app and the methodology in each
language (Markdown), the screenshots they show, and the glossary of abbreviations.

The command-line guide for technical users stays in the repository's ``docs/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from gcat.core.model import Indicator

__all__ = [
    "IMAGES",
    "PAGES",
    "Term",
    "glossary",
    "image",
    "page_markdown",
    "terms_in",
    "terms_of",
]

PAGES = ("guide", "methodology")
"""The help pages written in Markdown, one file per language: ``<page>.<lang>.md``."""
IMAGES = "images"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Term:
    """One abbreviation: its anchor id, and per language its forms, full name and explanation."""

    id: str
    abbr: dict[str, str]
    also: dict[str, tuple[str, ...]]
    name: dict[str, str]
    text: dict[str, str]

    def label(self, lang: str) -> str:
        """The abbreviation in ``lang``, else the full name (a language may not abbreviate)."""
        return self.abbr.get(lang) or self.name[lang]

    def forms(self, lang: str) -> tuple[str, ...]:
        """Every form the texts in ``lang`` may use."""
        abbr = self.abbr.get(lang)
        return ((abbr,) if abbr else ()) + self.also.get(lang, ())


def _texts(item: dict[str, Any], key: str) -> dict[str, str]:
    return {str(lang): str(value) for lang, value in (item.get(key) or {}).items()}


@cache
def glossary() -> tuple[Term, ...]:
    """The glossary, in the file's order."""
    text = resources.files(__package__).joinpath("glossary.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=_LOADER)  # noqa: S506 (a safe loader)
    return tuple(
        Term(
            id=str(item["id"]),
            abbr=_texts(item, "abbr"),
            also={
                str(lang): tuple(str(v) for v in values)
                for lang, values in (item.get("also") or {}).items()
            },
            name=_texts(item, "name"),
            text=_texts(item, "text"),
        )
        for item in data["terms"]
    )


@cache
def _pattern(lang: str) -> tuple[re.Pattern[str], dict[str, Term]]:
    by_form = {form: term for term in glossary() for form in term.forms(lang)}
    forms = sorted(by_form, key=len, reverse=True)
    alternatives = "|".join(re.escape(form) for form in forms)
    return re.compile(rf"(?<![\w-])({alternatives})s?(?![\w-])"), by_form


def terms_in(texts: list[str], lang: str) -> list[Term]:
    """The glossary's terms that ``texts`` use, in glossary order."""
    pattern, by_form = _pattern(lang)
    found = {by_form[m.group(1)].id for text in texts for m in pattern.finditer(text)}
    return [term for term in glossary() if term.id in found]


def terms_of(indicator: Indicator, lang: str) -> list[Term]:
    """The glossary's terms that an indicator's texts in ``lang`` use."""
    texts = [indicator.title[lang], indicator.definition[lang], indicator.rationale[lang]]
    texts += [level[lang] for level in indicator.levels]
    texts += list(indicator.evidence[lang])
    if indicator.not_applicable_when is not None:
        texts.append(indicator.not_applicable_when[lang])
    return list(_terms_cached(tuple(texts), lang))


@cache
def _terms_cached(texts: tuple[str, ...], lang: str) -> tuple[Term, ...]:
    return tuple(terms_in(list(texts), lang))


def page_markdown(page: str, lang: str) -> str:
    """The Markdown of a help page in ``lang`` (KeyError for an unknown page)."""
    if page not in PAGES:
        raise KeyError(page)
    return resources.files(__package__).joinpath(f"{page}.{lang}.md").read_text("utf-8")


def image(name: str) -> bytes | None:
    """A screenshot of the guide by file name (``None`` when there is none by that name)."""
    if not re.fullmatch(r"[a-z0-9-]+(\.[a-z]{2})?\.png", name):
        return None
    entry = resources.files(__package__).joinpath(IMAGES, name)
    return entry.read_bytes() if entry.is_file() else None

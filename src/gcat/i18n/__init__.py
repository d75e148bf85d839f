"""Interface messages in English, French and Spanish, keyed by message code.

Catalogues are YAML files in this package (``<area>.<lang>.yaml``); framework texts are not
here, they come with the framework data, keyed by id. A test checks that every code exists in
every language with the same placeholders.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "catalog",
    "message",
    "message_n",
    "resolve_language",
    "translator",
]

LANGUAGES = ("en", "fr", "es")
DEFAULT_LANGUAGE = "en"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10× faster


@cache
def catalog(lang: str) -> dict[str, str]:
    """The message catalogue of ``lang`` (code → template), merged from ``*.<lang>.yaml``.

    Each area of the code may keep its messages in a file of its own (``messages``,
    ``reports``, …); a code defined in two files is an error.
    """
    merged: dict[str, str] = {}
    folder = resources.files(__package__)
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(f".{lang}.yaml"):
            continue
        data = yaml.load(entry.read_text("utf-8"), Loader=_LOADER)  # noqa: S506 (a safe loader)
        if not isinstance(data, dict):
            raise TypeError(f"{entry.name} must be a mapping")
        for key, value in data.items():
            if key in merged:
                raise ValueError(f"{entry.name}: message {key} is defined twice")
            merged[str(key)] = str(value)
    return merged


def resolve_language(lang: str | None = None) -> str:
    """``lang`` if supported, else ``GCAT_LANG`` if supported, else English."""
    for candidate in (lang, os.environ.get("GCAT_LANG")):
        if candidate:
            short = candidate.split(".")[0].split("_")[0].split("-")[0].lower()
            if short in LANGUAGES:
                return short
    return DEFAULT_LANGUAGE


def message(code: str, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """The message ``code`` in ``lang``, formatted with ``params``.

    Falls back to English, then to the code itself, so that an error is never hidden by a
    missing translation (the catalogue test catches those).
    """
    template = catalog(resolve_language(lang)).get(code) or catalog(DEFAULT_LANGUAGE).get(code)
    if template is None:
        return code
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def _plural_form(count: int, lang: str) -> str:
    """CLDR "one" or "other" (French counts 0 as one; "many" only applies to millions)."""
    if lang == "fr":
        return "one" if count in (0, 1) else "other"
    return "one" if count == 1 else "other"


def message_n(code: str, count: int, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """The plural-aware message ``code.one`` or ``code.other`` for ``count``."""
    lang = resolve_language(lang)
    return message(f"{code}.{_plural_form(count, lang)}", lang, count=count, **params)


def translator(lang: str) -> Callable[..., str]:
    """``t(code, **params)``: :func:`message` bound to ``lang``."""

    def translate(code: str, **params: Any) -> str:
        return message(code, lang, **params)

    return translate

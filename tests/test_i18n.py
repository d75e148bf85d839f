"""Interface messages exist in every language, with the same placeholders, and are used."""

from __future__ import annotations

import re
import string
from pathlib import Path

from gcat.i18n import LANGUAGES, catalog, message, resolve_language

SRC = Path(__file__).resolve().parents[1] / "src" / "gcat"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_in_every_language_with_same_placeholders() -> None:
    english = catalog("en")
    for lang in LANGUAGES:
        other = catalog(lang)
        assert set(other) == set(english), f"{lang}: {set(english) ^ set(other)}"
        for code, template in english.items():
            assert other[code].strip(), f"{lang}: {code} is empty"
            assert _fields(other[code]) == _fields(template), f"{lang}: {code} placeholders"


def test_translations_are_not_copies_of_english() -> None:
    english = catalog("en")
    for lang in ("fr", "es"):
        copies = [
            code
            for code, text in catalog(lang).items()
            if text == english[code] and len(text) > 12 and "{" not in text[:2]
        ]
        assert copies == [], f"{lang} copies English: {copies}"


def test_every_code_used_in_the_source_exists() -> None:
    """Every message code in the Python source and the templates (HTML and Typst) exists, and
    none is unused."""
    english = set(catalog("en"))
    namespaces = sorted({code.split(".")[0] for code in english})
    pattern = re.compile(rf"[\"']((?:{'|'.join(namespaces)})\.[a-z0-9_]+)[\"']")
    used: set[str] = set()
    for path in [*SRC.rglob("*.py"), *SRC.rglob("*.html"), *SRC.rglob("*.typ")]:
        if "migrations" in path.parts:  # generated DDL: table names, never messages
            continue
        used |= set(pattern.findall(path.read_text("utf-8")))
    # codes built at run time from enum values
    used |= {f"priority.{p}" for p in ("high", "medium", "low")}
    used |= {f"horizon.{h}" for h in ("short", "medium", "long")}
    used |= {f"status.{s}" for s in ("not_started", "in_progress", "done")}
    used = {code for code in used if not code.endswith((".html", ".yaml", ".md", ".py"))}
    plural = {code for code in used if {f"{code}.one", f"{code}.other"} <= english}
    used = (used - plural) | {f"{c}.{form}" for c in plural for form in ("one", "other")}
    missing = used - english
    assert not missing, missing
    unused = english - used - {"label"}
    assert not unused, f"unused messages: {unused}"


def test_message_fallbacks() -> None:
    assert message("no.such.code", "fr") == "no.such.code"
    assert resolve_language("fr_FR.UTF-8") == "fr"
    assert resolve_language("de") == "en"


def test_plurals() -> None:
    from gcat.i18n import message_n

    assert message_n("validate.failed", 1, "en") == "1 problem found"
    assert message_n("validate.failed", 3, "en") == "3 problems found"
    assert message_n("validate.failed", 0, "fr") == "0 problème détecté"
    assert message_n("validate.failed", 2, "es") == "2 problemas detectados"

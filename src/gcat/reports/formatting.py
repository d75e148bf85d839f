"""Numbers, percentages and dates as a reader of the report's language writes them."""

from __future__ import annotations

import re
from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

__all__ = ["Formatter", "typography"]

_LOCALES = {"en": "en_GB"}  # dates as 2 March 2026, as international organisations write them
_FRENCH_SPACES = re.compile(r" ([:;!?»])|(«) ")


class Formatter:
    """Formats values in the conventions of ``lang`` (Babel); ``None`` becomes a dash."""

    def __init__(self, lang: str) -> None:
        self.lang = _LOCALES.get(lang, lang)

    def number(self, value: float | None) -> str:
        """A score with two decimals."""
        return "—" if value is None else format_decimal(value, format="0.00", locale=self.lang)

    def plain(self, value: float) -> str:
        """A number with only the decimals it needs (1.5, 1, 0.5)."""
        return format_decimal(value, format="0.##", locale=self.lang)

    def percent(self, value: float | None) -> str:
        """A percentage given on the 0–100 scale."""
        return "—" if value is None else format_percent(value / 100, locale=self.lang)

    def delta(self, value: float | None) -> str:
        """A signed change with two decimals and a true minus sign."""
        if value is None:
            return "—"
        sign = "+" if value > 0 else "\u2212" if value < 0 else "±"
        return sign + format_decimal(abs(value), format="0.00", locale=self.lang)

    def long_date(self, value: date) -> str:
        """A date in words (29 November 2026)."""
        return format_date(value, format="long", locale=self.lang)

    def date(self, value: date | None) -> str:
        """A short date (29 Nov 2026), empty when ``None``."""
        return "" if value is None else format_date(value, format="medium", locale=self.lang)


def typography(text: str, lang: str) -> str:
    """``text`` with the spacing rules of ``lang``: in French, the space before ``: ; ! ? »``
    and after ``«`` becomes non-breaking, so that no line starts with the sign."""
    if lang != "fr" or " " not in text:
        return text
    return _FRENCH_SPACES.sub(lambda m: f"\u00a0{m[1]}" if m[1] else f"{m[2]}\u00a0", text)

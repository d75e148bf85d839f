"""Text as people type it, made safe to store, show and print.

Every text that comes in (files, forms, the API) goes through :func:`clean_text` or
:func:`clean_line` at parse time: C0 and C1 control characters and bidirectional overrides are
removed (they can rewrite a terminal or disguise a text), line breaks become ``\\n``.
"""

from __future__ import annotations

import re

__all__ = ["clean_line", "clean_text"]

_CONTROLS = "".join(
    chr(code) for code in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)) if code not in (9, 10)
)
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_DROP = str.maketrans("", "", _CONTROLS + _BIDI)
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def clean_text(value: str) -> str:
    """``value`` with line breaks normalised to ``\\n``, tabs kept, other controls removed,
    and surrounding whitespace stripped."""
    return _NEWLINES.sub("\n", value).translate(_DROP).strip()


def clean_line(value: str) -> str:
    """A one-line text (a name, a title): controls removed, whitespace runs collapsed."""
    return " ".join(clean_text(value).split())

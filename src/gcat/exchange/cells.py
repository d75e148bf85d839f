"""What makes a spreadsheet read text as a formula: one rule for every export."""

from __future__ import annotations

__all__ = ["FORMULA_STARTS", "looks_like_formula"]

FORMULA_STARTS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
"""First characters that make a spreadsheet read a cell as a formula (with full-width forms)."""


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could run ``text``: it starts with a tab or a carriage return, or
    its first visible character is ``=``, ``+``, ``-`` or ``@``."""
    return text.startswith(("\t", "\r")) or text.lstrip().startswith(FORMULA_STARTS)

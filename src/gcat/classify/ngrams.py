"""Character n-grams inside word boundaries: the text features of the classifier (pure).

The same function feeds the training (as scikit-learn's analyzer) and the prediction (plain
dictionaries), so both always see identical features.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

__all__ = ["MAX_N", "MIN_N", "char_ngrams", "counts", "normalise", "word_ngrams"]

MIN_N = 2
MAX_N = 5
_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w%€$°]+")


def normalise(text: str) -> str:
    """Lower case, compatibility-normalised (NFKC), punctuation turned into spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


def word_ngrams(word: str) -> list[str]:
    """The n-grams of one word padded with a space on each side (``MIN_N`` to ``MAX_N``)."""
    padded = f" {word} "
    grams: list[str] = []
    for n in range(MIN_N, MAX_N + 1):
        if n > len(padded):
            break
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


def char_ngrams(text: str) -> list[str]:
    """Every n-gram of every word of ``text`` after :func:`normalise`, in order."""
    grams: list[str] = []
    for word in normalise(text).split(" "):
        if word:
            grams.extend(word_ngrams(word))
    return grams


def counts(text: str) -> Counter[str]:
    """How often each n-gram occurs in ``text``."""
    return Counter(char_ngrams(text))

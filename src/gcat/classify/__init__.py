"""Assisted classification of survey initiatives into the 9 thematic areas and 7 GCAT domains.

- :mod:`~gcat.classify.labels`: the label keys; :mod:`~gcat.classify.records`: reading
  initiatives and labelled examples (JSON Lines, located errors).
- :mod:`~gcat.classify.model`: the model as data (``.npz`` + JSON, no pickles);
  :mod:`~gcat.classify.suggest`: suggestions with numpy only;
  :mod:`~gcat.classify.training`: fitting with scikit-learn.
- :mod:`~gcat.classify.store`: the shipped examples and the user's model folder.

The label definitions and tie-breaking rules are in ``docs/classification.md``.
"""

from __future__ import annotations

from collections.abc import Sequence

from gcat.classify.encoder import detect_language, embed
from gcat.classify.labels import AREAS, DOMAINS, TAXONOMIES
from gcat.classify.model import Model
from gcat.classify.records import Example, Initiative
from gcat.classify.suggest import Suggestion, suggest

__all__ = [
    "AREAS",
    "DOMAINS",
    "TAXONOMIES",
    "Example",
    "Initiative",
    "Model",
    "Suggestion",
    "classify_texts",
]

BATCH = 256
"""Texts embedded at a time."""


def classify_texts(
    model: Model, texts: Sequence[str], langs: Sequence[str | None]
) -> list[Suggestion]:
    """Suggestions for ``texts``; a missing language is detected."""
    resolved = [lang or detect_language(text) for text, lang in zip(texts, langs, strict=True)]
    out: list[Suggestion] = []
    for start in range(0, len(texts), BATCH):
        chunk = list(texts[start : start + BATCH])
        out += suggest(model, chunk, resolved[start : start + BATCH], embed(chunk))
    return out

"""Suggestions for initiatives from a :class:`Model` (numpy only).

For each taxonomy a label's score is the mean of its membership probability and its primary
probability. The primary probability of a domain is weighed by how often that domain is primary
for the suggested primary area in the examples (a seizure reported with a partner stays
``customs_controls`` first, as the enforcement area says). Labels are ranked by score, the
first is the primary label, and the selected set
is the primary label plus every other label whose membership probability reaches the model's
threshold (at most :data:`MAX_LABELS`). The top indicators, the nearest examples and the words
that weighed most explain the suggestion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from gcat.classify.labels import TAXONOMIES
from gcat.classify.model import Array, Model
from gcat.classify.ngrams import normalise, word_ngrams

__all__ = [
    "MAX_LABELS",
    "MIN_INDICATOR_SCORE",
    "Suggestion",
    "suggest",
]

MAX_LABELS = 3
"""Labels selected at most per taxonomy."""
TOP_INDICATORS = 3
NEAREST = 3
TOP_WORDS = 5
AREA_BONUS = 0.1
"""Added to an indicator's similarity when it lists one of the selected thematic areas."""
MIN_INDICATOR_SCORE = 0.3
"""Below this, an initiative maps to no indicator with confidence (a possible framework gap).
Set near the 10th percentile of the best indicator score on the validation set, so that about
one initiative in ten is listed for review."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What the model suggests for one text, with why."""

    lang: str
    scores: dict[str, dict[str, float]]
    """``scores[taxonomy][label]``, labels in descending score order."""
    selected: dict[str, tuple[str, ...]]
    """The selected labels of each taxonomy, primary first."""
    indicators: tuple[tuple[str, float], ...]
    nearest: tuple[tuple[str, float], ...]
    """Ids of the nearest labelled examples, with their cosine similarity."""
    words: tuple[tuple[str, float], ...]
    """Words of the text that weighed most for the primary thematic area."""
    uncertainty: float
    """1 minus the smaller of the two margins between the first and second label (0 to 1)."""

    def primary(self, taxonomy: str) -> str:
        """The primary label of ``taxonomy``."""
        return self.selected[taxonomy][0]


def _sigmoid(x: Array) -> Array:
    return (1.0 / (1.0 + np.exp(-x))).astype(np.float32)


def _softmax(x: Array) -> Array:
    shifted: Array = np.exp(x - x.max(axis=1, keepdims=True))
    shifted /= shifted.sum(axis=1, keepdims=True)
    return shifted


def _sparse_matrix(model: Model, texts: Sequence[str]) -> list[tuple[npt.NDArray[np.int64], Array]]:
    return [model.tfidf(text) for text in texts]


def _linear_tf(rows: list[tuple[npt.NDArray[np.int64], Array]], weights: Array) -> Array:
    out = np.zeros((len(rows), weights.shape[0]), dtype=np.float32)
    for i, (index, values) in enumerate(rows):
        if index.size:
            out[i] = weights[:, index] @ values
    return out


def _words(model: Model, text: str, weights: Array) -> tuple[tuple[str, float], ...]:
    index, values = model.tfidf(text)
    value_of = dict(zip(index.tolist(), values.tolist(), strict=True))
    weighed: dict[str, float] = {}
    for word in normalise(text).split(" "):
        if len(word) < 3 or word in weighed:
            continue
        total = 0.0
        for gram in word_ngrams(word):
            position = model.vocabulary.get(gram)
            if position is not None:
                total += float(weights[position]) * value_of.get(position, 0.0)
        weighed[word] = total
    ranked = sorted(weighed.items(), key=lambda item: -item[1])
    return tuple((word, round(weight, 4)) for word, weight in ranked[:TOP_WORDS] if weight > 0)


def _indicators(
    model: Model,
    vector: Array,
    lang: str,
    domains: Mapping[str, float],
    areas: Sequence[str],
) -> tuple[tuple[str, float], ...]:
    """The top indicators of the selected ``domains`` (label → score): the text's similarity to
    the indicator's texts, weighed by how strongly its domain is suggested, plus a bonus when
    the indicator lists a selected thematic area."""
    from gcat.frameworks import load_framework

    framework = load_framework()
    similarity = model.indicator_vectors @ vector
    best: dict[str, float] = {}
    for text, value in zip(model.indicator_texts, similarity.tolist(), strict=True):
        if text.lang != lang or text.domain_id not in domains:
            continue
        best[text.indicator_id] = max(best.get(text.indicator_id, -1.0), value)
    top = max(domains.values(), default=1.0) or 1.0
    scored = []
    for indicator_id, value in best.items():
        if not framework.indicators.get(indicator_id):
            continue
        listed = framework.indicator(indicator_id).thematic_areas
        bonus = AREA_BONUS if any(area in listed for area in areas) else 0.0
        weight = 0.5 + 0.5 * domains[framework.indicator(indicator_id).domain_id] / top
        scored.append((indicator_id, round(min(1.0, max(0.0, value * weight + bonus)), 4)))
    scored.sort(key=lambda item: (-item[1], item[0]))
    return tuple(scored[:TOP_INDICATORS])


def suggest(
    model: Model, texts: Sequence[str], langs: Sequence[str], vectors: Array
) -> list[Suggestion]:
    """Suggestions for ``texts`` in ``langs``, whose sentence embeddings are ``vectors``."""
    rows = _sparse_matrix(model, texts)
    scores: dict[str, Array] = {}
    members: dict[str, Array] = {}
    for taxonomy in TAXONOMIES:
        heads = model.heads[taxonomy]
        member: Array = (
            _sigmoid(_linear_tf(rows, heads["member_tf"].weights) + heads["member_tf"].bias)
            + _sigmoid(vectors @ heads["member_emb"].weights.T + heads["member_emb"].bias)
        ) / 2
        primary: Array = (
            _softmax(_linear_tf(rows, heads["primary_tf"].weights) + heads["primary_tf"].bias)
            + _softmax(vectors @ heads["primary_emb"].weights.T + heads["primary_emb"].bias)
        ) / 2
        if taxonomy == "gcat_domains":  # chosen jointly with the primary area
            joint = primary * model.pairing[scores["thematic_areas"].argmax(axis=1)]
            primary = (joint / joint.sum(axis=1, keepdims=True)).astype(np.float32)
        members[taxonomy] = member
        scores[taxonomy] = (member + primary) / 2
    example_similarity = vectors @ model.example_vectors.T if model.examples else None
    suggestions = []
    for i, (text, lang) in enumerate(zip(texts, langs, strict=True)):
        ranked: dict[str, dict[str, float]] = {}
        selected: dict[str, tuple[str, ...]] = {}
        margins = []
        for taxonomy, keys in TAXONOMIES.items():
            row, member = scores[taxonomy][i], members[taxonomy][i]
            order = [int(j) for j in np.argsort(-row, kind="stable")]
            ranked[taxonomy] = {keys[j]: round(float(row[j]), 4) for j in order}
            chosen = [order[0]] + [j for j in order[1:] if member[j] >= model.threshold]
            selected[taxonomy] = tuple(keys[j] for j in chosen[:MAX_LABELS])
            margins.append(float(row[order[0]] - row[order[1]]))
        nearest: tuple[tuple[str, float], ...] = ()
        if example_similarity is not None:
            top = np.argsort(-example_similarity[i], kind="stable")[:NEAREST]
            nearest = tuple(
                (model.examples[j].id, round(float(example_similarity[i][j]), 4)) for j in top
            )
        primary_area = TAXONOMIES["thematic_areas"].index(selected["thematic_areas"][0])
        suggestions.append(
            Suggestion(
                lang=lang,
                scores=ranked,
                selected=selected,
                indicators=_indicators(
                    model,
                    vectors[i],
                    lang,
                    {d: ranked["gcat_domains"][d] for d in selected["gcat_domains"]},
                    selected["thematic_areas"],
                ),
                nearest=nearest,
                words=_words(
                    model, text, model.heads["thematic_areas"]["member_tf"].weights[primary_area]
                ),
                uncertainty=round(1.0 - min(margins), 4),
            )
        )
    return suggestions

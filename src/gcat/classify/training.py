"""Training: scikit-learn fits the heads of a :class:`Model` from labelled examples.

Imported only to build a model (``gcat classify retrain``, first use, the benchmark): it pulls
in scikit-learn, which prediction does not need.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

import numpy as np

from gcat.classify.encoder import embed, encoder_name
from gcat.classify.labels import TAXONOMIES
from gcat.classify.model import Array, Head, IndicatorText, Model
from gcat.classify.ngrams import char_ngrams
from gcat.classify.records import Example
from gcat.core.model import Framework

__all__ = ["C_EMBEDDING", "C_TFIDF", "THRESHOLD", "examples_hash", "indicator_texts", "train"]

C_TFIDF = 10.0
C_EMBEDDING = 10.0
"""Inverse regularisation strength of the logistic regressions (chosen by cross-validation on
the training data, see benchmarks/classify.py)."""
THRESHOLD = 0.5
"""Membership probability from which a label joins the selected set."""
MIN_DF = 2
"""An n-gram enters the vocabulary when at least this many examples contain it."""

Embedder = Callable[[list[str]], Array]


def examples_hash(examples: Sequence[Example]) -> str:
    """SHA-256 of the examples (texts and labels): a model records what it was trained on."""
    digest = hashlib.sha256()
    for e in examples:
        record = [e.id, e.lang, e.text, list(e.thematic_areas), list(e.gcat_domains), e.source]
        digest.update(json.dumps(record, ensure_ascii=False).encode())
    return digest.hexdigest()


def indicator_texts(framework: Framework) -> tuple[list[IndicatorText], list[str]]:
    """Per language, each indicator's title with its definition, and its level 3 and level 5
    descriptors (what "implemented" and "leading" look like)."""
    keys: list[IndicatorText] = []
    texts: list[str] = []
    for indicator in framework.indicators.values():
        for lang in framework.languages:
            pieces = [f"{indicator.title[lang]}. {indicator.definition[lang]}"]
            pieces += [indicator.levels[3][lang], indicator.levels[5][lang]]
            for piece in pieces:
                keys.append(IndicatorText(indicator.id, indicator.domain_id, lang))
                texts.append(piece)
    return keys, texts


def _labels(examples: Sequence[Example], taxonomy: str) -> tuple[np.ndarray, np.ndarray]:
    keys = TAXONOMIES[taxonomy]
    member = np.array([[k in e.labels(taxonomy) for k in keys] for e in examples], dtype=int)
    primary = np.array([keys.index(e.labels(taxonomy)[0]) for e in examples], dtype=int)
    return member, primary


def _member_head(features: object, member: np.ndarray, c: float) -> Head:
    from sklearn.linear_model import LogisticRegression

    weights, bias = [], []
    for j in range(member.shape[1]):
        column = member[:, j]
        if column.min() == column.max():  # a label no example (or every example) has
            weights.append(np.zeros(features.shape[1]))  # type: ignore[attr-defined]
            bias.append(20.0 if column.max() else -20.0)
            continue
        fit = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(features, column)
        weights.append(fit.coef_[0])
        bias.append(float(fit.intercept_[0]))
    return Head(np.asarray(weights, dtype=np.float32), np.asarray(bias, dtype=np.float32))


def _primary_head(features: object, primary: np.ndarray, size: int, c: float) -> Head:
    from sklearn.linear_model import LogisticRegression

    fit = LogisticRegression(C=c, max_iter=3000).fit(features, primary)
    classes = [int(label) for label in fit.classes_]
    weights = np.zeros((size, fit.coef_.shape[1]), dtype=np.float32)
    bias = np.full(size, -30.0, dtype=np.float32)  # a label that is never primary in the data
    if len(classes) == 2:  # scikit-learn fits one row: softmax([0, z]) is its sigmoid
        weights[classes[1]], bias[classes[1]] = fit.coef_[0], fit.intercept_[0]
        bias[classes[0]] = 0.0
    else:
        for row, label in enumerate(classes):
            weights[label], bias[label] = fit.coef_[row], fit.intercept_[row]
    return Head(weights, bias)


def train(
    examples: Sequence[Example],
    framework: Framework,
    *,
    embedder: Embedder = embed,
    known_vectors: Mapping[tuple[str, str], Array] | None = None,
    c_tfidf: float = C_TFIDF,
    c_embedding: float = C_EMBEDDING,
    threshold: float = THRESHOLD,
    info: Mapping[str, str] | None = None,
) -> Model:
    """A model trained on ``examples``; ``known_vectors`` (by (lang, text)) saves re-embedding
    texts that an earlier model already embedded."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    ind_keys, ind_texts = indicator_texts(framework)
    wanted = [(e.lang, e.text) for e in examples] + [
        (k.lang, text) for k, text in zip(ind_keys, ind_texts, strict=True)
    ]
    known = dict(known_vectors or {})
    missing = sorted({pair for pair in wanted if pair not in known})
    fresh = embedder([text for _, text in missing])
    known.update({pair: fresh[i] for i, pair in enumerate(missing)})
    vectors = np.asarray([known[pair] for pair in wanted[: len(examples)]], dtype=np.float32)
    ind_vectors = np.asarray([known[pair] for pair in wanted[len(examples) :]], dtype=np.float32)
    vectorizer = TfidfVectorizer(
        analyzer=char_ngrams, sublinear_tf=True, min_df=MIN_DF, dtype=np.float32
    )
    tfidf = vectorizer.fit_transform([e.text for e in examples])
    heads = {}
    for taxonomy, keys in TAXONOMIES.items():
        member, primary = _labels(examples, taxonomy)
        heads[taxonomy] = {
            "member_tf": _member_head(tfidf, member, c_tfidf),
            "member_emb": _member_head(vectors, member, c_embedding),
            "primary_tf": _primary_head(tfidf, primary, len(keys), c_tfidf),
            "primary_emb": _primary_head(vectors, primary, len(keys), c_embedding),
        }
    areas, domains = TAXONOMIES["thematic_areas"], TAXONOMIES["gcat_domains"]
    pairing = np.ones((len(areas), len(domains)), dtype=np.float32)  # add-one smoothing
    for e in examples:
        pairing[areas.index(e.thematic_areas[0]), domains.index(e.gcat_domains[0])] += 1
    pairing /= pairing.sum(axis=1, keepdims=True)
    return Model(
        vocabulary={str(gram): int(i) for gram, i in vectorizer.vocabulary_.items()},
        idf=np.asarray(vectorizer.idf_, dtype=np.float32),
        heads=heads,
        examples=tuple(examples),
        example_vectors=vectors,
        indicator_texts=tuple(ind_keys),
        indicator_vectors=np.asarray(ind_vectors, dtype=np.float32),
        pairing=pairing,
        threshold=threshold,
        info={
            "built": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "encoder": encoder_name(),
            "framework": framework.key,
            "examples": len(examples),
            "confirmed": sum(e.source == "confirmed" for e in examples),
            "examples_sha256": examples_hash(examples),
            **(info or {}),
        },
    )

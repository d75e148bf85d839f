"""The classifier as data: arrays in an ``.npz`` (no pickles) and a JSON description.

A model holds, for each taxonomy, two linear heads over two feature sets:

- TF-IDF character n-grams (2–5, inside words), whose vocabulary and IDF weights it stores;
- the sentence embedding of the text.

The *membership* head is one-vs-rest logistic regression (the probability that each label
applies, from which the label set is selected); the *primary* head is a multinomial logistic
regression trained on the primary label. Each head's probabilities are the mean over the two
feature sets. Prediction needs only numpy; scikit-learn is used to train.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from gcat.classify.labels import TAXONOMIES
from gcat.classify.ngrams import counts
from gcat.classify.records import Example
from gcat.errors import InputError, Problem

__all__ = [
    "FORMAT",
    "Head",
    "IndicatorText",
    "Model",
    "load_model",
    "save_model",
]

FORMAT = 1
"""Version of the stored model layout; a model of another version is rebuilt."""

Array = npt.NDArray[np.floating[Any]]
HEADS = ("member_tf", "member_emb", "primary_tf", "primary_emb")


@dataclass(frozen=True, slots=True)
class Head:
    """One linear head: weights (labels × features) and intercepts."""

    weights: Array
    bias: Array


@dataclass(frozen=True, slots=True)
class IndicatorText:
    """One embedded text of a framework indicator (its title and definition, or a level)."""

    indicator_id: str
    domain_id: str
    lang: str


@dataclass(frozen=True, slots=True, eq=False)
class Model:
    """A trained classifier with what it needs to explain and crosswalk its suggestions."""

    vocabulary: Mapping[str, int]
    idf: Array
    heads: Mapping[str, Mapping[str, Head]]
    """``heads[taxonomy][head name]``, head names in :data:`HEADS`."""
    examples: tuple[Example, ...]
    example_vectors: Array
    indicator_texts: tuple[IndicatorText, ...]
    indicator_vectors: Array
    pairing: Array
    """P(primary domain | primary thematic area) in the examples (areas × domains, smoothed):
    the primary domain is chosen jointly with the primary area (see :mod:`suggest`)."""
    threshold: float
    info: Mapping[str, Any]
    """Provenance: when and from what it was built, the encoder, the training data's hash."""

    def tfidf(self, text: str) -> tuple[npt.NDArray[np.int64], Array]:
        """The sparse TF-IDF vector of ``text``: feature indexes and unit-length values."""
        found = [
            (self.vocabulary[gram], 1.0 + math.log(count))
            for gram, count in counts(text).items()
            if gram in self.vocabulary
        ]
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        index = np.fromiter((i for i, _ in found), dtype=np.int64, count=len(found))
        values = np.fromiter((v for _, v in found), dtype=np.float32, count=len(found))
        values *= self.idf[index]
        values /= max(float(np.linalg.norm(values)), 1e-12)
        return index, values


def _array(data: Mapping[str, Any], name: str) -> Array:
    return np.asarray(data[name], dtype=np.float32)


def save_model(model: Model, folder: Path) -> None:
    """Write ``model.npz`` and ``model.json`` in ``folder`` (each through a temporary file)."""
    folder.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, Array] = {
        "idf": model.idf,
        "example_vectors": model.example_vectors.astype(np.float16),
        "indicator_vectors": model.indicator_vectors.astype(np.float16),
        "pairing": model.pairing,
    }
    for taxonomy, heads in model.heads.items():
        for name, head in heads.items():
            arrays[f"{taxonomy}.{name}.weights"] = head.weights
            arrays[f"{taxonomy}.{name}.bias"] = head.bias
    vocabulary = sorted(model.vocabulary, key=model.vocabulary.__getitem__)
    description = {
        "format": FORMAT,
        "info": dict(model.info),
        "threshold": model.threshold,
        "labels": {taxonomy: list(keys) for taxonomy, keys in TAXONOMIES.items()},
        "vocabulary": vocabulary,
        "examples": [
            {
                "id": e.id,
                "lang": e.lang,
                "text": e.text,
                "thematic_areas": list(e.thematic_areas),
                "gcat_domains": list(e.gcat_domains),
                "source": e.source,
            }
            for e in model.examples
        ],
        "indicator_texts": [[t.indicator_id, t.domain_id, t.lang] for t in model.indicator_texts],
    }
    npz, meta = folder / "model.npz", folder / "model.json"
    for path, write in (
        (npz, lambda f: np.savez(f, allow_pickle=False, **arrays)),  # uncompressed: fast
        (meta, lambda f: f.write(json.dumps(description, ensure_ascii=False).encode())),
    ):
        part = path.with_name(f".{path.name}.part")
        with part.open("wb") as handle:
            write(handle)
        part.replace(path)


def load_model(folder: Path) -> Model:
    """The model stored in ``folder`` (InputError when it is missing, damaged or outdated)."""
    meta, npz = folder / "model.json", folder / "model.npz"
    try:
        description = json.loads(meta.read_bytes())
        outdated = description.get("format") != FORMAT or description.get("labels") != {
            k: list(v) for k, v in TAXONOMIES.items()
        }
        if outdated:
            raise InputError([Problem("classify.model_outdated", {}, str(folder))])
        with np.load(npz, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        return _model(description, arrays)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(
            [Problem("classify.model_unreadable", {"reason": str(exc)[:200]}, str(folder))]
        ) from None


def _model(description: dict[str, Any], arrays: dict[str, Any]) -> Model:
    heads = {
        taxonomy: {
            name: Head(
                _array(arrays, f"{taxonomy}.{name}.weights"),
                _array(arrays, f"{taxonomy}.{name}.bias"),
            )
            for name in HEADS
        }
        for taxonomy in TAXONOMIES
    }
    examples = tuple(
        Example(
            e["id"],
            e["lang"],
            e["text"],
            tuple(e["thematic_areas"]),
            tuple(e["gcat_domains"]),
            e["source"],
        )
        for e in description["examples"]
    )
    return Model(
        vocabulary={gram: i for i, gram in enumerate(description["vocabulary"])},
        idf=_array(arrays, "idf"),
        heads=heads,
        examples=examples,
        example_vectors=_array(arrays, "example_vectors"),
        indicator_texts=tuple(IndicatorText(*t) for t in description["indicator_texts"]),
        indicator_vectors=_array(arrays, "indicator_vectors"),
        pairing=_array(arrays, "pairing"),
        threshold=float(description["threshold"]),
        info=description["info"],
    )

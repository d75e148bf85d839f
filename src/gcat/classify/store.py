"""Where models live: the shipped training data, the user's model folder, building on first use.

The package ships labelled examples, not a trained model: the first classification builds the
model (a few seconds) into the user data folder, and later runs load it (well under a second).
``gcat classify retrain`` rebuilds it from the shipped examples plus the analysts' confirmed
decisions. A model built from older shipped data is rebuilt, keeping its confirmed examples.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from gcat.classify.model import Array, Model, load_model, save_model
from gcat.classify.records import Example, parse_examples
from gcat.errors import InputError

__all__ = [
    "TRAINING_FILE",
    "default_folder",
    "ensure_model",
    "rebuild",
    "shipped_examples",
    "shipped_hash",
]

TRAINING_FILE = "training.jsonl"


def _training_bytes() -> bytes:
    return (resources.files("gcat.classify") / "data" / TRAINING_FILE).read_bytes()


@cache
def shipped_examples() -> tuple[Example, ...]:
    """The labelled examples shipped with the package (see docs/classification.md)."""
    return tuple(parse_examples(_training_bytes(), TRAINING_FILE))


def shipped_hash() -> str:
    """SHA-256 of the shipped training file."""
    import hashlib

    return hashlib.sha256(_training_bytes()).hexdigest()


def default_folder() -> Path:
    """``<user data folder>/classifier``."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("gcat", appauthor=False)) / "classifier"


def _known_vectors(folder: Path) -> dict[tuple[str, str], Array]:
    """The embeddings an earlier model in ``folder`` already computed, by (language, text)."""
    from gcat.classify.training import indicator_texts
    from gcat.frameworks import load_framework

    try:
        old = load_model(folder)
    except InputError:
        return {}
    known = {(e.lang, e.text): old.example_vectors[i] for i, e in enumerate(old.examples)}
    keys, texts = indicator_texts(load_framework())
    if tuple(keys) == old.indicator_texts and old.info.get("framework") == load_framework().key:
        known.update(
            {
                (k.lang, text): old.indicator_vectors[i]
                for i, (k, text) in enumerate(zip(keys, texts, strict=True))
            }
        )
    return known


def rebuild(folder: Path, confirmed: Sequence[Example] = ()) -> Model:
    """Train on the shipped examples plus ``confirmed`` ones and store the model in ``folder``.

    A confirmed example replaces a shipped one with the same id."""
    from gcat.classify.training import train
    from gcat.frameworks import load_framework

    replaced = {e.id for e in confirmed}
    examples = [e for e in shipped_examples() if e.id not in replaced] + list(confirmed)
    model = train(
        examples,
        load_framework(),
        known_vectors=_known_vectors(folder),
        info={"shipped_sha256": shipped_hash()},
    )
    save_model(model, folder)
    return model


def ensure_model(folder: Path, *, build: bool = True) -> Model:
    """The model in ``folder``. With ``build``, it is built first when it is missing, and
    rebuilt (keeping its confirmed examples) when the shipped examples changed since."""
    if not build:
        return load_model(folder)
    try:
        model = load_model(folder)
    except InputError:  # missing, damaged or of an older layout
        return rebuild(folder)
    if model.info.get("shipped_sha256") != shipped_hash():
        return rebuild(folder, [e for e in model.examples if e.source == "confirmed"])
    return model

"""Quality and speed of the assisted classification.

Usage: python benchmarks/classify.py [--folds 5] [--seed 0] [--repeat 3]

1. Stratified k-fold cross-validation on the shipped training data (folds stratified on the
   primary thematic area; sentence embeddings are computed once and shared by the folds).
2. The model trained on all the training data, scored on the separate validation set
   (benchmarks/data/classify-validation.jsonl), which is never trained on.
3. Throughput (items per second, languages given, encoder loaded) and model load time (a
   fresh process loading the stored model and the encoder's weights; median of --repeat).

Prints macro-F1 and per-label F1 for both taxonomies, primary-label accuracy, and both per
language. A benchmark, not a test: it never fails on a figure.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from gcat.classify import classify_texts
from gcat.classify.encoder import embed, warm_up
from gcat.classify.labels import TAXONOMIES
from gcat.classify.metrics import score
from gcat.classify.model import Model, save_model
from gcat.classify.records import Example, parse_examples
from gcat.classify.store import shipped_examples
from gcat.classify.suggest import Suggestion, suggest
from gcat.classify.training import train
from gcat.frameworks import load_framework

VALIDATION = Path(__file__).parent / "data" / "classify-validation.jsonl"
TARGETS = {"thematic_areas": 0.80, "gcat_domains": 0.75}


class CachedEmbedder:
    """Embeds each distinct text once (the folds share the training texts)."""

    def __init__(self) -> None:
        self.cache: dict[str, np.ndarray] = {}

    def __call__(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            for text, vector in zip(missing, embed(missing), strict=True):
                self.cache[text] = vector
        return np.asarray([self.cache[t] for t in texts], dtype=np.float32).reshape(-1, 512)


def predict(
    model: Model, examples: Sequence[Example], embedder: CachedEmbedder
) -> list[Suggestion]:
    texts = [e.text for e in examples]
    return suggest(model, texts, [e.lang for e in examples], embedder(texts))


def report(title: str, examples: Sequence[Example], suggestions: Sequence[Suggestion]) -> None:
    print(f"\n== {title} ({len(examples)} items)")
    for taxonomy in TAXONOMIES:
        scores = score(taxonomy, examples, [s.selected[taxonomy] for s in suggestions])
        target = TARGETS[taxonomy]
        print(
            f"{taxonomy}: macro-F1 {scores.macro_f1:.3f} (target {target:.2f}), "
            f"primary accuracy {scores.primary_accuracy:.3f} (target 0.85)"
        )
        print("  per label F1: " + ", ".join(f"{k} {v:.2f}" for k, v in scores.f1.items()))
        for lang in ("en", "fr", "es"):
            subset = [i for i, e in enumerate(examples) if e.lang == lang]
            part = score(
                taxonomy,
                [examples[i] for i in subset],
                [suggestions[i].selected[taxonomy] for i in subset],
            )
            print(
                f"  {lang} ({len(subset)}): macro-F1 {part.macro_f1:.3f}, "
                f"primary accuracy {part.primary_accuracy:.3f}"
            )


def cross_validate(
    examples: Sequence[Example], folds: int, seed: int, embedder: CachedEmbedder
) -> None:
    from sklearn.model_selection import StratifiedKFold

    framework = load_framework()
    primary = [e.thematic_areas[0] for e in examples]
    predictions: list[Suggestion | None] = [None] * len(examples)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_index, test_index in splitter.split(np.zeros(len(examples)), primary):
        model = train([examples[i] for i in train_index], framework, embedder=embedder)
        for i, suggestion in zip(
            test_index, predict(model, [examples[i] for i in test_index], embedder), strict=True
        ):
            predictions[i] = suggestion
    report(f"{folds}-fold cross-validation on the training data", examples, predictions)  # type: ignore[arg-type]


LOAD = """
import sys, time
t = time.perf_counter()
from pathlib import Path
from gcat.classify.model import load_model
from gcat.classify.encoder import warm_up
load_model(Path(sys.argv[1])); warm_up()
print(time.perf_counter() - t)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"python {platform.python_version()} on {platform.machine()}, load average "
        f"{os.getloadavg()[0]:.1f} (speed figures depend on what else the machine runs)"
    )
    examples = list(shipped_examples())
    validation = parse_examples(VALIDATION.read_bytes(), VALIDATION.name)
    counts = {lang: sum(e.lang == lang for e in examples) for lang in ("en", "fr", "es")}
    print(f"training examples: {len(examples)} {counts}; validation items: {len(validation)}")
    embedder = CachedEmbedder()
    warm_up()
    cross_validate(examples, args.folds, args.seed, embedder)

    started = time.perf_counter()
    model = train(examples, load_framework(), embedder=embedder)
    print(f"\ntraining on all examples (embeddings cached): {time.perf_counter() - started:.2f} s")
    report("validation set (never trained on)", validation, predict(model, validation, embedder))

    texts = [e.text for e in validation] * 6
    langs = [e.lang for e in validation] * 6
    rates = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        classify_texts(model, texts, langs)
        rates.append(len(texts) / (time.perf_counter() - started))
    print(
        f"\nthroughput: {statistics.median(rates):.0f} items/s (median of {args.repeat}, "
        f"{len(texts)} items, embedding included)"
    )
    with tempfile.TemporaryDirectory() as folder:
        save_model(model, Path(folder))
        times = [
            float(
                subprocess.run(
                    [sys.executable, "-c", LOAD, folder], check=True, capture_output=True, text=True
                ).stdout
            )
            for _ in range(args.repeat)
        ]
    print(
        f"model load time: {statistics.median(times):.2f} s (median of {args.repeat}, "
        "fresh process: stored model plus the encoder's weights)"
    )


if __name__ == "__main__":
    main()

"""Scores of suggestions against labelled examples: F1 per label, macro-F1, primary accuracy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gcat.classify.labels import TAXONOMIES
from gcat.classify.records import Example

__all__ = ["TaxonomyScores", "score"]


@dataclass(frozen=True, slots=True)
class TaxonomyScores:
    """How a set of predictions compares with the true labels of one taxonomy."""

    f1: dict[str, float]
    """F1 of each label (labels absent from both truth and predictions are left out)."""
    macro_f1: float
    primary_accuracy: float
    count: int


def _f1(tp: int, fp: int, fn: int) -> float:
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def score(
    taxonomy: str, truth: Sequence[Example], predicted: Sequence[Sequence[str]]
) -> TaxonomyScores:
    """Compare ``predicted`` label sets (primary first) with the labels of ``truth``."""
    f1: dict[str, float] = {}
    for label in TAXONOMIES[taxonomy]:
        tp = fp = fn = 0
        for example, labels in zip(truth, predicted, strict=True):
            actual, guessed = label in example.labels(taxonomy), label in labels
            tp += actual and guessed
            fp += guessed and not actual
            fn += actual and not guessed
        if tp + fp + fn:
            f1[label] = round(_f1(tp, fp, fn), 4)
    hits = sum(
        bool(labels) and labels[0] == example.labels(taxonomy)[0]
        for example, labels in zip(truth, predicted, strict=True)
    )
    return TaxonomyScores(
        f1=f1,
        macro_f1=round(sum(f1.values()) / len(f1), 4) if f1 else 0.0,
        primary_accuracy=round(hits / len(truth), 4) if truth else 0.0,
        count=len(truth),
    )

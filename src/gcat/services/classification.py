"""Use-cases of the assisted classification: classify a JSON Lines file, rebuild the model.

The review queue and the analysts' decisions live in :mod:`gcat.services.review`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from gcat.classify import Suggestion, classify_texts
from gcat.classify.model import Model
from gcat.classify.records import Example, parse_initiatives
from gcat.classify.store import default_folder, ensure_model, rebuild
from gcat.policy.access import Actor, Right, require

__all__ = ["classify_file", "load_classifier", "model_folder", "retrain", "suggestion_fields"]

Progress = Callable[[int, int], None]
"""Called with (done, total) as a long job advances."""

_MODELS: dict[Path, Model] = {}


def model_folder(folder: Path | None) -> Path:
    """The model folder to use: ``folder``, else the ``classifier_model`` setting."""
    if folder is not None:
        return folder
    from gcat.settings import load_settings

    return load_settings().classifier_model or default_folder()


def load_classifier(folder: Path | None = None, *, explicit: bool = False) -> Model:
    """The model in ``folder`` (built on first use unless ``explicit``), kept per process."""
    target = model_folder(folder)
    if target not in _MODELS:
        _MODELS[target] = ensure_model(target, build=not explicit)
    return _MODELS[target]


def suggestion_fields(model: Model, suggestion: Suggestion) -> dict[str, Any]:
    """The fields a suggestion adds to an initiative record (the ``gcat classify`` output)."""
    by_id = {e.id: e for e in model.examples}
    return {
        "lang": suggestion.lang,
        "thematic_areas": list(suggestion.selected["thematic_areas"]),
        "gcat_domains": list(suggestion.selected["gcat_domains"]),
        "scores": suggestion.scores,
        "indicators": [{"id": i, "score": s} for i, s in suggestion.indicators],
        "uncertainty": suggestion.uncertainty,
        "explanation": {
            "nearest": [
                {
                    "id": ident,
                    "similarity": similarity,
                    "text": by_id[ident].text,
                    "lang": by_id[ident].lang,
                    "thematic_areas": list(by_id[ident].thematic_areas),
                    "gcat_domains": list(by_id[ident].gcat_domains),
                    "source": by_id[ident].source,
                }
                for ident, similarity in suggestion.nearest
            ],
            "words": [{"word": w, "weight": v} for w, v in suggestion.words],
        },
    }


def classify_file(
    actor: Actor,
    data: bytes,
    source: str,
    *,
    model: Path | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The JSON Lines ``data`` with each line's suggestions added (see docs/classification.md)."""
    require(actor, Right.SECRETARIAT)
    initiatives = parse_initiatives(data, source)
    classifier = load_classifier(model, explicit=model is not None)
    lines: list[str] = []
    step = 200
    for start in range(0, len(initiatives), step):
        chunk = initiatives[start : start + step]
        suggestions = classify_texts(classifier, [i.text for i in chunk], [i.lang for i in chunk])
        for initiative, suggestion in zip(chunk, suggestions, strict=True):
            record = {**initiative.record, **suggestion_fields(classifier, suggestion)}
            lines.append(json.dumps(record, ensure_ascii=False))
        if progress:
            progress(min(start + step, len(initiatives)), len(initiatives))
    return ("\n".join(lines) + "\n").encode()


def retrain(actor: Actor, confirmed: Sequence[Example], folder: Path | None = None) -> Model:
    """Rebuild the model from the shipped examples plus ``confirmed`` ones."""
    require(actor, Right.SECRETARIAT)
    target = model_folder(folder)
    model = rebuild(target, confirmed)
    _MODELS[target] = model
    return model

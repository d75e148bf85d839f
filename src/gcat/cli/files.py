"""Reading the files a command is given: size checked before reading, one located message."""

from __future__ import annotations

from pathlib import Path

from gcat.errors import InputError, Problem
from gcat.limits import MAX_IMPORT_BYTES, MB

__all__ = ["read_input"]


def read_input(path: Path, limit: int = MAX_IMPORT_BYTES) -> bytes:
    """The bytes of ``path``, refused (file.too_large) before reading when over ``limit``."""
    try:
        if path.stat().st_size > limit:
            raise InputError([Problem("file.too_large", {"limit": limit // MB}, source=str(path))])
        return path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(
            [Problem("file.unreadable", {"reason": reason}, source=str(path))]
        ) from exc

"""Zip-based documents (xlsx, docx) checked from their directory, before anything is unpacked."""

from __future__ import annotations

import io
import zipfile

from gcat.errors import InputError, Problem
from gcat.limits import MAX_IMPORT_BYTES, MAX_UNPACKED_BYTES, MB

__all__ = ["MAX_PARTS", "MAX_RATIO", "check_archive"]

MAX_PARTS = 1000
MAX_RATIO = 100
"""Largest compression ratio accepted for a part bigger than one megabyte."""
_MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
_MACRO_TYPES = (b"macroEnabled", b"vbaProject")


def _refuse(code: str, source: str, **params: object) -> InputError:
    return InputError([Problem(code, dict(params), source=source)])


def check_archive(
    data: bytes, source: str, kind: str, required: set[str], limit: int = MAX_IMPORT_BYTES
) -> None:
    """Refuse ``data`` unless it is a zip holding ``required`` parts, within the size, part and
    compression limits, and without macros; ``kind`` ("DOCX", "XLSX") names it in messages."""
    if len(data) > limit:
        raise _refuse("file.too_large", source, limit=limit // MB)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            names = {part.filename for part in parts}
            types = (
                archive.read("[Content_Types].xml")
                if "[Content_Types].xml" in names
                and archive.getinfo("[Content_Types].xml").file_size <= MB
                else b""
            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _refuse("archive.not_archive", source, kind=kind) from exc
    if len(parts) > MAX_PARTS:
        raise _refuse("archive.too_many_parts", source, limit=MAX_PARTS)
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise _refuse("archive.too_large_unpacked", source, limit=MAX_UNPACKED_BYTES // MB)
    for part in parts:
        if part.file_size > MB and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise _refuse("archive.too_compressed", source, part=part.filename[:80])
    if not required <= names:
        raise _refuse("archive.not_archive", source, kind=kind)
    if any(name.lower().rsplit("/", 1)[-1] in _MACRO_PARTS for name in names) or any(
        marker in types for marker in _MACRO_TYPES
    ):
        raise _refuse("archive.macros", source, kind=kind)

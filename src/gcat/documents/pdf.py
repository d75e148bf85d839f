"""PDF documents set by Typst from a template and data, with the package's own fonts.

A document is a Typst template in ``typst/`` (``report.typ``…) that imports the shared pieces
of ``typst/gcat.typ`` and reads its content with ``load()``. The content travels as JSON in
``sys.inputs``: the template lays strings out as plain text, so no user text is ever read as
Typst markup or code. Typst reads no file outside ``typst/`` and no system font.
"""

from __future__ import annotations

import dataclasses
import json
import re
import threading
import warnings
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typst

__all__ = ["TEMPLATES", "DocumentWarning", "compile_pdf", "template_messages", "to_data"]

TEMPLATES = Path(__file__).parent / "typst"
FONTS = Path(__file__).parent / "fonts"
INPUT = "gcat"  # the sys.inputs key that carries the document as JSON
_MESSAGE = re.compile(r'\bt\("([a-z0-9_]+\.[a-z0-9_.]+)"\)')


class DocumentWarning(UserWarning):
    """Typst warned while setting a document (an unknown font, a layout that did not converge)."""


def compile_pdf(
    template_name: str,
    data: object,
    *,
    images: Mapping[str, str] | None = None,
    text: Callable[[str], str] | None = None,
) -> bytes:
    """The PDF set by ``typst/<template_name>.typ`` from ``data``.

    ``data`` is a dataclass or a mapping of JSON-like values (see :func:`to_data`); the template
    reads it as ``load().data``. ``images`` maps names to SVG documents (``load().images``).
    ``text``, when given, rewrites every string of ``data`` first (French spacing, say).
    """
    document = {"data": to_data(data, text), "images": dict(images or {})}
    compiler, lock = _compiler(template_name)
    payload = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    with lock:
        pdf, notes = compiler.compile_with_warnings(format="pdf", sys_inputs={INPUT: payload})
    for note in notes:
        warnings.warn(f"{template_name}: {note.message}", DocumentWarning, stacklevel=2)
    if not isinstance(pdf, bytes):  # pragma: no cover - a PDF is always one file
        raise TypeError("Typst returned no PDF")
    return pdf


def to_data(value: object, text: Callable[[str], str] | None = None) -> Any:
    """``value`` as JSON values: dataclasses and mappings as objects, tuples and lists as
    arrays; ``text`` rewrites every string. Anything else is refused (format it first)."""
    if isinstance(value, str):
        return text(value) if text is not None else value
    if value is None or isinstance(value, bool | int | float):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name), text) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_data(v, text) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_data(v, text) for v in value]
    raise TypeError(f"cannot put a {type(value).__name__} in a document")


@cache
def template_messages(template_name: str) -> frozenset[str]:
    """The message codes the template shows with ``t("code")``, for the renderer to supply."""
    return frozenset(_MESSAGE.findall(_template(template_name).read_text("utf-8")))


def _template(template_name: str) -> Path:
    path = TEMPLATES / f"{template_name}.typ"
    if not re.fullmatch(r"[a-z][a-z0-9_-]*", template_name) or not path.is_file():
        raise ValueError(f"no document template {template_name!r}")
    return path


@cache
def _compiler(template_name: str) -> tuple[typst.Compiler, threading.Lock]:
    """One compiler per template, kept warm: fonts load once and Typst reuses its caches."""
    import typst  # the compiler: loaded with the first PDF, not at start-up

    compiler = typst.Compiler(
        _template(template_name),
        root=TEMPLATES,
        font_paths=_fonts(),
        ignore_system_fonts=True,
    )
    return compiler, threading.Lock()


@cache
def _fonts() -> typst.Fonts:
    import typst

    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[FONTS])

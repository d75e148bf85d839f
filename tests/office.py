"""LibreOffice and Poppler for the document tests (not a test module).

Each conversion runs soffice with a profile of its own, so that parallel runs never share one.
On CI a missing tool is a failure, never a skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

__all__ = ["convert", "odt_content", "pdf_text", "png_pages", "tool"]


def tool(name: str) -> str:
    """The path of ``name``; skipped where it is missing, failed on CI."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required on CI")
        pytest.skip(f"{name} is not installed")
    return found


def convert(sources: list[Path], target: str, out: Path) -> dict[str, Path]:
    """Convert ``sources`` to ``target`` (pdf, odt…) in one soffice call; stem → result."""
    out.mkdir(parents=True, exist_ok=True)
    profile = out / "lo-profile"
    subprocess.run(
        [
            tool("soffice"),
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    results = {path.stem: out / f"{path.stem}.{target}" for path in sources}
    for path in results.values():
        assert path.is_file() and path.stat().st_size > 0, path
    return results


def pdf_text(path: Path) -> str:
    """The text of a PDF, whitespace collapsed."""
    text = subprocess.run(
        [tool("pdftotext"), "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    return " ".join(text.split())


def png_pages(path: Path, out: Path, *, dpi: int = 60) -> list[Path]:
    """The pages of a PDF as PNG images in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [tool("pdftoppm"), "-r", str(dpi), "-png", str(path), str(out / path.stem)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return sorted(out.glob(f"{path.stem}*.png"))


def odt_content(path: Path) -> bytes:
    """The ``content.xml`` of an OpenDocument file."""
    with zipfile.ZipFile(path) as archive:
        return archive.read("content.xml")

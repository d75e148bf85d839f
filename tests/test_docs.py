"""Docs that must follow the code: the generated indicator reference and the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from gcat.core.model import Framework
from gcat.reference_docs import indicators_markdown

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_indicator_reference_is_up_to_date(framework: Framework, lang: str) -> None:
    committed = (ROOT / "docs" / f"indicators.{lang}.md").read_text("utf-8")
    assert committed == indicators_markdown(framework, lang), (
        f"docs/indicators.{lang}.md is stale: run `gcat framework docs`"
    )


def test_docs_and_readme_mention_every_command() -> None:
    text = "".join(
        (ROOT / name).read_text("utf-8")
        for name in ("README.md", "docs/user-guide.md", "docs/members.md")
    )
    for command in (
        "gcat new",
        "gcat score",
        "gcat plan",
        "gcat demo",
        "gcat framework validate",
        "gcat framework show",
        "gcat framework docs",
        "gcat framework list",
        "gcat members list",
        "gcat members import",
        "gcat members reset",
        "scripts/run",
        "scripts/test",
    ):
        assert command in text, command


def test_changelog_exists() -> None:
    assert "## " in (ROOT / "CHANGELOG.md").read_text("utf-8")

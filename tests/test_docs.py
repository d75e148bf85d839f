"""Docs that must follow the code: the generated indicator reference and the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from gcat.core.model import Framework
from gcat.frameworks import available_frameworks, load_framework
from gcat.frameworks.loader import DEFAULT_FRAMEWORK
from gcat.reference_docs import indicator_doc_name, indicators_markdown

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_indicator_reference_is_up_to_date(framework: Framework, lang: str) -> None:
    committed = (ROOT / "docs" / f"indicators.{lang}.md").read_text("utf-8")
    assert committed == indicators_markdown(framework, lang), (
        f"docs/indicators.{lang}.md is stale: run `gcat framework docs`"
    )


OTHER_VERSIONS = [key for key in available_frameworks() if key != DEFAULT_FRAMEWORK]


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
@pytest.mark.parametrize(("framework_id", "version"), OTHER_VERSIONS)
def test_every_installed_version_has_an_up_to_date_reference(
    framework_id: str, version: str, lang: str
) -> None:
    other = load_framework(framework_id, version)
    name = indicator_doc_name(other, lang)
    assert name == f"indicators-{version}.{lang}.md"
    committed = (ROOT / "docs" / name).read_text("utf-8")
    assert committed == indicators_markdown(other, lang), (
        f"docs/{name} is stale: run `gcat framework docs`"
    )


def test_framework_docs_writes_every_version(cli, tmp_path: Path) -> None:
    code, stdout, _ = cli("framework", "docs", "--output-dir", str(tmp_path))
    assert "indicators-1.1.fr.md" in stdout
    assert code == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    expected = ["indicators.en.md", "indicators.es.md", "indicators.fr.md"]
    expected += [
        f"indicators-{v}.{lang}.md" for _, v in OTHER_VERSIONS for lang in ("en", "es", "fr")
    ]
    assert written == sorted(expected)
    for name in written:
        assert (tmp_path / name).read_text("utf-8") == (ROOT / "docs" / name).read_text("utf-8")


def test_every_command_option_and_setting_has_a_help_text() -> None:
    from gcat.cli.reference import undocumented

    assert undocumented() == []


@pytest.mark.parametrize("name", ["cli.md", "settings.md"])
def test_the_command_and_settings_references_are_current(name: str) -> None:
    from gcat.cli.reference import cli_reference, settings_reference

    made = {"cli.md": cli_reference, "settings.md": settings_reference}[name]()
    assert (ROOT / "docs" / name).read_text("utf-8") == made, (
        f"docs/{name} is stale: run `python -m gcat.cli.reference docs`"
    )


def test_every_command_appears_in_the_guides() -> None:
    """Each command is explained somewhere a person reads, not only in the reference."""
    from gcat.cli.reference import _command, _walk

    guides = "".join(
        path.read_text("utf-8")
        for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
        if path.name not in ("cli.md", "settings.md")
    )
    missing = [path for path, _ in _walk(_command(), "gcat") if path not in guides]
    assert missing == []
    for script in ("scripts/run", "scripts/test"):
        assert script in guides


def test_changelog_exists() -> None:
    assert "## " in (ROOT / "CHANGELOG.md").read_text("utf-8")

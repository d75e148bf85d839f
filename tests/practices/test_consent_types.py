"""mypy rejects a path to a publication that skips the consent check."""

from __future__ import annotations

from pathlib import Path

import pytest
from mypy import api

ROOT = Path(__file__).resolve().parents[2]

SNIPPET = """
from datetime import date, datetime
from gcat.compendium.context import build_compendium
from gcat.compendium.pack import write_pack
from gcat.compendium.search import search_practices
from gcat.core.practices import PracticeRecord
from gcat.frameworks import load_framework
from gcat.members import packaged_members
from gcat.policy.consent import release


def skips(records: list[PracticeRecord]) -> None:
    build_compendium(records, lang="en", framework=load_framework(),
                     members=packaged_members(), built=date.today())
    search_practices(records, "x")
    write_pack(records, datetime.now())


def goes_through_consent(records: list[PracticeRecord]) -> None:
    released = [release(record) for record in records]
    build_compendium(released, lang="en", framework=load_framework(),
                     members=packaged_members(), built=date.today())
    search_practices(released, "x")
"""


@pytest.mark.slow
def test_mypy_rejects_unreleased_records(tmp_path: Path) -> None:
    source = tmp_path / "snippet.py"
    source.write_text(SNIPPET, "utf-8")
    out, _, status = api.run(
        ["--strict", "--no-error-summary", "--cache-dir", str(ROOT / ".mypy_cache"), str(source)]
    )
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert status == 1
    assert len(errors) == 3, out
    assert all('"list[PracticeRecord]"' in line for line in errors), out
    for function in ("build_compendium", "search_practices", "write_pack"):
        assert any(f'"{function}"' in line for line in errors), function

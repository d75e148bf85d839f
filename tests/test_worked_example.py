"""The worked example of the methodology (docs/methodology.md and the app's help in every
language) equals what the engine computes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gcat.answers_file import parse_answers
from gcat.core.evaluation import evaluate
from gcat.shapes import result_to_json
from gcat.yamlio import load_document

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "methodology.md"
PAGES = [
    DOC,
    *(ROOT / "src" / "gcat" / "help" / f"methodology.{lang}.md" for lang in ("en", "fr", "es")),
]


def _block(text: str, marker: str, lang: str) -> str:
    match = re.search(rf"<!-- {marker} -->\s*```{lang}\n(.*?)```", text, re.S)
    assert match, f"{marker} block not found"
    return match.group(1)


@pytest.mark.parametrize("doc", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_worked_example_matches_engine(doc: Path) -> None:
    text = doc.read_text("utf-8")
    framework, assessment = parse_answers(
        load_document(_block(text, "worked-example:answers", "yaml"), str(doc))
    )
    expected = json.loads(_block(text, "worked-example:expected", "json"))
    evaluation = evaluate(framework, assessment)
    got = result_to_json(evaluation, "en")
    assert [
        {k: d[k] for k in ("id", "score", "level", "level_noncompensatory", "completeness")}
        for d in got["domains"]
    ] == expected["domains"]
    assert {k: got["overall"][k] for k in expected["overall"]} == expected["overall"]
    assert got["completeness"] == expected["completeness"]
    assert got["evidence_coverage"] == expected["evidence_coverage"]
    assert [n["code"] for n in got["confidence_notes"]] == expected["confidence_notes"]
    plan = [
        {
            "indicator_id": i.indicator_id,
            "current": i.current,
            "target": i.target,
            "priority": i.priority.value,
            "priority_score": i.priority_score,
            "horizon": i.horizon.value,
        }
        for i in evaluation.plan.items
    ]
    assert plan == expected["plan"]

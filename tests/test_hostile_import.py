"""Hostile exchange files are refused early, in linear time and bounded memory (issue 7)."""

from __future__ import annotations

import json
import tracemalloc

import pytest

from gcat.demo import demo_evaluations
from gcat.errors import AnswersFileError
from gcat.exchange.exchange_file import exchange_checksum, export_exchange
from gcat.exchange.exchange_import import import_exchange
from gcat.limits import MAX_ANSWERS, MAX_EVIDENCE_ITEMS

MB = 1024 * 1024


def exported() -> dict:
    return json.loads(export_exchange(demo_evaluations()[1]))


def sealed(payload: dict, **dump: object) -> bytes:
    """``payload`` with a checksum that matches it, as a careful forger would make it."""
    payload["checksum"]["value"] = exchange_checksum(payload)
    return json.dumps(payload, **dump).encode()  # type: ignore[arg-type]


def junk_answers(count: int) -> bytes:
    payload = exported()
    payload["answers"] = {f"J{n:06d}": 0 for n in range(count)}
    return sealed(payload, separators=(",", ":"))


def huge_comment(size: int) -> bytes:
    payload = exported()
    payload["answers"]["PL-01"]["comment"] = "x" * size
    return sealed(payload)


def refusal(data: bytes) -> tuple[AnswersFileError, int]:
    """The refusal and the peak of memory allocated while refusing, in bytes."""
    tracemalloc.start()
    try:
        with pytest.raises(AnswersFileError) as caught:
            import_exchange(data, "hostile.gcat.json")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return caught.value, peak


def test_hundreds_of_thousands_of_junk_answers_are_counted_not_built() -> None:
    data = junk_answers(650_000)
    assert 7 * MB < len(data) < 10 * MB
    error, peak = refusal(data)
    assert error.code == "answers.too_many" and error.params == {"limit": MAX_ANSWERS}
    assert error.problems[0].line is not None
    assert peak < 60 * MB, peak / MB  # the text itself is about 8 MB


def test_one_nine_megabyte_comment_is_refused_in_bounded_memory() -> None:
    data = huge_comment(9 * MB)
    error, peak = refusal(data)
    assert error.code == "check.text_too_long"
    assert error.problems[0].field == "answers.PL-01.comment"
    assert peak < 100 * MB, peak / MB


def test_too_many_evidence_notes_are_refused_while_scanning() -> None:
    payload = exported()
    payload["answers"]["PL-01"]["evidence"] = ["note"] * (MAX_EVIDENCE_ITEMS + 1)
    error, _ = refusal(sealed(payload))
    assert error.code == "answers.too_many_evidence"


@pytest.mark.parametrize("depth", [65, 100_000])
def test_deep_nesting_is_refused(depth: int) -> None:
    error, peak = refusal(b"[" * depth + b"]" * depth)
    assert error.code == "yaml.too_complex"
    assert peak < 20 * MB


def test_more_answers_than_indicators_names_the_unknown_ones_and_stops() -> None:
    payload = exported()
    model = payload["answers"]["PL-01"]
    payload["answers"].update({f"ZZ-{n:02d}": dict(model) for n in range(30)})
    error, _ = refusal(sealed(payload))
    assert len(error.problems) == 20 and {p.code for p in error.problems} == {
        "answers.unknown_indicator"
    }


def test_a_long_evidence_note_from_a_file_is_refused_as_the_api_would() -> None:
    """The 5,000-character limit of the app applies to what a file brings in, too."""
    payload = exported()
    payload["answers"]["PL-01"]["evidence"] = ["e" * 3000, "f" * 3000]
    error, _ = refusal(sealed(payload))
    assert error.code == "check.text_too_long"
    assert error.problems[0].field == "answers.PL-01.evidence"

"""Answers files: good ones parse; bad ones get a located, one-line error, exit 2, no output."""

from __future__ import annotations

from pathlib import Path

import pytest

from gcat.answers_file import assessment_to_data, read_answers
from gcat.demo import demo_file
from gcat.errors import AnswersFileError


def test_demo_files_parse_and_show_progress() -> None:
    _, old = read_answers(demo_file("2024"))
    framework, new = read_answers(demo_file("2025"))
    assert len(new.answers) == len(framework.indicators) == len(old.answers)
    assert any(a.evidence for a in new.answers.values())
    assert any(a.comment for a in new.answers.values())
    assert any(a.flagged for a in new.answers.values())


def test_full_answer_round_trip(answers_file) -> None:
    path = answers_file(
        "domains: [green_tariff]\n"
        "answers:\n"
        "  GT-01: {level: 2, target: 4, comment: Tarif SH 2017, evidence: [a, b], flagged: true}\n"
        "  GT-03: {level: na, reason: Set by the finance ministry}\n"
        "  GT-05:\n"
        "  GT-06: {level: }\n"
    )
    _, assessment = read_answers(path)
    gt01 = assessment.answer("GT-01")
    assert (gt01.level, gt01.target, gt01.comment, gt01.evidence, gt01.flagged) == (
        2,
        4,
        "Tarif SH 2017",
        ("a", "b"),
        True,
    )
    assert assessment.answer("GT-03").not_applicable
    assert not assessment.answer("GT-05").answered and not assessment.answer("GT-06").answered
    assert assessment.domains == ("green_tariff",)
    data = assessment_to_data(assessment)
    assert data["answers"]["GT-03"] == {"level": "na", "reason": "Set by the finance ministry"}


def test_json_answers_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(
        '{"framework": {"id": "gcat", "version": "1.0"}, "administration": "X", "cycle": 2025,'
        ' "answers": {"CC-01": {"level": 3, "evidence": ["profiles list"]}}}',
        "utf-8",
    )
    _, assessment = read_answers(path)
    assert assessment.cycle == "2025" and assessment.answer("CC-01").level == 3


BAD_CASES = [
    # (body, expected line, expected field, words in the message)
    ("answers:\n  XX-99: {level: 2}\n", 5, "answers.XX-99", "unknown indicator"),
    ("answers:\n  PL-01: {level: 7}\n", 5, "answers.PL-01.level", "0 to 5"),
    ("answers:\n  PL-01: {level: -1}\n", 5, "answers.PL-01.level", "0 to 5"),
    ("answers:\n  PL-01: {level: 2.5}\n", 5, "answers.PL-01.level", "0 to 5"),
    ("answers:\n  PL-01: {level: true}\n", 5, "answers.PL-01.level", "0 to 5"),
    ("answers:\n  PL-01: {level: three}\n", 5, "answers.PL-01.level", "0 to 5"),
    ("answers:\n  PL-01: {level: 2}\n  PL-01: {level: 3}\n", 6, None, "appears twice"),
    ("answers:\n  PL-07: {level: na}\n", 5, "answers.PL-07.reason", "reason is required"),
    ("answers:\n  PL-07:\n    level: na\n    reason: '  '\n", 7, "answers.PL-07.reason", "reason"),
    ("answers:\n  PL-01: {level: na, reason: x}\n", 5, "answers.PL-01.level", "not allowed"),
    ("answers:\n  PL-01: {level: 3, target: 2}\n", 5, "answers.PL-01.target", "below"),
    ("answers:\n  PL-01: {level: 3, target: 9}\n", 5, "answers.PL-01.target", "0 to 5"),
    ("answers:\n  PL-01: {level: 3, colour: red}\n", 5, "answers.PL-01.colour", "unknown key"),
    ("answers:\n  PL-01: {level: 3, evidence: note}\n", 5, "answers.PL-01.evidence", "list"),
    (
        "answers:\n  PL-01: {level: 3, flagged: maybe}\n",
        5,
        "answers.PL-01.flagged",
        "true or false",
    ),
    ("answers:\n  PL-01: [3]\n", 5, "answers.PL-01", "mapping"),
    ("answers: [1, 2]\n", 4, "answers", "mapping"),
    ("domains: [tariffs]\n", 4, "domains[0]", "unknown domain"),
    (
        "domains: [green_tariff]\nanswers:\n  PL-01: {level: 1}\n",
        6,
        "answers.PL-01",
        "does not cover",
    ),
    ("answers:\n  PL-01: {level: 2\n", None, None, "not valid YAML"),
    ("answers:\n\tPL-01: 2\n", 5, None, "not valid YAML"),
    (
        "answers:\n  PL-01: {level: 2, comment: " + "x" * 6000 + "}\n",
        5,
        "answers.PL-01.comment",
        "longer than",
    ),
    ("answers:\n  PL-01: !!python/object:os.system {level: 2}\n", 5, None, "not valid YAML"),
]


@pytest.mark.parametrize(("body", "line", "field", "words"), BAD_CASES)
def test_bad_answers_are_located(
    answers_file, body: str, line: int | None, field: str | None, words: str
) -> None:
    path = answers_file(body)
    with pytest.raises(AnswersFileError) as info:
        read_answers(path)
    problem = info.value.problems[0]
    text = problem.localized("en")
    assert problem.source == str(path)
    assert words in text, text
    if line is not None:
        assert problem.line == line, text
    if field is not None:
        assert problem.field == field, text
    assert "\n" not in text


@pytest.mark.parametrize(
    ("header", "field", "words"),
    [
        (
            'framework: {id: gcat, version: "0.9"}\nadministration: A\ncycle: "1"\n',
            "framework.version",
            "not installed",
        ),
        ('framework: {id: gcat}\nadministration: A\ncycle: "1"\n', "framework", "version"),
        ('framework: {id: gcat, version: "1.0"}\ncycle: "1"\n', None, "administration"),
        (
            'framework: {id: gcat, version: "1.0"}\nadministration: ""\ncycle: "1"\n',
            "administration",
            "non-empty",
        ),
        (
            'schema: gcat-answers/9\nframework: {id: gcat, version: "1.0"}\nadministration: A\n'
            'cycle: "1"\n',
            "schema",
            "schema",
        ),
        ("- just\n- a list\n", None, "mapping"),
        ("", None, "mapping"),
    ],
)
def test_bad_headers(answers_file, header: str, field: str | None, words: str) -> None:
    with pytest.raises(AnswersFileError) as info:
        read_answers(answers_file("", header=header))
    problem = info.value.problems[0]
    assert words in problem.localized("en")
    assert problem.field == field


def test_alias_bomb_is_refused(answers_file) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = answers_file("\n".join(lines) + "\n")
    with pytest.raises(AnswersFileError) as info:
        read_answers(path)
    assert "too complex" in info.value.localized("en")


def test_oversized_and_binary_files_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(11 * 1024 * 1024)
    with pytest.raises(AnswersFileError) as info:
        read_answers(big)
    assert "larger than the 10 MB limit" in info.value.localized("en")
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage\x80")
    with pytest.raises(AnswersFileError) as info:
        read_answers(binary)
    assert "UTF-8" in info.value.localized("en")
    with pytest.raises(AnswersFileError) as info:
        read_answers(tmp_path / "missing.yaml")
    assert "cannot be read" in info.value.localized("en")


def test_broken_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{\n  "framework": {"id": "gcat", "version": "1.0"},\n  "cycle": ,\n}', "utf-8")
    with pytest.raises(AnswersFileError) as info:
        read_answers(path)
    assert info.value.problems[0].line == 3


def test_errors_are_translated(answers_file) -> None:
    path = answers_file("answers:\n  PL-07: {level: na}\n")
    with pytest.raises(AnswersFileError) as info:
        read_answers(path)
    assert "motif est obligatoire" in info.value.localized("fr")
    assert "se requiere un motivo" in info.value.localized("es")


def test_quoted_numbers_are_read_as_levels(answers_file) -> None:
    _, assessment = read_answers(answers_file('answers:\n  PL-01: {level: "3", target: "4"}\n'))
    assert (assessment.answer("PL-01").level, assessment.answer("PL-01").target) == (3, 4)


def test_a_bad_level_is_reported_once(answers_file) -> None:
    with pytest.raises(AnswersFileError) as info:
        read_answers(answers_file("answers:\n  PL-01: {level: 7, target: 4}\n"))
    assert len(info.value.problems) == 1


def test_lone_surrogates_in_json_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(
        '{"framework": {"id": "gcat", "version": "1.0"}, "administration": "\\ud800", "cycle": 1}',
        "utf-8",
    )
    with pytest.raises(AnswersFileError) as info:
        read_answers(path)
    assert "Unicode" in info.value.localized("en")

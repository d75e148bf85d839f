"""ODK Central and KoboToolbox CSV exports of the XLSForm's submissions read back, or refused."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from defusedxml import ElementTree
from pyxform.xls2xform import convert

from gcat.core.assessment import Answer, Assessment
from gcat.core.evaluation import Evaluation, evaluate
from gcat.demo import demo_evaluations
from gcat.errors import AnswersFileError, Problem
from gcat.exchange.odk_import import MAX_COLUMNS, import_odk_csv
from gcat.exchange.xlsform import export_xlsform

XF = "{http://www.w3.org/2002/xforms}"
H = "{http://www.w3.org/1999/xhtml}"
CENTRAL_AFTER = (
    "KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
)
KOBO_AFTER = (
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
)
UUID = "4f7c1d2e-8a9b-4c3d-9e0f-1a2b3c4d5e6f"
Values = dict[str, str]


def _na_indicator(evaluation: Evaluation) -> str:
    return next(i.id for i in evaluation.framework.indicators.values() if i.not_applicable_allowed)


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    """The 2025 demo with an N/A answer and hostile but valid text."""
    base = demo_evaluations()[1]
    answers = dict(base.assessment.answers)
    answers[_na_indicator(base)] = Answer(
        not_applicable=True, reason='Set by customs-union law; see "Art. 5", p. 2', flagged=True
    )
    answers["PL-01"] = Answer(
        level=2,
        target=4,
        comment="=1+1; a formula, kept as text\nsecond line, with commas",
        evidence=("Plan 2023–2027", "Minutes of 3 May; signed"),
    )
    assessment = dataclasses.replace(base.assessment, answers=answers)
    return evaluate(base.framework, assessment)


def _leaves(node: Element, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    children = list(node)
    if not children:
        yield path
    for child in children:
        yield from _leaves(child, (*path, child.tag.removeprefix(XF)))


def _form_paths(evaluation: Evaluation, tmp_path: Path) -> list[tuple[str, ...]]:
    """The question paths of the exported form's main instance, as the servers name columns."""
    path = tmp_path / "form.xlsx"
    path.write_bytes(export_xlsform(evaluation, "en"))
    root = ElementTree.fromstring(convert(xlsform=str(path), validate=False).xform)
    model = root.find(f"{H}head/{XF}model")
    assert model is not None
    instance = model.find(f"{XF}instance")
    assert instance is not None
    return list(_leaves(instance[0]))


@pytest.fixture(scope="module")
def paths(
    evaluation: Evaluation, tmp_path_factory: pytest.TempPathFactory
) -> list[tuple[str, ...]]:
    return _form_paths(evaluation, tmp_path_factory.mktemp("form"))


def _values(assessment: Assessment, key: str = UUID, number: int = 1) -> Values:
    """One submission, keyed by question name, as ODK Central and Kobo export it."""
    values = {
        "framework_id": assessment.framework_id,
        "framework_version": assessment.framework_version,
        "administration": assessment.administration,
        "cycle": assessment.cycle,
        "instanceID": f"uuid:{key}",
        "instanceName": f"{assessment.administration} — {assessment.cycle}",
        "KEY": f"uuid:{key}",
        "_uuid": key,
        "_id": str(1000 + number),
        "SubmissionDate": "2025-03-01T10:00:00.000Z",
        "ReviewState": "approved",
    }
    if assessment.domains is not None:
        values["domains"] = " ".join(assessment.domains)
    for ind_id, answer in assessment.answers.items():
        stem = ind_id.lower().replace("-", "_")
        level = "na" if answer.not_applicable else str(answer.level)
        values[f"{stem}_level"] = (
            "" if answer.level is None and not answer.not_applicable else level
        )
        values[f"{stem}_reason"] = answer.reason
        values[f"{stem}_target"] = "" if answer.target is None else str(answer.target)
        values[f"{stem}_evidence"] = "\n".join(answer.evidence)
        values[f"{stem}_comment"] = answer.comment
        values[f"{stem}_flag"] = "yes" if answer.flagged else "no"
    return values


def central_csv(paths: Sequence[tuple[str, ...]], *submissions: Values) -> bytes:
    """An ODK Central export: groups joined with '-', comma-separated."""
    header = ["SubmissionDate", *("-".join(path) for path in paths), *CENTRAL_AFTER]
    leaves = ["SubmissionDate", *(path[-1] for path in paths), *CENTRAL_AFTER]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for values in submissions:
        writer.writerow([values.get(leaf, "") for leaf in leaves])
    return out.getvalue().encode("utf-8")


def kobo_csv(paths: Sequence[tuple[str, ...]], *submissions: Values) -> bytes:
    """A KoboToolbox export: groups joined with '/', semicolon-separated, all quoted, BOM."""
    header = [*("/".join(path) for path in paths), *KOBO_AFTER]
    leaves = [*(path[-1] for path in paths), *KOBO_AFTER]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(header)
    for values in submissions:
        writer.writerow([values.get(leaf, "") for leaf in leaves])
    return out.getvalue().encode("utf-8-sig")


def plain_csv(paths: Sequence[tuple[str, ...]], *submissions: Values) -> bytes:
    """A KoboToolbox export without group names in the headers."""
    return kobo_csv([path[-1:] for path in paths], *submissions)


def _problems(data: bytes, submission: str | None = None) -> list[Problem]:
    with pytest.raises(AnswersFileError) as caught:
        import_odk_csv(data, "submissions.csv", submission=submission)
    return caught.value.problems


def _problem(data: bytes, submission: str | None = None) -> Problem:
    problems = _problems(data, submission)
    assert len(problems) == 1, problems
    return problems[0]


def test_the_export_names_columns_with_group_prefixes(paths: list[tuple[str, ...]]) -> None:
    header = central_csv(paths).decode().splitlines()[0].split(",")
    assert "policy_legislation-pl_01-pl_01_level" in header
    assert "meta-instanceID" in header
    assert kobo_csv(paths).decode("utf-8-sig").startswith('"framework_id";')


@pytest.mark.parametrize("make", [central_csv, kobo_csv, plain_csv])
def test_round_trip(evaluation: Evaluation, paths: list[tuple[str, ...]], make: object) -> None:
    assert callable(make)
    original = evaluation.assessment
    framework, assessment = import_odk_csv(make(paths, _values(original)), "export.csv")
    assert framework.key == "gcat@1.0"
    assert (assessment.administration, assessment.cycle) == (
        original.administration,
        original.cycle,
    )
    assert assessment.domains is None
    assert dict(assessment.answers) == dict(original.answers)


def test_partial_scope_round_trip(evaluation: Evaluation, tmp_path: Path) -> None:
    scoped = dataclasses.replace(
        evaluation.assessment,
        domains=("facilitation", "cooperation"),
        answers={
            key: answer
            for key, answer in evaluation.assessment.answers.items()
            if key.startswith(("FA", "CO"))
        },
    )
    paths = _form_paths(evaluate(evaluation.framework, scoped), tmp_path)
    assert not any(path[0] == "policy_legislation" for path in paths)
    _, assessment = import_odk_csv(kobo_csv(paths, _values(scoped)), "kobo.csv")
    assert assessment.domains == ("facilitation", "cooperation")
    assert dict(assessment.answers) == dict(scoped.answers)


def test_blank_answers_are_unanswered(evaluation: Evaluation, paths: list[tuple[str, ...]]) -> None:
    empty = dataclasses.replace(evaluation.assessment, answers={})
    values = _values(empty) | {"pl_02_flag": "no", "pl_03_comment": "to be checked"}
    _, assessment = import_odk_csv(central_csv(paths, values), "central.csv")
    assert dict(assessment.answers) == {"PL-03": Answer(comment="to be checked")}


def test_several_submissions_need_a_choice(
    evaluation: Evaluation, paths: list[tuple[str, ...]]
) -> None:
    other = dataclasses.replace(evaluation.assessment, cycle="2026")
    second = "0b6b1c7e-5d2f-4a41-a1c3-6f0d9e8b7a65"
    data = central_csv(paths, _values(evaluation.assessment), _values(other, second, 2))
    problem = _problem(data)
    assert problem.code == "xlsform.csv_several_submissions"
    assert f"uuid:{UUID}, uuid:{second}" in problem.localized()
    assert "KEY" in problem.localized("fr") and "_uuid" in problem.localized("es")
    for choice in (f"uuid:{second}", second, second.upper()):
        assert import_odk_csv(data, "c.csv", submission=choice)[1].cycle == "2026"
    kobo = kobo_csv(paths, _values(evaluation.assessment), _values(other, second, 2))
    assert import_odk_csv(kobo, "k.csv", submission="1002")[1].cycle == "2026"
    assert import_odk_csv(kobo, "k.csv", submission=UUID)[1].cycle == "2025"
    unknown = _problem(data, "no-such-id")
    assert unknown.code == "xlsform.csv_unknown_submission"
    assert "no-such-id" in unknown.localized("es")
    twice = central_csv(paths, *[_values(evaluation.assessment)] * 2)
    assert _problem(twice, UUID).code == "xlsform.csv_same_submission"


def test_bad_answers_name_row_and_column(
    evaluation: Evaluation, paths: list[tuple[str, ...]]
) -> None:
    na_stem = _na_indicator(evaluation).lower().replace("-", "_")
    values = _values(evaluation.assessment) | {
        "pl_01_level": "=1+1",
        "pl_02_level": "7",
        "pl_03_level": "3",
        "pl_03_target": "1",
        "pl_04_level": "na",
        f"{na_stem}_reason": "",
        "pl_05_flag": "maybe",
    }
    data = central_csv(paths, _values(evaluation.assessment, "x"), values)
    problems = _problems(data, UUID)
    found = {(p.field, p.code) for p in problems}
    assert found == {
        ("policy_legislation-pl_01-pl_01_level", "answers.bad_level"),
        ("policy_legislation-pl_02-pl_02_level", "answers.bad_level"),
        ("policy_legislation-pl_03-pl_03_target", "answers.target_below_level"),
        ("policy_legislation-pl_04-pl_04_level", "answers.na_not_allowed"),
        (
            next(p for p in _headers(data) if p.endswith(f"{na_stem}_reason")),
            "answers.na_needs_reason",
        ),
        ("policy_legislation-pl_05-pl_05_flag", "check.not_boolean"),
    }
    assert {p.line for p in problems} == {3}
    first = problems[0].localized("fr")
    assert first.startswith("submissions.csv:3: policy_legislation-pl_01-pl_01_level: ")
    assert "« =1+1 »" in first


def _headers(data: bytes) -> list[str]:
    return next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_unknown_indicator_framework_and_domain(
    evaluation: Evaluation, paths: list[tuple[str, ...]]
) -> None:
    columns = [*paths, ("extra", "zz_01_level"), ("domains",)]
    values = _values(evaluation.assessment) | {"framework_version": "9.9", "zz_01_level": "2"}
    problem = _problem(central_csv(columns, values))
    assert (problem.code, problem.field, problem.line) == (
        "framework.unknown",
        "framework_version",
        2,
    )
    values["framework_version"] = "1.0"
    assert [(p.field, p.code) for p in _problems(central_csv(columns, values))] == [
        ("extra-zz_01_level", "answers.unknown_indicator")
    ]
    scoped = _values(dataclasses.replace(evaluation.assessment, answers={})) | {
        "domains": "facilitation nowhere",
        "pl_01_level": "2",
    }
    assert [(p.field, p.code, p.params) for p in _problems(central_csv(columns, scoped))] == [
        ("domains", "check.unknown_domain", {"value": "nowhere"}),
        ("policy_legislation-pl_01-pl_01_level", "answers.out_of_scope", {"id": "PL-01"}),
    ]


def test_unknown_columns_are_ignored(evaluation: Evaluation, paths: list[tuple[str, ...]]) -> None:
    values = _values(evaluation.assessment) | {"deviceid": "=cmd|' /C calc'!A0", "start": "x"}
    data = central_csv([*paths, ("deviceid",), ("start",), ("note", "pl_01_levels")], values)
    assert import_odk_csv(data, "c.csv")[1].answers == evaluation.assessment.answers


def test_missing_and_duplicate_columns(
    evaluation: Evaluation, paths: list[tuple[str, ...]]
) -> None:
    values = _values(evaluation.assessment)
    kept = [path for path in paths if path[-1] not in ("framework_version", "cycle")]
    problems = _problems(central_csv(kept, values))
    assert [(p.code, p.params) for p in problems] == [
        ("xlsform.csv_missing_column", {"column": "framework_version"}),
        ("xlsform.csv_missing_column", {"column": "cycle"}),
    ]
    assert "XML" in problems[0].localized("es")
    twice = _problem(central_csv([*paths, ("copy", "pl_01_level")], values))
    assert twice.code == "xlsform.csv_duplicate_column"
    assert twice.params["second"] == "copy-pl_01_level"
    labels = b"Administration,Cycle,PL-01 Current level\r\nX,2025,3\r\n"
    assert _problems(labels)[0].code == "xlsform.csv_missing_column"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "xlsform.csv_empty"),
        (b" \r\n\r\n", "xlsform.csv_empty"),
        ("framework_id,cycle\r\n".encode("utf-16"), "file.not_utf8"),
        (b"\xff\xfe\x00a", "file.not_utf8"),
        (b"framework_id,cycle\x00\r\n", "xlsform.csv_binary"),
    ],
)
def test_unreadable_files(data: bytes, code: str) -> None:
    problem = _problem(data)
    assert (problem.code, problem.source) == (code, "submissions.csv")


def test_header_only_has_no_submission(paths: list[tuple[str, ...]]) -> None:
    assert _problem(central_csv(paths)).code == "xlsform.csv_no_submission"


def test_oversized_file_is_refused_before_decoding() -> None:
    problem = _problem(b"\xff" * (10 * 1024 * 1024 + 1))
    assert (problem.code, problem.params) == ("file.too_large", {"limit": 10})


def test_thousands_of_columns_are_bounded(evaluation: Evaluation) -> None:
    wide = ",".join(f"c{i}" for i in range(MAX_COLUMNS + 5)).encode() + b"\r\n"
    assert _problem(wide).code == "xlsform.csv_too_many_columns"
    commas = b"framework_id,framework_version,administration,cycle\r\n" + b"," * 9_000_000
    problem = _problem(commas)
    assert (problem.code, problem.line) == ("xlsform.csv_too_many_columns", 2)
    assert "2000" in problem.localized("fr")


def test_long_lines_and_cells(evaluation: Evaluation, paths: list[tuple[str, ...]]) -> None:
    values = _values(evaluation.assessment)
    data = central_csv(paths, values | {"pl_01_comment": "x" * 200_000})
    problem = _problem(data)
    assert (problem.code, problem.line) == ("xlsform.csv_bad_row", 2)
    long_note = _problem(central_csv(paths, values | {"pl_01_comment": "y" * 6000}))
    assert (long_note.code, long_note.field) == (
        "check.text_too_long",
        "policy_legislation-pl_01-pl_01_comment",
    )
    long_level = _problem(central_csv(paths, values | {"pl_01_level": "9" * 5000}))
    assert len(long_level.localized()) < 300
    extra = central_csv(paths, values).rstrip(b"\r\n") + b",surplus\r\n"
    assert _problem(extra).code == "xlsform.csv_row_too_long"

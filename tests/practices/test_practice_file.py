"""Practice files (gcat-practice/1): every key, and one located message per bad value."""

from __future__ import annotations

import json

import pytest
import yaml

from gcat.core.practices import Consent, Status
from gcat.errors import InputError
from gcat.frameworks import load_framework
from gcat.members import packaged_members
from gcat.practices import read_practices
from gcat.practices.practice_file import practice_to_data
from gcat.yamlio import load_document
from tests.practices.conftest import VALID, practice


def parse(data: dict, name: str = "p.yaml", **options):
    text = (
        json.dumps(data)
        if name.endswith(".json")
        else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    )
    return read_practices(text.encode(), name, packaged_members(), load_framework(), **options)


def problems(data: dict, name: str = "p.yaml") -> list[str]:
    with pytest.raises(InputError) as caught:
        parse(data, name)
    return [problem.localized("en") for problem in caught.value.problems]


def test_a_complete_file_gives_every_field() -> None:
    (parsed,) = parse(VALID)
    p = parsed.practice
    assert parsed.status is Status.SUBMITTED
    assert (p.member.code, p.member.region, p.member.names["fr"]) == (
        "IDN",
        "asia_pacific",
        "Indonésie",
    )
    assert p.contact.email == "sari@example.org"
    assert p.domains == ("facilitation", "customs_controls") and p.primary_domain == "facilitation"
    assert p.measurable_results[0].baseline == 4 and p.measurable_results[0].year == 2024
    assert p.consent is Consent.YES and p.lang == "en"
    assert practice_to_data(p, parsed.status)["member"] == "Indonesia"


def test_json_and_yaml_read_the_same() -> None:
    assert parse(VALID, "p.json") == parse(VALID, "p.yaml")


def test_the_file_round_trips() -> None:
    (parsed,) = parse(VALID)
    assert parse(practice_to_data(parsed.practice, parsed.status)) == [parsed]


@pytest.mark.parametrize("word", [True, "yes", "Oui", "sí", "SI", "y"])
def test_consent_yes_in_any_language(word) -> None:
    assert parse(practice(consent=word))[0].practice.consent is Consent.YES


@pytest.mark.parametrize("word", [False, "no", "Non", "NO"])
def test_consent_no_in_any_language(word) -> None:
    assert parse(practice(consent=word))[0].practice.consent is Consent.NO


def test_a_file_without_a_consent_answer_is_refused() -> None:
    for data in (practice(consent=None), practice(consent="")):
        (found,) = problems(data)
        assert found.startswith("p.yaml:")
        assert found.endswith(": consent: Section X (consent) must be answered yes or no")
    assert (
        "consent: Section X (consent) must be yes or no" in problems(practice(consent="maybe"))[0]
    )


def test_a_draft_needs_little_but_still_needs_consent() -> None:
    (parsed,) = parse(
        {"member": "IDN", "title": "Idea", "lang": "fr", "consent": "no", "status": "draft"}
    )
    assert parsed.status is Status.DRAFT
    assert (
        "consent"
        in problems({"member": "IDN", "title": "Idea", "lang": "fr", "status": "draft"})[0]
    )


def test_domains_and_areas_by_id_number_or_name_in_any_language() -> None:
    (parsed,) = parse(
        practice(
            domains=["Coopération", "2", "green_tariff"],
            thematic_areas=["Dematerialisation / paperless"],
        )
    )
    assert parsed.practice.domains == ("cooperation", "facilitation", "green_tariff")
    assert parsed.practice.thematic_areas == ("dematerialisation",)


def test_members_are_matched_forgivingly_and_unknown_ones_get_suggestions() -> None:
    assert parse(practice(member="l'Indonésie"))[0].practice.member.code == "IDN"
    (found,) = problems(practice(member="Indonsia"))
    assert found.startswith('p.yaml:2: member: "Indonsia" is not a WCO Member in the list')
    assert found.endswith("did you mean: Indonesia, India?")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"schema": "gcat-practice/9"}, "schema: the schema must be"),
        ({"title": "x" * 301}, "title: the text is longer than 300 characters"),
        ({"title": ""}, "title: a non-empty text is required"),
        ({"lang": "de"}, "lang: choose one of: en, fr, es"),
        ({"domains": ["forestry"]}, 'domains[0]: unknown domain "forestry"'),
        ({"domains": []}, "domains: at least one GCAT domain is required"),
        ({"thematic_areas": ["tourism"]}, 'thematic_areas[0]: unknown thematic area "tourism"'),
        ({"gcat_indicators": ["ZZ-99"]}, 'gcat_indicators[0]: unknown GCAT indicator "ZZ-99"'),
        (
            {"contact": {"name": "A", "email": "not-an-address"}},
            "contact.email: this is not an e-mail address",
        ),
        ({"contact": {"name": "A"}}, "contact: a contact name and e-mail are required"),
        (
            {"contact": {"name": "A", "email": "a@b.org", "fax": "1"}},
            'contact.fax: unknown key "fax"',
        ),
        (
            {"description": ""},
            "description: the description and implementation section is required",
        ),
        ({"description": "x" * 20001}, "description: the text is longer than 20000 characters"),
        (
            {"measurable_results": [{"indicator": "Paper", "value": "a lot"}]},
            "measurable_results[0].value: expected a number",
        ),
        (
            {"measurable_results": [{"indicator": "Paper", "value": 1, "year": 1850}]},
            "measurable_results[0].year: expected a year",
        ),
        (
            {"measurable_results": [{"value": 1}]},
            'measurable_results[0]: the key "indicator" is missing',
        ),
        (
            {"measurable_results": [{"indicator": "P", "value": 1}] * 31},
            "measurable_results: at most 30 items",
        ),
        ({"links": ["https://a.example"] * 21}, "links: at most 20 items"),
        ({"withheld": ["contact"]}, 'withheld[0]: unknown section "contact"'),
        ({"status": "approved"}, "status: choose one of: draft, submitted"),
        ({"colour": "green"}, 'colour: unknown key "colour"'),
    ],
)
def test_each_bad_value_is_located(changes: dict, expected: str) -> None:
    found = problems(practice(**changes))
    assert any(expected in text for text in found), found
    assert all(text.startswith("p.yaml:") for text in found), found


def test_numbers_written_as_text_the_french_way() -> None:
    (parsed,) = parse(
        practice(
            measurable_results=[{"indicator": "Paper", "value": "−1 234,5", "baseline": "2019"}]
        )
    )
    assert parsed.practice.measurable_results[0].value == -1234.5


def test_control_characters_and_bidi_overrides_are_removed() -> None:
    (parsed,) = parse(
        practice(title="Safe\u202e title\x07", background="line one\r\nline two\x1b[31m")
    )
    assert parsed.practice.title == "Safe title"
    assert parsed.practice.background == "line one\nline two[31m"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"member: [unclosed", "p.yaml:2: the file is not valid YAML"),
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b"- just\n- a list\n", "expected a mapping"),
        (b"a: &a [x]\nb: *a\nc: !!python/object:os.system x\n", "p.yaml"),
        (b"member: Indonesia\nmember: France\n", 'p.yaml:2: the key "member" appears twice'),
    ],
)
def test_malformed_files(content: bytes, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        read_practices(content, "p.yaml", packaged_members(), load_framework())
    assert expected in caught.value.localized("en")


def test_an_oversized_file_is_refused_before_parsing() -> None:
    with pytest.raises(InputError) as caught:
        read_practices(b"#" * (11 * 1024 * 1024), "p.yaml", packaged_members(), load_framework())
    assert "larger than the 10 MB limit" in caught.value.localized("en")


def test_unknown_kinds_of_file() -> None:
    with pytest.raises(InputError) as caught:
        read_practices(b"x", "p.txt", packaged_members(), load_framework())
    assert "use one of: yaml, json, docx, xlsx, pdf, odt" in caught.value.localized("en")
    with pytest.raises(InputError):
        read_practices(b"not a pdf", "p.pdf", packaged_members(), load_framework())
    assert load_document("a: 1", "x").data == {"a": 1}

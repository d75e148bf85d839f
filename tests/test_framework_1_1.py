"""GCAT 1.1 as data: structure, texts in three languages, defined terms, and 1.0 left untouched."""

from __future__ import annotations

import hashlib
import re

import pytest

from gcat.core.model import Framework
from gcat.frameworks import available_frameworks, framework_dir, load_framework
from gcat.frameworks.loader import DEFAULT_FRAMEWORK
from gcat.i18n import LANGUAGES

# GCAT 1.0 is released: its files never change (a new version gets a new folder and a map).
RELEASED_1_0 = {
    "capacity_building.yaml": "dd85596dc060b1eada85a857a2d54a4fa02abfc51803d5c500923c7436a124df",
    "cooperation.yaml": "02b76ec21747e0ae18210af8c896696acb02cddb4708a48e8c0226266c490314",
    "customs_controls.yaml": "6a056ce6997ab11403d50fe0bfd413483140af231788683bc429bbb281b0f896",
    "facilitation.yaml": "3a4da3b52acb43bd6ee13a97b619174dd1f1de573939f9334bf4ca2737a1acb4",
    "framework.yaml": "2a712aab60f13173e45559bf873e4c50cd2c377fa8eff0c90de86f6f6a3dcd40",
    "green_tariff.yaml": "f1c4f6a1e94800955e3091c5948c83a575a2f447475c4933e4d2761bc99e913f",
    "internal_practices.yaml": "a654fc9f9fdf52d89702773986b29b78569cc15702d06d283150e20ef398df51",
    "policy_legislation.yaml": "598fc075a06bfbcb224c4899f557f47d9e6c1e773271b73a9ccf97fed3a7c351",
}

IDS_1_1 = {
    "policy_legislation": [f"PL-0{n}" for n in range(1, 9)],
    "facilitation": [f"FA-0{n}" for n in range(1, 8)],
    "internal_practices": [*(f"IP-0{n}" for n in range(1, 10)), "IP-10"],
    "customs_controls": [f"CC-0{n}" for n in range(1, 10)],
    "green_tariff": [f"GT-0{n}" for n in range(1, 10)],
    "capacity_building": [f"CB-0{n}" for n in range(1, 8)],
    "cooperation": [f"CO-0{n}" for n in range(1, 10)],
}

# Words that name no number, document or system (the review of 1.0 asked for them to go).
VAGUE = {
    "en": r"\b(aligned|regularly|routinely|near real time|good progress|some efforts?|adequate|"
    r"satisfactory|appropriate)\b",
    "fr": r"\b(aligné|régulièrement|couramment|quasi réel|satisfaisant|approprié)",
    "es": r"\b(alinead[oa]s?|periódicamente|regularmente|habitualmente|de forma habitual|"
    r"casi en tiempo real|adecuad[oa]s?)\b",
}
# The defined term "shared with other administrations", as level descriptors spell it.
SHARED = {
    "en": r"shared with other administrations",
    "fr": r"partagée?s? avec d'autres administrations",
    "es": r"compartid[oa]s? con otras administraciones",
}
OTHER_ADMINISTRATIONS = {
    "en": "other administrations",
    "fr": "d'autres administrations",
    "es": "otras administraciones",
}


@pytest.fixture(scope="module")
def v11() -> Framework:
    return load_framework("gcat", "1.1")


def test_both_versions_are_installed_and_1_0_stays_the_default() -> None:
    assert [v for i, v in available_frameworks() if i == "gcat"] == ["1.0", "1.1"]
    assert DEFAULT_FRAMEWORK == ("gcat", "1.0")
    assert load_framework().version == "1.0"


@pytest.mark.parametrize("name", sorted(RELEASED_1_0))
def test_gcat_1_0_is_byte_for_byte_unchanged(name: str) -> None:
    data = (framework_dir("gcat", "1.0") / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == RELEASED_1_0[name], f"1.0/{name} was edited"
    assert sorted(p.name for p in framework_dir("gcat", "1.0").iterdir()) == sorted(RELEASED_1_0)


def test_structure_keeps_domains_and_ids(v11: Framework, framework: Framework) -> None:
    assert [d.id for d in v11.domains] == [d.id for d in framework.domains]
    assert [d.code for d in v11.domains] == [d.code for d in framework.domains]
    assert {d.id: [i.id for i in d.indicators] for d in v11.domains} == IDS_1_1
    assert all(6 <= len(d.indicators) <= 10 for d in v11.domains)
    assert set(framework.indicators) <= set(v11.indicators), "1.0 ids are kept"
    assert v11.scale[0].name == framework.scale[0].name
    assert v11.thematic_areas == framework.thematic_areas


def test_every_reference_and_area_is_used(v11: Framework) -> None:
    used = {r for ind in v11.indicators.values() for r in ind.references}
    assert used == set(v11.references), set(v11.references) ^ used
    assert "rotterdam" in used
    areas = {a for ind in v11.indicators.values() for a in ind.thematic_areas}
    assert areas == set(v11.thematic_areas)


def _texts(framework: Framework):
    for domain in framework.domains:
        yield domain.id, "purpose", domain.purpose
        for ind in domain.indicators:
            for key in ("title", "definition", "rationale"):
                yield ind.id, key, getattr(ind, key)
            for level, text in enumerate(ind.levels):
                yield ind.id, f"level {level}", text
            if ind.not_applicable_when:
                yield ind.id, "not_applicable_when", ind.not_applicable_when
    for term in framework.glossary.values():
        yield term.id, "term", term.term
        yield term.id, "definition", term.definition


def test_every_text_is_written_in_every_language(v11: Framework) -> None:
    for owner, key, text in _texts(v11):
        for lang in LANGUAGES:
            assert text.get(lang, "").strip(), f"{owner} {key} missing in {lang}"
        if len(text["en"]) > 25:
            assert text["fr"] != text["en"] and text["es"] != text["en"], f"{owner} {key}"
    for ind in v11.indicators.values():
        for lang in LANGUAGES:
            assert len(ind.evidence[lang]) >= 2, f"{ind.id} evidence in {lang}"
            assert len({level[lang] for level in ind.levels}) == 6, f"{ind.id} in {lang}"
        assert (ind.not_applicable_when is not None) == ind.not_applicable_allowed


@pytest.mark.parametrize("lang", LANGUAGES)
def test_descriptors_name_something_checkable(v11: Framework, lang: str) -> None:
    vague = re.compile(VAGUE[lang], re.I)
    for ind in v11.indicators.values():
        for level, text in enumerate(ind.levels):
            assert not vague.search(text[lang]), f"{ind.id} level {level}: {text[lang]}"


def test_shared_is_a_defined_term_used_the_same_way_in_every_language(v11: Framework) -> None:
    term = v11.glossary["shared_with_other_administrations"]
    users: dict[str, set[tuple[str, int]]] = {}
    for lang in LANGUAGES:
        assert re.fullmatch(SHARED[lang], term.term[lang])
        users[lang] = set()
        for ind in v11.indicators.values():
            for level, text in enumerate(ind.levels):
                loose = text[lang].count(OTHER_ADMINISTRATIONS[lang])
                defined = len(re.findall(SHARED[lang], text[lang]))
                assert loose == defined, f"{ind.id} level {level} ({lang}) uses a loose form"
                if defined:
                    users[lang].add((ind.id, level))
    assert users["en"] == users["fr"] == users["es"]
    assert len(users["en"]) >= 15


def test_glossary_terms_appear_in_the_texts(v11: Framework) -> None:
    assert set(v11.glossary) == {
        "shared_with_other_administrations",
        "mea_controlled_goods",
        "environmentally_preferable_goods",
        "goods_of_environmental_concern",
    }
    for term in v11.glossary.values():
        for lang in LANGUAGES:
            body = " ".join(t[lang].lower() for _, _, t in _texts(v11) if t is not term.term)
            stem = term.term[lang].lower()[:-1]  # agreement may add or change a last letter
            assert stem in body, f"{term.id} unused in {lang}"


def test_green_tariff_uses_no_loose_environmental_goods(v11: Framework) -> None:
    for ind in v11.domain("green_tariff").indicators:
        for _, _, text in _texts_of(ind):
            assert "environmental goods" not in text["en"], ind.id


def _texts_of(ind):
    for key in ("title", "definition", "rationale"):
        yield ind.id, key, getattr(ind, key)
    for level, text in enumerate(ind.levels):
        yield ind.id, level, text


def test_review_findings_are_in_the_data(v11: Framework, framework: Framework) -> None:
    assert "CLiKC!" in " ".join(v11.indicator("CB-01").evidence["en"])
    assert "CLiKCI" not in " ".join(e for i in v11.indicators.values() for e in i.evidence["en"])
    assert "CLiKCI!" in " ".join(framework.indicator("CB-01").evidence["en"])
    for lang, name in (("en", "HS 2028"), ("fr", "SH 2028"), ("es", "SA 2028")):
        assert name in v11.indicator("GT-01").definition[lang]
    assert "penalise the persons who commit the offence" in v11.indicator("PL-02").definition["en"]
    assert "offender" in v11.indicator("CC-04").rationale["en"]
    assert "renewable" not in v11.indicator("IP-04").levels[5]["en"].lower()
    assert "10 %" in v11.indicator("IP-09").levels[3]["en"]
    for ind_id in ("IP-09", "CC-08", "CC-09", "GT-08", "GT-09", "CO-08", "CO-09", "PL-08", "IP-10"):
        assert ind_id not in framework.indicators

"""Every shipped framework file: ids, links, weights, six levels and all three languages."""

from __future__ import annotations

import re

import pytest

from gcat.core.model import Framework
from gcat.frameworks import available_frameworks, framework_dir, load_framework, validate_path
from gcat.frameworks.quality import framework_texts
from gcat.i18n import LANGUAGES

DOMAIN_IDS = [
    "policy_legislation",
    "facilitation",
    "internal_practices",
    "customs_controls",
    "green_tariff",
    "capacity_building",
    "cooperation",
]
THEMATIC_AREAS = {
    "internal_office",
    "dematerialisation",
    "strategy_policy",
    "capacity_building",
    "enforcement",
    "digital_technology",
    "procedures",
    "national_collaboration",
    "international_collaboration",
}


@pytest.mark.parametrize(("framework_id", "version"), available_frameworks())
def test_every_shipped_framework_validates(framework_id: str, version: str) -> None:
    assert validate_path(framework_dir(framework_id, version)) == []
    loaded = load_framework(framework_id, version)
    assert set(loaded.languages) == set(LANGUAGES)


def test_gcat_1_0_structure(framework: Framework) -> None:
    assert [d.id for d in framework.domains] == DOMAIN_IDS
    assert all(6 <= len(d.indicators) <= 9 for d in framework.domains)
    assert len(framework.indicators) >= 48
    assert set(framework.thematic_areas) == THEMATIC_AREAS
    assert [s.level for s in framework.scale] == list(range(6))


def test_ids_weights_and_links(framework: Framework) -> None:
    codes = [d.code for d in framework.domains]
    assert len(set(codes)) == len(codes)
    for domain in framework.domains:
        for ind in domain.indicators:
            assert re.fullmatch(rf"{domain.code}-\d\d", ind.id)
            assert ind.weight > 0
            assert ind.thematic_areas, ind.id
            assert set(ind.thematic_areas) <= THEMATIC_AREAS
            assert ind.references and set(ind.references) <= set(framework.references)
            assert (ind.not_applicable_when is not None) == ind.not_applicable_allowed
    used_areas = {a for ind in framework.indicators.values() for a in ind.thematic_areas}
    assert used_areas == THEMATIC_AREAS, "every survey thematic area maps to an indicator"


def test_every_text_exists_in_every_language_and_is_translated(framework: Framework) -> None:
    for owner, key, text in framework_texts(framework):
        for lang in LANGUAGES:
            assert text.get(lang, "").strip(), f"{owner} {key} missing in {lang}"
        if len(text["en"]) > 25:  # short names such as "Facilitation" may coincide
            assert text["fr"] != text["en"], f"{owner} {key}: French is a copy of English"
            assert text["es"] != text["en"], f"{owner} {key}: Spanish is a copy of English"
    for ind in framework.indicators.values():
        for lang in LANGUAGES:
            assert len(ind.evidence[lang]) >= 2, f"{ind.id} evidence in {lang}"


def test_six_distinct_level_descriptors(framework: Framework) -> None:
    for ind in framework.indicators.values():
        assert len(ind.levels) == 6
        for lang in LANGUAGES:
            texts = [level[lang] for level in ind.levels]
            assert len(set(texts)) == 6, f"{ind.id} repeats a descriptor in {lang}"


def test_descriptors_avoid_vague_wording(framework: Framework) -> None:
    vague = re.compile(r"\b(good progress|some efforts?|adequate|satisfactory|appropriate)\b", re.I)
    for ind in framework.indicators.values():
        for level in ind.levels:
            assert not vague.search(level["en"]), f"{ind.id}: {level['en']}"


def test_references_and_areas_are_translated(framework: Framework) -> None:
    for ref in framework.references.values():
        assert all(ref.title[lang].strip() for lang in LANGUAGES)
    for names in framework.thematic_areas.values():
        assert all(names[lang].strip() for lang in LANGUAGES)


def test_unknown_framework_is_refused() -> None:
    from gcat.errors import UnknownFrameworkError

    with pytest.raises(UnknownFrameworkError):
        load_framework("gcat", "9.9")
    with pytest.raises(UnknownFrameworkError):
        load_framework("../../etc", "1.0")

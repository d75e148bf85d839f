"""Assisted classification: the shipped data, reading initiatives, the model as data, the CLI."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from gcat.classify import classify_texts
from gcat.classify.labels import AREAS, DOMAINS
from gcat.classify.model import load_model, save_model
from gcat.classify.ngrams import char_ngrams, word_ngrams
from gcat.classify.records import parse_examples, parse_initiatives
from gcat.classify.store import shipped_examples
from gcat.errors import InputError
from gcat.limits import MAX_CLASSIFY_LINES

VALIDATION = Path(__file__).parents[1] / "benchmarks" / "data" / "classify-validation.jsonl"

# The tie-breaking rules of docs/classification.md, as the primary domain each primary area
# allows in the shipped data.
PRIMARY_DOMAINS = {
    "internal_office": {"internal_practices"},
    "dematerialisation": {"facilitation", "internal_practices"},
    "strategy_policy": {"policy_legislation", "green_tariff"},
    "capacity_building": {"capacity_building"},
    "enforcement": {"customs_controls"},
    "digital_technology": {"facilitation", "customs_controls"},
    "procedures": {"facilitation", "customs_controls", "green_tariff"},
    "national_collaboration": {"cooperation"},
    "international_collaboration": {"cooperation"},
}


def test_the_training_data_has_40_examples_per_area_in_three_languages() -> None:
    examples = shipped_examples()
    primary = Counter(e.thematic_areas[0] for e in examples)
    assert set(primary) == set(AREAS)
    assert min(primary.values()) >= 40
    languages = Counter(e.lang for e in examples)
    assert set(languages) == {"en", "fr", "es"}
    assert min(languages.values()) >= 140
    assert sum(len(e.thematic_areas) > 1 for e in examples) >= 30  # hard cases: two labels


def test_the_training_data_follows_the_tie_breaking_rules() -> None:
    for e in shipped_examples():
        assert e.gcat_domains[0] in PRIMARY_DOMAINS[e.thematic_areas[0]], e.id
        if "green_tariff" in e.gcat_domains[:1]:
            assert e.thematic_areas[0] in {"strategy_policy", "procedures"}, e.id


def test_the_validation_set_is_separate_and_balanced() -> None:
    validation = parse_examples(VALIDATION.read_bytes(), VALIDATION.name)
    assert len(validation) >= 60
    languages = Counter(e.lang for e in validation)
    assert all(count >= 20 for count in languages.values())
    trained = {" ".join(e.text.lower().split()) for e in shipped_examples()}
    assert not any(" ".join(e.text.lower().split()) in trained for e in validation)
    assert {e.thematic_areas[0] for e in validation} == set(AREAS)


def test_char_ngrams_stay_inside_words() -> None:
    assert word_ngrams("ab") == [" a", "ab", "b ", " ab", "ab ", " ab "]
    grams = char_ngrams("Dématérialisation, SAO!")
    assert " sao " in grams and "dém" in grams
    assert not any(" " in g.strip() for g in grams)


def test_a_bad_line_is_named_and_empty_text_refused() -> None:
    with pytest.raises(InputError) as caught:
        parse_initiatives(b'{"id": 1, "text": "ok"}\n{"id": 2, "text": \n', "in.jsonl")
    assert caught.value.problems[0].line == 2
    assert "in.jsonl:2" in caught.value.localized("en")
    with pytest.raises(InputError) as caught:
        parse_initiatives(b'{"id": 1, "text": "   "}\n', "in.jsonl")
    assert caught.value.problems[0].code == "check.empty_text"
    for bad, code in (
        (b"[1, 2]\n", "check.not_mapping"),
        (b'{"id": 1}\n', "check.missing_key"),
        (b'{"text": "a", "lang": "de"}\n', "check.bad_choice"),
        (b'{"id": 1, "text": "a"}\n{"id": 1, "text": "b"}\n', "check.duplicate_id"),
        (b"\xff\xfe", "file.not_utf8"),
        (b"\n\n", "classify.no_lines"),
    ):
        with pytest.raises(InputError) as caught:
            parse_initiatives(bad, "in.jsonl")
        assert caught.value.problems[0].code == code


def test_too_many_lines_are_refused_at_the_limit() -> None:
    data = b'{"text": "x"}\n' * (MAX_CLASSIFY_LINES + 1)
    with pytest.raises(InputError) as caught:
        parse_initiatives(data, "big.jsonl")
    assert caught.value.problems[0].code == "classify.too_many_lines"
    assert caught.value.problems[0].line == MAX_CLASSIFY_LINES + 1


def test_suggestions_rank_both_taxonomies_and_explain(classifier_model: Path) -> None:
    model = load_model(classifier_model)
    [suggestion] = classify_texts(
        model,
        ["Nuestros funcionarios decomisaron 300 kg de aletas de tiburón en el aeropuerto."],
        [None],
    )
    assert suggestion.lang == "es"
    assert suggestion.primary("thematic_areas") == "enforcement"
    assert suggestion.primary("gcat_domains") == "customs_controls"
    assert next(iter(suggestion.scores["thematic_areas"])) == "enforcement"
    assert set(suggestion.scores["thematic_areas"]) == set(AREAS)
    assert set(suggestion.scores["gcat_domains"]) == set(DOMAINS)
    assert len(suggestion.indicators) == 3
    assert suggestion.indicators[0][0].startswith("CC-")
    assert len(suggestion.nearest) == 3 and suggestion.words
    assert 0.0 <= suggestion.uncertainty <= 1.0


def test_a_saved_model_loads_back_and_predicts_the_same(
    classifier_model: Path, tmp_path: Path
) -> None:
    model = load_model(classifier_model)
    save_model(model, tmp_path)
    again = load_model(tmp_path)
    texts = ["Paperless clearance for all declarations", "Formation des agents aux SAO"]
    first, second = (
        classify_texts(model, texts, ["en", "fr"]),
        classify_texts(again, texts, ["en", "fr"]),
    )
    assert [s.selected for s in first] == [s.selected for s in second]
    assert np.allclose(model.idf, again.idf)
    assert not any(p.suffix == ".pkl" for p in tmp_path.iterdir())
    (tmp_path / "model.npz").write_bytes(b"damaged")
    with pytest.raises(InputError) as caught:
        load_model(tmp_path)
    assert caught.value.problems[0].code == "classify.model_unreadable"


def test_gcat_classify_writes_the_suggestion_fields(
    cli, classifier_model: Path, tmp_path: Path
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps(
            {"id": "a", "text": "Installation de panneaux solaires au bureau de douane", "extra": 1}
        )
        + "\n"
        + json.dumps({"id": "b", "text": "Single window module for CITES permits", "lang": "en"})
        + "\n",
        "utf-8",
    )
    out = tmp_path / "out.jsonl"
    code, _, err = cli("classify", str(source), "-o", str(out))
    assert code == 0, err
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"] and lines[0]["extra"] == 1
    for line in lines:
        assert line["thematic_areas"] and set(line["thematic_areas"]) <= set(AREAS)
        assert line["gcat_domains"] and set(line["gcat_domains"]) <= set(DOMAINS)
        assert set(line["scores"]) == {"thematic_areas", "gcat_domains"}
        assert (
            max(line["scores"]["thematic_areas"], key=line["scores"]["thematic_areas"].get)
            == line["thematic_areas"][0]
        )
        assert len(line["indicators"]) == 3 and {"id", "score"} == set(line["indicators"][0])
    assert lines[0]["lang"] == "fr" and lines[0]["thematic_areas"][0] == "internal_office"


def test_gcat_classify_names_the_bad_line_and_writes_nothing(
    cli, classifier_model: Path, tmp_path: Path
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "Seizure of ivory"}\n{"id": 2, "text": ""}\n', "utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = cli("classify", str(source), "-o", str(out), "--lang", "fr")
    assert code == 2
    assert "in.jsonl:2" in err and "text" in err
    assert not out.exists()
    code, _, err = cli("classify", str(source))
    assert code == 2 and "--output" in err

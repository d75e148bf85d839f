"""The map from GCAT 1.0 to 1.1: shipped valid, loaded, and every defect located."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gcat.core.upgrade import Review
from gcat.errors import UnknownFrameworkError
from gcat.frameworks import (
    available_upgrades,
    framework_dir,
    load_framework,
    load_upgrade_map,
    validate_path,
)

MAP = "map-from-1.0.yaml"


def test_shipped_map_is_valid_and_loads(cli) -> None:
    assert validate_path(framework_dir("gcat", "1.1")) == []
    assert validate_path(framework_dir("gcat", "1.1") / MAP) == []
    code, stdout, _ = cli("framework", "validate", str(framework_dir("gcat", "1.1")))
    assert code == 0 and "valid" in stdout
    assert available_upgrades() == [("gcat", "1.0", "1.1")]
    id_map = load_upgrade_map("gcat", "1.0", "1.1")
    old, new = load_framework("gcat", "1.0"), load_framework("gcat", "1.1")
    assert list(id_map.indicators) == list(old.indicators), "every 1.0 id, once, in order"
    for entry in id_map.indicators.values():
        assert entry.targets, entry.source
        for target in entry.targets:
            assert target.id in new.indicators
            assert len(target.levels) == 6
    fed = {t.id for e in id_map.indicators.values() for t in e.targets}
    assert set(id_map.new) == set(new.indicators) - fed
    assert set(id_map.new) == {"PL-08", "IP-10", "CC-08", "CC-09", "GT-08", "GT-09"}
    splits = {e.source: [t.id for t in e.targets] for e in id_map.indicators.values()}
    assert {s: t for s, t in splits.items() if len(t) > 1} == {
        "IP-04": ["IP-04", "IP-09"],
        "CO-06": ["CO-06", "CO-09"],
        "CO-07": ["CO-07", "CO-08"],
    }
    assert id_map.indicators["PL-02"].targets[0].levels == (0, 1, 2, 3, 4, 5)
    assert id_map.indicators["PL-01"].targets[0].levels[5] == Review("pl01_contribution")
    for key, texts in id_map.reasons.items():
        assert set(texts) == {"en", "fr", "es"}, key


def test_unknown_map_is_refused() -> None:
    with pytest.raises(UnknownFrameworkError):
        load_upgrade_map("gcat", "0.9", "1.1")
    with pytest.raises(UnknownFrameworkError):
        load_upgrade_map("gcat", "1.0", "7.0")


def broken_copy(tmp_path: Path, old: str, new: str, name: str = MAP) -> Path:
    """A copy of the shipped 1.1 folder with one text replaced in ``name``."""
    folder = tmp_path / "1.1"
    shutil.copytree(framework_dir("gcat", "1.1"), folder)
    path = folder / name
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")
    return folder


PL02 = "  PL-02: {status: kept, to: [{id: PL-02, levels: [0, 1, 2, 3, 4, 5]}]}\n"
FA05 = "{id: FA-05, levels: [0, 1, 2, 3, 4, 5]}"
FA06 = "{id: FA-06, levels: [0, 1, 2, 3, 4, 5]}"

DEFECTS = {
    "missing_1_0_id": (PL02, "", "indicators", "does not say what became of PL-02"),
    "unknown_1_0_id": (PL02, PL02 + PL02.replace("PL-02:", "PL-99:"), "indicators.PL-99", "PL-99"),
    "unknown_target": (FA05, FA05.replace("FA-05", "FA-55"), "indicators.FA-05.to[0].id", "FA-55"),
    "five_levels": (
        FA06,
        FA06.replace(", 5]", "]"),
        "indicators.FA-06.to[0].levels",
        "six levels",
    ),
    "not_monotonic": (
        FA06,
        FA06.replace("2, 3", "3, 2"),
        "indicators.FA-06.to[0].levels[3]",
        "may not map lower",
    ),
    "level_out_of_range": (
        FA06,
        FA06.replace("5]", "6]"),
        "indicators.FA-06.to[0].levels[5]",
        "whole number from 0 to 5",
    ),
    "unknown_reason": (
        "{review: cb07_frequency}",
        "{review: nope}",
        "indicators.CB-07.to[0].levels[5].review",
        'unknown reason "nope"',
    ),
    "unused_reason": (
        "{review: cb07_frequency}",
        "5",
        "reasons.cb07_frequency",
        "never used",
    ),
    "bad_status": (
        "PL-06: {status: kept",
        "PL-06: {status: moved",
        "indicators.PL-06.status",
        "choose one of",
    ),
    "kept_but_renamed": (
        "  IP-03:\n    status: renamed",
        "  IP-03:\n    status: kept",
        "indicators.IP-03.status",
        'use "renamed"',
    ),
    "split_with_one_target": (
        "PL-06: {status: kept",
        "PL-06: {status: split",
        "indicators.PL-06.status",
        "at least two",
    ),
    "na_not_said": (
        "[0, 1, 2, 3, 4, 5], not_applicable: carry}]}\n  # Facilitation",
        "[0, 1, 2, 3, 4, 5]}]}\n  # Facilitation",
        "indicators.PL-07.to[0]",
        "not applicable",
    ),
    "na_where_none": (
        FA05,
        FA05.replace("5]}", "5], not_applicable: carry}"),
        "indicators.FA-05.to[0].not_applicable",
        "remove this key",
    ),
    "new_not_listed": ("new: [PL-08, ", "new: [", "new", "PL-08 is new"),
    "new_but_fed": ("new: [PL-08, ", "new: [PL-08, PL-02, ", "new[1]", "not new"),
    "wrong_from": (
        'from: {id: gcat, version: "1.0"}',
        'from: {id: gcat, version: "0.9"}',
        "from",
        "gcat@1.0",
    ),
    "reason_untranslated": (
        '    es: "El nivel 5 exige ahora al menos dos campañas',
        '    de: "El nivel 5 exige ahora al menos dos campañas',
        "reasons.cb07_frequency",
        '"es" is missing',
    ),
}


@pytest.mark.parametrize("how", sorted(DEFECTS))
def test_each_map_defect_is_reported_with_file_line_field(tmp_path: Path, cli, how: str) -> None:
    old, new, field, words = DEFECTS[how]
    folder = broken_copy(tmp_path, old, new)
    problems = validate_path(folder)
    match = [p for p in problems if p.field == field and words in p.localized("en")]
    assert match, [p.localized("en") for p in problems]
    assert match[0].source == str(folder / MAP) and match[0].line
    code, _, err = cli("framework", "validate", str(folder))
    assert code == 2
    assert f"{folder / MAP}:{match[0].line}: {field}: " in err


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("schema: gcat-map/1\n", "- schema: gcat-map/1\n- [", None),
        ("{review: cb07_frequency}", "{review: [a, b]}", "indicators.CB-07.to[0].levels[5].review"),
        ("{review: cb07_frequency}", "{review: x, extra: 1}", "indicators.CB-07.to[0].levels[5]"),
        (FA05, "just text", "indicators.FA-05.to[0]"),
        ("PL-06: {status: kept", "PL-06: {status: [kept]", "indicators.PL-06.status"),
        ("indicators:\n", "indicators: [PL-01]\nunused:\n", "indicators"),
    ],
)
def test_hostile_maps_give_located_problems(tmp_path: Path, old: str, new: str, field) -> None:
    folder = broken_copy(tmp_path, old, new)
    problems = validate_path(folder)
    assert problems
    assert all(p.source == str(folder / MAP) for p in problems)
    if field is not None:
        assert field in [p.field for p in problems], [p.localized("en") for p in problems]


def test_a_map_missing_a_1_0_id_fails_in_french_too(tmp_path: Path) -> None:
    folder = broken_copy(tmp_path, PL02, "")
    missing, unlisted = validate_path(folder)
    assert missing.localized("fr").endswith(
        "la table ne dit pas ce qu'est devenu PL-02 (version 1.0)"
    )
    assert unlisted.field == "new" and "PL-02" in unlisted.localized("es")


def test_missing_map_file_and_bad_manifest_entry(tmp_path: Path) -> None:
    folder = broken_copy(
        tmp_path, "    map: map-from-1.0.yaml", "    map: ../elsewhere.yaml", "framework.yaml"
    )
    problems = validate_path(folder)
    assert [p.field for p in problems] == ["upgrade_from[0].map"]
    shutil.rmtree(folder)
    folder = broken_copy(
        tmp_path, "    map: map-from-1.0.yaml", "    map: map-from-0.9.yaml", "framework.yaml"
    )
    (problem,) = validate_path(folder)
    assert "cannot be read" in problem.localized("en")
    shutil.rmtree(folder)
    folder = broken_copy(tmp_path, '  - version: "1.0"', '  - version: "0.9"', "framework.yaml")
    (problem,) = validate_path(folder)
    assert "not installed" in problem.localized("en")

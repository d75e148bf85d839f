"""`gcat consensus`: several assessors' files, the agreement figures and the agreed file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from gcat.answers_file import read_answers
from gcat.demo import demo_file
from tests.conftest import Cli


def _variant(tmp_path: Path, name: str, changes: dict[str, object], **header: str) -> Path:
    data = yaml.safe_load(demo_file("2025").read_text("utf-8"))
    data.update(header)
    for key, level in changes.items():
        answer = data["answers"][key]
        answer["level"] = level
        if isinstance(level, int) and answer.get("target") is not None:
            answer["target"] = max(answer["target"], level)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


@pytest.fixture
def team(tmp_path: Path) -> list[Path]:
    return [
        _variant(tmp_path, "amina", {}),
        _variant(tmp_path, "bruno", {"PL-01": 4, "FA-01": 3}),
        _variant(tmp_path, "carla", {"PL-01": 3, "FA-02": 0}),
    ]


def test_json_has_the_stable_shape(cli: Cli, team: list[Path]) -> None:
    code, stdout, stderr = cli("consensus", *map(str, team), "--json")
    assert code == 0, stderr
    data = json.loads(stdout)
    assert {"alpha", "exact_agreement", "within_one", "indicators", "disagreements"} <= set(data)
    assert data["assessors"] == ["amina", "bruno", "carla"]
    items = {item["id"]: item for item in data["indicators"]}
    assert len(items) == 50
    assert {"id", "levels", "range", "proposed"} <= set(items["PL-01"])
    assert items["PL-01"]["levels"] == [2, 4, 3]
    assert (items["PL-01"]["range"], items["PL-01"]["proposed"]) == (2, 3)
    assert items["FA-01"]["levels"] == [4, 3, 4] and items["FA-01"]["range"] == 1
    _, original = read_answers(demo_file("2025"))
    assert items["FA-02"]["proposed"] == original.answers["FA-02"].level
    assert data["disagreements"] == ["PL-01", "FA-02"]
    assert 0 < data["alpha"] < 1
    assert data["exact_agreement"] == pytest.approx(47 / 50)
    assert data["within_one"] == pytest.approx(48 / 50)
    assert set(data["alpha_by_domain"]) == {
        "policy_legislation", "facilitation", "internal_practices", "customs_controls",
        "green_tariff", "capacity_building", "cooperation",
    }  # fmt: skip


def test_identical_files_agree_fully(cli: Cli, tmp_path: Path) -> None:
    files = [_variant(tmp_path, name, {}) for name in ("a", "b")]
    code, stdout, _ = cli("consensus", *map(str, files), "--json")
    data = json.loads(stdout)
    assert code == 0 and data["alpha"] == 1.0
    assert data["exact_agreement"] == data["within_one"] == 1.0 and data["disagreements"] == []


def test_agreed_file_is_a_valid_answers_file_with_disagreements_flagged(
    cli: Cli, team: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "agreed.yaml"
    code, stdout, stderr = cli("consensus", *map(str, team), "-o", str(out), "--lang", "es")
    assert code == 0, stderr
    assert "Alfa de Krippendorff (ordinal)" in stdout and "⚠ PL-01" in stdout
    _, agreed = read_answers(out)
    _, original = read_answers(demo_file("2025"))
    pl01 = agreed.answers["PL-01"]
    assert pl01.level == 3 and pl01.flagged
    assert pl01.comment.startswith("Por dirimir: los evaluadores difieren en más de un nivel")
    assert f"[amina] {original.answers['PL-01'].comment}" in pl01.comment
    assert pl01.evidence == original.answers["PL-01"].evidence  # the same notes once
    fa01 = agreed.answers["FA-01"]
    assert fa01.level == 4 and fa01.flagged == original.answers["FA-01"].flagged
    assert fa01.comment.startswith("Consenso: amina 4, bruno 3, carla 4; nivel propuesto 4.")


def test_refusals_name_the_file_and_say_why(cli: Cli, team: list[Path], tmp_path: Path) -> None:
    other_cycle = _variant(tmp_path, "dora", {}, cycle="2026")
    other_admin = _variant(tmp_path, "eli", {}, administration="Customs of Elsewhere")
    newer = tmp_path / "fay.yaml"
    assert cli("upgrade", str(team[0]), "--to", "1.1", "-o", str(newer))[0] == 0
    cases = [
        ([team[0]], "give at least two answers files"),
        ([team[0], other_cycle], "dora.yaml: cycle: this file is of cycle 2026"),
        ([team[0], other_admin], "eli.yaml: administration: this file is of Customs of Elsewhere"),
        ([team[0], newer], "fay.yaml: framework: this file is answered under gcat@1.1"),
    ]
    for files, expected in cases:
        code, _, stderr = cli("consensus", *map(str, files))
        assert code == 2 and expected in stderr, stderr
    code, _, stderr = cli("consensus", str(team[0]), str(other_cycle), "--lang", "fr")
    assert "ce fichier porte sur le cycle 2026" in stderr


def test_a_broken_file_is_located_and_nothing_is_written(
    cli: Cli, team: list[Path], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(team[0].read_text("utf-8").replace("level: 2", "level: seven", 1), "utf-8")
    out = tmp_path / "agreed.yaml"
    code, _, stderr = cli("consensus", str(team[1]), str(broken), "-o", str(out))
    assert code == 2 and "broken.yaml:" in stderr and "level" in stderr
    assert not out.exists()
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"x" * (11 * 1024 * 1024))
    code, _, stderr = cli("consensus", str(team[1]), str(huge))
    assert code == 2 and "huge.yaml" in stderr


def test_same_file_names_in_two_folders_are_told_apart(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    files = [_variant(tmp_path / d, "answers", {}) for d in ("x", "y")]
    data = json.loads(cli("consensus", *map(str, files), "--json")[1])
    assert data["assessors"] == [str(files[0]), str(files[1])]

"""gcat framework validate: modules of one's own, and every problem with file, line and field."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from gcat.frameworks import framework_dir, load_framework, validate_path

SHIPPED = framework_dir("gcat", "1.0")


def module_data() -> dict:
    """A valid module: the shipped cooperation domain, renamed."""
    data = yaml.safe_load((SHIPPED / "cooperation.yaml").read_text("utf-8"))
    data["id"] = "ports_and_logistics"
    data["code"] = "PO"
    for item in data["indicators"]:
        item["id"] = item["id"].replace("CO-", "PO-")
    for lang in data["text"]:
        data["text"][lang]["indicators"] = {
            key.replace("CO-", "PO-"): value
            for key, value in data["text"][lang]["indicators"].items()
        }
    return data


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "module.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def test_valid_module_loads_beside_the_framework(tmp_path: Path, cli) -> None:
    path = write(tmp_path, module_data())
    assert validate_path(path) == []
    extended = load_framework("gcat", "1.0", modules=[path])
    assert extended.domains[-1].id == "ports_and_logistics"
    assert "PO-01" in extended.indicators
    code, stdout, _ = cli("framework", "validate", str(path))
    assert code == 0 and "valid" in stdout
    code, stdout, _ = cli(
        "framework", "show", "--module", str(path), "--domain", "ports_and_logistics"
    )
    assert code == 0 and "PO-01" in stdout


def test_shipped_domain_file_validates_on_its_own(cli) -> None:
    code, _, err = cli("framework", "validate", str(SHIPPED / "facilitation.yaml"))
    assert code == 0, err


def _break(data: dict, how: str) -> tuple[dict, str, str]:
    """Apply one defect; return the data, the expected field and words of the message."""
    data = copy.deepcopy(data)
    fr = data["text"]["fr"]["indicators"]["PO-02"]
    if how == "five_levels":
        fr["levels"].pop()
        return data, "text.fr.indicators.PO-02.levels", "six levels"
    if how == "missing_spanish":
        del data["text"]["es"]
        return data, "text", '"es" is missing'
    if how == "empty_text":
        fr["title"] = "  "
        return data, "text.fr.indicators.PO-02.title", "non-empty"
    if how == "unknown_reference":
        data["indicators"][0]["references"] = ["kyoto_2099"]
        return data, "indicators[0].references[0]", 'unknown reference "kyoto_2099"'
    if how == "unknown_area":
        data["indicators"][1]["thematic_areas"] = ["space"]
        return data, "indicators[1].thematic_areas[0]", "unknown thematic area"
    if how == "bad_weight":
        data["indicators"][2]["weight"] = 0
        return data, "indicators[2].weight", "weight"
    if how == "duplicate_id":
        data["indicators"][3]["id"] = "PO-01"
        return data, "indicators[3].id", "more than once"
    if how == "bad_id":
        data["indicators"][3]["id"] = "XX-1"
        return data, "indicators[3].id", "indicator id"
    if how == "clash_with_shipped":
        data["id"] = "cooperation"
        return data, "id", "more than once"
    if how == "undeclared_text":
        data["text"]["en"]["indicators"]["PO-99"] = fr
        return data, "text.en.indicators.PO-99", "not declared"
    if how == "na_without_when":
        data["indicators"][0]["not_applicable"] = True
        return data, "text.en.indicators.PO-01", "not_applicable_when"
    raise AssertionError(how)


DEFECTS = [
    "five_levels",
    "missing_spanish",
    "empty_text",
    "unknown_reference",
    "unknown_area",
    "bad_weight",
    "duplicate_id",
    "bad_id",
    "clash_with_shipped",
    "undeclared_text",
    "na_without_when",
]


@pytest.mark.parametrize("how", DEFECTS)
def test_each_defect_is_reported_with_file_line_field(tmp_path: Path, cli, how: str) -> None:
    data, field, words = _break(module_data(), how)
    path = write(tmp_path, data)
    problems = validate_path(path)
    assert problems, how
    match = [p for p in problems if p.field == field and words in p.localized("en")]
    assert match, [p.localized("en") for p in problems]
    assert match[0].source == str(path) and match[0].line
    code, _, err = cli("framework", "validate", str(path))
    assert code == 2
    assert f"{path}:{match[0].line}: {field}: " in err


def test_every_problem_is_listed(tmp_path: Path, cli) -> None:
    data = module_data()
    data["indicators"][0]["weight"] = -1
    data["indicators"][1]["references"] = ["nope"]
    del data["text"]["fr"]["indicators"]["PO-03"]["rationale"]
    path = write(tmp_path, data)
    assert len(validate_path(path)) == 3
    code, _, err = cli("framework", "validate", str(path), "--lang", "es")
    assert code == 2 and "3 problemas detectados" in err


def test_broken_yaml_and_missing_file(tmp_path: Path, cli) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("schema: gcat-domain/1\nid: [unclosed\n", "utf-8")
    (problem,) = validate_path(path)
    assert problem.line and "not valid YAML" in problem.localized("en")
    code, _, err = cli("framework", "validate", str(tmp_path / "none.yaml"))
    assert code == 2 and "cannot be read" in err

"""XLSForm export: the form passes pyxform and ODK Validate, in three languages, with N/A logic."""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
from pathlib import Path
from xml.etree.ElementTree import Element

import openpyxl
import pytest
from defusedxml import ElementTree
from pyxform.validators.odk_validate import ODKValidateError
from pyxform.xls2xform import convert

from gcat.core.evaluation import Evaluation, evaluate
from gcat.demo import demo_evaluations
from gcat.exchange.xlsform import LANGUAGE_NAMES, export_xlsform

XF = "{http://www.w3.org/2002/xforms}"
H = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    return demo_evaluations()[1]


@pytest.fixture
def java() -> None:
    """ODK Validate runs on Java (Debian default-jre-headless); never skipped in CI."""
    if shutil.which("java") is None:
        if os.environ.get("CI"):
            pytest.fail("java is required to run ODK Validate")
        pytest.skip("java is not installed (apt-get install default-jre-headless)")


def _validate(data: bytes, tmp_path: Path, name: str = "form.xlsx") -> Element:
    """Convert with ODK Validate on; return the XForm's root element."""
    path = tmp_path / name
    path.write_bytes(data)
    warnings: list[str] = []
    result = convert(xlsform=str(path), validate=True, warnings=warnings)
    assert not [w for w in warnings if "ODK Validate" in w or "took to long" in w], warnings
    root: Element = ElementTree.fromstring(result.xform)
    return root


def _sheets(data: bytes) -> dict[str, list[dict[str, str]]]:
    """Each sheet's rows as header → non-empty cell text."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheets = {}
    for sheet in workbook:
        rows = list(sheet.iter_rows(values_only=True))
        header = [str(cell) for cell in rows[0]]
        sheets[sheet.title] = [
            {k: str(v) for k, v in zip(header, row, strict=True) if v is not None}
            for row in rows[1:]
        ]
    return sheets


def _binds(root: Element) -> dict[str, dict[str, str]]:
    return {
        bind.attrib["nodeset"].rsplit("/", 1)[-1]: dict(bind.attrib)
        for bind in root.iter(f"{XF}bind")
    }


def _choices(root: Element, list_name: str) -> dict[str, dict[str, str]]:
    """The choices of ``list_name``: value → language → label."""
    texts = {
        (t.attrib["lang"], text.attrib["id"]): "".join(text.itertext())
        for t in root.iter(f"{XF}translation")
        for text in t.iter(f"{XF}text")
    }
    instance = next(i for i in root.iter(f"{XF}instance") if i.attrib.get("id") == list_name)
    return {
        item.findtext(f"{XF}name", ""): {
            name: texts[name, item.findtext(f"{XF}itextId", "")] for name in LANGUAGE_NAMES.values()
        }
        for item in instance.iter(f"{XF}item")
    }


def test_full_form_passes_odk_validate(evaluation: Evaluation, tmp_path: Path, java: None) -> None:
    framework = evaluation.framework
    root = _validate(export_xlsform(evaluation, "fr"), tmp_path)

    title = root.find(f"{H}head/{H}title")
    assert title is not None and title.text is not None
    assert title.text.startswith(framework.title["fr"])
    translations = {t.attrib["lang"]: t for t in root.iter(f"{XF}translation")}
    assert set(translations) == set(LANGUAGE_NAMES.values())
    assert translations["Français (fr)"].attrib.get("default") == "true()"

    groups = {g.attrib["ref"].rsplit("/", 1)[-1] for g in root.iter(f"{XF}group")}
    assert {d.id for d in framework.domains} <= groups
    assert {ind.id.lower().replace("-", "_") for ind in framework.indicators.values()} <= groups

    binds = _binds(root)
    for ind in framework.indicators.values():
        stem = ind.id.lower().replace("-", "_")
        assert f"{stem}_level" in binds and f"{stem}_flag" in binds
        if ind.not_applicable_allowed:
            reason = binds[f"{stem}_reason"]
            assert reason["relevant"].split("/")[-1].split() == [f"{stem}_level", "=", "'na'"]
            assert reason["required"] == "true()"
        else:
            assert f"{stem}_reason" not in binds

    pl01 = _choices(root, "levels_pl_01")
    assert list(pl01) == ["0", "1", "2", "3", "4", "5"]
    for lang, name in LANGUAGE_NAMES.items():
        assert framework.indicator("PL-01").levels[3][lang] in pl01["3"][name]
    na_allowed = next(ind for ind in framework.indicators.values() if ind.not_applicable_allowed)
    choices = _choices(root, f"levels_{na_allowed.id.lower().replace('-', '_')}")
    assert list(choices) == ["0", "1", "2", "3", "4", "5", "na"]
    assert choices["na"]["Français (fr)"] == "Sans objet"
    assert choices["na"]["Español (es)"] == "No aplicable"


def test_partial_scope_and_hostile_names_pass_odk_validate(
    evaluation: Evaluation, tmp_path: Path, java: None
) -> None:
    assessment = dataclasses.replace(
        evaluation.assessment,
        administration='=HYPERLINK("x") O\'Brien ${cycle} & <Customs>',
        cycle="2024-2025 (Q1)",
        domains=("facilitation", "cooperation"),
    )
    data = export_xlsform(evaluate(evaluation.framework, assessment), "es")

    survey = openpyxl.load_workbook(io.BytesIO(data))["survey"]
    cells = [cell for row in survey.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type == "s" for cell in cells)
    assert not any(str(cell.value).startswith("=") and not cell.quotePrefix for cell in cells)

    root = _validate(data, tmp_path)
    groups = {g.attrib["ref"].rsplit("/", 1)[-1] for g in root.iter(f"{XF}group")}
    assert {"facilitation", "cooperation"} <= groups
    assert "policy_legislation" not in groups
    binds = _binds(root)
    assert binds["domains"]["calculate"] == "'facilitation cooperation'"
    assert "${" not in binds["administration"]["calculate"]
    setvalue = next(root.iter(f"{XF}setvalue"))
    assert setvalue.attrib["value"] == "string('2024-2025 (Q1)')"


def test_an_invalid_form_is_refused_by_odk_validate(tmp_path: Path, java: None) -> None:
    """pyxform alone accepts an unknown XPath function; only ODK Validate catches it."""
    workbook = openpyxl.Workbook()
    survey = workbook.active
    assert survey is not None
    survey.title = "survey"
    survey.append(["type", "name", "label", "calculation"])
    survey.append(["text", "answer", "Answer", None])
    survey.append(["calculate", "broken", None, "no_such_function(${answer})"])
    path = tmp_path / "broken.xlsx"
    workbook.save(path)
    assert convert(xlsform=str(path), validate=False).xform
    with pytest.raises(ODKValidateError, match="no_such_function"):
        convert(xlsform=str(path), validate=True)


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_settings_follow_the_language(evaluation: Evaluation, lang: str) -> None:
    sheets = _sheets(export_xlsform(evaluation, lang))
    (settings,) = sheets["settings"]
    assert settings["form_id"] == "gcat_1_0"
    assert settings["default_language"] == LANGUAGE_NAMES[lang]
    assert settings["form_title"].startswith(evaluation.framework.title[lang])
    assert settings["version"].startswith("1.0-")
    survey = sheets["survey"]
    assert {f"label::{name}" for name in LANGUAGE_NAMES.values()} <= set(survey[3])
    assert [row["name"] for row in survey[:6]] == [
        "framework_id",
        "framework_version",
        "administration",
        "intro",
        "cycle",
        "policy_legislation",
    ]


def test_export_is_deterministic_and_versioned_by_content(evaluation: Evaluation) -> None:
    first, second = (_sheets(export_xlsform(evaluation, "en"))["settings"][0] for _ in range(2))
    assert first["version"] == second["version"]
    other = dataclasses.replace(evaluation.assessment, domains=("facilitation",))
    changed = _sheets(export_xlsform(evaluate(evaluation.framework, other), "en"))["settings"]
    assert changed[0]["version"] != first["version"]


def test_unknown_language_is_refused(evaluation: Evaluation) -> None:
    with pytest.raises(ValueError, match="de"):
        export_xlsform(evaluation, "de")

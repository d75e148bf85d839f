"""``gcat survey follow-up``: one pre-filled Annex I template per member that agreed to share."""

from __future__ import annotations

import csv
import io
import subprocess
import uuid
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from gcat.errors import InputError
from gcat.frameworks import load_framework
from gcat.members import packaged_members
from gcat.policy.access import local_actor
from gcat.practices import read_practices
from gcat.services.database import open_database
from gcat.services.survey import import_demo
from tests.practices.forms import fill_docx
from tests.test_survey import files  # noqa: F401  (the survey tables fixture)


def _read(data: bytes, name: str):
    return read_practices(data, name, packaged_members(), load_framework())


def _index(folder: Path) -> list[dict[str, str]]:
    text = (folder / "follow-up.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def demo_survey(tmp_path_factory: pytest.TempPathFactory, classifier_model: Path) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('followup') / 'demo.sqlite3'}"
    import_demo(local_actor("test"), open_database(url))
    return url


@pytest.fixture
def small_survey(cli, classifier_model: Path, files, tmp_path: Path) -> str:  # noqa: F811
    responses, initiatives = files
    db = f"sqlite:///{tmp_path / 'gcat.sqlite3'}"
    code, _, err = cli(
        "survey", "import", str(responses), str(initiatives), "--year", "2025", "--database", db
    )
    assert code == 0, err
    return db


def test_the_demo_survey_gets_one_template_per_consenting_member(
    cli, demo_survey: str, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    code, _, err = cli("survey", "follow-up", "-o", str(folder), "--database", demo_survey)
    assert code == 0, err
    assert "28 pre-filled templates" in err and "fictional answers" in err
    rows = _index(folder)
    assert len(rows) == 28 == len(list(folder.glob("*.docx")))
    assert {row["file"] for row in rows} == {path.name for path in folder.glob("*.docx")}
    assert all(int(row["initiatives"]) >= 1 for row in rows)
    first = rows[0]
    (parsed,) = _read(
        fill_docx(
            (folder / first["file"]).read_bytes(),
            {"consent": "yes", "contact_name": "A. Focal", "contact_email": "a@customs.example"},
        ),
        first["file"],
    )
    practice = parsed.practice
    assert practice.member.code == first["code"]
    assert practice.title and practice.description
    assert practice.domains and practice.thematic_areas
    assert practice.lang == first["lang"]


def test_a_template_starts_from_the_members_survey_answers(
    cli, small_survey: str, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    code, _, err = cli("survey", "follow-up", "-o", str(folder), "--database", small_survey)
    assert code == 0, err
    (row,) = _index(folder)
    assert (row["code"], row["contact_email"], row["lang"], row["initiatives"]) == (
        "FRA",
        "focal@douane.example",
        "fr",
        "2",
    )
    data = (folder / row["file"]).read_bytes()
    assert row["file"] == "FRA-france.docx"
    with pytest.raises(InputError, match="consent"):  # consent is the member's to give
        _read(data, row["file"])
    (parsed,) = _read(fill_docx(data, {"consent": "yes", "contact_name": "A. Focal"}), row["file"])
    practice = parsed.practice
    assert practice.member.code == "FRA" and practice.contact.email == "focal@douane.example"
    assert practice.lang == "fr"
    assert "saisie de déchets" in practice.description
    assert practice.title.startswith("=HYPERLINK")


def test_the_workbook_has_a_row_per_initiative_and_runs_nothing(
    cli, small_survey: str, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    code, _, err = cli(
        "survey", "follow-up", "-o", str(folder), "-f", "xlsx", "--database", small_survey
    )
    assert code == 0, err
    book = load_workbook(folder / "FRA-france.xlsx")
    sheet = book["Practices"]
    keys = [cell.value for cell in sheet[1]]
    titles = [sheet.cell(row=r, column=keys.index("title") + 1) for r in (3, 4)]
    assert {cell.value[:10] for cell in titles} == {"=HYPERLINK", "Installati"}
    for cell in titles:
        assert cell.data_type == "s"
        assert cell.quotePrefix == cell.value.startswith("=")
    assert sheet.cell(row=5, column=keys.index("member") + 1).value is None
    index = (folder / "follow-up.csv").read_text(encoding="utf-8-sig")
    assert "\n=" not in index and ",=" not in index


def test_the_yaml_template_reads_back_once_consent_is_given(
    cli, small_survey: str, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    code, _, err = cli(
        "survey", "follow-up", "-o", str(folder), "-f", "yaml", "--database", small_survey
    )
    assert code == 0, err
    text = (folder / "FRA-france.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["member"] == "France" and data["contact"]["email"] == "focal@douane.example"
    assert "2 " in text.split("schema:")[0]  # the comment counts the member's initiatives
    filled = text.replace("consent: ", "consent: yes", 1).replace('name: ""', 'name: "A. Focal"', 1)
    (parsed,) = _read(filled.encode(), "FRA-france.yaml")
    assert parsed.practice.member.code == "FRA"


def test_follow_up_refusals_are_one_line(cli, small_survey: str, tmp_path: Path) -> None:
    code, _, err = cli(
        "survey", "follow-up", "-o", str(tmp_path / "x"), "-f", "pdf", "--database", small_survey
    )
    assert code == 2 and "--format" in err and "Traceback" not in err
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, _, err = cli("survey", "follow-up", "-o", str(blocker), "--database", small_survey)
    assert code == 2 and str(blocker) in err and "Traceback" not in err
    empty = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    code, _, err = cli("survey", "follow-up", "-o", str(tmp_path / "y"), "--database", empty)
    assert code == 2 and "Traceback" not in err
    assert not (tmp_path / "y").exists()


def test_french_messages(cli, small_survey: str, tmp_path: Path) -> None:
    code, _, err = cli(
        "survey",
        "follow-up",
        "-o",
        str(tmp_path / "out"),
        "--lang",
        "fr",
        "--database",
        small_survey,
    )
    assert code == 0 and "formulaires pré-remplis" in err


@pytest.mark.slow
def test_libreoffice_opens_a_follow_up_template(cli, small_survey: str, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    code, _, err = cli("survey", "follow-up", "-o", str(folder), "--database", small_survey)
    assert code == 0, err
    profile = f"file:///tmp/lo-{uuid.uuid4().hex}"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "txt:Text",
            "--outdir",
            str(tmp_path / "txt"),
            str(folder / "FRA-france.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = (tmp_path / "txt" / "FRA-france.txt").read_text(encoding="utf-8-sig")
    assert "France" in text and "focal@douane.example" in text
    assert "Installation de panneaux solaires" in text and "enquête 2025" in text

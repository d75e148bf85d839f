"""The survey: import with located errors, figures by region, report formats, validation."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook, load_workbook

from gcat.classify.labels import AREAS, DOMAINS
from gcat.limits import MAX_SURVEY_ROWS
from gcat.members import packaged_members
from gcat.services.database import open_database


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


RESPONSES = ["member", "responded", "consent_to_share", "date", "contact_email"]


@pytest.fixture
def files(tmp_path: Path):
    responses = _csv(
        tmp_path / "responses.csv",
        RESPONSES,
        [
            ["France", "yes", "yes", "2025-04-02", "focal@douane.example"],
            ["Sénégal", "oui", "non", "", ""],
            ["MEX", "sí", "no", "", ""],
            ["Japan", "no", "no", "", ""],
        ],
    )
    initiatives = _csv(
        tmp_path / "initiatives.csv",
        ["member", "text", "lang", "id"],
        [
            [
                "France",
                '=HYPERLINK("http://x.example") <script>alert(1)</script> saisie de déchets',
                "fr",
                "fr-2",
            ],
            [
                "France",
                "Installation de panneaux solaires sur le bâtiment de la direction",
                "",
                "fr-1",
            ],
            ["Senegal", "Formation des agents au contrôle des SAO", "", ""],
            ["Mexico", "Ventanilla única con permisos CITES electrónicos", "es", ""],
        ],
    )
    return responses, initiatives


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'gcat.sqlite3'}"


def test_import_then_report_counts_against_the_member_list(
    cli, classifier_model: Path, files, tmp_path: Path
) -> None:
    responses, initiatives = files
    db = _db(tmp_path)
    code, _, err = cli(
        "survey", "import", str(responses), str(initiatives), "--year", "2025", "--database", db
    )
    assert code == 0, err
    code, out, err = cli("survey", "report", "--format", "json", "--database", db)
    assert code == 0, err
    report = json.loads(out)
    assert report["year"] == 2025 and report["members"] == 186
    assert (report["responded"], report["with_initiatives"], report["consenting"]) == (3, 3, 1)
    assert report["initiatives"] == 4 and report["response_rate"] == round(300 / 186, 1)
    assert sum(r["members"] for r in report["by_region"]) == 186
    assert sum(r["responded"] for r in report["by_region"]) == 3
    assert set(report["thematic_areas"]) == set(AREAS) and set(report["gcat_domains"]) == set(
        DOMAINS
    )
    assert sum(report["primary_thematic_areas"].values()) == 4
    assert report["consenting_members"][0]["member"] == "FRA"
    assert "focal@" not in out  # contacts never in the report


def test_importing_again_replaces_the_survey_of_the_year(
    cli, classifier_model: Path, files, tmp_path: Path
) -> None:
    responses, initiatives = files
    db = _db(tmp_path)
    assert (
        cli(
            "survey", "import", str(responses), str(initiatives), "--year", "2024", "--database", db
        )[0]
        == 0
    )
    only = _csv(tmp_path / "one.csv", RESPONSES, [["Peru", "yes", "no", "", ""]])
    assert cli("survey", "import", str(only), "--year", "2024", "--database", db)[0] == 0
    report = json.loads(cli("survey", "report", "--database", db, "--year", "2024")[1])
    assert (report["responded"], report["initiatives"]) == (1, 0)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["Valdoria", "yes", "no"]], ["responses.csv:2", "Valdoria"]),
        ([["France", "yes", "no"], ["france", "no", "no"]], ["responses.csv:3", "line 2"]),
        ([["France", "maybe", "no"]], ["responses.csv:2", "responded", "maybe"]),
        ([["France", "no", "yes"]], ["responses.csv:2", "consent_to_share"]),
        ([["France", "yes", "no", "02/04/2025"]], ["responses.csv:2", "date"]),
        ([["France", "yes", "no", "", "not an address"]], ["responses.csv:2", "contact_email"]),
    ],
)
def test_bad_responses_get_a_located_message_and_nothing_is_written(
    cli, tmp_path: Path, rows: list[list[str]], expected: list[str]
) -> None:
    path = _csv(
        tmp_path / "responses.csv", RESPONSES, [row + [""] * (5 - len(row)) for row in rows]
    )
    db = _db(tmp_path)
    code, _, err = cli("survey", "import", str(path), "--database", db)
    assert code == 2
    for text in expected:
        assert text in err
    code, _, err = cli("survey", "report", "--database", db)
    assert code == 2 and "gcat survey import" in err


def test_an_unknown_member_gets_the_closest_names(cli, tmp_path: Path) -> None:
    path = _csv(tmp_path / "responses.csv", RESPONSES, [["Frence", "yes", "no", "", ""]])
    code, _, err = cli("survey", "import", str(path), "--database", _db(tmp_path), "--lang", "fr")
    assert code == 2 and "responses.csv:2" in err and "France" in err


def test_an_initiative_of_a_member_that_did_not_respond_is_refused(cli, tmp_path: Path) -> None:
    responses = _csv(tmp_path / "r.csv", RESPONSES, [["Chile", "no", "no", "", ""]])
    initiatives = _csv(tmp_path / "i.csv", ["member", "text"], [["Chile", "Decomiso de madera"]])
    code, _, err = cli(
        "survey", "import", str(responses), str(initiatives), "--database", _db(tmp_path)
    )
    assert code == 2 and "i.csv:2" in err


def test_a_100000_row_table_is_refused_over_the_stated_limit(cli, tmp_path: Path) -> None:
    names = [m.name for m in packaged_members()]
    path = tmp_path / "huge.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("member,responded,consent_to_share\n")
        for n in range(100_000):
            handle.write(f"{names[n % len(names)]},yes,no\n")
    code, _, err = cli("survey", "import", str(path), "--database", _db(tmp_path))
    assert code == 2
    assert str(MAX_SURVEY_ROWS) in err and f"huge.csv:{MAX_SURVEY_ROWS + 2}" in err


def test_an_xlsx_with_both_sheets_imports(cli, classifier_model: Path, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "responses"
    sheet.append(["member", "responded", "consent_to_share"])
    sheet.append(["Kenya", "Yes", "Yes"])
    sheet.append(["Ghana", "No", "No"])
    other = book.create_sheet("initiatives")
    other.append(["member", "text"])
    other.append(["Kenya", "Electric vehicles for the patrol fleet at the border posts"])
    path = tmp_path / "survey.xlsx"
    book.save(path)
    db = _db(tmp_path)
    code, _, err = cli("survey", "import", str(path), "--database", db, "--year", "2023")
    assert code == 0, err
    report = json.loads(cli("survey", "report", "--database", db)[1])
    assert (report["responded"], report["initiatives"], report["consenting"]) == (1, 1, 1)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, classifier_model: Path) -> str:
    from gcat.policy.access import local_actor
    from gcat.services.survey import import_demo

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}"
    import_demo(local_actor("test"), open_database(url))
    return url


def test_the_demo_survey_reproduces_the_published_figures(cli, demo_db: str) -> None:
    report = json.loads(cli("survey", "report", "--database", demo_db)[1])
    assert (report["members"], report["responded"], report["response_rate"]) == (186, 109, 58.6)
    assert (report["with_initiatives"], report["consenting"]) == (88, 28)
    assert report["demo"] is True and report["note"] == "demo data — fictional answers"
    for key in ("members", "responded", "with_initiatives", "consenting", "initiatives"):
        assert sum(row[key] for row in report["by_region"]) == report[key]
    for row in report["by_region"]:
        assert row["rate"] == round(100 * row["responded"] / row["members"], 1)
    assert len(report["consenting_members"]) == 28


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_report_formats_carry_the_demo_label(cli, demo_db: str, tmp_path: Path, lang: str) -> None:
    from gcat.i18n import message

    banner = message("survey.demo_banner", lang)
    html = tmp_path / "r.html"
    assert (
        cli(
            "survey", "report", "-f", "html", "-o", str(html), "--lang", lang, "--database", demo_db
        )[0]
        == 0
    )
    page = html.read_text("utf-8")
    assert banner.split(" — ")[0] in page and "<svg" in page and 'role="img"' in page
    assert ("58.6%" if lang == "en" else "58,6\u00a0%") in page
    xlsx = tmp_path / "r.xlsx"
    assert (
        cli(
            "survey", "report", "-f", "xlsx", "-o", str(xlsx), "--lang", lang, "--database", demo_db
        )[0]
        == 0
    )
    book = load_workbook(xlsx)
    assert len(book.worksheets) == 5
    assert book.worksheets[0]["A1"].value == banner
    word = tmp_path / "r.docx"
    assert (
        cli(
            "survey", "report", "-f", "docx", "-o", str(word), "--lang", lang, "--database", demo_db
        )[0]
        == 0
    )
    text = "\n".join(p.text for p in docx.Document(str(word)).paragraphs)
    assert banner in text and "109" in text


def test_initiative_text_is_escaped_and_formulas_neutralised(
    cli, classifier_model: Path, files, tmp_path: Path
) -> None:
    responses, initiatives = files
    db = _db(tmp_path)
    assert cli("survey", "import", str(responses), str(initiatives), "--database", db)[0] == 0
    html = tmp_path / "r.html"
    assert cli("survey", "report", "-f", "html", "-o", str(html), "--database", db)[0] == 0
    page = html.read_text("utf-8")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    xlsx = tmp_path / "r.xlsx"
    assert cli("survey", "report", "-f", "xlsx", "-o", str(xlsx), "--database", db)[0] == 0
    follow = load_workbook(xlsx).worksheets[4]
    values = [str(c.value) for row in follow.iter_rows() for c in row if c.value]
    assert any(v.startswith("'=HYPERLINK") for v in values)
    assert not any(v.startswith("=") for v in values)
    validation = tmp_path / "v.html"
    assert cli("survey", "validate", "-f", "html", "-o", str(validation), "--database", db)[0] == 0
    assert "<script>alert" not in validation.read_text("utf-8")


def test_validate_lists_evidence_untouched_indicators_and_gaps(
    cli, demo_db: str, framework, tmp_path: Path
) -> None:
    code, out, err = cli("survey", "validate", "--database", demo_db)
    assert code == 0, err
    result = json.loads(out)
    assert set(result["domains"]) == set(DOMAINS)
    listed = [i["id"] for d in result["domains"].values() for i in d["indicators"]]
    assert sorted(listed) == sorted(framework.indicators)
    untouched = {
        i["id"]
        for d in result["domains"].values()
        for i in d["indicators"]
        if i["initiatives"] == 0
    }
    assert set(result["untouched_indicators"]) == untouched
    assert all(g["best_score"] < result["threshold"] for g in result["unmapped_initiatives"])
    assert set(result["coverage"]) == set(AREAS)
    assert all(set(row) == set(DOMAINS) for row in result["coverage"].values())
    word = tmp_path / "v.docx"
    assert (
        cli(
            "survey",
            "validate",
            "-f",
            "docx",
            "-o",
            str(word),
            "--lang",
            "es",
            "--database",
            demo_db,
        )[0]
        == 0
    )
    assert "Cobertura" in "\n".join(p.text for p in docx.Document(str(word)).paragraphs)


def test_the_pdf_report_is_set_by_typst_and_labelled_demo(
    cli, demo_db: str, tmp_path: Path
) -> None:
    import subprocess

    pdf = tmp_path / "r.pdf"
    code, _, err = cli(
        "survey", "report", "-f", "pdf", "-o", str(pdf), "--lang", "es", "--database", demo_db
    )
    assert code == 0, err
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Datos de demostración" in text and "58,6" in text and "Limitaciones" in text


def test_retrain_learns_the_confirmed_decisions(
    cli, classifier_model: Path, files, tmp_path: Path
) -> None:
    import shutil

    from gcat.classify.model import load_model
    from gcat.policy.access import local_actor
    from gcat.services import review

    responses, initiatives = files
    db = _db(tmp_path)
    assert cli("survey", "import", str(responses), str(initiatives), "--database", db)[0] == 0
    engine = open_database(db)
    item = review.review_queue(local_actor("analyst"), engine)[0]
    review.decide(
        local_actor("analyst"),
        engine,
        item.id,
        thematic_areas=["capacity_building", "international_collaboration"],
        gcat_domains=["capacity_building"],
        note="checked",
    )
    folder = tmp_path / "model"
    shutil.copytree(classifier_model, folder)
    code, _, err = cli("classify", "retrain", "--database", db, "--model", str(folder))
    assert code == 0, err and "1" in err
    model = load_model(folder)
    confirmed = [e for e in model.examples if e.source == "confirmed"]
    assert [e.text for e in confirmed] == [item.text]
    assert confirmed[0].thematic_areas == ("capacity_building", "international_collaboration")
    assert model.info["confirmed"] == 1

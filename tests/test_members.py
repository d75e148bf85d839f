"""The WCO member list: packaged data, forgiving matching, the Secretariat's override."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from gcat.errors import ForbiddenError, InputError, UnknownMemberError
from gcat.members import load_members, match_member, packaged_members, proposer_key
from gcat.policy.access import Actor, Role
from gcat.services.database import open_database
from gcat.services.members import import_member_list

EXPECTED_COUNTS = {
    "esa": 24,
    "wca": 24,
    "mena": 18,
    "europe": 52,
    "asia_pacific": 35,
    "americas": 33,
}


def test_the_packaged_list_has_186_members_in_six_regions_and_the_eu_apart() -> None:
    members = packaged_members()
    assert len(members) == 186
    assert members.counts() == EXPECTED_COUNTS
    assert [entry.name for entry in members.special] == ["European Union"]
    assert members.find("EU") == members.special[0]
    assert members.special[0] not in list(members)
    assert members.as_of == "2025-06-30"
    for lang in ("en", "fr", "es"):
        assert "186" in members.source_note(lang)
        for region in members.regions:
            assert region.name(lang) and region.short_name(lang)


def test_every_member_has_three_names_and_an_iso_code_or_none() -> None:
    members = packaged_members()
    codes = [member.code for member in members]
    assert [m.name for m in members if m.code is None] == ["Kosovo"]
    assert len({code for code in codes if code}) == 185
    for member in members.entries():
        assert member.code is None or (len(member.code) == 3 and member.code.isupper())
        assert all(member.names[lang].strip() for lang in ("en", "fr", "es")), member
        assert member.name == member.names["en"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Indonesia", "IDN"),
        ("INDONESIA", "IDN"),
        ("l'Indonésie", "IDN"),
        ("L’Indonésie", "IDN"),
        ("Indonesia's delegation", "IDN"),
        ("la délégation de l'Indonésie", "IDN"),
        ("ajout proposé par l'Indonésie", "IDN"),
        ("addition proposed by Indonesia", "IDN"),
        ("Republic of Indonesia", "IDN"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("cote d ivoire", "CIV"),
        ("Costa de Marfil", "CIV"),
        ("Korea", "KOR"),
        ("Republic of Korea", "KOR"),
        ("Korea, Republic of", "KOR"),
        ("Corée du Sud", "KOR"),
        ("República de Corea", "KOR"),
        ("Korea Customs Service", "KOR"),
        ("kor", "KOR"),
        ("DEU", "DEU"),
        ("Allemagne", "DEU"),
        ("Alemania", "DEU"),
        ("Congo", "COG"),
        ("RDC", "COD"),
        ("Democratic Republic of Congo", "COD"),
        ("Guinée", "GIN"),
        ("Guinea Bissau", "GNB"),
        ("Guinée équatoriale", "GNQ"),
        ("Niger", "NER"),
        ("Nigéria", "NGA"),
        ("Sudan", "SDN"),
        ("South-Sudan", "SSD"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("Swaziland", "SWZ"),
        ("Hong Kong, China", "HKG"),
        ("Macau", "MAC"),
        ("the Netherlands", "NLD"),
        ("Pays-Bas", "NLD"),
        ("États-Unis", "USA"),
        ("Estados Unidos", "USA"),
        ("delegación de México", "MEX"),
        ("Bosnia & Herzegovina", "BIH"),
        ("Viet-Nam", "VNM"),
        ("St Lucia", "LCA"),
        ("Palaos", "PLW"),
        ("Solomon Islands", "SLB"),
        ("Suriname", "SUR"),
    ],
)
def test_matching_forgives_case_accents_apostrophes_languages_and_running_text(
    text: str, code: str
) -> None:
    assert match_member(text).code == code


def test_kosovo_and_the_eu_are_matched_by_name() -> None:
    assert match_member("Kosovo").key == "kosovo"
    assert match_member("Union européenne").special
    assert match_member("la Unión Europea").name == "European Union"


def test_an_unknown_name_gets_the_closest_names_in_the_users_language() -> None:
    with pytest.raises(UnknownMemberError) as caught:
        match_member("Indonsia", lang="fr", source="practice.yaml", line=3, field="member")
    assert caught.value.suggestions[0].code == "IDN"
    text = caught.value.localized("fr")
    assert text.startswith("practice.yaml:3: member: « Indonsia »")
    assert "Indonésie" in text
    with pytest.raises(UnknownMemberError) as caught:
        match_member("Valdoria")
    assert caught.value.suggestions == []
    assert "ISO code" in caught.value.localized("en")
    # A non-member is not silently matched to a neighbour.
    assert packaged_members().find("Dominica") is None
    assert packaged_members().suggest("Dominica")[0].code == "DOM"


def test_the_proposer_key_keeps_only_the_name() -> None:
    assert proposer_key("Indonesia's delegation") == "indonesia"
    assert proposer_key("suppression proposée par l'Indonésie") == "indonesie"
    assert proposer_key("Delegación de México") == "mexico"


def test_regions_are_found_by_id_or_any_name() -> None:
    members = packaged_members()
    for text in ("asia_pacific", "Asia/Pacific", "Asie/Pacifique", "ASIA/PACÍFICO"):
        region = members.find_region(text)
        assert region is not None and region.id == "asia_pacific"
    assert members.find_region("Afrique occidentale et centrale").id == "wca"  # type: ignore[union-attr]
    assert members.find_region("Atlantis") is None


def test_members_list_json_is_the_stable_shape(cli, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    code, out, _ = cli("members", "list", "--json", "--database", database)
    assert code == 0
    data = json.loads(out)
    assert len(data) == 186
    assert all(set(item) == {"name", "code", "region", "names"} for item in data)
    assert all(set(item["names"]) == {"en", "fr", "es"} for item in data)
    france = next(item for item in data if item["code"] == "FRA")
    assert france == {
        "name": "France",
        "code": "FRA",
        "region": "europe",
        "names": {"en": "France", "fr": "France", "es": "Francia"},
    }


def test_members_list_text_shows_counts_the_eu_apart_and_the_source(cli, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    code, out, _ = cli("members", "list", "--lang", "fr", "--database", database)
    assert code == 0
    out = " ".join(out.split())
    assert "Côte d'Ivoire" in out and "Allemagne" in out
    assert "186 Membres" in out
    assert "Union européenne" in out
    assert "30 juin 2025" in out
    code, out, _ = cli("members", "list", "--region", "mena", "--json", "--database", database)
    assert len(json.loads(out)) == 18


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_secretariat_replaces_the_list_from_csv_or_xlsx(cli, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    csv_file = tmp_path / "members.csv"
    csv_file.write_text(
        "nom;code;région\nIndonésie;IDN;Asie/Pacifique\n"
        "Saint-Vincent-et-les-Grenadines;VCT;americas\nUnion européenne;;Europe\n",
        "utf-8",
    )
    code, out, err = cli("members", "import", str(csv_file), "--database", database)
    assert code == 0, err
    assert "2 Members" in out
    members = load_members(open_database(database))
    assert [m.code for m in members] == ["IDN", "VCT"]
    indonesia = members.by_code("IDN")
    assert indonesia is not None and indonesia.name == "Indonesia"
    assert indonesia.names["fr"] == "Indonésie"
    assert members.find("Indonesia's delegation") == indonesia  # aliases and names kept
    assert [entry.name for entry in members.special] == ["European Union"]

    workbook = tmp_path / "members.xlsx"
    workbook.write_bytes(
        _xlsx([["name", "code", "region", "name_fr"], ["Valdoria", "", "Europe", "Valdorie"]])
    )
    code, _, err = cli("members", "import", str(workbook), "--database", database)
    assert code == 0, err
    (valdoria,) = load_members(open_database(database))
    assert (valdoria.code, valdoria.region, valdoria.names["fr"]) == (None, "europe", "Valdorie")

    code, _, _ = cli("members", "reset", "--database", database)
    assert code == 0
    assert len(load_members(open_database(database))) == 186


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("name;region\nFrance;Europe\n", "members.csv:1: the first row must name"),
        ("name;code;region\nFrance;FRA;Atlantis\n", 'members.csv:2: region: "Atlantis" is not'),
        ("name;code;region\nFrance;FR;Europe\n", 'members.csv:2: code: "FR" is not an ISO'),
        (
            "name;code;region\nFrance;FRA;Europe\nFrench Republic;FRA;Europe\n",
            "members.csv:3: code: this ISO code is already used on row 2",
        ),
        ("name;code;region\n;FRA;Europe\n", "members.csv:2: name: a non-empty text"),
        ("name;code;region\n", "members.csv: the file holds no Member"),
        ("name;code;region\n" + "x" * 300 + ";;Europe\n", "members.csv:2: name: the text is"),
    ],
)
def test_a_bad_member_file_gets_one_located_message_and_changes_nothing(
    cli, tmp_path: Path, content: str, expected: str
) -> None:
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    path = tmp_path / "members.csv"
    path.write_text(content, "utf-8")
    code, _, err = cli("members", "import", str(path), "--database", database)
    assert code == 2
    assert expected in " ".join(err.split())
    assert len(load_members(open_database(database))) == 186


def test_hostile_member_files_are_refused(cli, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    cases = {
        "latin1.csv": "name;code;region\nAlgérie;DZA;mena\n".encode("latin-1"),
        "binary.csv": b"name;code;region\n\x00\x01\x02",
        "formula.xlsx": _xlsx([["name", "code", "region"], ['=HYPERLINK("x")', "FRA", "europe"]]),
        "fake.xlsx": b"PK\x03\x04 not really a zip",
    }
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (120 * 1024 * 1024))
    cases["bomb.xlsx"] = bomb.getvalue()
    expected = {
        "latin1.csv": "not UTF-8",
        "binary.csv": "not a text file",
        "formula.xlsx": "formula.xlsx:2: A2: a formula is not accepted",
        "fake.xlsx": "not a XLSX file",
        "bomb.xlsx": "would unpack to more than",
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        code, _, err = cli("members", "import", str(path), "--database", database)
        assert code == 2, name
        assert expected[name] in " ".join(err.split()), (name, err)
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    code, _, err = cli("members", "import", str(big), "--database", database)
    assert code == 2 and "20 MB" in err
    assert len(load_members(open_database(database))) == 186


def test_only_the_secretariat_may_replace_the_list(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    member_user = Actor("officer", Role.RESPONDENT, administration_id=1)
    with pytest.raises(ForbiddenError):
        import_member_list(member_user, engine, b"name;code;region\nFrance;FRA;europe\n", "m.csv")
    secretariat = Actor("analyst", Role.SECRETARIAT)
    members = import_member_list(
        secretariat, engine, b"name;code;region\nFrance;FRA;europe\n", "m.csv"
    )
    assert [m.code for m in members] == ["FRA"]
    with pytest.raises(InputError):
        import_member_list(secretariat, engine, b"name;code;region\nFrance;FRA;mars\n", "m.csv")
    assert [m.code for m in load_members(engine)] == ["FRA"]

"""The bracket-notation importer on the real Annex II of the source document, read in place.

The draft declaration in Annex II carries ten bracketed changes from three proposers
(Indonesia, the Republic of Korea and the Secretariat); two additions sit right next to a
deletion by the same proposer, so they are two replacements, and eight amendments in all.
The expected texts after accepting or rejecting everything are computed here from the raw
annex with a deliberately simple, independent rule, then compared with the importer's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gcat.core.amendments import Action, Change, layout, text_after
from gcat.core.bracket_notation import ParsedText, parse_notation
from gcat.declarations.proposers import make_resolver
from gcat.declarations.reader import read_text

SEED_NAME = "000_2547a36fc564754a.txt"
ANNEX_START = "DÉCLARATION DU CONSEIL DE COOPÉRATION DOUANIÈRE"


def seed_path() -> Path:
    """The source document: ``shared/seed/`` in a parent folder of the repository."""
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "seed" / SEED_NAME
        if candidate.is_file():
            return candidate
    pytest.fail(f"the source document shared/seed/{SEED_NAME} is not beside the repository")


@pytest.fixture(scope="module")
def annex() -> str:
    text = seed_path().read_text("utf-8")
    return text[text.index(ANNEX_START) :]


@pytest.fixture(scope="module")
def parsed(annex: str) -> ParsedText:
    read = read_text(annex.encode("utf-8"), "annex-ii.txt")
    return parse_notation(read.paragraphs, make_resolver())


NOTE = r"\s*\(\*?(?P<kind>ajout|suppression) proposée? par (?P<who>[^)*]+)\*?\)"
BRACKET = re.compile(r"\[(?P<content>[^\]]*)\]" + NOTE)


def oracle(paragraph: str, keep: str) -> str:
    """The paragraph with additions (``keep="ajout"``) or deletions kept, the rest removed."""
    text = BRACKET.sub(lambda m: m["content"] if m["kind"] == keep else "", paragraph)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" ([,;.])", r"\1", text)


def amended_paragraphs(annex: str) -> list[str]:
    """The lines with brackets (each amended paragraph or item is one line of the annex)."""
    return [re.sub(r"^\s*- ", "", line).strip() for line in annex.splitlines() if "[" in line]


def test_ten_bracketed_changes_from_three_proposers(annex: str) -> None:
    found = BRACKET.findall(annex)
    assert len(found) == 10
    assert len(re.findall(r"\[", annex)) == 10


def test_every_amendment_with_its_action_text_and_proposer(parsed: ParsedText) -> None:
    got = [(a.action, a.text, a.quoted, a.proposer) for a in parsed.amendments]
    long_list = parsed.amendments[2].quoted
    assert long_list.startswith("l'Accord de Paris sur le climat, la Convention de Bâle")
    assert long_list.endswith("menacées d'extinction (CITES)")
    hs = parsed.amendments[6].quoted
    assert hs == "afin d'y inclure davantage de dispositions spécifiques concernant les"
    assert got == [
        (
            Action.INSERT,
            "prévenir et contrer/com battre les activités illicites, tout en",
            "",
            "Indonesia",
        ),
        (Action.INSERT, "licites", "", "Indonesia"),
        (Action.REPLACE, "les accords multilatéraux sur l'environnement", long_list, "Indonesia"),
        (Action.INSERT, "d'espèces sauvages,", "", "Republic of Korea"),
        (Action.DELETE, "", "et", "Secretariat"),
        (
            Action.INSERT,
            "et d'autres substances réglementées par des accords multilatéraux sur "
            "l'environnement;",
            "",
            "Secretariat",
        ),
        (Action.REPLACE, "faciliter la désignation et la classification des", hs, "Secretariat"),
        (Action.INSERT, "et d'espèces menacées d'extinction", "", "Republic of Korea"),
    ]
    assert {a.proposer for a in parsed.amendments} == {
        "Indonesia",
        "Republic of Korea",
        "Secretariat",
    }
    # five amended parts: two preamble paragraphs of Indonesia's, one with three changes,
    # and two operative items
    assert [a.part for a in parsed.amendments] == [6, 6, 9, 11, 11, 11, 23, 24]
    assert all(a.cosigners == () for a in parsed.amendments)


def _texts(parsed: ParsedText, accept: bool) -> dict[int, str]:
    changes: dict[int, list[Change]] = {}
    for n, a in enumerate(parsed.amendments):
        if accept:
            changes.setdefault(a.part, []).append(Change(a.start, a.end, a.text, f"A{n}", "x"))
    out = {}
    for number, (_, base) in enumerate(parsed.parts, 1):
        segments = layout(base, changes.get(number, []))
        assert "".join(s.text for s in segments if s.kind != "ins") == base
        out[number] = text_after(segments)
    return out


def test_rejecting_all_gives_the_base_text(annex: str, parsed: ParsedText) -> None:
    texts = _texts(parsed, accept=False)
    amended = [texts[n] for n in (6, 9, 11, 23, 24)]
    assert amended == [oracle(p, keep="suppression") for p in amended_paragraphs(annex)]
    assert "des douanes pour facilitant les échanges commerciaux qui favorisent" in texts[6]
    assert "trafic illicite de déchets, et de substances appauvrissant" in texts[11]
    assert texts[11].endswith("la couche d'ozone")


def test_accepting_all_gives_the_amended_text(annex: str, parsed: ParsedText) -> None:
    texts = _texts(parsed, accept=True)
    amended = [texts[n] for n in (6, 9, 11, 23, 24)]
    assert amended == [oracle(p, keep="ajout") for p in amended_paragraphs(annex)]
    assert (
        "pour prévenir et contrer/com battre les activités illicites, tout en facilitant"
        in (texts[6])
    )
    assert "les échanges commerciaux licites qui favorisent" in texts[6]
    assert texts[9].startswith(
        "S'appuyant sur les accords multilatéraux sur l'environnement en tant que cadres"
    )
    assert (
        "de déchets, d'espèces sauvages, de substances appauvrissant la couche d'ozone et"
        in (texts[11])
    )
    assert (
        "(SH) afin de faciliter la désignation et la classification des biens ayant" in (texts[23])
    )
    assert texts[24].endswith("pour l'environnement et d'espèces menacées d'extinction; et")


def test_unamended_parts_are_the_text_as_written(annex: str, parsed: ParsedText) -> None:
    whole = " ".join(annex.split())
    amended = {a.part for a in parsed.amendments}
    assert len(parsed.parts) == 27
    for number, (_, text) in enumerate(parsed.parts, 1):
        if number not in amended:
            assert text in whole, text[:60]

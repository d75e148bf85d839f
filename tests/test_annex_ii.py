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


PROPOSERS = {
    "l'Indonésie": "Indonesia",
    "la Corée": "Republic of Korea",
    "le Secrétariat": "Secretariat",
}


def expected_amendments(annex: str) -> list[tuple[Action, str, str, str]]:
    """(action, new text, quoted text, proposer) read from the raw annex by the simple rule:
    an addition right next to a deletion by the same proposer is one replacement."""
    found = list(BRACKET.finditer(annex))
    out: list[tuple[Action, str, str, str]] = []
    index = 0
    while index < len(found):
        here = found[index]
        who = PROPOSERS[here["who"].strip()]
        after = found[index + 1] if index + 1 < len(found) else None
        if (
            after is not None
            and not annex[here.end() : after.start()].strip()
            and after["kind"] != here["kind"]
            and PROPOSERS[after["who"].strip()] == who
        ):
            added, deleted = (here, after) if here["kind"] == "ajout" else (after, here)
            out.append((Action.REPLACE, added["content"], deleted["content"], who))
            index += 2
            continue
        if here["kind"] == "ajout":
            out.append((Action.INSERT, here["content"], "", who))
        else:
            out.append((Action.DELETE, "", here["content"], who))
        index += 1
    return out


def test_every_amendment_with_its_action_text_and_proposer(annex: str, parsed: ParsedText) -> None:
    got = [(a.action, a.text, a.quoted, a.proposer) for a in parsed.amendments]
    assert got == expected_amendments(annex)
    indonesia, korea, secretariat = "Indonesia", "Republic of Korea", "Secretariat"
    assert [(a.action, a.proposer) for a in parsed.amendments] == [
        (Action.INSERT, indonesia),
        (Action.INSERT, indonesia),
        (Action.REPLACE, indonesia),  # a new phrase in place of the list of six agreements
        (Action.INSERT, korea),
        (Action.DELETE, secretariat),
        (Action.INSERT, secretariat),
        (Action.REPLACE, secretariat),  # the Harmonized System item reworded
        (Action.INSERT, korea),
    ]
    assert parsed.amendments[1].text.count(" ") == 0  # a one-word insertion
    assert len(parsed.amendments[2].quoted) > 400  # the long list of agreements
    assert parsed.amendments[4].quoted.count(" ") == 0  # a one-word deletion
    # five amended parts: two preamble paragraphs, one with three changes, two operative items
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


def readable(text: str) -> bool:
    return "  " not in text and " ," not in text and not text.startswith(" ")


def test_rejecting_all_gives_the_base_text(annex: str, parsed: ParsedText) -> None:
    texts = _texts(parsed, accept=False)
    amended = [texts[n] for n in (6, 9, 11, 23, 24)]
    assert amended == [oracle(p, keep="suppression") for p in amended_paragraphs(annex)]
    assert all(readable(text) for text in texts.values())
    assert all("[" not in text and "proposé" not in text for text in texts.values())


def test_accepting_all_gives_the_amended_text(annex: str, parsed: ParsedText) -> None:
    texts = _texts(parsed, accept=True)
    amended = [texts[n] for n in (6, 9, 11, 23, 24)]
    assert amended == [oracle(p, keep="ajout") for p in amended_paragraphs(annex)]
    assert all(readable(text) for text in texts.values())
    for action, new, old, _ in expected_amendments(annex):
        if action is not Action.DELETE:
            assert any(new in text for text in texts.values())
        if action is Action.REPLACE:
            assert not any(old in text for text in texts.values())


def test_unamended_parts_are_the_text_as_written(annex: str, parsed: ParsedText) -> None:
    whole = " ".join(annex.split())
    amended = {a.part for a in parsed.amendments}
    assert len(parsed.parts) == 27
    for number, (_, text) in enumerate(parsed.parts, 1):
        if number not in amended:
            assert text in whole, text[:60]

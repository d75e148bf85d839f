"""The bracket-notation importer: phrasings, formats, proposers, located errors, hostile input."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from gcat.core.amendments import Action, PartKind
from gcat.core.bracket_notation import ParsedText, parse_notation
from gcat.core.refusal import Refused
from gcat.declarations.proposers import make_resolver, match_key
from gcat.declarations.reader import read_text
from gcat.errors import InputError

S = "(ajout proposé par le Secrétariat)"
RESOLVE = make_resolver(extra={"Valdoria": "Valdoria", "Norlandia": "Norlandia"})


def parse(text: str, name: str = "draft.txt") -> ParsedText:
    read = read_text(text.encode("utf-8"), name, title_from_text=False)
    return parse_notation(read.paragraphs, RESOLVE)


def refusal(text: str, name: str = "draft.txt") -> list[tuple[str, int | None, int | None]]:
    with pytest.raises(Refused) as caught:
        parse(text, name)
    return [(f.code, f.line, f.column) for f in caught.value.findings]


@pytest.mark.parametrize(
    ("note", "action"),
    [
        ("(ajout proposé par l'Indonésie)", Action.INSERT),
        ("(*ajout proposé par l'Indonésie*)", Action.INSERT),
        ("*(ajout proposé par l'Indonésie)*", Action.INSERT),
        ("(_addition proposed by Indonesia_)", Action.INSERT),
        ("(addition proposed by Indonesia's delegation)", Action.INSERT),
        ("(adición propuesta por Indonesia)", Action.INSERT),
        ("(Adición Propuesta Por la delegación de Indonesia)", Action.INSERT),
        ("(suppression proposée par l'Indonésie)", Action.DELETE),
        ("(deletion proposed by the delegation of Indonesia)", Action.DELETE),
        ("(supresión propuesta por Indonesia)", Action.DELETE),
    ],
)
def test_every_phrasing_in_three_languages(note: str, action: Action) -> None:
    parsed = parse(f"Customs [green] {note} trade.")
    (found,) = parsed.amendments
    assert found.action is action
    assert found.proposer == "Indonesia"
    if action is Action.INSERT:
        assert parsed.parts[0][1] == "Customs trade."
        assert (found.start, found.text) == (7, "green")  # before the space
    else:
        assert parsed.parts[0][1] == "Customs green trade."
        assert found.quoted == "green"


def test_addition_next_to_a_deletion_by_the_same_proposer_is_one_replacement() -> None:
    text = (
        "Members [shall] (deletion proposed by the Secretariat) [should] (addition proposed by "
        "the Secretariat) act; [now] (addition proposed by Valdoria) [soon] (deletion proposed "
        "by Norlandia)."
    )
    parsed = parse(text)
    assert parsed.parts[0][1] == "Members shall act; soon."
    assert [(a.action, a.quoted, a.text, a.proposer) for a in parsed.amendments] == [
        (Action.REPLACE, "shall", "should", "Secretariat"),
        (Action.INSERT, "", "now", "Valdoria"),
        (Action.DELETE, "soon", "", "Norlandia"),
    ]


def test_co_signers_and_normalised_names() -> None:
    parsed = parse("Customs [green] (ajout proposé par l'Indonésie et la Corée) trade.")
    (found,) = parsed.amendments
    assert (found.proposer, found.cosigners) == ("Indonesia", ("Republic of Korea",))
    assert match_key("l'Indonésie") == match_key("Indonésie") == "indonesie"
    assert match_key("Indonesia's delegation") == match_key("the Indonesia") == "indonesia"
    assert RESOLVE("l'Indonésie") == RESOLVE("Indonesia's delegation") == "Indonesia"
    for written in ("le Secrétariat", "the WCO Secretariat", "la Secretaría", "SECRETARIAT"):
        assert RESOLVE(written) == "Secretariat"
    assert RESOLVE("le Comité technique permanent") == "Permanent Technical Committee"
    assert RESOLVE("la République de Corée") == "Republic of Korea"


def test_markdown_headings_lists_and_emphasis() -> None:
    text = (
        "# The Declaration\n\nPreamble with [*green*] (*addition proposed by Valdoria*) words.\n\n"
        "- first item\n- second [item] (deletion proposed by Norlandia)\n1. numbered\n"
    )
    read = read_text(text.encode(), "draft.md")
    assert read.title == "The Declaration"
    parsed = parse_notation(read.paragraphs, RESOLVE)
    assert [kind for kind, _ in parsed.parts] == [
        PartKind.PARAGRAPH,
        PartKind.ITEM,
        PartKind.ITEM,
        PartKind.ITEM,
    ]
    assert parsed.amendments[0].text == "green"
    assert parsed.parts[2][1] == "second item"


def test_word_documents_are_read_with_their_styles(tmp_path) -> None:
    document = docx.Document()
    document.add_heading("A Declaration", 1)
    paragraph = document.add_paragraph("Customs [green] ")
    paragraph.add_run(S).italic = True
    paragraph.add_run(" trade.")
    document.add_paragraph("An item", style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    read = read_text(out.getvalue(), "draft.docx")
    assert read.title == "A Declaration"
    parsed = parse_notation(read.paragraphs, RESOLVE)
    assert parsed.parts == ((PartKind.PARAGRAPH, "Customs trade."), (PartKind.ITEM, "An item"))
    assert parsed.amendments[0].proposer == "Secretariat"


def test_plain_text_title_and_wrapped_lines() -> None:
    text = (
        "Title of it\n\nA paragraph that\nwraps [here] (addition proposed by Valdoria)\nand on.\n"
    )
    read = read_text(text.encode(), "draft.txt")
    assert read.title == "Title of it"
    parsed = parse_notation(read.paragraphs, RESOLVE)
    assert parsed.parts[0][1] == "A paragraph that wraps and on."
    assert (parsed.amendments[0].line, parsed.amendments[0].column) == (4, 7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"Intro.\n\nCustoms [green {S} trade.",
            ("notation.unclosed_bracket", 3, 9),
        ),
        (
            f"Customs green] {S}.",
            ("notation.unopened_bracket", 1, 14),
        ),
        (
            f"Customs [gr[ee]n] {S}.",
            ("notation.unclosed_bracket", 1, 9),
        ),
        ("First line\nCustoms [green] trade.", ("notation.no_note", 2, 9)),
        (
            "Customs [green] (amendement de la Corée proposé par X).",
            ("notation.unknown_change", 1, 9),
        ),
        ("Customs [green] (voir le texte) trade.", ("notation.no_note", 1, 9)),
        (
            "Customs [green] (modification proposée par le Secrétariat).",
            ("notation.unknown_change", 1, 9),
        ),
        (
            f"Customs green {S} trade.",
            ("notation.note_without_bracket", 1, 15),
        ),
        (f"Customs [] {S} trade.", ("notation.empty_bracket", 1, 9)),
        (
            "Customs [green] (ajout proposé par la Lune) trade.",
            ("notation.unknown_proposer", 1, 36),
        ),
        ("  - item [green] trade.", ("notation.no_note", 1, 10)),
    ],
)
def test_problems_are_located_by_line_and_column(text: str, expected: tuple[str, int, int]) -> None:
    assert refusal(text)[0] == expected


def test_every_problem_is_reported_and_nothing_is_returned() -> None:
    text = "One [a] trade.\n\nTwo [b] (ajout proposé par X) more.\n\nThree ] end.\n"
    found = refusal(text)
    assert [code for code, _, _ in found] == [
        "notation.no_note",
        "notation.unknown_proposer",
        "notation.unopened_bracket",
    ]
    assert [line for _, line, _ in found] == [1, 3, 5]


def read_code(data: bytes, name: str) -> tuple[str, int | None]:
    with pytest.raises(InputError) as caught:
        read_text(data, name)
    first = caught.value.problems[0]
    assert first.source == name
    return first.code, first.line


def test_hostile_and_malformed_files() -> None:
    assert read_code(b"x", "draft.pdf") == ("notation.bad_format", None)
    assert read_code("ok\n\n\xff".encode("latin-1"), "draft.txt") == ("file.not_utf8", 3)
    assert read_code(b"a" * (5 * 1024 * 1024 + 1), "draft.txt")[0] == "file.too_large"
    assert read_code(b"PK\x03\x04 not really a zip", "draft.docx")[0] == "archive.not_archive"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<a>" + b" " * (30 * 1024 * 1024) + b"</a>")
    assert read_code(bomb.getvalue(), "draft.docx")[0] == "archive.too_compressed"
    entity = io.BytesIO()
    with zipfile.ZipFile(entity, "w") as archive:
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>',
        )
    assert read_code(entity.getvalue(), "draft.docx")[0] == "notation.not_docx"
    with pytest.raises(Refused, match=r"notation\.no_text"):
        parse("* * *\n\n---\n")
    cleaned = parse("Customs \u202egreen\x07 trade [x] (addition proposed by Valdoria).")
    assert cleaned.parts[0][1] == "Customs green trade."


def test_a_document_with_tracked_changes_is_refused() -> None:
    from gcat.declarations.docx import render_docx

    parsed = parse("Customs [green] (addition proposed by Valdoria) trade.")
    decl = _declaration(parsed)
    data = render_docx(decl, "tracked", "en")
    assert read_code(data, "tracked.docx") == ("notation.docx_revisions", 4)  # 4th paragraph


def _declaration(parsed: ParsedText):  # type: ignore[no-untyped-def]
    from gcat.core.amendments import Amendment, Declaration, Part, Wording

    return Declaration(
        title={"en": "T"},
        languages=("en",),
        parts=tuple(Part(n, kind, {"en": text}) for n, (kind, text) in enumerate(parsed.parts, 1)),
        amendments=tuple(
            Amendment(
                id=f"A{n}",
                part=a.part,
                action=a.action,
                proposer=a.proposer,
                lang="en",
                wordings={"en": Wording(a.start, a.end, a.quoted, a.text)},
                sequence=n,
            )
            for n, a in enumerate(parsed.amendments, 1)
        ),
    )

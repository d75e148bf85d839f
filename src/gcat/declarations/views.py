"""What every view of a declaration shares: proposer colours, labels, change notes, notation.

The texts of the views come from :func:`gcat.core.amendments.tracked` and
:func:`~gcat.core.amendments.consolidated`; this module names things in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable

from gcat.core.amendments import Action, Amendment, AmendmentStatus, Declaration, Segment
from gcat.declarations.proposers import proposer_name, proposer_written
from gcat.i18n import message

__all__ = [
    "PALETTE",
    "action_label",
    "change_note",
    "change_text",
    "in_notation",
    "notation_note",
    "proposer_colours",
    "status_label",
    "status_word",
]

PALETTE = (
    "#1f5f8b",
    "#8a3b12",
    "#2f6f3e",
    "#6b2d8f",
    "#a4262c",
    "#005f5f",
    "#7a4f00",
    "#3d4a9c",
)
"""Text colours for proposers, each at least 4.5:1 on white."""

_STATUS = {
    AmendmentStatus.PROPOSED: "amendment.status_proposed",
    AmendmentStatus.ACCEPTED: "amendment.status_accepted",
    AmendmentStatus.REJECTED: "amendment.status_rejected",
    AmendmentStatus.WITHDRAWN: "amendment.status_withdrawn",
}
_ACTION = {
    Action.INSERT: "amendment.action_insert",
    Action.DELETE: "amendment.action_delete",
    Action.REPLACE: "amendment.action_replace",
}


def proposer_colours(declaration: Declaration) -> dict[str, int]:
    """Each proposer's colour index (0–7), in the order they first appear in the text."""
    colours: dict[str, int] = {}
    for amendment in declaration.in_text_order():
        colours.setdefault(amendment.proposer, len(colours) % len(PALETTE))
    return colours


def status_word(status: AmendmentStatus, lang: str) -> str:
    """ "Proposed", "Accepted", "Rejected" or "Withdrawn"."""
    return message(_STATUS[status], lang)


def status_label(amendment: Amendment, lang: str) -> str:
    """ "Accepted", "Rejected", or "Fell (pre-empted by A3)"…"""
    if amendment.preempted_by is not None:
        return message("amendment.status_fell", lang, id=amendment.preempted_by)
    return message(_STATUS[amendment.status], lang)


def action_label(action: Action, lang: str) -> str:
    """ "Insertion", "Deletion", "Replacement"."""
    return message(_ACTION[action], lang)


def change_note(amendment: Amendment, text_lang: str, lang: str) -> str:
    """What the amendment does, in ``lang``, quoting its wording in ``text_lang``."""
    wording = amendment.wordings.get(text_lang) or amendment.wordings[amendment.lang]
    who = proposer_name(amendment.proposer, lang)
    if amendment.action is Action.INSERT:
        return message("amendment.note_insert", lang, id=amendment.id, who=who, new=wording.text)
    if amendment.action is Action.DELETE:
        return message("amendment.note_delete", lang, id=amendment.id, who=who, old=wording.quoted)
    return message(
        "amendment.note_replace",
        lang,
        id=amendment.id,
        who=who,
        old=wording.quoted,
        new=wording.text,
    )


def change_text(amendment: Amendment, text_lang: str, lang: str) -> str:
    """What the amendment does, without its id and proposer: "insert “licites”"."""
    wording = amendment.wordings.get(text_lang) or amendment.wordings[amendment.lang]
    if amendment.action is Action.INSERT:
        return message("amendment.does_insert", lang, new=wording.text)
    if amendment.action is Action.DELETE:
        return message("amendment.does_delete", lang, old=wording.quoted)
    return message("amendment.does_replace", lang, old=wording.quoted, new=wording.text)


def notation_note(action: Action, proposer: str, lang: str) -> str:
    """The bracket-notation note in ``lang``: "(ajout proposé par le Secrétariat)"."""
    code = "amendment.notation_added" if action is Action.INSERT else "amendment.notation_deleted"
    return message(code, lang, who=proposer_written(proposer, lang))


def in_notation(segments: Iterable[Segment], lang: str) -> str:
    """A part's tracked segments written back in bracket notation (in ``lang``)."""
    out: list[str] = []
    for segment in segments:
        if segment.kind == "same":
            out.append(segment.text)
            continue
        assert segment.proposer is not None
        text = segment.text
        lead = text[: len(text) - len(text.lstrip())]
        tail = text[len(text.rstrip()) :]
        action = Action.INSERT if segment.kind == "ins" else Action.DELETE
        note = notation_note(action, segment.proposer, lang)
        if out and out[-1] and not out[-1][-1].isspace() and not lead:
            lead = " "
        out.append(f"{lead}[{text.strip()}] ({note}){tail}")
    return "".join(out).strip()

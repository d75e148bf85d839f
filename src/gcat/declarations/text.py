"""A declaration as plain text: tracked (in bracket notation), consolidated, or bilingual."""

from __future__ import annotations

from gcat.core.amendments import Declaration, PartKind, PartView, consolidated, tracked
from gcat.declarations.views import change_note, in_notation
from gcat.i18n import message

__all__ = ["render_text"]


def _mark(view: PartView) -> str:
    return (
        "- "
        if view.part.kind is PartKind.ITEM
        else "# "
        if view.part.kind is PartKind.HEADING
        else ""
    )


def render_text(declaration: Declaration, view: str, lang: str, second: str | None = None) -> str:
    """The declaration in ``lang`` (headings and notes too) as text.

    ``tracked`` writes the open and accepted amendments back in bracket notation, so that the
    file can be edited and imported again; amendments that conflict with one shown are listed
    at the end. ``consolidated`` applies the accepted ones and notes who made each change;
    ``bilingual`` gives each part in ``lang`` then in ``second``.
    """
    title = declaration.title.get(lang) or next(iter(declaration.title.values()))
    lines = [title, ""]
    aside = []
    if view == "bilingual" and second is not None:
        for mine, other in zip(
            tracked(declaration, lang), tracked(declaration, second), strict=True
        ):
            lines.append(f"{mine.part.number}.")
            lines.append(f"  {lang}: {in_notation(mine.segments, lang)}")
            lines.append(f"  {second}: {in_notation(other.segments, second)}")
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"
    if view == "consolidated":
        notes = []
        for part in consolidated(declaration, lang):
            lines += [_mark(part) + part.text, ""]
            made = dict.fromkeys(s.amendment for s in part.segments if s.amendment)
            notes += [change_note(declaration.amendment(key), lang, lang) for key in made if key]
        if notes:
            lines += [message("amendment.changes_made", lang), ""]
            lines += [f"  {note}" for note in notes]
        return "\n".join(lines).rstrip() + "\n"
    for part in tracked(declaration, lang):
        lines += [_mark(part) + in_notation(part.segments, lang), ""]
        aside += [change_note(a, lang, lang) for a in part.aside]
    if aside:
        lines += ["* * *", "", message("amendment.conflicting_not_shown", lang), ""]
        lines += [f"  {note}" for note in aside]
    return "\n".join(lines).rstrip() + "\n"

"""A declaration as HTML: the tracked view (``<ins>``/``<del>`` coloured by proposer, with the
proposer shown), the consolidated text with its change notes, and the bilingual view.

Every text is escaped; the markup is built here and in ``templates/declaration.html``. The
same segment renderer serves the app's declaration page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from gcat import __version__
from gcat.core.amendments import (
    Amendment,
    Declaration,
    PartView,
    Segment,
    conflicts,
    consolidated,
    tracked,
)
from gcat.declarations.proposers import proposer_name
from gcat.declarations.views import (
    PALETTE,
    action_label,
    change_note,
    change_text,
    proposer_colours,
    status_label,
)
from gcat.i18n import message

__all__ = [
    "LANGUAGE_NAMES",
    "VIEWS",
    "AmendmentRow",
    "amendment_rows",
    "palette_css",
    "render_html",
    "segments_html",
]

VIEWS = ("tracked", "consolidated", "bilingual")
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}
_HEADINGS = {
    "tracked": "declaration.view_tracked",
    "consolidated": "declaration.view_consolidated",
    "bilingual": "declaration.view_bilingual",
}


def segments_html(
    segments: Iterable[Segment],
    colours: Mapping[str, int],
    lang: str,
    amendments: Mapping[str, Amendment],
) -> Markup:
    """A part's segments as HTML: insertions and deletions marked, each change tagged with its
    amendment and proposer."""
    out: list[str] = []
    items = list(segments)
    for index, segment in enumerate(items):
        if segment.kind == "same" or segment.amendment is None:
            out.append(str(escape(segment.text)))
            continue
        amendment = amendments[segment.amendment]
        colour = colours.get(amendment.proposer, 0)
        who = proposer_name(amendment.proposer, lang)
        label = escape(f"{amendment.id} · {who} · {status_label(amendment, lang)}")
        tag = "ins" if segment.kind == "ins" else "del"
        core = segment.text.strip()
        lead = segment.text[: len(segment.text) - len(segment.text.lstrip())]
        tail = segment.text[len(segment.text.rstrip()) :] if core else ""
        out.append(
            f'{escape(lead)}<{tag} class="p{colour}" data-amendment="{escape(amendment.id)}" '
            f'title="{label}">{escape(core)}</{tag}>'
        )
        following = items[index + 1] if index + 1 < len(items) else None
        if following is None or following.amendment != segment.amendment:
            out.append(
                f'<span class="tag p{colour}" aria-hidden="true">'
                f"{escape(amendment.id)}\u00a0{escape(who)}</span>"
            )
        out.append(str(escape(tail)))
    return Markup("".join(out))  # noqa: S704 (every text above is escaped)


@dataclass(frozen=True, slots=True)
class AmendmentRow:
    """One line of the table of amendments."""

    amendment: Amendment
    proposer: str
    colour: int
    action: str
    change: str
    status: str
    conflicts: tuple[str, ...]
    does: str
    """The change without the amendment's id and proposer."""


def amendment_rows(declaration: Declaration, text_lang: str, lang: str) -> list[AmendmentRow]:
    """The amendments in text order, described in ``lang``."""
    colours = proposer_colours(declaration)
    clashes = conflicts(declaration)
    return [
        AmendmentRow(
            a,
            ", ".join(proposer_name(p, lang) for p in (a.proposer, *a.cosigners)),
            colours[a.proposer],
            action_label(a.action, lang),
            change_note(a, text_lang, lang),
            status_label(a, lang),
            clashes.get(a.id, ()),
            change_text(a, text_lang, lang),
        )
        for a in declaration.in_text_order()
    ]


def palette_css() -> str:
    """The proposer colour classes (``.p0`` … ``.p7``)."""
    return "".join(f".p{n}{{color:{colour}}}" for n, colour in enumerate(PALETTE))


def render_html(declaration: Declaration, view: str, lang: str, second: str | None = None) -> str:
    """The declaration as a self-contained HTML page in ``lang`` (``second``: the other
    language of the bilingual view)."""
    colours = proposer_colours(declaration)
    by_id = {a.id: a for a in declaration.amendments}

    def parts(views: tuple[PartView, ...], text_lang: str) -> list[dict[str, Any]]:
        return [
            {
                "view": v,
                "html": segments_html(v.segments, colours, lang, by_id),
                "aside": [change_note(a, text_lang, lang) for a in v.aside],
                "notes": [
                    change_note(by_id[key], text_lang, lang)
                    for key in dict.fromkeys(s.amendment for s in v.segments if s.amendment)
                    if key
                ],
            }
            for v in views
        ]

    context: dict[str, Any] = {
        "lang": lang,
        "title": declaration.title.get(lang) or next(iter(declaration.title.values())),
        "view": view,
        "heading": message(_HEADINGS[view], lang),
        "names": LANGUAGE_NAMES,
        "version": declaration.version,
        "gcat_version": __version__,
        "t": lambda code, **kw: message(code, lang, **kw),
        "legend": [(proposer_name(name, lang), n) for name, n in colours.items()],
        "rows": amendment_rows(declaration, lang, lang),
        "stylesheet": Markup(_stylesheet() + palette_css()),  # noqa: S704 (our own CSS)
    }
    if view == "bilingual" and second is not None:
        context["second"] = second
        context["pairs"] = list(
            zip(
                parts(tracked(declaration, lang), lang),
                parts(tracked(declaration, second), second),
                strict=True,
            )
        )
    elif view == "consolidated":
        context["parts"] = parts(consolidated(declaration, lang), lang)
    else:
        context["parts"] = parts(tracked(declaration, lang), lang)
    return _environment().get_template("declaration.html").render(**context)


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("gcat.declarations", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _stylesheet() -> str:
    return (
        resources.files("gcat.declarations")
        .joinpath("templates/declaration.css")
        .read_text("utf-8")
    )

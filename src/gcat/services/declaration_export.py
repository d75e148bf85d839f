"""Exports of a declaration: text, HTML or Word; tracked, consolidated or bilingual."""

from __future__ import annotations

import sqlalchemy as sa

from gcat.errors import InputError, Problem
from gcat.i18n import LANGUAGES
from gcat.policy.access import Actor, Right, require
from gcat.services import declarations
from gcat.services.outputs import Output

__all__ = ["EXPORT_FORMATS", "VIEWS", "export_declaration"]

EXPORT_FORMATS = ("text", "html", "docx")
VIEWS = ("tracked", "consolidated", "bilingual")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _invalid(field: str, code: str, **params: object) -> InputError:
    return InputError([Problem(code, dict(params), field=field)])


def export_declaration(
    actor: Actor,
    engine: sa.Engine,
    declaration_id: int,
    *,
    fmt: str,
    view: str,
    lang: str,
    second: str | None = None,
) -> Output:
    """The declaration in ``lang`` as ``fmt``; ``bilingual`` puts ``second`` beside it (by
    default the declaration's other language)."""
    require(actor, Right.SECRETARIAT)
    if fmt not in EXPORT_FORMATS:
        raise _invalid("--format", "check.bad_choice", choices=", ".join(EXPORT_FORMATS))
    if view not in VIEWS:
        raise _invalid("--view", "check.bad_choice", choices=", ".join(VIEWS))
    stored = declarations.declaration(actor, engine, declaration_id)
    decl = stored.declaration
    if lang not in decl.languages:
        raise _invalid(
            "--lang", "declaration.no_text_in", lang=lang, languages=", ".join(decl.languages)
        )
    if view == "bilingual":
        others = [code for code in decl.languages if code != lang]
        second = second or (others[0] if others else None)
        if second is None or second not in decl.languages or second == lang:
            raise _invalid(
                "--second-lang",
                "declaration.needs_two_languages",
                languages=", ".join(decl.languages),
            )
        if second not in LANGUAGES:
            raise _invalid("--second-lang", "check.bad_choice", choices=", ".join(LANGUAGES))
    if fmt == "docx":
        from gcat.declarations.docx import render_docx

        data = render_docx(decl, view, lang, second, when=stored.created_at)
        return Output(data, DOCX, ".docx")
    if fmt == "html":
        from gcat.declarations.html import render_html

        html = render_html(decl, view, lang, second)
        return Output(html.encode("utf-8"), "text/html; charset=utf-8", ".html")
    from gcat.declarations.text import render_text

    return Output(
        render_text(decl, view, lang, second).encode("utf-8"), "text/plain; charset=utf-8", ".txt"
    )

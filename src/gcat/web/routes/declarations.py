"""The Secretariat's "Declarations" pages: the list and the import form; a declaration's text
with its amendments highlighted, the list of amendments with filters, accept or reject with a
note (conflicts flagged, decided in text order), and the downloads."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, urlencode

import sqlalchemy as sa
from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gcat.core.amendments import AmendmentStatus, tracked
from gcat.declarations.html import LANGUAGE_NAMES, amendment_rows, segments_html
from gcat.declarations.proposers import proposer_name
from gcat.declarations.views import change_note, proposer_colours, status_word
from gcat.errors import InputError, Problem
from gcat.i18n import LANGUAGES
from gcat.limits import MAX_DECLARATION_BYTES, MAX_ID
from gcat.policy.access import Actor, Right, require
from gcat.services import declarations as service
from gcat.services.declaration_export import (
    EXPORT_FORMATS,
    VIEWS,
    prepare_export,
    render_declaration,
)
from gcat.web import deps
from gcat.web.rendering import render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

Engine = Annotated[sa.Engine, Depends(deps.engine)]
Lang = Annotated[str, Depends(deps.language)]
Who = Annotated[Actor, Depends(deps.actor)]
DeclarationId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("/declarations", response_class=HTMLResponse)
def declarations_page(request: Request, engine: Engine, lang: Lang, actor: Who) -> HTMLResponse:
    """The declarations, and the form to import one (or another language of one)."""
    return render(
        request,
        "declarations.html",
        lang,
        declarations=service.list_declarations(actor, engine),
        text_languages=LANGUAGE_NAMES,
    )


@router.post("/declarations/import")
async def import_declaration(
    engine: Engine,
    actor: Who,
    file: Annotated[UploadFile, File()],
    text_lang: Annotated[str, Form(max_length=2)] = "en",
    title: Annotated[str, Form(max_length=200)] = "",
    into: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    """Import a text in bracket notation; nothing is stored when it has a problem."""
    data = await file.read(MAX_DECLARATION_BYTES + 1)
    target = int(into) if into.isdigit() else None
    imported = service.import_declaration(
        actor,
        engine,
        data,
        file.filename or "unnamed.txt",
        lang=text_lang if text_lang in LANGUAGES else "",
        title=title or None,
        into=target,
    )
    return RedirectResponse(
        f"/declarations/{imported.id}?{urlencode({'text': imported.lang})}", status_code=303
    )


@router.get("/declarations/{declaration_id}", response_class=HTMLResponse)
def declaration_page(
    request: Request,
    declaration_id: DeclarationId,
    engine: Engine,
    lang: Lang,
    actor: Who,
    text: Annotated[str, Query(max_length=2)] = "",
    proposer: Annotated[str, Query(max_length=200)] = "",
    status: Annotated[str, Query(max_length=12)] = "",
    part: Annotated[str, Query(max_length=6)] = "",
) -> HTMLResponse:
    """The text with amendments highlighted, the filtered list of amendments and decisions."""
    stored = service.declaration(actor, engine, declaration_id)
    decl = stored.declaration
    text_lang = (
        text if text in decl.languages else (lang if lang in decl.languages else decl.languages[0])
    )
    colours = proposer_colours(decl)
    by_id = {a.id: a for a in decl.amendments}
    parts = [
        {
            "view": view,
            "html": segments_html(view.segments, colours, lang, by_id),
            "aside": [change_note(a, text_lang, lang) for a in view.aside],
        }
        for view in tracked(decl, text_lang)
    ]
    rows = [
        row
        for row in amendment_rows(decl, text_lang, lang)
        if (not proposer or row.amendment.proposer == proposer)
        and (not status or row.amendment.status.value == status)
        and (not part or str(row.amendment.part) == part)
    ]
    return render(
        request,
        "declaration.html",
        lang,
        stored=stored,
        decl=decl,
        title=decl.title.get(text_lang) or next(iter(decl.title.values())),
        text_lang=text_lang,
        parts=parts,
        rows=rows,
        total=len(decl.amendments),
        open_count=sum(1 for a in decl.amendments if a.status is AmendmentStatus.PROPOSED),
        legend=[(name, proposer_name(name, lang), n) for name, n in colours.items()],
        statuses=tuple(AmendmentStatus),
        status_word=lambda status: status_word(status, lang),
        filters={"proposer": proposer, "status": status, "part": part},
        part_numbers=sorted({a.part for a in decl.amendments}),
        names=LANGUAGE_NAMES,
        views=VIEWS,
        formats=EXPORT_FORMATS,
    )


@router.post("/declarations/{declaration_id}/decide")
async def decide(
    declaration_id: DeclarationId,
    engine: Engine,
    actor: Who,
    amendment: Annotated[str, Form(max_length=12)] = "",
    decision: Annotated[str, Form(max_length=10)] = "",
    note: Annotated[str, Form(max_length=5000)] = "",
    back: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Accept or reject one amendment (or every open one: ``amendment=all``) with a note."""
    require(actor, Right.SECRETARIAT)  # who may decide is known before the form is read
    if decision not in ("accept", "reject"):
        raise InputError(
            [Problem("check.bad_choice", {"choices": "accept, reject"}, field="decision")]
        )
    chosen = amendment or "none"
    if decision == "accept":
        service.decide_amendments(actor, engine, declaration_id, accept=chosen, note=note)
    elif chosen == "all":
        service.decide_amendments(actor, engine, declaration_id, accept="none", note=note)
    else:
        service.decide_amendments(actor, engine, declaration_id, reject=chosen, note=note)
    target = (
        back
        if back.startswith(f"/declarations/{declaration_id}")
        else f"/declarations/{declaration_id}"
    )
    anchor = f"#a-{quote(amendment)}" if amendment and amendment != "all" else "#amendments"
    return RedirectResponse(target.split("#")[0] + anchor, status_code=303)


@router.get("/declarations/{declaration_id}/download")
async def download(
    request: Request,
    declaration_id: DeclarationId,
    engine: Engine,
    lang: Lang,
    actor: Who,
    fmt: Annotated[str, Query(alias="format", max_length=10)] = "docx",
    view: Annotated[str, Query(max_length=14)] = "tracked",
    text: Annotated[str, Query(max_length=2)] = "",
    second: Annotated[str, Query(max_length=2)] = "",
) -> Response:
    """A view of the declaration (text, html or docx) as a download, rendered in the app's
    worker process within the report time limit."""
    export = await run_in_threadpool(
        prepare_export,
        actor,
        engine,
        declaration_id,
        fmt=fmt,
        view=view,
        lang=text or lang,
        second=second or None,
    )
    out = await request.app.state.worker.run(
        render_declaration,
        export,
        timeout=deps.settings_of(request).report_timeout,
        gone=request.is_disconnected,
    )
    name = f"gcat-declaration-{declaration_id}-{view}-{text or lang}{out.suffix}"
    return Response(
        out.data,
        media_type=out.media_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )

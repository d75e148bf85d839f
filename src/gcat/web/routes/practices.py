"""Pages of good practices: the member's form and checklist, the Secretariat's list and review,
the Compendium downloads with their manifest, and the published practices.

Every form posts through the app's guard (Origin and CSRF token); routes call one service each
and render one template.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

import sqlalchemy as sa
from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gcat.core.members import Member, MemberList, sorted_by_name
from gcat.core.practices import (
    NARRATIVE_KEYS,
    SECTION_KEYS,
    Consent,
    Practice,
    Status,
    can_transition,
    is_web_link,
)
from gcat.errors import InputError, NotFoundError, Problem
from gcat.frameworks import load_framework
from gcat.i18n import LANGUAGES
from gcat.limits import MAX_NAME, MAX_UPLOAD_BYTES
from gcat.members import load_members
from gcat.policy.access import Actor, Right, can
from gcat.practices.practice_file import parse_practice
from gcat.practices.texts import (
    FIELD,
    HELP,
    LABEL,
    LANGUAGE_NAME,
    MANIFEST_REASON,
    MEASURE,
    QUALITY,
    SECTION,
    STATUS,
)
from gcat.reports.formatting import Formatter
from gcat.services import compendium as compendium_service
from gcat.services import practices as service
from gcat.services.templates import TEMPLATE_FORMATS, practice_template
from gcat.web import deps
from gcat.web.rendering import render
from gcat.yamlio import Document

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
Engine = Annotated[sa.Engine, Depends(deps.engine)]
Lang = Annotated[str, Depends(deps.language)]
Who = Annotated[Actor, Depends(deps.actor)]
MEASURE_ROWS = 5
CONTACT_FIELDS = ("contact_name", "contact_role", "contact_email", "contact_phone")
FORMAT_LABEL = {
    "html": "compendium.format_html",
    "docx": "compendium.format_docx",
    "pdf": "compendium.format_pdf",
    "xlsx": "compendium.format_xlsx",
    "csv": "compendium.format_csv",
    "pack": "compendium.format_pack",
}
TEMPLATE_LABEL = {
    "docx": "practices.template_docx",
    "xlsx": "practices.template_xlsx",
    "yaml": "practices.template_yaml",
}
_TARGET_ACTION = {
    Status.SUBMITTED: "practices.action_submit",
    Status.IN_REVIEW: "practices.action_review",
    Status.CHANGES_REQUESTED: "practices.action_request_changes",
    Status.ACCEPTED: "practices.action_accept",
    Status.PUBLISHED: "practices.action_publish",
    Status.WITHDRAWN: "practices.action_withdraw",
}


def _texts() -> dict[str, Any]:
    """The code tables templates use to label fields, sections and statuses."""
    return {
        "SECTION": SECTION,
        "LABEL": LABEL,
        "HELP": HELP,
        "FIELD": FIELD,
        "MEASURE": MEASURE,
        "STATUS": STATUS,
        "QUALITY": QUALITY,
        "REASON": MANIFEST_REASON,
        "LANGUAGE_NAME": LANGUAGE_NAME,
        "ACTION": {status.value: code for status, code in _TARGET_ACTION.items()},
        "NARRATIVE_KEYS": NARRATIVE_KEYS,
        "SECTION_KEYS": SECTION_KEYS,
        "CONTACT_FIELDS": CONTACT_FIELDS,
        "MEASURE_ROWS": MEASURE_ROWS,
        "FORMAT_LABEL": FORMAT_LABEL,
    }


def _page(
    request: Request, template: str, lang: str, actor: Actor, status: int = 200, **context: Any
) -> HTMLResponse:
    formatter = Formatter(lang)
    return render(
        request,
        template,
        lang,
        status=status,
        framework=load_framework(),
        secretariat=can(actor, Right.SECRETARIAT),
        plain=lambda value: "" if value is None else formatter.plain(value),
        is_web_link=is_web_link,
        **_texts(),
        **context,
    )


def _members(engine: sa.Engine, extra: Practice | None = None) -> MemberList:
    """The member list in force, plus the member of ``extra`` when the list no longer has it."""
    members = load_members(engine)
    if extra is None or members.find(extra.member.name) is not None:
        return members
    kept = Member(
        extra.member.name, extra.member.code, extra.member.region, dict(extra.member.names)
    )
    return MemberList([*members.members, kept], members.regions, members.special)


def _form_mapping(form: dict[str, Any]) -> dict[str, Any]:
    """The practice-file mapping of the practice form."""

    def text(key: str) -> str:
        value = form.get(key, "")
        return value if isinstance(value, str) else ""

    domains = [text("primary_domain")] if text("primary_domain") else []
    domains += [value for value in form.get("domains", []) if value not in domains]
    measures = []
    for n in range(1, MEASURE_ROWS + 1):
        row = {part: text(f"measure_{n}_{part}").strip() for part in MEASURE}
        if any(row.values()):
            measures.append({key: value for key, value in row.items() if value})
    return {
        "member": text("member"),
        "contact": {key.split("_", 1)[1]: text(key) for key in CONTACT_FIELDS},
        "title": text("title"),
        "domains": domains,
        "thematic_areas": list(form.get("thematic_areas", [])),
        "gcat_indicators": [
            part
            for part in text("gcat_indicators").replace(";", ",").replace(" ", ",").split(",")
            if part
        ],
        **{key: text(key) for key in NARRATIVE_KEYS},
        "measurable_results": measures,
        "links": [line.strip() for line in text("links").splitlines() if line.strip()],
        "lang": text("lang"),
        "status": "draft",
    }


async def _read_form(request: Request) -> dict[str, Any]:
    form = await request.form()
    data: dict[str, Any] = {}
    for key in form:
        values = form.getlist(key)
        strings = [value for value in values if isinstance(value, str)]
        data[key] = (
            strings if key in ("domains", "thematic_areas") else (strings[0] if strings else "")
        )
    return data


def _parse_form(form: dict[str, Any], members: MemberList) -> Practice:
    document = Document(_form_mapping(form), {}, "form")
    parsed = parse_practice(
        document, members, load_framework(), default_status=Status.DRAFT, require_consent=False
    )
    return parsed.practice


def _errors(exc: InputError, lang: str) -> list[tuple[str, str]]:
    return [
        (problem.field or "", problem.localized(lang).removeprefix("form: "))
        for problem in exc.problems
    ]


def _values(practice: Practice) -> dict[str, Any]:
    """The practice as form values."""
    values: dict[str, Any] = {
        "member": practice.member.name,
        "contact_name": practice.contact.name,
        "contact_role": practice.contact.role,
        "contact_email": practice.contact.email,
        "contact_phone": practice.contact.phone,
        "title": practice.title,
        "primary_domain": practice.primary_domain or "",
        "domains": list(practice.domains[1:]),
        "thematic_areas": list(practice.thematic_areas),
        "gcat_indicators": ", ".join(practice.gcat_indicators),
        "links": "\n".join(practice.links),
        "lang": practice.lang,
        **{key: getattr(practice, key) for key in NARRATIVE_KEYS},
    }
    for n, item in enumerate(practice.measurable_results[:MEASURE_ROWS], 1):
        values[f"measure_{n}_indicator"] = item.indicator
        values[f"measure_{n}_value"] = _plain(item.value)
        values[f"measure_{n}_unit"] = item.unit
        values[f"measure_{n}_baseline"] = _plain(item.baseline)
        values[f"measure_{n}_year"] = "" if item.year is None else str(item.year)
    return values


def _plain(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else str(value)


def _member_options(members: MemberList, lang: str) -> list[tuple[str, str]]:
    entries = sorted_by_name([*members.members, *members.special], lang)
    return [(member.name, member.name_in(lang)) for member in entries]


@router.get("/practices", response_class=HTMLResponse)
def practice_list(
    request: Request,
    engine: Engine,
    lang: Lang,
    actor: Who,
    member: Annotated[str | None, Query(max_length=MAX_NAME)] = None,
    region: Annotated[str | None, Query(max_length=40)] = None,
    domain: Annotated[str | None, Query(max_length=40)] = None,
    area: Annotated[str | None, Query(max_length=40)] = None,
    status: Annotated[str | None, Query(max_length=40)] = None,
    consent: Annotated[str | None, Query(max_length=10)] = None,
    language: Annotated[str | None, Query(max_length=2, alias="text_lang")] = None,
) -> HTMLResponse:
    """The practices the actor may see, with the Secretariat's filters."""
    filters = service.PracticeFilters(
        member=member or None,
        region=region or None,
        domain=domain or None,
        area=area or None,
        status=Status(status) if status in {s.value for s in Status} else None,
        consent=consent if consent in ("yes", "no", "none") else None,
        lang=language if language in LANGUAGES else None,
    )
    records = service.list_practices(actor, engine, filters)
    everything = service.list_practices(actor, engine)
    twins = {n for pair in service.find_duplicates(everything) for n in (pair.first, pair.second)}
    members = load_members(engine)
    return _page(
        request,
        "practices_list.html",
        lang,
        actor,
        records=records,
        twins=twins,
        chosen={
            "member": filters.member,
            "region": filters.region,
            "domain": filters.domain,
            "area": filters.area,
            "status": filters.status.value if filters.status else None,
            "consent": filters.consent,
            "lang": filters.lang,
        },
        members=members,
        member_options=sorted(
            {
                (r.practice.member.code or r.practice.member.name, r.practice.member.name_in(lang))
                for r in everything
            },
            key=lambda item: item[1],
        ),
        template_labels=TEMPLATE_LABEL,
        import_members=_member_options(members, lang),
    )


@router.get("/practices/new", response_class=HTMLResponse)
def practice_new(request: Request, engine: Engine, lang: Lang, actor: Who) -> HTMLResponse:
    """The member's form for a new practice."""
    service.require_author(actor)
    return _page(
        request,
        "practice_form.html",
        lang,
        actor,
        values={"lang": lang},
        errors=[],
        member_options=_member_options(load_members(engine), lang),
        record=None,
    )


@router.post("/practices", response_model=None)
async def practice_create(request: Request, engine: Engine, lang: Lang, actor: Who) -> Response:
    """Save a new draft, then open it with its checklist."""
    service.require_author(actor)
    form = await _read_form(request)
    members = _members(engine)
    try:
        practice = _parse_form(form, members)
    except InputError as exc:
        return _page(
            request,
            "practice_form.html",
            lang,
            actor,
            values=form,
            errors=_errors(exc, lang),
            member_options=_member_options(members, lang),
            record=None,
        )
    new_id = service.create_practice(actor, engine, practice)
    return RedirectResponse(f"/practices/{new_id}", status_code=303)


def _detail_page(
    request: Request,
    engine: Engine,
    lang: str,
    actor: Actor,
    practice_id: int,
    *,
    values: dict[str, Any] | None = None,
    errors: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> HTMLResponse:
    detail = service.practice_detail(actor, engine, practice_id)
    record = detail.record
    members = _members(engine, record.practice)
    targets = [
        target
        for target in _TARGET_ACTION
        if can_transition(record.status, target) and service.may_move(actor, target)
    ]
    return _page(
        request,
        "practice.html",
        lang,
        actor,
        status=status,
        detail=detail,
        record=record,
        practice=record.practice,
        region=members.region(record.practice.member.region)
        if record.practice.member.region in {r.id for r in members.regions}
        else None,
        editable=service.may_edit(actor, record),
        targets=[target.value for target in targets],
        values=values or _values(record.practice),
        errors=errors or [],
        member_options=_member_options(members, lang),
        requests=[item for item in detail.history if item.reason],
    )


@router.get("/practices/{practice_id:int}", response_class=HTMLResponse)
def practice_page(
    request: Request, engine: Engine, lang: Lang, actor: Who, practice_id: int
) -> HTMLResponse:
    """One practice: checklist, text (editable while allowed), consent, workflow, history."""
    return _detail_page(request, engine, lang, actor, practice_id)


@router.post("/practices/{practice_id:int}/edit", response_model=None)
async def practice_edit(
    request: Request, engine: Engine, lang: Lang, actor: Who, practice_id: int
) -> Response:
    """Save the text of a practice (based on the version the form showed)."""
    service.require_author(actor)
    form = await _read_form(request)
    current = service.practice_detail(actor, engine, practice_id).record
    service.require_editable(actor, current)
    try:
        practice = _parse_form(form, _members(engine, current.practice))
        version = int(form.get("version", "0")) if str(form.get("version", "")).isdigit() else -1
        service.update_practice(actor, engine, practice_id, practice, version=version)
    except InputError as exc:
        return _detail_page(
            request,
            engine,
            lang,
            actor,
            practice_id,
            values=form,
            errors=_errors(exc, lang),
            status=422,
        )
    return RedirectResponse(f"/practices/{practice_id}?saved=1#checklist", status_code=303)


@router.post("/practices/{practice_id:int}/consent")
async def practice_consent(
    engine: Engine,
    actor: Who,
    practice_id: int,
    consent: Annotated[str, Form(max_length=3)] = "",
    withheld: Annotated[list[str] | None, Form()] = None,
    reason: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    """Record the member's Section X answer and the sections kept out of publication."""
    if consent not in ("yes", "no"):
        raise InputError([Problem("practices.no_consent", {}, field="consent")])
    service.record_consent(
        actor, engine, practice_id, Consent(consent), withheld or [], reason=reason
    )
    return RedirectResponse(f"/practices/{practice_id}#consent", status_code=303)


@router.post("/practices/{practice_id:int}/status")
async def practice_status(
    engine: Engine,
    actor: Who,
    practice_id: int,
    target: Annotated[str, Form(max_length=30)] = "",
    reason: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    """Move the practice along its workflow (a reason to send it back or withdraw it)."""
    if target not in {status.value for status in Status}:
        raise InputError(
            [
                Problem(
                    "practices.bad_transition",
                    {"current": "", "target": target[:30]},
                    field="target",
                )
            ]
        )
    service.change_status(actor, engine, practice_id, Status(target), reason=reason)
    return RedirectResponse(f"/practices/{practice_id}#workflow", status_code=303)


@router.post("/practices/{practice_id:int}/attachments")
async def practice_attach(
    engine: Engine, actor: Who, practice_id: int, file: Annotated[UploadFile, File()]
) -> Response:
    """Keep a member's own document with the practice."""
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    service.add_attachment(actor, engine, practice_id, file.filename or "document", data)
    return RedirectResponse(f"/practices/{practice_id}#attachments", status_code=303)


@router.get("/practices/{practice_id:int}/attachments/{attachment_id:int}")
def practice_attachment(
    engine: Engine, actor: Who, practice_id: int, attachment_id: int
) -> Response:
    """Download an attached document (never shown inline)."""
    attachment, data = service.attachment(actor, engine, practice_id, attachment_id)
    name = quote(attachment.filename, safe="")
    return Response(
        data,
        media_type=attachment.content_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"},
    )


@router.post("/practices/import")
async def practice_import(
    engine: Engine,
    actor: Who,
    file: Annotated[UploadFile, File()],
    member: Annotated[str, Form(max_length=MAX_NAME)] = "",
) -> Response:
    """Import a filled-in template (or keep a member's own document as a draft)."""
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    created = service.import_practices(
        actor, engine, [(file.filename or "upload", data)], member=member or None
    )
    target = f"/practices/{created[0].id}" if len(created) == 1 else "/practices"
    return RedirectResponse(target, status_code=303)


@router.get("/practices/template/{fmt}")
def practice_template_download(lang: Lang, fmt: str) -> Response:
    """A blank template for members, in the page's language."""
    if fmt not in TEMPLATE_FORMATS:
        raise NotFoundError("practices.not_found", id=fmt[:10])
    media_type, suffix = TEMPLATE_FORMATS[fmt]
    return Response(
        practice_template(fmt, lang),
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="gcat-practice-template-{lang}{suffix}"'
        },
    )


@router.get("/compendium", response_class=HTMLResponse)
def compendium_page(
    request: Request,
    engine: Engine,
    lang: Lang,
    actor: Who,
    q: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    """The Secretariat's Compendium (downloads and manifest) and the published practices."""
    from gcat.compendium.formats import FORMATS
    from gcat.compendium.search import search_practices

    manifest = None
    if can(actor, Right.SECRETARIAT):
        manifest = compendium_service.build_from_database(
            actor, engine, fmt="pack", lang=lang
        ).manifest
    published = compendium_service.published_practices(actor, engine)
    found = search_practices(published, q)
    members = load_members(engine)
    return _page(
        request,
        "compendium.html",
        lang,
        actor,
        manifest=manifest,
        formats=list(FORMATS),
        published=[item.view for item in found],
        total=len(published),
        query=q,
        members=members,
    )


@router.get("/compendium/download")
async def compendium_download(
    request: Request,
    engine: Engine,
    lang: Lang,
    actor: Who,
    fmt: Annotated[str, Query(alias="format", max_length=10)] = "html",
    group_by: Annotated[str, Query(max_length=10)] = "domain",
) -> Response:
    """The Compendium file (Secretariat), built from the database in the app's worker process
    within the report time limit."""
    records = await run_in_threadpool(compendium_service.records_for_build, actor, engine)
    build = await request.app.state.worker.run(
        compendium_service.render_records,
        records,
        fmt,
        lang,
        group_by,
        timeout=deps.settings_of(request).report_timeout,
        gone=request.is_disconnected,
    )
    filename = f"compendium-{lang}{build.format.suffix}"
    return Response(
        build.data,
        media_type=build.format.media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post("/compendium/pack")
async def compendium_pack(
    engine: Engine, actor: Who, file: Annotated[UploadFile, File()]
) -> Response:
    """Import a Compendium pack for "who already did this"."""
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    count = compendium_service.import_pack(actor, engine, data, file.filename or "pack.json")
    return RedirectResponse("/compendium?" + urlencode({"imported": count}), status_code=303)


@router.get("/compendium/practices/{origin}/{practice_id:int}", response_class=HTMLResponse)
def published_practice(
    request: Request, engine: Engine, lang: Lang, actor: Who, origin: str, practice_id: int
) -> HTMLResponse:
    """One published practice, as the Compendium shows it (``origin``: ``own`` or ``pack``)."""
    for item in compendium_service.published_practices(actor, engine):
        view = item.view
        if (
            view.id == practice_id
            and view.from_pack == (origin == "pack")
            and origin in ("own", "pack")
        ):
            members = load_members(engine)
            region = (
                members.region(view.region)
                if view.region in {r.id for r in members.regions}
                else None
            )
            return _page(request, "compendium_practice.html", lang, actor, view=view, region=region)
    raise NotFoundError("practices.not_found", id=practice_id)

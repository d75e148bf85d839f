"""Server mode's doors for people: the session API, login and logout pages, the admin's users
page and the audit log. In local mode these routes answer 404 (there are no accounts)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated
from urllib.parse import quote

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from gcat.core.accounts import SessionRecord, UserRecord
from gcat.errors import GcatError, InputError, NotFoundError, Problem
from gcat.limits import MAX_NAME, MAX_PASSWORD, MAX_USERNAME
from gcat.policy.access import Actor
from gcat.services import accounts, audit
from gcat.services.accounts import USER_ROLES, SessionPolicy
from gcat.web import deps
from gcat.web.errors import ERROR_RESPONSES, status_of
from gcat.web.rendering import render
from gcat.web.security import SESSION_COOKIE
from gcat.web.server_schemas import (
    AuditEntryPublic,
    AuditPagePublic,
    Login,
    SessionPublic,
    UserChange,
    UserCreate,
    UserPublic,
)

__all__ = ["pages", "router"]

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)
pages = APIRouter(include_in_schema=False)

Engine = Annotated[sa.Engine, Depends(deps.engine)]
Lang = Annotated[str, Depends(deps.language)]
Who = Annotated[Actor, Depends(deps.actor)]
Username = Annotated[str, Path(max_length=MAX_USERNAME)]


def _policy(request: Request) -> SessionPolicy:
    """The app's session policy; 404 in local mode, which has no accounts."""
    policy: SessionPolicy | None = request.app.state.sessions
    if policy is None:
        raise NotFoundError("session.local_mode")
    return policy


def _set_cookie(request: Request, response: Response, value: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        value,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def _session_public(session: SessionRecord) -> SessionPublic:
    user = session.user
    return SessionPublic(
        username=user.username,
        role=user.role,
        administration=user.administration,
        csrf_token=session.csrf_token,
    )


def _user_public(user: UserRecord) -> UserPublic:
    return UserPublic(
        username=user.username,
        role=user.role,
        administration=user.administration,
        disabled=user.disabled,
        created_at=user.created_at,
        last_login_at=user.last_login_at,
    )


def _login(request: Request, engine: sa.Engine, username: str, password: str) -> str:
    """Log in (ending the browser's previous session first: a session is never carried over);
    the new session's cookie value and its record."""
    policy = _policy(request)
    previous = deps.session_of(request)
    if previous is not None:
        accounts.logout(engine, previous, deps.address_of(request))
    result = accounts.login(
        engine, policy, username=username, password=password, address=deps.address_of(request)
    )
    request.state.new_session = result.session
    return result.cookie


@router.post("/session", responses={429: {"description": "Too many failed logins"}})
async def create_session(body: Login, request: Request, engine: Engine) -> Response:
    """Log in with ``{username, password}``: sets the session cookie (HttpOnly, SameSite=Lax,
    Secure behind HTTPS) and returns ``{username, role, administration, csrf_token}``; send the
    token in ``X-CSRF-Token`` with every later change."""
    cookie = await run_in_threadpool(_login, request, engine, body.username, body.password)
    response = JSONResponse(_session_public(request.state.new_session).model_dump())
    _set_cookie(request, response, cookie)
    return response


@router.get("/session")
def read_session(request: Request, actor: Who) -> SessionPublic:
    """Who is logged in (401 without a session)."""
    _policy(request)
    session = deps.session_of(request)
    assert session is not None  # the actor dependency refused requests without one
    return _session_public(session)


@router.delete("/session", status_code=204)
def delete_session(request: Request, engine: Engine, actor: Who) -> Response:
    """Log out: the session ends on the server and its cookie is removed."""
    _policy(request)
    session = deps.session_of(request)
    assert session is not None
    accounts.logout(engine, session, deps.address_of(request))
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/users")
def get_users(request: Request, engine: Engine, actor: Who) -> list[UserPublic]:
    """Every account (admin)."""
    _policy(request)
    return [_user_public(user) for user in accounts.list_users(actor, engine)]


@router.post("/users", status_code=201)
def post_user(body: UserCreate, request: Request, engine: Engine, actor: Who) -> UserPublic:
    """Create an account (admin); member roles need their WCO Member in ``administration``."""
    _policy(request)
    user = accounts.add_user(
        actor,
        engine,
        username=body.username,
        password=body.password,
        role=body.role,
        administration=body.administration,
    )
    return _user_public(user)


@router.patch("/users/{username}")
def patch_user(
    username: Username, body: UserChange, request: Request, engine: Engine, actor: Who
) -> UserPublic:
    """Change a user's role (and Member), disable or enable them, or set a password (admin)."""
    _policy(request)
    user = accounts.change_user(
        actor,
        engine,
        username,
        role=body.role,
        administration=body.administration,
        disabled=body.disabled,
        password=body.password,
    )
    return _user_public(user)


def _day(value: str, field: str) -> datetime | None:
    """The start (UTC) of the day ``YYYY-MM-DD``, or None when empty."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InputError([Problem("audit.bad_date", {}, field=field)]) from None
    return datetime.combine(day, time.min, tzinfo=UTC)


def _audit_page(
    actor: Actor, engine: sa.Engine, text: str, event: str, since: str, until: str, offset: int
) -> audit.AuditPage:
    start = _day(since, "since")
    stop = _day(until, "until")
    return audit.search_log(
        actor,
        engine,
        text=text,
        event=event,
        since=start,
        until=stop + timedelta(days=1) if stop is not None else None,
        offset=offset,
    )


Filter = Annotated[str, Query(max_length=MAX_NAME)]
Day = Annotated[str, Query(max_length=10)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


@router.get("/audit")
def get_audit(
    engine: Engine,
    actor: Who,
    text: Filter = "",
    event: Filter = "",
    since: Day = "",
    until: Day = "",
    offset: Offset = 0,
) -> AuditPagePublic:
    """Search the audit log (Secretariat, admin): text in the user name, target or address,
    an event, days from and to (YYYY-MM-DD); newest first, 100 a page."""
    page = _audit_page(actor, engine, text, event, since, until, offset)
    return AuditPagePublic(
        total=page.total,
        offset=page.offset,
        entries=[
            AuditEntryPublic(
                at=e.at,
                event=e.event,
                username=e.username,
                role=e.role,
                target=e.target,
                detail=e.detail,
                address=e.address,
            )
            for e in page.entries
        ],
    )


# --- pages ------------------------------------------------------------------------------------


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


@pages.get("/login", response_class=HTMLResponse)
def login_page(
    request: Request, lang: Lang, next: Annotated[str, Query(max_length=500)] = "/"
) -> HTMLResponse:
    """The login form."""
    _policy(request)
    return render(request, "login.html", lang, next=_safe_next(next), error=None, username="")


@pages.post("/login")
async def login_form(
    request: Request,
    engine: Engine,
    lang: Lang,
    username: Annotated[str, Form(max_length=MAX_USERNAME)] = "",
    password: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    """Log in from the form, then go where the user was going."""
    _policy(request)
    try:
        cookie = await run_in_threadpool(_login, request, engine, username, password)
    except GcatError as exc:
        return render(
            request,
            "login.html",
            lang,
            status=status_of(exc),
            next=_safe_next(next),
            error=exc.localized(lang),
            username=username[:MAX_USERNAME],
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    _set_cookie(request, response, cookie)
    return response


@pages.post("/logout")
def logout_form(request: Request, engine: Engine, actor: Who) -> Response:
    """Log out, then show the login form."""
    _policy(request)
    session = deps.session_of(request)
    if session is not None:
        accounts.logout(engine, session, deps.address_of(request))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@pages.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request, engine: Engine, lang: Lang, actor: Who) -> HTMLResponse:
    """The accounts: add one, change a role, disable or enable."""
    _policy(request)
    return render(
        request,
        "admin.html",
        lang,
        users=accounts.list_users(actor, engine),
        roles=[role.value for role in USER_ROLES],
        error=None,
    )


def _admin_back(
    request: Request, engine: sa.Engine, lang: str, actor: Actor, exc: GcatError
) -> HTMLResponse:
    return render(
        request,
        "admin.html",
        lang,
        status=status_of(exc),
        users=accounts.list_users(actor, engine),
        roles=[role.value for role in USER_ROLES],
        error=exc.localized(lang),
    )


@pages.post("/admin/users")
def admin_add(
    request: Request,
    engine: Engine,
    lang: Lang,
    actor: Who,
    username: Annotated[str, Form(max_length=MAX_USERNAME)] = "",
    password: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    role: Annotated[str, Form(max_length=20)] = "",
    administration: Annotated[str, Form(max_length=MAX_NAME)] = "",
) -> Response:
    """Add an account from the form."""
    _policy(request)
    try:
        accounts.add_user(
            actor,
            engine,
            username=username,
            password=password,
            role=role,
            administration=administration or None,
        )
    except GcatError as exc:
        if status_of(exc) in (401, 403):
            raise
        return _admin_back(request, engine, lang, actor, exc)
    return RedirectResponse("/admin", status_code=303)


@pages.post("/admin/users/{username}")
def admin_change(
    username: Username,
    request: Request,
    engine: Engine,
    lang: Lang,
    actor: Who,
    role: Annotated[str, Form(max_length=20)] = "",
    administration: Annotated[str, Form(max_length=MAX_NAME)] = "",
    action: Annotated[str, Form(max_length=20)] = "role",
) -> Response:
    """Change a role, or disable or enable an account, from the form."""
    _policy(request)
    try:
        if action in ("disable", "enable"):
            accounts.change_user(actor, engine, username, disabled=action == "disable")
        else:
            accounts.change_user(
                actor, engine, username, role=role, administration=administration or None
            )
    except GcatError as exc:
        if status_of(exc) in (401, 403, 404):
            raise
        return _admin_back(request, engine, lang, actor, exc)
    return RedirectResponse(f"/admin#user-{quote(username)}", status_code=303)


@pages.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    engine: Engine,
    lang: Lang,
    actor: Who,
    text: Filter = "",
    event: Filter = "",
    since: Day = "",
    until: Day = "",
    offset: Offset = 0,
) -> HTMLResponse:
    """Search the audit log."""
    page = _audit_page(actor, engine, text, event, since, until, offset)
    return render(
        request,
        "audit.html",
        lang,
        page=page,
        events=audit.EVENTS,
        filters={"text": text, "event": event, "since": since, "until": until},
    )

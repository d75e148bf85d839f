"""Rendering the app's pages: one Jinja template per view, with the helpers every page uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent
from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from gcat import __version__
from gcat.core.text import clean_line
from gcat.errors import NotAuthenticatedError
from gcat.i18n import LANGUAGES, message, message_n
from gcat.limits import MAX_NAME
from gcat.policy.access import Right
from gcat.services.accounts import ROLE_LABELS
from gcat.services.submissions import ORIGIN_LABELS, STATUS_LABELS
from gcat.web import deps
from gcat.web.security import CSRF_COOKIE, new_csrf_token

__all__ = [
    "LANGUAGE_NAMES",
    "TEMPLATES",
    "error_page",
    "keep_name",
    "remember_name",
    "render",
]

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}
YEARS = 10 * 365 * 86400
QUARTER_LABELS = {
    1: "standing.quarter_1",
    2: "standing.quarter_2",
    3: "standing.quarter_3",
    4: "standing.quarter_4",
}


def _number(value: float | None, lang: str, digits: int = 2) -> str:
    if value is None:
        return "—"
    return format_decimal(value, format=f"0.{'0' * digits}", locale=lang)


def _percent(value: float | None, lang: str) -> str:
    return "—" if value is None else format_percent(value / 100, locale=lang)


def render(
    request: Request, template: str, lang: str, status: int = 200, **context: Any
) -> HTMLResponse:
    """Render ``template`` with the translation helpers for ``lang``."""
    rights = _rights(request)
    session = deps.session_of(request)
    context.update(
        lang=lang,
        languages=LANGUAGE_NAMES,
        version=__version__,
        user=session.user.username if session is not None else deps.user_of(request),
        t=lambda code, **kw: message(code, lang, **kw),
        tn=lambda code, count, **kw: message_n(code, count, lang, **kw),
        number=lambda value, digits=2: _number(value, lang, digits),
        percent=lambda value: _percent(value, lang),
        when=lambda value: format_datetime(value, format="medium", locale=lang),
        day=lambda value: format_date(value, format="medium", locale=lang),
        cap=lambda text: text[:1].upper() + text[1:],
        here=quote(str(request.url.path) + (f"?{request.url.query}" if request.url.query else "")),
        path=request.url.path,
        secretariat=Right.SECRETARIAT.value in rights,
        role_label=lambda role: message(ROLE_LABELS.get(role, "role.local"), lang),
        status_labels=STATUS_LABELS,
        quarter_labels=QUARTER_LABELS,
        origin_labels=ORIGIN_LABELS,
        rights=rights,
    )
    cookie_token = request.cookies.get(CSRF_COOKIE) or new_csrf_token()
    context["csrf_token"] = session.csrf_token if session is not None else cookie_token
    context["server_mode"] = deps.settings_of(request).server_mode
    context["me"] = session.user if session is not None else None
    response = TEMPLATES.TemplateResponse(request, template, context, status_code=status)
    secure = request.url.scheme == "https"
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(deps.LANG_COOKIE, lang, max_age=YEARS, samesite="strict", secure=secure)
    if session is None and cookie_token != request.cookies.get(CSRF_COOKIE):
        response.set_cookie(
            CSRF_COOKIE, cookie_token, httponly=True, samesite="strict", secure=secure
        )
    return response


def _rights(request: Request) -> frozenset[str]:
    """What the page's user may do (to show the links and buttons that apply; the services
    decide again on every request)."""
    try:
        return frozenset(right.value for right in deps.actor_of(request).rights)
    except NotAuthenticatedError:
        return frozenset()


def error_page(request: Request, text: str, status: int) -> HTMLResponse:
    """A readable error page."""
    return render(request, "error.html", deps.language_of(request), status=status, error=text)


def remember_name(response: Response, name: str) -> str:
    """Keep the officer's name for the history in a cookie on this computer; the name kept
    (cleaned), or "" when it was empty (the cookie is then removed)."""
    cleaned = clean_line(name)[:MAX_NAME]
    if cleaned:
        response.set_cookie(
            deps.USER_COOKIE,
            quote(cleaned, safe=""),
            max_age=YEARS,
            samesite="strict",
            httponly=True,
        )
    else:
        response.delete_cookie(deps.USER_COOKIE)
    return cleaned


def keep_name(request: Request, response: Response, name: str) -> Response:
    """``response``, remembering the name a form gave when the browser did not know it yet."""
    if not deps.user_of(request) and name:
        remember_name(response, name)
    return response

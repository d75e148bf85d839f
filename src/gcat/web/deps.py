"""Request-scoped values: the engine, the acting user, the user's language and name.

The ``*_of`` functions read them from a request; the async functions of the same name are the
FastAPI dependencies (async, so that FastAPI does not send them to a worker thread).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, cast
from urllib.parse import unquote

import sqlalchemy as sa
from fastapi import Form, Request

from gcat.core.accounts import SessionRecord
from gcat.core.text import clean_line
from gcat.errors import NotAuthenticatedError
from gcat.i18n import LANGUAGES
from gcat.limits import MAX_NAME
from gcat.policy.access import Actor, local_actor
from gcat.services.accounts import session_actor
from gcat.settings import Settings

__all__ = [
    "LANG_COOKIE",
    "USER_COOKIE",
    "actor",
    "actor_of",
    "address_of",
    "asked_language",
    "engine",
    "language",
    "language_of",
    "session_of",
    "settings_of",
    "user_of",
]

LANG_COOKIE = "gcat_lang"
USER_COOKIE = "gcat_user"


def settings_of(request: Request) -> Settings:
    """The app's settings."""
    return cast(Settings, request.app.state.settings)


def asked_language(request: Request) -> str | None:
    """``?lang=``, then the language cookie, then Accept-Language; None when none is usable."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return None


def language_of(request: Request) -> str:
    """The language the user asked for, else the app's default."""
    return asked_language(request) or settings_of(request).lang


def user_of(request: Request) -> str:
    """The officer's name recorded in the history of changes, "" until they give it.

    Never the computer's account (``settings.user`` is the command line's): the app asks the
    officer's name at the first change and keeps it in a cookie.
    """
    return clean_line(unquote(request.cookies.get(USER_COOKIE, "")))[:MAX_NAME]


def address_of(request: Request) -> str:
    """Where the request comes from (the client address uvicorn saw, or the one a trusted
    reverse proxy named in X-Forwarded-For)."""
    return request.client.host if request.client else ""


def session_of(request: Request) -> SessionRecord | None:
    """Server mode: the session the guard found for this request, or None."""
    state = request.scope.get("state") or {}
    session = state.get("session")
    return session if isinstance(session, SessionRecord) else None


def actor_of(request: Request, author: str = "") -> Actor:
    """Who is acting: in local mode, the built-in local actor under the officer's name (the
    cookie's, else ``author`` given with a form that asked for it); in server mode, the
    logged-in user (NotAuthenticatedError without a live session; ``author`` is ignored)."""
    if not settings_of(request).server_mode:
        name = user_of(request) or clean_line(author)[:MAX_NAME]
        return replace(local_actor(name), address=address_of(request))
    session = session_of(request)
    if session is None:
        raise NotAuthenticatedError("session.required")
    return session_actor(session, address_of(request))


async def engine(request: Request) -> sa.Engine:
    """Dependency: the app's database engine."""
    return cast(sa.Engine, request.app.state.engine)


async def language(request: Request) -> str:
    """Dependency: the user's language."""
    return language_of(request)


async def actor(request: Request) -> Actor:
    """Dependency: who is acting."""
    return actor_of(request)


async def named_actor(
    request: Request, author: Annotated[str, Form(max_length=MAX_NAME)] = ""
) -> Actor:
    """Dependency of a form that changes something: who is acting, under the name the form
    asked for when the browser did not know it yet (see :func:`actor_of`)."""
    return actor_of(request, author)

"""Library errors at the HTTP edge: JSON for the API, a page for the browser."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from gcat.errors import (
    FIELD_LABELS,
    ConflictError,
    ForbiddenError,
    GcatError,
    InputError,
    NotAuthenticatedError,
    NotFoundError,
    RateLimitedError,
    UnavailableError,
)
from gcat.i18n import message
from gcat.web.deps import asked_language, language_of
from gcat.web.schemas import ErrorPublic

__all__ = ["ERROR_RESPONSES", "install_error_handlers", "readable", "refusal", "status_of"]


def readable(error: GcatError, lang: str) -> str:
    """An error for an officer: every problem named by its place in words (file, sheet, cell,
    line, indicator, field), never by an internal path; one problem a line."""
    if isinstance(error, InputError):
        return "\n".join(problem.readable(lang) for problem in error.problems[:20])
    return error.localized(lang)


_STATUS: tuple[tuple[type[GcatError], int], ...] = (
    (NotFoundError, 404),
    (ForbiddenError, 403),
    (ConflictError, 409),
    (UnavailableError, 503),
    (NotAuthenticatedError, 401),
    (RateLimitedError, 429),
)


def status_of(error: GcatError) -> int:
    """The HTTP status of a library error (422 for bad input and anything else)."""
    return next((status for kind, status in _STATUS if isinstance(error, kind)), 422)


ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"description": "Server mode: log in first", "model": ErrorPublic},
    403: {"description": "Not allowed for your role", "model": ErrorPublic},
    404: {"description": "Not found", "model": ErrorPublic},
    409: {"description": "Stale version or duplicate", "model": ErrorPublic},
    422: {"description": "Invalid input, with a readable message", "model": ErrorPublic},
    503: {"description": "Not available now: try again", "model": ErrorPublic},
}


def _body(code: str, text: str, field: str | None) -> dict[str, str | None]:
    return {"code": code, "message": text, "field": field}


_RETRY_AFTER = {503: "5"}


async def _gcat_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, GcatError)
    lang = language_of(request)
    field = exc.problems[0].field if isinstance(exc, InputError) else None
    status = status_of(exc)
    headers = {"Retry-After": _RETRY_AFTER[status]} if status in _RETRY_AFTER else {}
    if isinstance(exc, RateLimitedError):
        headers["Retry-After"] = str(60 * int(exc.params.get("minutes", 1)))
    if request.url.path.startswith("/api/"):
        # the field is named apart (the page shows the message beside it), never in the text
        text = message(exc.code, lang, **exc.params)
        return JSONResponse(_body(exc.code, text, field), status_code=status, headers=headers)
    if isinstance(exc, NotAuthenticatedError) and request.method in ("GET", "HEAD"):
        from urllib.parse import quote

        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(here, safe='')}", status_code=303)
    from gcat.web.rendering import error_page

    response = error_page(request, readable(exc, lang), status)
    response.headers.update(headers)
    return response


def _field_words(field: str | None, lang: str) -> str:
    """A request field by its name in words when it has one (``level`` → "level", "niveau")."""
    leaf = (field or "-").split(".")[-1]
    return message(f"field.{leaf}", lang) if leaf in FIELD_LABELS else (field or "-")


_REASONS = {
    "string_too_long": "check.text_too_long",
    "too_long": "check.too_many",
    "missing": "check.missing_value",
    "extra_forbidden": "check.unknown_field",
}


def _reason(error: Mapping[str, Any], lang: str) -> str:
    """Why a value was refused, in the user's language for the usual cases."""
    code = _REASONS.get(str(error.get("type", "")))
    if code is None:
        return str(error.get("msg", ""))
    context = error.get("ctx") or {}
    limit = context.get("max_length", "")
    return message(code, lang, limit=limit)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    lang = language_of(request)
    first = exc.errors()[0] if exc.errors() else {}
    field = ".".join(str(part) for part in first.get("loc", ()) if part != "body") or None
    text = message(
        "request.invalid", lang, field=_field_words(field, lang), reason=_reason(first, lang)
    )
    if request.url.path.startswith("/api/"):
        return JSONResponse(_body("request.invalid", text, field), status_code=422)
    from gcat.web.rendering import error_page

    return error_page(request, text, 422)


_REFUSAL_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="stylesheet" href="/static/app.css"></head>
<body><main id="main"><h1>{title}</h1><p class="error">{text}</p>
<p><a href="/">{home}</a></p></main></body></html>
"""


def refusal(request: Request, status: int, code: str) -> Response:
    """The answer to a request refused before any route saw it (host, origin, token, size).

    It cannot use the app's state (the guard stands in front of the app), so it is built here:
    JSON under ``/api/``, else a small self-contained page, in the language the user asked for.
    """
    from html import escape

    from gcat.limits import MAX_UPLOAD_BYTES, MB

    lang = asked_language(request) or "en"
    text = message(code, lang, limit=MAX_UPLOAD_BYTES // MB)
    if request.url.path.startswith("/api/"):
        return JSONResponse(_body(code, text, None), status_code=status)
    page = _REFUSAL_PAGE.format(
        lang=lang,
        title=escape(message("error.title", lang)),
        text=escape(text),
        home=escape(message("error.home", lang)),
    )
    return HTMLResponse(page, status_code=status)


_HTTP_CODES = {404: "request.not_found", 405: "request.bad_method"}


async def _http_error(request: Request, exc: Exception) -> Response:
    """A route that does not exist (or a method it does not take): readable, translated."""
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "request.invalid")
    lang = language_of(request)
    text = message(code, lang, field="-", reason=str(exc.detail))
    if request.url.path.startswith("/api/"):
        return JSONResponse(_body(code, text, None), status_code=exc.status_code)
    from gcat.web.rendering import error_page

    return error_page(request, text, exc.status_code)


def install_error_handlers(app: object) -> None:
    """Register the handlers on a FastAPI app."""
    from fastapi import FastAPI

    assert isinstance(app, FastAPI)
    app.add_exception_handler(GcatError, _gcat_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)

"""The app factory: ``create_app(settings)`` builds everything; nothing happens at import."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gcat import __version__
from gcat.i18n import message
from gcat.limits import MAX_UPLOAD_BYTES
from gcat.settings import Settings
from gcat.storage.db import make_engine, migrate
from gcat.web import api, pages
from gcat.web.deps import language_of
from gcat.web.errors import install_error_handlers

__all__ = ["MAX_REQUEST_BYTES", "create_app"]

STATIC = Path(__file__).parent / "static"
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64 * 1024
"""Largest request body accepted: one maximal upload plus form overhead."""

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class Guard:
    """Pure ASGI middleware: refuse oversized bodies (413) and add the security headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > MAX_REQUEST_BYTES:
            request = Request(scope)
            text = message(
                "file.too_large", language_of(request), limit=MAX_UPLOAD_BYTES // 1024**2
            )
            response = JSONResponse(
                {"code": "file.too_large", "message": text, "field": None}, status_code=413
            )
            await response(scope, receive, send)
            return

        async def send_with_headers(event: Message) -> None:
            if event["type"] == "http.response.start":
                event["headers"] = [*event.get("headers", []), *_SECURITY_HEADERS]
            await send(event)

        await self.app(scope, receive, send_with_headers)


_SECURITY_HEADERS = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]


def create_app(settings: Settings) -> FastAPI:
    """The web app on ``settings.database_url``, migrated to the latest schema."""
    engine = make_engine(settings.database_url)
    migrate(engine)
    app = FastAPI(
        title="gcat — Green Customs Assessment Tool",
        version=__version__,
        description="Offline self-assessment of green customs maturity (GCAT).",
    )
    app.state.settings = settings
    app.state.engine = engine
    install_error_handlers(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(Guard)

    return app

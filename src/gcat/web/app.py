"""The app factory: ``create_app(settings)`` builds everything; nothing happens at import."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp

from gcat import __version__
from gcat.core.accounts import SessionRecord
from gcat.frameworks import install_modules
from gcat.frameworks.loader import DEFAULT_FRAMEWORK, use_drafts_dir
from gcat.limits import MAX_IMPORT_BYTES, MAX_RESTORE_UPLOAD_BYTES, MAX_UPLOAD_BYTES
from gcat.services import accounts
from gcat.services.accounts import SessionPolicy
from gcat.services.worker import Worker
from gcat.settings import Settings
from gcat.storage.db import make_engine, migrate
from gcat.web import (
    api,
    backup_pages,
    help_pages,
    import_pages,
    pages,
    questionnaire,
    results_pages,
    team_api,
    team_pages,
)
from gcat.web.backup_pages import RESTORE_PATH
from gcat.web.errors import install_error_handlers
from gcat.web.routes import accounts as accounts_routes
from gcat.web.routes import actionplan, declarations, practices
from gcat.web.routes import secretariat as secretariat_routes
from gcat.web.routes import survey as survey_routes
from gcat.web.security import Guard

__all__ = ["BODY_LIMITS", "MAX_REQUEST_BYTES", "GcatApp", "create_app"]

STATIC = Path(__file__).parent / "static"
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64 * 1024
"""Largest request body accepted: one maximal upload plus form overhead; importing a file and
restoring a backup take more (:data:`BODY_LIMITS`)."""
BODY_LIMITS = {
    "/import": MAX_IMPORT_BYTES + 64 * 1024,
    RESTORE_PATH: MAX_RESTORE_UPLOAD_BYTES + 64 * 1024,
}
"""Paths that take a larger body than :data:`MAX_REQUEST_BYTES`."""
LOGIN_EXEMPT = (("POST", "/api/session"),)
"""Server mode: the API login carries no CSRF token (there is no session yet); the origin
check still applies to browsers."""


class GcatApp(FastAPI):
    """FastAPI with :class:`~gcat.web.security.Guard` outside everything, error handling too,
    so that every response (a refusal or a server error included) passes the same doors."""

    def build_middleware_stack(self) -> ASGIApp:
        """The usual stack, wrapped in the guard."""
        settings: Settings = self.state.settings
        policy: SessionPolicy | None = self.state.sessions
        engine: sa.Engine = self.state.engine
        lookup = None
        if policy is not None:

            def lookup(cookie: str | None) -> SessionRecord | None:
                return accounts.resolve_session(engine, policy, cookie)

        return Guard(
            super().build_middleware_stack(),
            max_body=MAX_REQUEST_BYTES,
            trusted_hosts=settings.trusted_hosts,
            body_limits=BODY_LIMITS,
            csrf_exempt=LOGIN_EXEMPT if policy is not None else (),
            sessions=lookup,
        )


def create_app(settings: Settings) -> GcatApp:
    """The web app on ``settings.database_url``, migrated to the latest schema."""
    install_modules(*DEFAULT_FRAMEWORK, settings.modules)
    use_drafts_dir(settings.drafts_dir)
    engine = make_engine(settings.database_url)
    migrate(engine)
    worker = Worker()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        worker.stop()  # a render in progress never outlives the server

    app = GcatApp(
        lifespan=lifespan,
        title="gcat — Green Customs Assessment Tool",
        version=__version__,
        description=(
            "Offline self-assessment of green customs maturity (GCAT). Every request that "
            "changes something (POST, PUT, PATCH, DELETE) must come from the app's own origin "
            "(Origin header) and carry the CSRF token of the browser's session in the "
            "X-CSRF-Token header: in local mode equal to the gcat_csrf cookie; in server mode "
            "the csrf_token that POST /api/session returned (log in first: the session "
            "cookie gcat_session is HttpOnly, SameSite=Lax, Secure behind HTTPS)."
        ),
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.worker = worker
    app.state.sessions = SessionPolicy.from_settings(settings) if settings.server_mode else None
    install_error_handlers(app)
    app.include_router(api.router)
    app.include_router(accounts_routes.router)
    app.include_router(secretariat_routes.router)
    app.include_router(team_api.router)
    for area in (pages, questionnaire, results_pages, import_pages, backup_pages, help_pages):
        app.include_router(area.router)
    app.include_router(accounts_routes.pages)
    app.include_router(secretariat_routes.pages)
    for more in (team_pages, actionplan, declarations, practices, survey_routes):
        app.include_router(more.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app

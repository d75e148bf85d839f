"""Run the web app: bind the port first (a clear message if taken), check the mode, then serve.

- **Local mode** (the default): one process on a loopback address, SQLite, one built-in user.
- **Server mode**: accounts and roles on PostgreSQL, several uvicorn worker processes sharing
  one listening socket (uvicorn's supervisor starts a new worker when one dies). It refuses to
  start without a real secret key or on SQLite, and says why. The schema is migrated once, by
  the parent, before the workers start.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
import sys
import threading
import webbrowser

import sqlalchemy as sa
import uvicorn

from gcat.errors import InputError, Problem
from gcat.i18n import message
from gcat.settings import MODES, SETTINGS, Settings, load_settings

__all__ = ["HOST", "bind", "check_mode", "run_server", "worker_app"]

HOST = "127.0.0.1"
GRACE_SECONDS = 3
"""On SIGTERM, requests in flight get this long to finish before the server stops."""
MIN_SECRET = 32
_PLACEHOLDERS = ("change", "secret", "example", "placeholder", "xxxx", "your", "todo", "default")


def bind(port: int, host: str = HOST) -> socket.socket:
    """A listening socket on ``host``:``port``; InputError when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is no obstacle
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        code = "serve.port_taken" if exc.errno == errno.EADDRINUSE else "serve.cannot_bind"
        raise InputError(
            [Problem(code, {"port": port, "reason": exc.strerror or ""}, field="--port")]
        ) from exc
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _placeholder(secret: str) -> bool:
    lowered = secret.lower()
    return (
        len(secret) < MIN_SECRET
        or len(set(secret)) < 8
        or any(word in lowered for word in _PLACEHOLDERS)
    )


def check_mode(settings: Settings) -> None:
    """Refuse settings the mode cannot run with (InputError naming the setting)."""
    if settings.mode not in MODES:
        raise InputError([Problem("serve.bad_mode", {}, field="--mode")])
    if not settings.server_mode:
        if not _loopback(settings.host):
            raise InputError(
                [Problem("serve.local_host", {"host": settings.host[:60]}, field="--host")]
            )
        return
    if not settings.secret_key:
        raise InputError([Problem("serve.no_secret", {}, field="GCAT_SECRET_KEY")])
    if _placeholder(settings.secret_key):
        raise InputError([Problem("serve.placeholder_secret", {}, field="GCAT_SECRET_KEY")])
    if settings.database_url.startswith("sqlite"):
        raise InputError([Problem("serve.needs_postgresql", {}, field="--database")])


def _has_display() -> bool:
    """Whether a graphical browser can open (on Linux a console browser would take the terminal)."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def worker_app() -> object:
    """The app of one server worker process, from the settings its parent put in ``GCAT_*``."""
    from gcat.web.app import create_app

    return create_app(load_settings())


def _export(settings: Settings) -> None:
    """Hand the settings to worker processes through the environment (they start afresh)."""
    for setting in SETTINGS:
        value = getattr(settings, setting.name)
        if isinstance(value, tuple):
            value = ",".join(str(part) for part in value)
        os.environ[setting.env] = str(value)


def _display_url(url: str) -> str:
    """A database URL without its password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.rsplit("@", maxsplit=1)[-1]


def run_server(
    *,
    port: int,
    database: str | None,
    open_browser: bool,
    demo: bool,
    lang: str,
    mode: str | None = None,
    host: str | None = None,
    workers: int | None = None,
) -> None:
    """Serve until interrupted. Prints the URL; in local mode opens the default browser unless
    told not to."""
    settings = load_settings(database_url=database, mode=mode, host=host, workers=workers)
    check_mode(settings)
    sock = bind(port, settings.host)
    if settings.server_mode:
        _serve_many(settings, sock, port, lang, demo)
        return
    from gcat.web.app import create_app

    app = create_app(settings)
    if demo:
        _store_demo(app.state.engine)
    url = f"http://{HOST if settings.host in ('0.0.0.0', '::') else settings.host}:{port}/"  # noqa: S104
    print(message("serve.running", lang, url=url), flush=True)
    if open_browser and _has_display():
        threading.Timer(0.3, webbrowser.open, [url]).start()
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, timeout_graceful_shutdown=GRACE_SECONDS
    )
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        sys.exit(0)


def _store_demo(engine: sa.Engine) -> None:
    """The fictional demo: assessments, practices and the declaration."""
    from gcat.demo import store_demo_assessments
    from gcat.demo.compendium import store_demo_practices
    from gcat.demo.declaration import store_demo_declaration

    store_demo_assessments(engine)
    store_demo_practices(engine)
    store_demo_declaration(engine)


def _serve_many(settings: Settings, sock: socket.socket, port: int, lang: str, demo: bool) -> None:
    from gcat.services.database import open_database

    engine = open_database(settings.database_url)  # migrate once, before the workers start
    if demo:
        _store_demo(engine)
    engine.dispose()
    _export(settings)
    print(
        message(
            "serve.server_running",
            lang,
            workers=settings.workers,
            host=settings.host,
            port=port,
            database=_display_url(settings.database_url),
        ),
        flush=True,
    )
    common = {
        "log_level": "warning",
        "access_log": False,
        "timeout_graceful_shutdown": GRACE_SECONDS,
        "proxy_headers": True,
        "forwarded_allow_ips": settings.forwarded_allow_ips,
    }
    try:
        if settings.workers == 1:
            config = uvicorn.Config(worker_app, factory=True, **common)  # type: ignore[arg-type]
            uvicorn.Server(config).run(sockets=[sock])
            return
        from uvicorn.supervisors import Multiprocess

        config = uvicorn.Config(
            "gcat.server:worker_app",
            factory=True,
            workers=settings.workers,
            **common,  # type: ignore[arg-type]
        )
        Multiprocess(config, sockets=[sock]).run()
    except KeyboardInterrupt:
        sys.exit(0)

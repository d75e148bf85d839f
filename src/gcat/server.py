"""Run the web app on 127.0.0.1: bind the port first (clear message if taken), then serve."""

from __future__ import annotations

import errno
import os
import socket
import sys
import threading
import webbrowser

import uvicorn

from gcat.errors import InputError, Problem
from gcat.i18n import message
from gcat.settings import load_settings

__all__ = ["HOST", "bind", "run_server"]

HOST = "127.0.0.1"
GRACE_SECONDS = 3
"""On SIGTERM, requests in flight get this long to finish before the server stops."""


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1:``port``; InputError when the port is taken."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is no obstacle
    try:
        sock.bind((HOST, port))
    except OSError as exc:
        sock.close()
        code = "serve.port_taken" if exc.errno == errno.EADDRINUSE else "serve.cannot_bind"
        raise InputError(
            [Problem(code, {"port": port, "reason": exc.strerror or ""}, field="--port")]
        ) from exc
    sock.listen(128)
    return sock


def _has_display() -> bool:
    """Whether a graphical browser can open (on Linux a console browser would take the terminal)."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_server(
    *, port: int, database: str | None, open_browser: bool, demo: bool, lang: str
) -> None:
    """Serve until interrupted. Prints the URL; opens the default browser unless told not to."""
    from gcat.demo import store_demo_assessments
    from gcat.demo.declaration import store_demo_declaration
    from gcat.web.app import create_app

    sock = bind(port)
    settings = load_settings(database_url=database)
    app = create_app(settings)
    if demo:
        store_demo_assessments(app.state.engine)
        store_demo_declaration(app.state.engine)
    url = f"http://{HOST}:{port}/"
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

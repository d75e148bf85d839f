"""Web fixtures: a real server on a real SQLite file, in a thread, per test."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from gcat.settings import Settings
from gcat.web.app import create_app


@dataclass
class LiveServer:
    """A running app: its base URL, database URL and the FastAPI object."""

    url: str
    database_url: str
    app: object

    def client(self, **kwargs: object) -> httpx.Client:
        """A client that behaves like the app's own pages: same Origin, the CSRF token."""
        return same_origin_client(self.url, **kwargs)


TOKEN = "test-csrf-token"


def same_origin_headers(url: str) -> dict[str, str]:
    """Headers of a request made by the app's own page at ``url``: Origin, CSRF token, cookie."""
    return {"Origin": url.rstrip("/"), "X-CSRF-Token": TOKEN, "Cookie": f"gcat_csrf={TOKEN}"}


def same_origin_client(url: str, **kwargs: object) -> httpx.Client:
    """An httpx client sending the app's Origin and a CSRF token with its cookie."""
    headers = {"Origin": url, "X-CSRF-Token": TOKEN}
    client = httpx.Client(base_url=url, headers=headers, **{"timeout": 10, **kwargs})  # type: ignore[arg-type]
    client.cookies.set("gcat_csrf", TOKEN)
    return client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_server(database_url: str) -> Iterator[LiveServer]:
    app = create_app(Settings(database_url=database_url, lang="en", user="tester"))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.02)
    yield LiveServer(f"http://127.0.0.1:{port}", database_url, app)
    server.should_exit = True
    thread.join(timeout=10)
    app.state.engine.dispose()


@pytest.fixture
def demo_server(live_server: LiveServer) -> LiveServer:
    """The live server with the two demo cycles stored (ids 1 = 2024, 2 = 2025)."""
    from gcat.demo import store_demo_assessments

    store_demo_assessments(live_server.app.state.engine)  # type: ignore[attr-defined]
    return live_server

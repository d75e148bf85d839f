"""Web fixtures: a real server on a real SQLite file, in a thread, per test."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

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

    def client(self, *, named: bool = True, **kwargs: object) -> httpx.Client:
        """A client that behaves like the app's own pages: same Origin, the CSRF token, and the
        officer's name unless ``named`` is false."""
        return same_origin_client(self.url, named=named, **kwargs)


TOKEN = "test-csrf-token"
OFFICER = "Test officer"
"""The name a test's browser has given (the app asks it at the first change)."""


def same_origin_headers(url: str) -> dict[str, str]:
    """Headers of a request made by the app's own page at ``url``: Origin, CSRF token, cookies
    (the token's, and the officer's name)."""
    return {
        "Origin": url.rstrip("/"),
        "X-CSRF-Token": TOKEN,
        "Cookie": f"gcat_csrf={TOKEN}; gcat_user={quote(OFFICER)}",
    }


def same_origin_client(url: str, *, named: bool = True, **kwargs: object) -> httpx.Client:
    """An httpx client sending the app's Origin and a CSRF token with its cookie, and the
    officer's name unless ``named`` is false."""
    headers = {"Origin": url, "X-CSRF-Token": TOKEN}
    client = httpx.Client(base_url=url, headers=headers, **{"timeout": 10, **kwargs})  # type: ignore[arg-type]
    client.cookies.set("gcat_csrf", TOKEN)
    if named:
        client.cookies.set("gcat_user", quote(OFFICER))
    return client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    database_url = f"sqlite:///{tmp_path / 'gcat.sqlite3'}"
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


@pytest.fixture
def demo_server(live_server: LiveServer) -> LiveServer:
    """The live server with the two demo cycles stored (ids 1 = 2024, 2 = 2025)."""
    from gcat.demo import store_demo_assessments

    store_demo_assessments(live_server.app.state.engine)  # type: ignore[attr-defined]
    return live_server

"""Web fixtures: a real server on a real SQLite file, in a thread, per test."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
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


PASSWORD = "correct horse battery staple"
SECRET = "k3P9xQz7Lm2Vw8Rt5Ny4Bd6Hj1Fg0Sa-Ue_Ci"
MEMBERS = {"a": "Senegal", "b": "Peru"}
"""The two WCO Members of the server-mode tests: administration "a" and "b"."""
MEMBER_ROLES = ("respondent", "validator", "viewer")


@dataclass
class ServerWorld:
    """A server-mode app on a real server: its URL, app and engine, and its accounts
    (``admin``, ``sec``, and ``a.<role>`` / ``b.<role>`` for the two Members)."""

    url: str
    database_url: str
    app: Any

    @property
    def engine(self) -> Any:
        return self.app.state.engine

    @contextmanager
    def client(self, username: str | None = None, **kwargs: Any) -> Iterator[httpx.Client]:
        """A client like a browser on the app's pages, logged in as ``username`` when given
        (its CSRF token in every request)."""
        with httpx.Client(
            base_url=self.url, headers={"Origin": self.url}, **{"timeout": 20, **kwargs}
        ) as client:
            if username is not None:
                login(client, username)
            yield client


def login(client: httpx.Client, username: str, password: str = PASSWORD) -> dict[str, Any]:
    """Log in through the API; the client then sends the session's CSRF token."""
    response = client.post("/api/session", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    client.headers["X-CSRF-Token"] = body["csrf_token"]
    return body


def server_settings(database_url: str, **extra: Any) -> Settings:
    return Settings(
        database_url=database_url,
        lang="en",
        user="tester",
        mode="server",
        secret_key=SECRET,
        **extra,
    )


def add_accounts(engine: Any) -> None:
    from gcat.policy.access import local_actor
    from gcat.services import accounts

    operator = local_actor("operator")
    accounts.add_user(operator, engine, username="admin", password=PASSWORD, role="admin")
    accounts.add_user(operator, engine, username="sec", password=PASSWORD, role="secretariat")
    for key, member in MEMBERS.items():
        for role in MEMBER_ROLES:
            accounts.add_user(
                operator,
                engine,
                username=f"{key}.{role}",
                password=PASSWORD,
                role=role,
                administration=member,
            )


def run_live(app: Any) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    app.state.engine.dispose()


@pytest.fixture
def server_world(database_url: str, fast_passwords: None) -> Iterator[ServerWorld]:
    """A server-mode app with its accounts, on each database backend."""
    app = create_app(server_settings(database_url))
    add_accounts(app.state.engine)
    for url in run_live(app):
        yield ServerWorld(url, database_url, app)

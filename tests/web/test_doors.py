"""The app's doors against a hostile page and a hostile client: hosts, origins, tokens, sizes.

Every refusal leaves the database as it was, and every response carries the security headers.
"""

from __future__ import annotations

import socket

import httpx
import pytest

from tests.web.conftest import TOKEN, LiveServer, same_origin_client

HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy")


def raw_request(server: LiveServer, head: str, body: bytes = b"") -> bytes:
    """Send a hand-written HTTP/1.1 request; return the raw response head and start of body."""
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head.encode("latin-1") + body)
        chunks = []
        while True:
            try:
                data = sock.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not data:
                break
            chunks.append(data)
            if b"\r\n\r\n" in b"".join(chunks):  # the head is in: enough to judge
                break
    return b"".join(chunks)


def assert_secured(response: httpx.Response) -> None:
    for name in HEADERS:
        assert name in response.headers, (response.status_code, name)


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:80", "127.0.0.1:1", "localhost.evil"]
)
def test_a_foreign_host_is_refused_with_400(live_server: LiveServer, host: str) -> None:
    with same_origin_client(live_server.url) as client:
        aid = client.post("/api/assessments", json={"administration": "A", "cycle": "1"}).json()[
            "id"
        ]
        read = client.get(f"/api/assessments/{aid}", headers={"Host": host})
        page = client.get("/", headers={"Host": host, "Accept-Language": "fr"})
        write = client.put(
            f"/api/assessments/{aid}/answers/PL-01",
            json={"level": 5, "version": 0},
            headers={"Host": host, "Origin": f"http://{host}"},
        )
        assert (read.status_code, page.status_code, write.status_code) == (400, 400, 400)
        assert "administration" not in read.text
        assert "gcat" in page.text and "adresse" in page.text  # a readable page, in French
        assert_secured(read)
        assert client.get(f"/api/assessments/{aid}").json()["answers"] == []


def test_localhost_on_the_right_port_is_the_app(live_server: LiveServer) -> None:
    port = live_server.url.rsplit(":", 1)[1]
    with same_origin_client(f"http://localhost:{port}") as client:
        assert client.get("/api/frameworks").status_code == 200
        created = client.post("/api/assessments", json={"administration": "L", "cycle": "1"})
        assert created.status_code == 201


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:1"},
        {"Referer": "http://evil.example/page"},
        {"Sec-Fetch-Site": "cross-site"},
        {},
    ],
    ids=["foreign", "null", "other-port", "referer", "fetch-site", "nothing"],
)
def test_a_change_from_another_origin_is_refused(live_server: LiveServer, headers: dict) -> None:
    with same_origin_client(live_server.url) as client:
        aid = client.post("/api/assessments", json={"administration": "B", "cycle": "1"}).json()[
            "id"
        ]
    base = {"X-CSRF-Token": TOKEN, "Cookie": f"gcat_csrf={TOKEN}", **headers}
    with httpx.Client(base_url=live_server.url, timeout=10) as client:
        put = client.put(
            f"/api/assessments/{aid}/answers/PL-01", json={"level": 5, "version": 0}, headers=base
        )
        delete = client.delete(f"/api/assessments/{aid}", headers=base)
        form = client.post(f"/assessments/{aid}/delete", data={"csrf_token": TOKEN}, headers=base)
        upload = client.post(
            f"/api/assessments/{aid}/answers/PL-01/files",
            files={"file": ("a.txt", b"x")},
            headers=base,
        )
        me = client.post("/me", data={"name": "Intrus", "csrf_token": TOKEN}, headers=base)
    assert {put.status_code, delete.status_code, form.status_code, upload.status_code} == {403}
    assert me.status_code == 403 and "gcat_user" not in me.headers.get("set-cookie", "")
    assert_secured(put)
    with same_origin_client(live_server.url) as client:
        assert client.get(f"/api/assessments/{aid}").json()["answers"] == []


def test_referer_or_fetch_metadata_stand_in_for_a_missing_origin(live_server: LiveServer) -> None:
    token = {"X-CSRF-Token": TOKEN, "Cookie": f"gcat_csrf={TOKEN}; gcat_user=R"}
    with httpx.Client(base_url=live_server.url, timeout=10) as client:
        by_referer = client.post(
            "/api/assessments",
            json={"administration": "R", "cycle": "1"},
            headers={**token, "Referer": f"{live_server.url}/"},
        )
        by_fetch = client.post(
            "/api/assessments",
            json={"administration": "R", "cycle": "2"},
            headers={**token, "Sec-Fetch-Site": "same-origin"},
        )
    assert (by_referer.status_code, by_fetch.status_code) == (201, 201)


@pytest.mark.parametrize(
    "cookie, header",
    [(None, TOKEN), (TOKEN, None), ("other", TOKEN), (TOKEN, "other"), ("", "")],
    ids=["no-cookie", "no-header", "wrong-cookie", "wrong-header", "empty"],
)
def test_a_change_without_the_session_token_is_refused(
    live_server: LiveServer, cookie: str | None, header: str | None
) -> None:
    headers = {"Origin": live_server.url}
    if cookie is not None:
        headers["Cookie"] = f"gcat_csrf={cookie}"
    if header is not None:
        headers["X-CSRF-Token"] = header
    with httpx.Client(base_url=live_server.url, timeout=10) as client:
        response = client.post(
            "/api/assessments",
            json={"administration": "Tokenless Customs", "cycle": "1"},
            headers=headers,
        )
        page = client.get("/")
    assert response.status_code == 403
    assert "Tokenless Customs" not in page.text


def test_forms_carry_the_token_of_the_page(live_server: LiveServer) -> None:
    """A plain form post (no script) works with the token the page embeds, and only with it."""
    with httpx.Client(base_url=live_server.url, timeout=10) as client:
        home = client.get("/")
        token = client.cookies["gcat_csrf"]
        assert f'name="csrf_token" value="{token}"' in home.text
        assert f'<meta name="csrf-token" content="{token}">' in home.text
        origin = {"Origin": live_server.url}
        form = {"administration": "Formulaire", "cycle": "2025", "author": "Awa"}
        refused = client.post("/assessments", data=form, headers=origin)
        accepted = client.post("/assessments", data={**form, "csrf_token": token}, headers=origin)
        assert (refused.status_code, accepted.status_code) == (403, 303)
        aid = accepted.headers["location"].split("/")[2]
        upload = client.post(
            f"/api/assessments/{aid}/answers/PL-01/files",
            data={"csrf_token": token},
            files={"file": ("note.txt", b"evidence")},
            headers=origin,
        )
        assert upload.status_code == 201, upload.text


def test_oversized_bodies_are_refused_on_the_bytes_received(live_server: LiveServer) -> None:
    with same_origin_client(live_server.url) as client:
        aid = client.post("/api/assessments", json={"administration": "C", "cycle": "1"}).json()[
            "id"
        ]

    def chunks():
        for _ in range(40):
            yield b"x" * (512 * 1024)  # 20 MB in chunks, no Content-Length

    with same_origin_client(live_server.url, timeout=30) as client:
        chunked = client.put(
            f"/api/assessments/{aid}/answers/PL-01",
            content=chunks(),
            headers={"Content-Type": "application/json"},
        )
        big_upload = client.post(
            f"/api/assessments/{aid}/answers/PL-01/files",
            files={"file": ("big.txt", b"y" * (12 * 1024 * 1024))},
        )
        assert chunked.status_code == 413
        assert big_upload.status_code == 413
        assert_secured(chunked)
        assert client.get(f"/api/assessments/{aid}").json()["answers"] == []


def test_a_declared_oversized_body_is_refused_before_it_is_read(live_server: LiveServer) -> None:
    host = live_server.url.removeprefix("http://")
    head = (
        f"POST /api/assessments/1/answers/PL-01/files HTTP/1.1\r\nHost: {host}\r\n"
        f"Origin: {live_server.url}\r\nX-CSRF-Token: {TOKEN}\r\nCookie: gcat_csrf={TOKEN}\r\n"
        f"Content-Type: text/plain\r\nContent-Length: {200 * 1024 * 1024}\r\n\r\n"
    )
    response = raw_request(live_server, head, b"x" * 1024)
    assert response.startswith(b"HTTP/1.1 413")
    assert b"content-security-policy" in response.lower()


def test_errors_carry_the_security_headers(live_server: LiveServer) -> None:
    from fastapi import FastAPI

    app = live_server.app
    assert isinstance(app, FastAPI)

    def boom() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/api/boom-for-test", boom)
    with same_origin_client(live_server.url) as client:
        missing = client.get("/api/assessments/999")
        page = client.get("/assessments/999")
        crash = client.get("/api/boom-for-test")
    assert (missing.status_code, page.status_code) == (404, 404)
    assert crash.status_code == 500 and "boom" not in crash.text
    for response in (missing, page, crash):
        assert_secured(response)


@pytest.mark.parametrize(
    "path",
    [
        "/assessments/99999999999999999999",
        "/assessments/2147483648/results",
        "/assessments/99999999999999999999/domains/facilitation",
        "/assessments/1%20",
        "/assessments/+1/plan",
        "/history/99999999999999999999/PL-01",
        "/assessments/1/files/99999999999999999999",
    ],
)
def test_page_ids_are_strict_and_bounded(demo_server: LiveServer, path: str) -> None:
    with same_origin_client(demo_server.url) as client:
        response = client.get(path)
    assert response.status_code == 404, (path, response.status_code)
    assert_secured(response)


def test_an_id_with_trailing_junk_deletes_nothing(demo_server: LiveServer) -> None:
    with same_origin_client(demo_server.url) as client:
        for path in ("/api/assessments/1%20", "/api/assessments/1.0", "/api/assessments/%201"):
            assert client.delete(path).status_code in (404, 422), path
        assert client.post("/assessments/1%20/delete").status_code in (404, 405)
        assert client.get("/api/assessments/1").status_code == 200
        assert client.get("/api/assessments/99999999999999999999").status_code == 422


@pytest.mark.parametrize(
    "name", ["محمد بن سلمان", "李小龍", "José María Núñez", "Ōtsuka\u202e\u0000 \x1b[31mRed"]
)
def test_names_in_any_script(live_server: LiveServer, name: str) -> None:
    from gcat.core.text import clean_line

    with same_origin_client(live_server.url) as client:
        response = client.post("/me", data={"name": name}, follow_redirects=False)
        assert response.status_code == 303
        home = client.get("/")
        assert home.status_code == 200 and clean_line(name) in home.text
        aid = client.post("/api/assessments", json={"administration": "N", "cycle": "1"}).json()[
            "id"
        ]
        saved = client.put(f"/api/assessments/{aid}/answers/PL-01", json={"level": 1, "version": 0})
    assert saved.json()["updated_by"] == clean_line(name)
    assert "\x00" not in home.text and "\x1b" not in home.text


def test_control_characters_never_reach_a_page(live_server: LiveServer) -> None:
    with same_origin_client(live_server.url) as client:
        created = client.post(
            "/api/assessments", json={"administration": "Nul\x00 \x1b[2JCustoms", "cycle": "1"}
        )
        assert created.status_code == 201 and created.json()["administration"] == "Nul [2JCustoms"
        home = client.get("/").text
    assert "\x00" not in home and "\x1b" not in home


def test_an_assessment_has_an_evidence_quota(tmp_path) -> None:
    """The quota is a setting; the app shows it, and a file past it is refused."""
    import threading
    import time

    import uvicorn

    from gcat.settings import Settings
    from gcat.web.app import create_app
    from tests.web.conftest import free_port

    app = create_app(
        Settings(database_url=f"sqlite:///{tmp_path / 'q.sqlite3'}", evidence_quota_mb=1)
    )
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    url = f"http://127.0.0.1:{port}"
    try:
        with same_origin_client(url) as client:
            aid = client.post(
                "/api/assessments", json={"administration": "Q", "cycle": "1"}
            ).json()["id"]
            files = f"/api/assessments/{aid}/answers/PL-01/files"
            first = client.post(files, files={"file": ("a.txt", b"a" * 700_000)})
            second = client.post(files, files={"file": ("b.txt", b"b" * 400_000)})
            page = client.get(
                f"/assessments/{aid}/domains/policy_legislation", params={"lang": "fr"}
            )
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert first.status_code == 201
    assert second.status_code == 422 and second.json()["field"] == "file"
    assert "1.0 MB" in second.json()["message"] or "1 MB" in second.json()["message"]
    assert "sur 1 Mo" in page.text and "0,7 Mo" in page.text

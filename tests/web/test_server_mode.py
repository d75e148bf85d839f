"""Server mode over HTTP: the session API, cookies, CSRF tied to the session, logout, lock-out,
member isolation by id and upload, and the bad input the issue lists; on SQLite and PostgreSQL."""

from __future__ import annotations

import httpx
import pytest
import sqlalchemy as sa
from itsdangerous import URLSafeSerializer

from gcat.limits import MAX_BATCH_FILES
from gcat.storage.schema import sessions
from gcat.web.app import create_app
from tests.web.conftest import (
    PASSWORD,
    ServerWorld,
    add_accounts,
    login,
    run_live,
    server_settings,
)

ANSWER = {"level": 2, "version": 0}


def _audit(world: ServerWorld, event: str) -> list[sa.Row]:
    with world.engine.connect() as conn:
        return list(
            conn.execute(
                sa.text("SELECT username, address, detail FROM audit_log WHERE event = :e"),
                {"e": event},
            )
        )


def _count(world: ServerWorld, table: str) -> int:
    with world.engine.connect() as conn:
        return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_login_sets_the_session_cookie_and_returns_the_token(server_world: ServerWorld) -> None:
    with server_world.client() as client:
        response = client.post(
            "/api/session", json={"username": "A.Validator", "password": PASSWORD}
        )
        assert response.status_code == 200
        body = response.json()
        assert body == {
            "username": "a.validator",
            "role": "validator",
            "administration": "Senegal",
            "csrf_token": body["csrf_token"],
        }
        assert len(body["csrf_token"]) >= 40
        cookie = response.headers["set-cookie"]
        assert "gcat_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
        assert "Secure" not in cookie  # plain HTTP on loopback
        assert client.get("/api/session").json()["username"] == "a.validator"
    assert [row.username for row in _audit(server_world, "login")] == ["a.validator"]
    assert _audit(server_world, "login")[0].address == "127.0.0.1"


def test_the_cookie_is_secure_behind_https(server_world: ServerWorld) -> None:
    """Behind a reverse proxy that says the client used HTTPS, the cookie is Secure."""
    app = create_app(server_settings(server_world.database_url))
    for url in run_live_with_proxy_headers(app):
        with httpx.Client(base_url=url, headers={"X-Forwarded-Proto": "https"}) as client:
            response = client.post(
                "/api/session",
                json={"username": "sec", "password": PASSWORD},
                headers={"Origin": url.replace("http:", "https:")},
            )
            assert response.status_code == 200, response.text
            assert "Secure" in response.headers["set-cookie"]


def run_live_with_proxy_headers(app):
    import threading
    import time

    import uvicorn

    from tests.web.conftest import free_port

    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    app.state.engine.dispose()


def test_every_change_needs_the_sessions_token(server_world: ServerWorld) -> None:
    with server_world.client("a.respondent") as client:
        token = client.headers.pop("X-CSRF-Token")
        assert (
            client.post("/api/assessments", json={"administration": "x", "cycle": "1"}).status_code
            == 403
        )
        wrong = {"X-CSRF-Token": "x" * 43}
        assert (
            client.post(
                "/api/assessments", json={"administration": "x", "cycle": "1"}, headers=wrong
            ).status_code
            == 403
        )
        with server_world.client("b.respondent") as other:
            stolen = {"X-CSRF-Token": other.headers["X-CSRF-Token"]}
        assert (
            client.post(
                "/api/assessments", json={"administration": "x", "cycle": "1"}, headers=stolen
            ).status_code
            == 403
        )
        created = client.post(
            "/api/assessments",
            json={"administration": "x", "cycle": "1"},
            headers={"X-CSRF-Token": token},
        )
        assert created.status_code == 201
        assert created.json()["administration"] == "Senegal"  # the user's own, whatever was typed
    assert _count(server_world, "assessments") == 1


def test_a_client_without_browser_headers_uses_the_token_alone(server_world: ServerWorld) -> None:
    """A script (no Origin, Referer or Sec-Fetch-Site) logs in and changes things with the
    session's token; a foreign Origin is still refused."""
    with httpx.Client(base_url=server_world.url, timeout=20) as client:
        token = login(client, "a.respondent")["csrf_token"]
        assert (
            client.post("/api/assessments", json={"administration": "x", "cycle": "9"}).status_code
            == 201
        )
        foreign = client.post(
            "/api/assessments",
            json={"administration": "x", "cycle": "8"},
            headers={"Origin": "http://evil.example", "X-CSRF-Token": token},
        )
        assert foreign.status_code == 403


def test_logout_ends_the_session_everywhere(server_world: ServerWorld) -> None:
    with server_world.client("a.viewer") as client:
        cookie = client.cookies["gcat_session"]
        response = client.delete("/api/session")
        assert response.status_code == 204 and 'gcat_session=""' in response.headers["set-cookie"]
    with httpx.Client(base_url=server_world.url, cookies={"gcat_session": cookie}) as replay:
        assert replay.get("/api/session").status_code == 401
        assert replay.get("/", follow_redirects=False).headers["location"] == "/login?next=%2F"
    assert [row.username for row in _audit(server_world, "logout")] == ["a.viewer"]


def test_session_fixation_a_planted_cookie_never_becomes_a_session(
    server_world: ServerWorld,
) -> None:
    """An attacker plants a cookie (one they made, or a session of theirs); logging in always
    gives a new session, and the planted value never authenticates the victim."""
    signer = URLSafeSerializer(server_world.app.state.sessions.secret_key, salt="gcat-session")
    planted = signer.dumps("attacker-chosen-token")
    with server_world.client("b.viewer") as attacker:
        own = attacker.cookies["gcat_session"]
    for value in (planted, own):
        with httpx.Client(base_url=server_world.url, timeout=20) as victim:
            response = victim.post(
                "/api/session",
                json={"username": "a.validator", "password": PASSWORD},
                headers={"Cookie": f"gcat_session={value}"},
            )
            assert response.status_code == 200 and response.json()["username"] == "a.validator"
            issued = response.headers["set-cookie"].split("gcat_session=")[1].split(";")[0]
            assert issued != value
        with httpx.Client(base_url=server_world.url, cookies={"gcat_session": value}) as attacker:
            assert attacker.get("/api/session").status_code == 401  # never the victim's


def test_a_cookie_signed_by_another_secret_is_refused(server_world: ServerWorld) -> None:
    with server_world.client("sec") as client:
        real = client.cookies["gcat_session"]
    token = URLSafeSerializer(
        server_world.app.state.sessions.secret_key, salt="gcat-session"
    ).loads(real)
    forged = URLSafeSerializer("another-servers-secret-key-0123456789", salt="gcat-session").dumps(
        token
    )
    with httpx.Client(base_url=server_world.url, cookies={"gcat_session": forged}) as client:
        response = client.get("/api/secretariat/aggregate")
        assert response.status_code == 401 and response.json()["code"] == "session.required"
    with httpx.Client(base_url=server_world.url, cookies={"gcat_session": "garbage.!!"}) as client:
        assert client.get("/api/session").status_code == 401


@pytest.mark.parametrize(
    ("username", "password", "status", "code"),
    [
        ("a.validator", "wrong password here", 401, "session.bad_credentials"),
        ("nobody", PASSWORD, 401, "session.bad_credentials"),
        ("", "", 422, "accounts.empty_credentials"),
        ("a.validator", "", 422, "accounts.empty_credentials"),
        ("x" * 10_240, PASSWORD, 422, "request.invalid"),
        ("a.validator", "p" * 10_240, 422, "request.invalid"),
    ],
)
def test_bad_credentials_get_a_clear_error_and_change_nothing(
    server_world: ServerWorld, username: str, password: str, status: int, code: str
) -> None:
    before = _count(server_world, "sessions")
    with server_world.client() as client:
        response = client.post("/api/session", json={"username": username, "password": password})
        assert response.status_code == status
        assert response.json()["code"] == code and response.json()["message"]
        assert "set-cookie" not in response.headers
    assert _count(server_world, "sessions") == before
    failures = _audit(server_world, "login_failed")
    assert len(failures) == (1 if status == 401 else 0)


def test_the_login_page_answers_the_same_for_unknown_and_known_names(
    server_world: ServerWorld,
) -> None:
    with server_world.client() as client:
        page = client.get("/login?next=/submissions")
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        texts = []
        for name in ("a.validator", "nobody"):
            response = client.post(
                "/login",
                data={
                    "username": name,
                    "password": "nope nope nope",
                    "next": "/submissions",
                    "csrf_token": token,
                },
            )
            assert response.status_code == 401
            texts.append(response.text.split('role="alert"')[1][:120])
        assert texts[0] == texts[1]
        ok = client.post(
            "/login",
            data={
                "username": "a.validator",
                "password": PASSWORD,
                "next": "//evil.example",
                "csrf_token": token,
            },
            follow_redirects=False,
        )
        assert ok.status_code == 303 and ok.headers["location"] == "/"


def test_repeated_failures_lock_the_name_then_even_the_right_password_waits(
    server_world: ServerWorld,
) -> None:
    with server_world.client() as client:
        for _ in range(5):
            assert (
                client.post(
                    "/api/session", json={"username": "b.viewer", "password": "bad bad bad bad"}
                ).status_code
                == 401
            )
        locked = client.post("/api/session", json={"username": "b.viewer", "password": PASSWORD})
        assert locked.status_code == 429 and locked.json()["code"] == "session.locked"
        assert int(locked.headers["retry-after"]) == 15 * 60
        assert (
            client.post(
                "/api/session", json={"username": "b.validator", "password": PASSWORD}
            ).status_code
            == 200
        )
    assert len(_audit(server_world, "login_refused")) == 1


def test_a_member_id_in_the_path_that_is_someone_elses_is_404(server_world: ServerWorld) -> None:
    with server_world.client("b.respondent") as theirs:
        other = theirs.post(
            "/api/assessments", json={"administration": "Peru", "cycle": "2025"}
        ).json()["id"]
        assert theirs.put(f"/api/assessments/{other}/answers/PL-01", json=ANSWER).status_code == 200
    with server_world.client("a.validator") as client:
        for method, path, kwargs in [
            ("GET", f"/api/assessments/{other}", {}),
            ("GET", f"/api/assessments/{other}/results", {}),
            ("GET", f"/api/assessments/{other}/history/PL-01", {}),
            ("PUT", f"/api/assessments/{other}/answers/PL-02", {"json": ANSWER}),
            ("DELETE", f"/api/assessments/{other}", {}),
            ("POST", f"/api/assessments/{other}/signoff", {"json": {}}),
            ("POST", f"/api/assessments/{other}/new-version", {}),
            ("GET", f"/assessments/{other}/results", {}),
            ("GET", f"/assessments/{other}/download/export/json", {}),
        ]:
            response = client.request(method, path, **kwargs)
            assert response.status_code == 404, (method, path, response.status_code)
        unknown = client.get("/api/assessments/999999")
        assert unknown.status_code == 404 and unknown.json() == {
            **unknown.json(),
            "code": "assessment.not_found",
        }
        assert client.get("/").text.count("/assessments/") == 0  # nothing of theirs listed
    with server_world.client("b.respondent") as theirs:
        answers = theirs.get(f"/api/assessments/{other}").json()["answers"]
        assert [a["indicator_id"] for a in answers] == ["PL-01"]


def test_an_upload_to_another_administrations_assessment_is_404(server_world: ServerWorld) -> None:
    with server_world.client("b.respondent") as theirs:
        other = theirs.post(
            "/api/assessments", json={"administration": "Peru", "cycle": "2025"}
        ).json()["id"]
    with server_world.client("a.respondent") as client:
        response = client.post(
            f"/api/assessments/{other}/answers/PL-01/files",
            files={"file": ("proof.pdf", b"%PDF-1.4 proof", "application/pdf")},
        )
        assert response.status_code == 404
    assert _count(server_world, "evidence_files") == 0


def test_an_oversized_batch_import_is_refused_whole(server_world: ServerWorld) -> None:
    with server_world.client("sec") as client:
        files = [("files", (f"f{n}.gcat.json", b"{}", "application/json")) for n in range(5001)]
        assert len(files) > MAX_BATCH_FILES
        response = client.post("/api/secretariat/import", files=files)
        assert (
            response.status_code == 422 and response.json()["code"] == "secretariat.too_many_files"
        )
        big = client.post(
            "/api/secretariat/import",
            files=[("files", ("big.gcat.json", b"x" * (11 * 1024 * 1024), "application/json"))],
        )
        assert big.status_code == 413
    assert _count(server_world, "submissions") == 0


def test_aggregate_contract_with_suppression(server_world: ServerWorld) -> None:
    with server_world.client("sec") as client:
        response = client.get("/api/secretariat/aggregate", params={"cycle": "2025"})
        assert response.status_code == 200
        groups = response.json()["groups"]
        assert groups[0]["region"] == "world"
        assert all(g["members"] == "<5" and g["domains"] is None for g in groups)
    with server_world.client("a.validator") as client:
        assert client.get("/api/secretariat/aggregate").status_code == 403


def test_local_mode_has_no_accounts(live_server) -> None:
    with live_server.client() as client:
        response = client.post("/api/session", json={"username": "a", "password": "b"})
        assert response.status_code == 404 and response.json()["code"] == "session.local_mode"
        assert client.get("/login").status_code == 404


def test_an_idle_session_ends(database_url: str, fast_passwords: None) -> None:
    from datetime import timedelta

    app = create_app(server_settings(database_url, session_idle_minutes=1))
    add_accounts(app.state.engine)
    for url in run_live(app):
        world = ServerWorld(url, database_url, app)
        with world.client("a.viewer") as client:
            assert client.get("/api/session").status_code == 200
            with world.engine.begin() as conn:
                conn.execute(sessions.update().values(last_seen_at=_minutes_ago(2)))
            assert client.get("/api/session").status_code == 401
        assert _count(world, "sessions") == 0
        assert timedelta(minutes=1) == app.state.sessions.idle


def _minutes_ago(minutes: int):
    from datetime import UTC, datetime, timedelta

    return datetime.now(UTC) - timedelta(minutes=minutes)

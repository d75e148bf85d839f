"""A hostile page on a second loopback origin tries every form and upload in real Chromium.

The officer has the app open (so the browser holds its cookies); a page served from another
port on the same machine auto-submits forms and fires ``no-cors`` fetches at the app. Nothing
may change.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from . import browser
from .conftest import LiveServer, same_origin_client

chromium_fixture = browser.chromium_fixture


def attack_pages(app: str, aid: int) -> dict[str, str]:
    """The hostile pages, by path: each submits one form, or fires fetches, on load."""

    def form(action: str, fields: dict[str, str], multipart: bool = False) -> str:
        inputs = "".join(f'<input name="{k}" value="{v}">' for k, v in fields.items())
        enctype = ' enctype="multipart/form-data"' if multipart else ""
        return (
            f'<form id="f" method="post" action="{app}{action}"{enctype}>{inputs}</form>'
            '<script>document.getElementById("f").submit()</script>'
        )

    fetches = f"""<script>
      const file = new Blob(["evidence"], {{type: "text/plain"}});
      const upload = new FormData(); upload.append("file", file, "x.txt");
      upload.append("csrf_token", "guess");
      const create = new FormData(); create.append("administration", "Hostile");
      create.append("cycle", "2099"); create.append("csrf_token", "guess");
      const imported = new FormData();
      imported.append("file", new Blob(["{{}}"], {{type: "application/json"}}), "a.gcat.json");
      Promise.allSettled([
        fetch("{app}/api/assessments/{aid}/answers/PL-01/files",
              {{method: "POST", mode: "no-cors", body: upload, credentials: "include"}}),
        fetch("{app}/assessments", {{method: "POST", mode: "no-cors", body: create,
              credentials: "include"}}),
        fetch("{app}/import", {{method: "POST", mode: "no-cors", body: imported,
              credentials: "include"}}),
        fetch("{app}/api/assessments/{aid}", {{method: "DELETE", credentials: "include"}}),
        fetch("{app}/api/assessments/{aid}/answers/PL-01", {{method: "PUT",
              mode: "no-cors", headers: {{"Content-Type": "text/plain"}},
              body: JSON.stringify({{level: 5, version: 0}}), credentials: "include"}}),
      ]).then(() => {{ document.title = "done"; }});
    </script>"""
    return {
        "/delete": form(f"/assessments/{aid}/delete", {"csrf_token": "guess"}),
        "/create": form("/assessments", {"administration": "Hostile", "cycle": "2098"}),
        "/name": form("/me", {"name": "Intrus"}),
        "/import": form("/import", {"csrf_token": "guess"}, multipart=True),
        "/fetches": fetches,
    }


@pytest.fixture
def hostile_site(live_server: LiveServer) -> Iterator[tuple[str, dict[str, str]]]:
    with same_origin_client(live_server.url) as client:
        aid = client.post(
            "/api/assessments", json={"administration": "Victim", "cycle": "2025"}
        ).json()["id"]
    pages = attack_pages(live_server.url, aid)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = f"<!doctype html><title>x</title>{pages.get(self.path, '')}".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", {"aid": str(aid)}
    server.shutdown()
    server.server_close()


def test_a_hostile_page_changes_nothing(
    chromium: Any, live_server: LiveServer, hostile_site: tuple[str, dict[str, str]]
) -> None:
    site, info = hostile_site
    aid = info["aid"]
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/")  # the officer has the app open: its cookies are set
        assert any(c["name"] == "gcat_csrf" for c in context.cookies())
        statuses: list[int] = []
        page.on(
            "response",
            lambda r: (
                statuses.append(r.status)
                if r.url.startswith(live_server.url) and "/static/" not in r.url
                else None
            ),
        )
        for path in ("/delete", "/create", "/name", "/import"):
            page.goto(site + path)
            page.wait_for_load_state("load")
        page.goto(site + "/fetches")
        page.wait_for_function("document.title === 'done'", timeout=10_000)
        assert statuses and all(status in (400, 403) for status in statuses), statuses
        assert not any(c["name"] == "gcat_user" for c in context.cookies())
    finally:
        context.close()
    with same_origin_client(live_server.url) as client:
        victim = client.get(f"/api/assessments/{aid}")
        assert victim.status_code == 200 and victim.json()["answers"] == []
        home = client.get("/").text
        assert "Hostile" not in home
        files = client.get(f"/assessments/{aid}/domains/policy_legislation").text
        assert "x.txt" not in files

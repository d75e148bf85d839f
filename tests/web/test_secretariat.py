"""The Secretariat sections in the app: the action plan and the declarations.

HTTP checks (every page in fr and es shows no English, forms need the CSRF token, bad ids are
404s), then a real browser: a status change with a note, accepting and rejecting amendments
(the conflicting one falls), axe-core, and screenshots at 1280 and 390 px in French and Spanish.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from gcat.demo.declaration import store_demo_declaration

from . import browser
from .browser import axe_violations, describe_violations, guarded_page, screenshot
from .conftest import LiveServer, same_origin_client
from .test_pages import _english_fragments, _visible_text

chromium_fixture = browser.chromium_fixture
guarded_fixture = browser.guarded_fixture

PAGES = [
    "/actionplan",
    "/actionplan?status=not_started&blocked=yes",
    "/actionplan/points/GCAP-02",
    "/actionplan/points/GCAP-31",
    "/declarations",
    "/declarations/1",
    "/declarations/1?text=fr",
]


@pytest.fixture
def server(live_server: LiveServer) -> LiveServer:
    """The live server with the demonstration declaration (the plan seeds itself)."""
    store_demo_declaration(live_server.app.state.engine)  # type: ignore[attr-defined]
    return live_server


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_no_english_on_the_secretariat_pages(server: LiveServer, lang: str) -> None:
    english = _english_fragments()
    with server.client() as client:
        for page in PAGES:
            response = client.get(page, params={"lang": lang})
            assert response.status_code == 200, page
            # notes are what people typed (the demonstration's are in English): not checked
            html = re.sub(r'<span class="user-text">.*?</span>', "", response.text, flags=re.S)
            text = _visible_text(html)
            leaks = sorted(fragment for fragment in english if fragment in text)
            assert leaks == [], f"{page} in {lang} shows English: {leaks[:5]}"


def test_pages_show_the_plan_and_the_declaration(server: LiveServer) -> None:
    with server.client() as client:
        plan = client.get("/actionplan", params={"as_of": "2025-09-22", "lang": "en"}).text
        assert "20 done (50\u00a0%), 16 in progress (40\u00a0%), 4 not started (10\u00a0%)" in plan
        assert "(placeholder)" in plan and "Demonstration data" in plan
        assert plan.count('<tr class="placeholder">') == 36
        assert "<svg" in plan and 'role="img"' in plan
        filtered = client.get("/actionplan", params={"blocked": "yes", "as_of": "2025-09-22"}).text
        assert re.findall(r'<th scope="row"><a href="/actionplan/points/(GCAP-\d\d)', filtered) == [
            "GCAP-31",
            "GCAP-32",
            "GCAP-38",
        ]
        decl = client.get("/declarations/1", params={"lang": "en"}).text
        assert decl.count("<ins ") >= 10 and decl.count("<del ") == 3
        assert "Conflicts with A7" in decl and "Conflicting amendment, not shown" in decl
        only = client.get("/declarations/1", params={"proposer": "Valdoria"}).text
        assert only.count('class="card amendment') == 4
        assert client.get("/actionplan/points/GCAP-99").status_code == 404
        assert client.get("/declarations/99").status_code == 404
        assert client.get("/declarations/0").status_code in (404, 422)


def test_forms_need_the_origin_and_the_csrf_token(server: LiveServer) -> None:
    change = ("/actionplan/points/GCAP-36/status", {"status": "in_progress", "note": "funded"})
    decision = ("/declarations/1/decide", {"amendment": "A1", "decision": "accept"})
    with httpx.Client(base_url=server.url, headers={"Origin": server.url}) as client:  # no token
        for path, data in (change, decision):
            assert client.post(path, data=data).status_code == 403
    with httpx.Client(base_url=server.url) as client:  # no origin, no token
        assert client.post(change[0], data=change[1]).status_code == 403
        assert "funded" not in client.get("/actionplan/points/GCAP-36").text
    with same_origin_client(server.url) as client:
        for path, data in (change, decision):
            assert client.post(path, data=data).status_code == 303
        assert "funded" in client.get("/actionplan/points/GCAP-36").text


def test_a_broken_upload_gives_a_readable_page_and_stores_nothing(server: LiveServer) -> None:
    with server.client() as client:
        response = client.post(
            "/declarations/import",
            data={"text_lang": "en", "csrf_token": "test-csrf-token"},
            files={"file": ("draft.txt", b"Text [open (addition proposed by X")},
        )
        assert response.status_code == 422
        assert "draft.txt:1:6" in response.text and "not closed" in response.text
        assert client.get("/declarations").text.count('href="/declarations/2"') == 0
        response = client.post(
            "/actionplan/import",
            data={"csrf_token": "test-csrf-token"},
            files={"file": ("plan.yaml", b"schema: gcat-action-plan/1\npoints: [\n")},
        )
        assert response.status_code == 422 and "plan.yaml" in response.text
        assert "20 done" in client.get("/actionplan", params={"as_of": "2025-09-22"}).text


def test_downloads(server: LiveServer) -> None:
    with server.client() as client:
        for fmt, magic in (("docx", b"PK"), ("html", b"<!doctype html>")):
            got = client.get(
                "/actionplan/report",
                params={
                    "format": fmt,
                    "as_of": "2025-09-22",
                    "compare": "2025-05-14",
                    "lang": "fr",
                },
            )
            assert got.status_code == 200 and got.content.startswith(magic), fmt
            assert "attachment" in got.headers["content-disposition"]
        for view in ("tracked", "consolidated", "bilingual"):
            got = client.get(
                "/declarations/1/download", params={"format": "docx", "view": view, "text": "fr"}
            )
            assert got.status_code == 200 and got.content.startswith(b"PK"), view
        exported = client.get("/actionplan/export/xlsx")
        assert exported.status_code == 200 and exported.content.startswith(b"PK")


def set_lang(page: Any, url: str, lang: str) -> None:
    page.goto(f"{url}/?lang={lang}")


def test_a_status_change_with_a_note_in_the_browser(
    guarded: browser.GuardedPage, server: LiveServer
) -> None:
    page = guarded.page
    set_lang(page, server.url, "fr")
    page.goto(f"{server.url}/actionplan")
    expect(page.get_by_role("heading", level=1, name="Plan d'action")).to_be_visible()
    page.get_by_role("link", name="GCAP-02", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("GCAP-02")
    form = page.get_by_role("region", name="Enregistrer un changement d'état")
    form.get_by_label("Nouvel état").select_option("done")
    form.get_by_label("Note (ce qui a été fait, ou pourquoi)").fill("Boîte à outils livrée")
    form.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("GCAP-31, GCAP-32")
    history = page.get_by_role("region", name="Historique")
    expect(history.get_by_role("row").nth(1)).to_contain_text("Boîte à outils livrée")
    expect(history.get_by_role("row").nth(1)).to_contain_text("Réalisé")
    page.goto(f"{server.url}/actionplan")
    expect(page.locator(".summary")).to_contain_text("21 réalisés")


def test_accept_and_reject_amendments_in_the_browser(
    guarded: browser.GuardedPage, server: LiveServer
) -> None:
    page = guarded.page
    set_lang(page, server.url, "es")
    page.goto(f"{server.url}/declarations/1?text=fr")
    a6 = page.get_by_role("article", name=re.compile(r"^A6\b"))
    expect(a6.get_by_role("note")).to_contain_text("A7")
    a6.get_by_label("Nota para el acta").fill("CTP 249/250")
    a6.get_by_role("button", name="Aceptar A6").click()
    a6 = page.get_by_role("article", name=re.compile(r"^A6\b"))
    expect(a6).to_contain_text("Aceptada")
    expect(a6).to_contain_text("CTP 249/250")
    a7 = page.get_by_role("article", name=re.compile(r"^A7\b"))
    expect(a7).to_contain_text("Decaída (por A6)")
    a1 = page.get_by_role("article", name=re.compile(r"^A1\b"))
    a1.get_by_role("button", name="Rechazar A1").click()
    expect(page.get_by_role("article", name=re.compile(r"^A1\b"))).to_contain_text("Rechazada")
    # accepting the fallen one now conflicts with the accepted A6: a readable refusal
    page.get_by_role("article", name=re.compile(r"^A7\b")).get_by_role(
        "button", name="Aceptar A7"
    ).click()
    expect(page.get_by_role("alert")).to_contain_text("A6")
    page.goto(f"{server.url}/declarations/1?text=fr")
    text = page.get_by_role("region", name="Texto con las enmiendas propuestas")
    expect(text.locator("ins[data-amendment='A6']")).to_have_text(re.compile("d'ici 2027"))
    expect(text.locator("ins[data-amendment='A1']")).to_have_count(0)


@pytest.mark.slow
def test_pages_at_two_widths_in_french_and_spanish(chromium: Any, server: LiveServer) -> None:
    """Screenshots to look at, axe-core on each page, and nothing wider than a phone."""
    reports = []
    for lang in ("fr", "es"):
        for width in (1280, 390):
            with guarded_page(chromium) as guarded:
                page = guarded.page
                page.set_viewport_size({"width": width, "height": 900})
                for path in (
                    "/actionplan",
                    "/actionplan/points/GCAP-31",
                    "/declarations",
                    "/declarations/1?text=fr",
                ):
                    sep = "&" if "?" in path else "?"
                    response = page.goto(f"{server.url}{path}{sep}lang={lang}")
                    assert response is not None and response.status == 200, path
                    name = re.sub(r"[^a-z0-9]+", "-", path.strip("/").lower()).strip("-")
                    screenshot(page, f"secretariat-{name}-{lang}-{width}")
                    wide = page.evaluate(
                        "() => document.documentElement.scrollWidth - window.innerWidth"
                    )
                    assert wide <= 0, f"{path} at {width}px is {wide}px too wide"
                    if violations := axe_violations(page):
                        reports.append(describe_violations(f"{path} {lang} {width}", violations))
    assert not reports, "\n".join(reports)

"""The practices and Compendium pages: every page in every language, the forms through the
app's doors (Origin and CSRF token), and hostile text kept as text."""

from __future__ import annotations

import re

import pytest
import yaml

from gcat.demo.compendium import store_demo_practices
from tests.practices.conftest import practice
from tests.web.conftest import LiveServer
from tests.web.test_pages import _english_fragments, _visible_text

PAGES = [
    "/practices",
    "/practices/new",
    "/practices/1",
    "/practices/2",
    "/practices/4",
    "/practices/6",
    "/practices?status=accepted&domain=facilitation",
    "/compendium",
    "/compendium?q=douane",
    "/compendium/practices/own/1",
]


@pytest.fixture
def practices_server(live_server: LiveServer) -> LiveServer:
    store_demo_practices(live_server.app.state.engine)  # type: ignore[attr-defined]
    return live_server


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_practices_page_is_translated(practices_server: LiveServer, lang: str) -> None:
    english = _english_fragments()
    with practices_server.client() as client:
        for page in PAGES:
            response = client.get(page, params={"lang": lang})
            assert response.status_code == 200, page
            assert f'<html lang="{lang}">' in response.text
            leaks = sorted(
                fragment for fragment in english if fragment in _visible_text(response.text)
            )
            assert leaks == [], f"{page} in {lang} shows English: {leaks[:5]}"


def test_unknown_practices_are_404(practices_server: LiveServer) -> None:
    with practices_server.client() as client:
        assert client.get("/practices/999").status_code == 404
        assert client.get("/practices/1/attachments/5").status_code == 404
        assert client.get("/compendium/practices/pack/1").status_code == 404
        assert client.get("/practices/template/exe").status_code == 404


def _form(**values: object) -> dict[str, object]:
    base = {
        "member": "Kenya",
        "contact_name": "Jane Wanjiru",
        "contact_email": "jane@example.org",
        "title": "Solar panels on border posts",
        "primary_domain": "internal_practices",
        "domains": ["capacity_building"],
        "thematic_areas": ["internal_office"],
        "description": "We fitted solar panels. " * 20,
        "measure_1_indicator": "Electricity bought",
        "measure_1_value": "-35",
        "measure_1_unit": "%",
        "links": "https://example.org/solar",
        "lang": "en",
    }
    base.update(values)
    return base


def _token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_the_member_form_to_submission(live_server: LiveServer) -> None:
    with live_server.client(follow_redirects=False) as client:
        bad = client.post(
            "/practices", data=_form(title="", member="Atlantis", contact_email="nope")
        )
        assert bad.status_code == 200 and "Please correct the following" in bad.text
        assert (
            "&#34;Atlantis&#34; is not a WCO Member" in bad.text
            or '"Atlantis" is not a WCO Member' in bad.text
        )
        created = client.post("/practices", data=_form())
        assert created.status_code == 303
        page_url = created.headers["location"]
        page = client.get(page_url).text
        assert "Answer Section X" in page  # the checklist asks for consent
        assert client.post(f"{page_url}/status", data={"target": "submitted"}).status_code == 422
        client.post(f"{page_url}/consent", data={"consent": "yes", "withheld": ["links"]})
        edited = client.post(
            f"{page_url}/edit", data=_form(title="Solar panels at border posts", version="2")
        )
        assert edited.status_code == 303, edited.text[:300]
        stale = client.post(f"{page_url}/edit", data=_form(version="2"))
        assert stale.status_code == 409
        assert client.post(f"{page_url}/status", data={"target": "submitted"}).status_code == 303
        page = client.get(page_url).text
        assert "Submitted" in page and "Solar panels at border posts" in page
        assert (
            client.post(f"{page_url}/status", data={"target": "changes_requested"}).status_code
            == 422
        )
        client.post(
            f"{page_url}/status",
            data={"target": "changes_requested", "reason": "Add the cost <b>please</b>"},
        )
        page = client.get(page_url).text
        assert "Requests and reasons from the Secretariat" in page
        assert "Add the cost &lt;b&gt;please&lt;/b&gt;" in page


def test_forms_without_the_token_are_refused(live_server: LiveServer) -> None:
    import httpx

    with httpx.Client(base_url=live_server.url, headers={"Origin": live_server.url}) as client:
        assert client.post("/practices", data=_form()).status_code == 403
    with live_server.client() as client:
        page = client.get("/practices/new")
        assert _token(page.text)


def test_imports_attachments_and_downloads(live_server: LiveServer) -> None:
    with live_server.client(follow_redirects=False) as client:
        template = client.get("/practices/template/docx?lang=fr")
        assert template.status_code == 200 and template.content[:2] == b"PK"
        assert "attachment" in template.headers["content-disposition"]
        data = yaml.safe_dump(practice(status="published")).encode()
        done = client.post("/practices/import", files={"file": ("p.yaml", data)})
        assert done.status_code == 303
        bad = client.post(
            "/practices/import",
            files={"file": ("p.yaml", yaml.safe_dump(practice(consent=None)).encode())},
        )
        assert bad.status_code == 422 and "Section X" in bad.text
        free = client.post(
            "/practices/import",
            files={"file": ("notes.pdf", b"%PDF-1.4 x")},
            data={"member": "Chile"},
        )
        assert free.status_code == 303
        draft = free.headers["location"]
        assert "notes.pdf" in client.get(draft).text
        attached = client.post(f"{draft}/attachments", files={"file": ("more.pdf", b"%PDF-1.4 y")})
        assert attached.status_code == 303
        download = client.get(f"{draft}/attachments/2")
        assert (
            download.content == b"%PDF-1.4 y"
            and "attachment" in download.headers["content-disposition"]
        )
        refused = client.post(f"{draft}/attachments", files={"file": ("run.html", b"<script>")})
        assert refused.status_code == 422
        html = client.get("/compendium/download?format=html&lang=es")
        assert html.status_code == 200 and "Compendio" in html.text
        assert "sari@example.org" not in html.text
        pack = client.get("/compendium/download?format=pack")
        assert pack.status_code == 200
        imported = client.post("/compendium/pack", files={"file": ("p.json", pack.content)})
        assert imported.status_code == 303
        broken = client.post(
            "/compendium/pack",
            files={"file": ("p.json", pack.content.replace(b"Electronic", b"X"))},
        )
        assert broken.status_code == 422


def test_hostile_text_stays_text(live_server: LiveServer) -> None:
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    data = yaml.safe_dump(
        practice(
            title=evil, description=evil * 10, links=["javascript:alert(3)"], status="published"
        )
    ).encode()
    with live_server.client(follow_redirects=False) as client:
        client.post("/practices/import", files={"file": ("p.yaml", data)})
        for path in ("/practices", "/practices/1", "/compendium", "/compendium/practices/own/1"):
            text = client.get(path).text
            assert "<script>alert(1)" not in text and "<img src=x" not in text, path
            assert 'href="javascript:' not in text, path


def test_the_list_filters(live_server: LiveServer) -> None:
    store_demo_practices(live_server.app.state.engine)  # type: ignore[attr-defined]
    with live_server.client() as client:

        def titles(**params: str) -> set[str]:
            html = client.get("/practices", params=params).text
            return set(re.findall(r'<a href="/practices/(\d+)"', html))

        assert len(titles()) == 10
        assert titles(consent="no") == {"4"}
        assert titles(status="withdrawn") == {"6"}
        assert titles(text_lang="es") == {"3", "7", "10"}
        assert titles(region="wca") == {"2", "9"}
        assert titles(domain="green_tariff") == {"5"}
        assert titles(area="capacity_building") == {"6", "9"}
        assert titles(member="Isla Serena") == {"3", "10"}


def test_the_plan_shows_who_already_did_it(live_server: LiveServer) -> None:
    from gcat.demo import store_demo_assessments
    from gcat.demo.compendium import build_demo

    store_demo_assessments(live_server.app.state.engine)  # type: ignore[attr-defined]
    with live_server.client(follow_redirects=False) as client:
        assert "Who already did this" not in client.get("/assessments/2/plan").text
        pack = build_demo(fmt="pack", lang="en").data
        assert (
            client.post("/compendium/pack", files={"file": ("demo.json", pack)}).status_code == 303
        )
        page = client.get("/assessments/2/plan").text
        assert "Who already did this" in page
        assert 'href="/compendium/practices/pack/7"' in page
        assert client.get("/compendium/practices/pack/7").status_code == 200
        report = client.get("/assessments/2/download/report/html")
        assert "Who already did this" in report.text

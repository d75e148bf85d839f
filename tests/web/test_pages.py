"""Every page renders in every language, and a French or Spanish page shows no English text."""

from __future__ import annotations

import re

import pytest

from gcat.frameworks import load_framework
from gcat.i18n import catalog
from tests.web.conftest import LiveServer

PAGES = [
    "/",
    "/assessments/2/domains/policy_legislation",
    "/assessments/2/domains/cooperation",
    "/assessments/2/results",
    "/assessments/2/plan",
    "/assessments/2/delete",
    "/history/2/PL-01",
    "/framework",
    "/help",
]


def _english_fragments() -> set[str]:
    """Literal pieces of English interface and framework text long enough to be telling."""
    french, spanish = catalog("fr"), catalog("es")
    fragments = set()
    for code, text in catalog("en").items():
        for raw in re.split(r"\{[^}]*\}", text):
            piece = raw.strip(" .:;,—()")
            if len(piece) >= 14 and piece not in french[code] and piece not in spanish[code]:
                fragments.add(piece)
    framework = load_framework()
    for domain in framework.domains:
        for ind in domain.indicators:
            for text in (ind.title, ind.definition, *ind.levels):
                if len(text["en"]) > 25:
                    fragments.add(text["en"])
    return fragments


def _visible_text(html: str) -> str:
    html = re.sub(r'<article class="guide" lang="en">.*?</article>', "", html, flags=re.S)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return " ".join(html.replace("&#39;", "'").replace("&amp;", "&").split())


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_no_english_on_translated_pages(demo_server: LiveServer, lang: str) -> None:
    english = _english_fragments()
    with demo_server.client() as client:
        for page in PAGES:
            response = client.get(page, params={"lang": lang})
            assert response.status_code == 200, page
            assert f'<html lang="{lang}">' in response.text
            text = _visible_text(response.text)
            leaks = sorted(fragment for fragment in english if fragment in text)
            assert leaks == [], f"{page} in {lang} shows English: {leaks[:5]}"


def test_language_choice_is_remembered(demo_server: LiveServer) -> None:
    with demo_server.client() as client:
        client.get("/", params={"lang": "es"})
        assert '<html lang="es">' in client.get("/framework").text
        assert "Evaluaciones" in client.get("/").text


def test_numbers_and_dates_follow_the_locale(demo_server: LiveServer) -> None:
    with demo_server.client() as client:
        english = client.get("/assessments/2/results", params={"lang": "en"}).text
        french = client.get("/assessments/2/results", params={"lang": "fr"}).text
    assert "1.90" in english and "1,90" in french


def test_error_pages_are_readable(live_server: LiveServer) -> None:
    with live_server.client() as client:
        missing = client.get("/assessments/999/results", params={"lang": "fr"})
        assert missing.status_code == 404 and "aucune évaluation" in missing.text.lower()
        wrong_id = client.get("/assessments/abc", params={"lang": "es"})
        assert wrong_id.status_code == 404 and "<h1>" in wrong_id.text  # a page, not JSON
        assert "detail" not in wrong_id.text and "no existe" in wrong_id.text
        api = client.get("/api/nowhere")
        assert api.status_code == 404 and api.json()["code"] == "request.not_found"
        created = client.post("/assessments", data={"administration": " ", "cycle": "2025"})
        assert created.status_code == 422 and "nombre de la administración" in created.text

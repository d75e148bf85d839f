"""The assessment team in a real browser: upgrade to GCAT 1.1 and its change report, sign-off
and the locked questionnaire, a new version; screenshots at 1280 and 390 px in fr and es."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from . import browser
from .browser import GuardedPage, axe_violations, describe_violations, screenshot
from .conftest import LiveServer, same_origin_client

chromium_fixture = browser.chromium_fixture
guarded_fixture = browser.guarded_fixture

pytestmark = pytest.mark.slow

PHONE = {"width": 390, "height": 844}


def _no_sideways_scroll(page: Any, part: str | None) -> None:
    """The page (or its ``part``, on a page whose other parts are not ours) fits the width."""
    viewport = page.viewport_size["width"]
    if part is None:
        width = page.evaluate("() => document.documentElement.scrollWidth")
    else:
        width = page.locator(part).evaluate(
            "e => Math.max(e.scrollWidth, e.getBoundingClientRect().right)"
        )
    assert width <= viewport, f"{page.url} {part or ''} is {width} px wide"


def _look(page: Any, name: str, part: str | None = None) -> None:
    """Screenshots at 1280 and 390 px; at phone width the page (or ``part``) fits."""
    screenshot(page, f"{name}-1280")
    page.set_viewport_size(PHONE)
    _no_sideways_scroll(page, part)
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_upgrade_to_1_1_makes_a_new_assessment_with_its_change_report(
    guarded: GuardedPage, demo_server: LiveServer
) -> None:
    page = guarded.page
    page.goto(f"{demo_server.url}/assessments/2/results?lang=fr")
    versions = page.get_by_role("region", name="Versions et validation")
    expect(versions).to_contain_text("La version 1.1 du référentiel est installée")
    versions.get_by_role("button", name="Passer à l'OEDV 1.1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Passage de la version 1.0 à la version 1.1 : rapport des changements"
    )
    expect(page.locator(".lead")).to_contain_text("45 indicateurs repris, 14 à revoir.")
    review = page.get_by_role("region", name="À revoir, et pourquoi")
    expect(review.get_by_role("row")).to_have_count(15)  # header + 14
    expect(review).to_contain_text("IP-09")
    expect(page.locator(".crumb")).to_contain_text("GCAT 1.1 · version 2")
    assert not axe_violations(page), describe_violations(page.url, axe_violations(page))
    _look(page, "team-changes-fr")
    new_id = int(re.search(r"/assessments/(\d+)/changes", page.url).group(1))  # type: ignore[union-attr]
    page.goto(f"{demo_server.url}/assessments/{new_id}/domains/internal_practices?lang=es")
    ip09 = page.get_by_role("region", name=re.compile(r"^IP-09\b"))
    # the reason is written in the language of whoever made the upgrade (French here)
    expect(ip09.get_by_label("Comentario")).to_have_value(
        re.compile(r"^À revoir après le passage à la version 1\.1 : ")
    )
    expect(ip09.get_by_role("checkbox")).to_be_checked()
    page.goto(f"{demo_server.url}/assessments/{new_id}/changes?lang=es")
    expect(page.get_by_role("heading", level=1)).to_contain_text("informe de cambios")
    _look(page, "team-changes-es")
    # the 1.0 assessment is still there, unchanged
    page.goto(f"{demo_server.url}/assessments/2/results?lang=en")
    expect(page.locator(".crumb")).to_contain_text("GCAT 1.0")
    page.goto(f"{demo_server.url}/assessments/{new_id}/results?lang=en")
    expect(page.locator(".summary")).to_contain_text(
        "compared through the map between the versions"
    )


def test_sign_off_locks_the_questionnaire_and_a_new_version_edits_again(
    guarded: GuardedPage, demo_server: LiveServer
) -> None:
    page = guarded.page
    page.goto(f"{demo_server.url}/assessments/2/results?lang=es")
    versions = page.get_by_role("region", name="Versiones y validación")
    versions.get_by_label("Observación").fill("Aprobada por la Dirección General")
    versions.get_by_role("button", name="Validar").click()
    expect(versions).to_contain_text("Validada por tester")
    expect(versions).to_contain_text("El contenido no ha cambiado desde la validación.")
    _look(page, "team-signed-es", "#versions")
    page.goto(f"{demo_server.url}/assessments/2/domains/facilitation?lang=fr")
    expect(page.get_by_role("note").filter(has_text="Validée par tester")).to_be_visible()
    fa01 = page.get_by_role("region", name=re.compile(r"^FA-01\b"))
    expect(fa01.get_by_role("radio").first).to_be_disabled()
    expect(fa01.get_by_label("Commentaire")).to_be_disabled()
    assert not axe_violations(page), describe_violations(page.url, axe_violations(page))
    _look(page, "team-locked-fr")
    with same_origin_client(demo_server.url) as client:
        refused = client.put(
            "/api/assessments/2/answers/FA-01?lang=fr",
            json={"level": 1, "version": 1, "comment": "", "evidence_note": "", "flagged": False},
        )
        assert refused.status_code == 409
        assert refused.json()["code"] == "assessment.locked"
        assert "créez-en une nouvelle version" in refused.json()["message"]
        assert client.delete("/api/assessments/2").status_code == 409
    page.goto(f"{demo_server.url}/assessments/2/results?lang=en")
    page.get_by_role("button", name="New version").click()
    expect(page.locator(".crumb")).to_contain_text("edition 2")
    first = page.get_by_role("region").first
    expect(first.get_by_role("radio").first).to_be_enabled()
    first.get_by_label("Comment").fill("Reviewed after the sign-off of edition 1.")
    first.get_by_label("Comment").blur()
    expect(first.locator(".save .state")).to_have_text("Saved")


def _as(page: Any, url: str, name: str) -> None:
    """Give the name recorded for what follows (the home page's "Your name")."""
    page.goto(f"{url}/?lang=en")
    page.get_by_label("Name recorded with each of your changes").fill(name)
    page.get_by_role("button", name="Save my name").click()


def test_independent_scores_reveal_and_consensus(
    guarded: GuardedPage, demo_server: LiveServer
) -> None:
    page, url = guarded.page, demo_server.url
    for name, fa01, fa02 in (("Amina", "4", "1"), ("Bruno", "4", "3")):
        _as(page, url, name)
        page.goto(f"{url}/assessments/2/team?domain=facilitation&lang=en")
        expect(page.get_by_role("heading", level=2, name=f"Your scores ({name})")).to_be_visible()
        for ind, level in (("FA-01", fa01), ("FA-02", fa02)):
            card = page.get_by_role("region", name=re.compile(rf"^{ind}\b"))
            card.get_by_role("radio").nth(int(level)).check()
        page.get_by_role("region", name=re.compile(r"^FA-02\b")).get_by_label(
            "Your comment (seen by the team once you reveal)"
        ).fill(f"{name}'s reading of the MoU")
        page.get_by_role("button", name="Save my scores for Facilitation").click()
        expect(page.get_by_text(f"{name} — 2 indicators scored")).to_be_visible()
        if name == "Bruno":  # Amina's scores stay hidden from Bruno until he reveals his
            page.goto(f"{url}/assessments/2/consensus?lang=en")
            expect(page.get_by_role("note")).to_contain_text("Reveal your own scores first")
            page.goto(f"{url}/assessments/2/team?lang=en")
        page.get_by_role("button", name="Reveal my scores").click()
    expect(page.get_by_role("heading", level=1, name="Consensus")).to_be_visible()
    fa02 = page.get_by_role("region", name=re.compile(r"^FA-02\b"))
    expect(fa02).to_contain_text("more than one level apart")
    expect(fa02.locator("dl.scores")).to_contain_text("Amina")
    expect(fa02).to_contain_text("Range 2 · median 2.0 · proposed 1")
    expect(page.get_by_role("region", name="Agreement", exact=True)).to_contain_text(
        "Krippendorff's alpha (ordinal)"
    )
    fa02.get_by_label("Agreed level").select_option("2")
    fa02.get_by_label("Rationale").fill("The MoU is signed but not yet applied at the border.")
    fa02.get_by_role("button", name=re.compile("Record the agreed level")).click()
    fa02 = page.get_by_role("region", name=re.compile(r"^FA-02\b"))
    expect(fa02).to_contain_text("Agreed: 2, by Bruno")
    fa02.get_by_text("History of the scores").click()
    expect(fa02).to_contain_text("Amina: 1")
    assert not axe_violations(page), describe_violations(page.url, axe_violations(page))
    for lang in ("fr", "es"):
        page.goto(f"{url}/assessments/2/consensus?lang={lang}#c-FA-02")
        _look(page, f"team-consensus-{lang}")
        page.goto(f"{url}/assessments/2/team?domain=facilitation&lang={lang}")
        _look(page, f"team-scoring-{lang}", "main")
    page.goto(f"{url}/assessments/2/domains/facilitation?lang=en")
    expect(
        page.get_by_role("region", name=re.compile(r"^FA-02\b")).get_by_role(
            "radio", name=re.compile("^2")
        )
    ).to_be_checked()


def test_framework_feedback_while_answering(guarded: GuardedPage, demo_server: LiveServer) -> None:
    page, url = guarded.page, demo_server.url
    page.goto(f"{url}/assessments/2/domains/facilitation?lang=fr")
    fa02 = page.get_by_role("region", name=re.compile(r"^FA-02\b"))
    fa02.get_by_text("Retour sur le texte de cet indicateur").click()
    fa02.get_by_label("Texte concerné").select_option("3")
    fa02.get_by_label("Ne correspond pas à notre situation").check()
    fa02.get_by_label("Ce qui devrait changer, et pourquoi").fill("Le LPCO n'existe pas chez nous.")
    fa02.get_by_role("button", name=re.compile("Ajouter le retour")).click()
    fa02 = page.get_by_role("region", name=re.compile(r"^FA-02\b"))
    expect(fa02.locator("details.feedback li")).to_contain_text(
        "Ne correspond pas à notre situation — niveau 3: Le LPCO n'existe pas chez nous."
    )
    assert not axe_violations(page), describe_violations(page.url, axe_violations(page))
    fa02.scroll_into_view_if_needed()
    screenshot(page, "team-feedback-fr-1280")
    page.goto(f"{url}/assessments/2/domains/facilitation?lang=es#FA-02")
    page.set_viewport_size(PHONE)
    es = page.get_by_role("region", name=re.compile(r"^FA-02\b"))
    expect(es.locator("details.feedback summary")).to_have_text(
        "Comentario sobre el texto de este indicador (1)"
    )
    _no_sideways_scroll(page, "details.feedback >> nth=1")
    es.locator("details.feedback").scroll_into_view_if_needed()
    screenshot(page, "team-feedback-es-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{url}/assessments/2/results?lang=es")
    link = page.get_by_role(
        "link", name="Archivo de intercambio con comentarios sobre el marco (para el piloto)"
    )
    with page.expect_download() as download:
        link.click()
    data = json.loads(Path(download.value.path()).read_bytes())
    assert data["feedback"][0]["note"] == "Le LPCO n'existe pas chez nous."
    page.goto(f"{url}/assessments/2/domains/facilitation?lang=en")
    fa02 = page.get_by_role("region", name=re.compile(r"^FA-02\b"))
    fa02.get_by_role("button", name=re.compile("^Delete")).click()
    expect(
        page.get_by_role("region", name=re.compile(r"^FA-02\b")).locator("details.feedback li")
    ).to_have_count(0)

"""The user's journey in a real browser: create, answer, reload, French, results, plan.

Driven by role and accessible name, as a user (or a screen reader) finds things. Every page is
guarded (see ``browser.py``): no request leaves the machine, no console error, no CSP violation.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from gcat.i18n import catalog

from . import browser
from .browser import GuardedPage, guarded_page, new_assessment, screenshot
from .conftest import LiveServer

# The browser fixtures, registered in this module (conftest.py is not ours to extend).
chromium_fixture = browser.chromium_fixture
guarded_fixture = browser.guarded_fixture

DOMAINS = {
    "policy_legislation": ("Policy and legislation", "Politique et législation", 7),
    "facilitation": ("Facilitation", "Facilitation", 7),
}
NA_INDICATOR = "PL-07"
NA_REASON = "Aucune législation nationale ne s'applique — « tarif » réservé à l'État."
OTHER_DOMAINS = (
    "Internal customs practices",
    "Customs controls",
    "Green tariff policy",
    "Capacity building",
    "Cooperation",
)


def level_for(index: int) -> int:
    """A spread of levels so that the plan and the scores are not trivial."""
    return (index * 2 + 1) % 6


def card(page: Any, indicator_id: str) -> Any:
    """The indicator's card: a region named after its heading ("PL-01 …")."""
    return page.get_by_role("region", name=re.compile(rf"^{re.escape(indicator_id)}\b"))


def save_status(scope: Any) -> Any:
    """The autosave state of the answer or plan form in ``scope``.

    The text of the form's status region, without its Retry button.
    """
    return scope.locator("form").first.get_by_role("status").locator(".state")


def create_assessment(page: Any, url: str) -> None:
    page.goto(url + "/")
    expect(page.get_by_role("heading", level=1, name="Assessments")).to_be_visible()
    page.get_by_label("Administration", exact=True).fill("Douane de Test")
    page.get_by_label("Cycle", exact=True).fill("2025")
    domains = page.get_by_role("group", name="Domains to cover")
    for name in OTHER_DOMAINS:
        domains.get_by_role("checkbox", name=name, exact=True).uncheck()
    for english, _, _ in DOMAINS.values():
        expect(domains.get_by_role("checkbox", name=english, exact=True)).to_be_checked()
    page.get_by_role("button", name="Create the assessment").click()
    page.wait_for_url(re.compile(r"/assessments/\d+/domains/policy_legislation$"))


def indicator_ids(page: Any) -> list[str]:
    names = page.get_by_role("region").evaluate_all(
        "els => els.map(e => e.querySelector('h2 .code').textContent)"
    )
    return [str(n) for n in names]


def answer_domain(page: Any, chosen: dict[str, int | str]) -> None:
    """Answer every card of the current domain page; record the choice in ``chosen``."""
    ids = indicator_ids(page)
    for index, indicator in enumerate(ids):
        region = card(page, indicator)
        levels = region.get_by_role("group", name="Current level")
        if indicator == NA_INDICATOR:
            levels.get_by_role("radio", name=re.compile(r"Not applicable")).check()
            reason = region.get_by_label("Why is it not applicable? (required)")
            expect(reason).to_be_visible()
            expect(reason).to_be_focused()
            reason.fill(NA_REASON)
            chosen[indicator] = "na"
        else:
            level = level_for(index)
            levels.get_by_role("radio").nth(level).check()
            chosen[indicator] = level
        expect(save_status(region)).to_have_text("Saved")


def check_answers(page: Any, chosen: dict[str, int | str], ids: list[str]) -> None:
    for indicator in ids:
        region = card(page, indicator)
        radios = region.get_by_role("group", name=re.compile("Current level|Niveau actuel"))
        if chosen[indicator] == "na":
            expect(radios.get_by_role("radio").last).to_be_checked()
            reason = region.get_by_label(re.compile("^(Why is it not applicable|Pourquoi est-ce)"))
            expect(reason).to_have_value(NA_REASON)
        else:
            expect(radios.get_by_role("radio").nth(int(chosen[indicator]))).to_be_checked()
        expect(save_status(region)).to_have_text(re.compile("^(Saved|Enregistré)$"))


FRENCH_TOO = {"Comment"}  # English interface strings that are French words as well


def english_left(page: Any) -> list[str]:
    """Interface strings of the English catalogue still visible on a French page."""
    text = page.locator("body").inner_text()
    en, fr = catalog("en"), catalog("fr")
    return sorted(
        value
        for key, value in en.items()
        if "{" not in value
        and value not in FRENCH_TOO
        and fr.get(key) != value
        and len(value) > 3
        and re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text)
    )


def test_user_journey(guarded: GuardedPage, live_server: LiveServer) -> None:
    page = guarded.page
    # 1. Create an assessment covering two domains: the form opens the questionnaire.
    create_assessment(page, live_server.url)
    assessment_url = page.url.rsplit("/domains/", 1)[0]
    subnav = page.get_by_role("navigation", name="This assessment")
    expect(subnav.get_by_role("link")).to_have_text(
        [
            DOMAINS["policy_legislation"][0],
            DOMAINS["facilitation"][0],
            "Results",
            "Improvement plan",
            "Team",
        ]
    )

    # 2. Answer every indicator of both domains; one is not applicable, with a reason.
    chosen: dict[str, int | str] = {}
    ids: dict[str, list[str]] = {}
    for domain_id, (english, _, count) in DOMAINS.items():
        if not page.url.endswith(domain_id):
            subnav.get_by_role("link", name=english, exact=True).click()
            page.wait_for_url(f"**/domains/{domain_id}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(english)
        ids[domain_id] = indicator_ids(page)
        assert len(ids[domain_id]) == count
        answer_domain(page, chosen)
        expect(page.locator("#p-domain-text")).to_have_text(f"{count} of {count} answered")
        if domain_id == "policy_legislation":
            screenshot(page, "questionnaire-en")
    assert len(chosen) == sum(count for _, _, count in DOMAINS.values())

    # 3. Reload each domain: every answer and the N/A reason are still there.
    for domain_id in DOMAINS:
        page.goto(f"{assessment_url}/domains/{domain_id}")
        check_answers(page, chosen, ids[domain_id])
        expect(page.locator("#p-all-text")).to_have_text("100%")

    # 4. Switch to French.
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    page.wait_for_url("**?lang=fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"FA · {DOMAINS['facilitation'][1]}")
    subnav = page.get_by_role("navigation", name="Cette évaluation")
    expect(subnav.get_by_role("link", name=DOMAINS["policy_legislation"][1])).to_be_visible()
    first = card(page, ids["facilitation"][0])
    expect(first.get_by_role("group", name="Niveau actuel")).to_be_visible()
    expect(first.get_by_label("Niveau cible")).to_be_visible()
    expect(save_status(first)).to_have_text("Enregistré")
    check_answers(page, chosen, ids["facilitation"])
    subnav.get_by_role("link", name=DOMAINS["policy_legislation"][1]).click()
    na_card = card(page, NA_INDICATOR)
    expect(na_card.get_by_label("Pourquoi est-ce sans objet ? (obligatoire)")).to_have_value(
        NA_REASON
    )
    expect(na_card.get_by_role("radio", name=re.compile("Sans objet"))).to_be_checked()
    screenshot(page, "questionnaire-fr")
    assert english_left(page) == []

    # 5. Results: the score table; the radar needs three domains or more, so none here.
    subnav.get_by_role("link", name="Résultats").click()
    page.wait_for_url("**/results")
    expect(page.get_by_role("heading", level=1, name="Résultats")).to_be_visible()
    table = page.get_by_role("table", name="Notes par domaine selon les deux règles")
    expect(table.get_by_role("row")).to_have_count(1 + len(DOMAINS))
    for _, french, _ in DOMAINS.values():
        expect(table.get_by_role("rowheader", name=french)).to_be_visible()
    expect(page.get_by_role("img")).to_have_count(0)
    expect(page.get_by_role("table", name="Vue d'ensemble des indicateurs")).to_contain_text("S.O.")
    screenshot(page, "results-fr")
    assert english_left(page) == []

    # 6. The plan: an owner and a status on the first item persist.
    subnav.get_by_role("link", name="Plan d'amélioration").click()
    page.wait_for_url("**/plan")
    expect(page.get_by_role("heading", level=1, name="Plan d'amélioration")).to_be_visible()
    item = page.get_by_role("article").first
    expect(item).to_be_visible()
    item_name = item.get_by_role("heading", level=3).inner_text()
    item.get_by_label("Responsable").fill("Awa Diallo — Unité « Environnement »")
    item.get_by_label("État d'avancement").select_option(label="En cours")
    expect(save_status(item)).to_have_text("Enregistré")
    page.wait_for_timeout(700)  # let the debounced save of the typed owner settle too
    expect(save_status(item)).to_have_text("Enregistré")
    screenshot(page, "plan-fr")
    assert english_left(page) == []
    page.reload()
    item = page.get_by_role("article", name=item_name)
    expect(item.get_by_label("Responsable")).to_have_value("Awa Diallo — Unité « Environnement »")
    expect(item.get_by_label("État d'avancement")).to_have_value("in_progress")
    expect(item.get_by_role("combobox").locator("option:checked")).to_have_text("En cours")

    # The same pages in English, for the record.
    page.goto(f"{assessment_url}/results?lang=en")
    expect(page.get_by_role("table", name="Domain scores under both rules")).to_be_visible()
    screenshot(page, "results-en")
    page.goto(f"{assessment_url}/plan")
    item = page.get_by_role("article", name=re.compile(rf"^{item_name.split()[0]}\b"))
    expect(item.get_by_label("Status")).to_have_value("in_progress")
    screenshot(page, "plan-en")
    guarded.guard.check()


def test_radar_with_demo_data(guarded: GuardedPage, demo_server: LiveServer) -> None:
    """With three domains or more (the demo covers seven) the results show the radar."""
    page = guarded.page
    page.goto(f"{demo_server.url}/assessments/2/results")
    radar = page.get_by_role("img", name="Maturity by domain: current and target")
    expect(radar).to_be_visible()
    assert radar.evaluate("e => e.tagName.toLowerCase()") == "svg"
    expect(page.get_by_role("figure")).to_contain_text("Current score (solid)")
    screenshot(page, "results-demo-en")


def test_progress_follows_the_answers(guarded: GuardedPage, live_server: LiveServer) -> None:
    """Both progress lines move as answers are saved, as the server would print them."""
    page = guarded.page
    page.goto(live_server.url + new_assessment(live_server, "facilitation", "cooperation"))
    regions = page.get_by_role("region")
    domain, whole = page.locator("#p-domain-text"), page.locator("#p-all-text")
    for lang, index, answered in (("en", 0, "1 of 7 answered"), ("fr", 1, "2 renseignés sur 7")):
        if lang == "fr":
            page.goto(page.url + "?lang=fr")
        region = regions.nth(index)
        region.get_by_role("radio").nth(2).check()
        expect(save_status(region)).to_have_text("Saved" if lang == "en" else "Enregistré")
        expect(domain).to_have_text(answered)
        shown = whole.inner_text()
        page.reload()
        expect(domain).to_have_text(answered)
        expect(whole).to_have_text(shown)  # the same words and spaces as the server's
    assert whole.inner_text().startswith("14")


def test_a_failed_save_says_so_and_can_be_retried(
    guarded: GuardedPage, live_server: LiveServer
) -> None:
    page = guarded.page
    page.goto(live_server.url + new_assessment(live_server, "facilitation"))
    down = [True]

    def api(route: Any) -> None:
        if down[0]:
            route.fulfill(status=503, json={"code": "x", "message": "Service down."})
        else:
            route.continue_()

    page.route("**/api/**", api)
    region = page.get_by_role("region").first
    retry = region.get_by_role("button", name="Retry")
    expect(retry).to_be_hidden()
    region.get_by_role("radio").nth(3).check()
    expect(save_status(region)).to_have_text("Not saved. Service down.")
    expect(retry).to_be_visible()
    down[0] = False
    retry.click()
    expect(save_status(region)).to_have_text("Saved")
    expect(retry).to_be_hidden()
    with pytest.raises(AssertionError, match="→ 503"):
        guarded.guard.check()
    page.reload()
    expect(region.get_by_role("radio").nth(3)).to_be_checked()


def test_the_guard_catches_what_it_should(chromium: Any, live_server: LiveServer) -> None:
    """The guard itself: an outside request, a CSP violation, a console error, a failed fetch."""
    with pytest.raises(AssertionError) as failure, guarded_page(chromium) as guarded:
        page = guarded.page
        with pytest.raises(Exception, match="ERR_FAILED"):
            page.context.new_page().goto("http://example.invalid/")
        page.goto(live_server.url + "/")
        page.evaluate(
            """() => {
              const script = document.createElement("script");
              script.textContent = "window.inline = true";
              document.head.append(script);
              console.error("boom");
              return fetch("/no-such-page");
            }"""
        )
        page.wait_for_timeout(200)
    report = str(failure.value)
    assert "request left the machine: http://example.invalid/" in report
    assert "CSP violation" in report
    assert "script-src" in report
    assert "console error: boom" in report
    assert "GET http://127.0.0.1" in report
    assert "/no-such-page → 404" in report

"""Practices in a real browser: the member fills in the form, reads the checklist, gives
consent and submits; the Secretariat sends it back with a reason, the member sees the request,
resubmits, and it is accepted and published. Pages are checked by axe-core, screenshot on a
desktop and a phone in French and Spanish, and never scroll sideways on a phone."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from gcat.demo.compendium import store_demo_practices

from . import browser
from .browser import (
    GuardedPage,
    axe_results,
    describe_violations,
    guarded_page,
    preload_axe,
    screenshot,
    start_axe,
)
from .conftest import LiveServer

chromium_fixture = browser.chromium_fixture
guarded_fixture = browser.guarded_fixture


def test_a_member_submits_and_the_secretariat_reviews(
    guarded: GuardedPage, live_server: LiveServer
) -> None:
    page = guarded.page
    page.goto(live_server.url + "/practices?lang=en")
    page.get_by_role("link", name="New practice").click()
    page.get_by_label("Member / administration").select_option(label="Kenya")
    page.get_by_label("Name", exact=True).fill("Jane Wanjiru")
    page.get_by_label("E-mail").fill("jane@example.org")
    page.get_by_label("Title", exact=True).fill("Solar panels on border posts")
    page.get_by_label("Main domain").select_option(label="Internal customs practices")
    page.get_by_role("checkbox", name="Internal / office initiatives").check()
    page.get_by_label("Description and implementation", exact=True).fill(
        "We fitted solar panels at six border posts. " * 12
    )
    page.get_by_label("What was measured (1)").fill("Electricity bought")
    page.get_by_label("Value (1)").fill("-35")
    page.get_by_role("button", name="Save the draft").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Solar panels on border posts")
    checklist = page.locator("#checklist")
    expect(checklist).to_contain_text("Answer Section X: may the WCO publish this practice?")
    expect(page.get_by_role("button", name="Submit to the Secretariat")).to_be_visible()

    consent = page.locator("#consent")
    consent.get_by_role("radio", name="Yes").check()
    consent.get_by_role("checkbox", name="Measurable results").check()
    consent.get_by_role("button", name="Record the consent").click()
    expect(page.locator("#consent")).to_contain_text("recorded")
    expect(page.locator("#checklist")).to_contain_text("Every check passes.")
    page.get_by_role("button", name="Submit to the Secretariat").click()
    expect(page.locator(".meta .ptag")).to_have_text("Submitted")

    page.get_by_label("Reason for “Send back for changes”").fill(
        "Please give the cost of the panels."
    )
    page.get_by_role("button", name="Send back for changes").click()
    requests = page.get_by_role("region", name="Requests and reasons from the Secretariat")
    expect(requests).to_contain_text("Please give the cost of the panels.")
    page.get_by_role("textbox", name="Results and benefits").fill(
        "The panels cost 40 000 euros and pay back in six years."
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    page.get_by_role("button", name="Submit to the Secretariat").click()
    page.get_by_role("button", name="Accept").click()
    page.get_by_role("button", name="Mark as published").click()
    expect(page.locator(".meta .ptag")).to_have_text("Published")
    history = page.locator("#history")
    for step in (
        "Created",
        "Consent recorded",
        "Status: Changes requested",
        "Text changed",
        "Status: Published",
    ):
        expect(history).to_contain_text(step)

    page.get_by_role("link", name="Compendium").first.click()
    page.get_by_role("link", name="Solar panels on border posts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Solar panels on border posts")
    expect(page.locator("main")).not_to_contain_text("jane@example.org")
    expect(page.locator("main")).not_to_contain_text("Electricity bought")  # withheld
    guarded.guard.check()


PAGES = (
    "/practices",
    "/practices/2",
    "/practices/new",
    "/compendium",
    "/compendium/practices/own/3",
)


def test_practices_pages_pass_axe_in_french_and_spanish(
    chromium: Any, live_server: LiveServer
) -> None:
    store_demo_practices(live_server.app.state.engine)  # type: ignore[attr-defined]
    reports = []
    with guarded_page(chromium) as fr, guarded_page(chromium) as es:
        pages = {"fr": fr.page, "es": es.page}
        for page in pages.values():
            preload_axe(page.context)
        for path in PAGES:
            for lang, page in pages.items():
                response = page.goto(f"{live_server.url}{path}?lang={lang}")
                assert response is not None and response.status == 200, path
                start_axe(page)
            for lang, page in pages.items():
                if violations := axe_results(page):
                    reports.append(describe_violations(f"{path}?lang={lang}", violations))
    assert not reports, "axe found serious or critical violations:\n" + "\n".join(reports)


def test_desktop_and_phone_screenshots_without_sideways_scrolling(
    chromium: Any, live_server: LiveServer
) -> None:
    store_demo_practices(live_server.app.state.engine)  # type: ignore[attr-defined]
    for width in (1280, 390):
        context = chromium.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
        try:
            page = context.new_page()
            for lang in ("fr", "es"):
                for path in PAGES:
                    page.goto(f"{live_server.url}{path}?lang={lang}")
                    overflow = page.evaluate(
                        "document.documentElement.scrollWidth - window.innerWidth"
                    )
                    assert overflow <= 0, f"{path} in {lang} scrolls sideways at {width} px"
                    name = path.strip("/").replace("/", "-") or "home"
                    screenshot(page, f"practices-{name}-{lang}-{width}")
        finally:
            context.close()

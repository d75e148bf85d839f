"""Accessibility: axe-core on every page, in English and French, and a keyboard-only answer.

axe-core is vendored in ``vendor/`` (see its README); serious and critical violations fail.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from gcat.frameworks import load_framework

from . import browser
from .browser import (
    AXE,
    GuardedPage,
    axe_results,
    describe_violations,
    guarded_page,
    new_assessment,
    preload_axe,
    start_axe,
)
from .conftest import LiveServer

# The browser fixtures, registered in this module (conftest.py is not ours to extend).
chromium_fixture = browser.chromium_fixture
guarded_fixture = browser.guarded_fixture

README = Path(__file__).parent / "vendor" / "README.md"
DEMO = 2  # the 2025 demo cycle, pre-filled from 2024
MISSING = 999


def test_vendored_axe_matches_its_readme() -> None:
    text = README.read_text("utf-8")
    row = re.search(
        r"^\| `axe\.min\.js` \| axe-core \(npm\) \| ([\d.]+) \| `([0-9a-f]{64})` \|", text, re.M
    )
    assert row, "vendor/README.md must list axe.min.js with its version and sha256"
    version, digest = row.groups()
    assert hashlib.sha256(AXE.read_bytes()).hexdigest() == digest
    assert AXE.read_text("utf-8").startswith(f"/*! axe v{version}\n")
    assert "MPL-2.0" in text


def demo_pages() -> list[tuple[str, int]]:
    """Every page of the app with the demo data, and its expected HTTP status."""
    framework = load_framework()
    return [
        ("/", 200),
        *[(f"/assessments/{DEMO}/domains/{d.id}", 200) for d in framework.domains],
        (f"/assessments/{DEMO}/results", 200),
        (f"/assessments/{DEMO}/plan", 200),
        ("/framework", 200),
        ("/help", 200),
        ("/help/methodology", 200),
        ("/help/indicators", 200),
        ("/help/glossary", 200),
        (f"/history/{DEMO}/PL-01", 200),
        (f"/assessments/{DEMO}/history", 200),
        (f"/assessments/{DEMO}/answers?show=no_evidence", 200),
        (f"/assessments/{DEMO}/answers?show=strengths", 200),
        ("/backup/restore", 200),
        (f"/assessments/{DEMO}/delete", 200),
        (f"/assessments/{MISSING}", 404),
    ]


def test_no_serious_axe_violation_on_any_page(chromium: Any, demo_server: LiveServer) -> None:
    """Every page in English and in French, checked side by side (two renderers at once)."""
    reports = []
    with guarded_page(chromium) as en, guarded_page(chromium) as fr:
        pages = {"en": en.page, "fr": fr.page}
        for page in pages.values():
            preload_axe(page.context)
        for path, status in demo_pages():
            for lang, page in pages.items():
                joiner = "&" if "?" in path else "?"
                response = page.goto(f"{demo_server.url}{path}{joiner}lang={lang}")
                assert response is not None
                assert response.status == status, path
                assert f'<html lang="{lang}">' in response.text(), path
                start_axe(page, open_details=True)  # folded content is checked too
            for lang, page in pages.items():
                if violations := axe_results(page):
                    reports.append(describe_violations(f"{path}?lang={lang}", violations))
    assert not reports, "axe found serious or critical violations:\n" + "\n".join(reports)


def tab_to(page: Any, target: Any, limit: int = 60) -> int:
    """Press Tab until ``target`` has the focus; return how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if target.evaluate("e => e === document.activeElement"):
            return presses
    raise AssertionError(f"{limit} Tab presses did not reach {target}")


def first_card(page: Any) -> Any:
    return page.get_by_role("region").first


def state_of(card: Any) -> Any:
    return card.locator("form").first.get_by_role("status").locator(".state")


def test_answer_with_the_keyboard_only(guarded: GuardedPage, live_server: LiveServer) -> None:
    page = guarded.page
    page.goto(live_server.url + new_assessment(live_server, "facilitation"))
    card = first_card(page)
    radios = card.get_by_role("group", name="Current level").get_by_role("radio")
    tab_to(page, radios.first)
    outline = radios.first.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none", "the focused radio shows no focus ring"

    page.keyboard.press("Space")
    expect(radios.first).to_be_checked()
    expect(state_of(card)).to_have_text("Saved")
    page.keyboard.press("ArrowDown")
    expect(radios.nth(1)).to_be_checked()
    expect(radios.nth(1)).to_be_focused()
    expect(state_of(card)).to_have_text("Saved")
    expect(page.locator("#p-domain-text")).to_have_text("1 of 7 answered")

    page.reload()
    expect(radios.nth(1)).to_be_checked()
    expect(state_of(card)).to_have_text("Saved")
    guarded.guard.check()


def test_arrowing_through_the_levels_saves_the_last_one(
    guarded: GuardedPage, live_server: LiveServer
) -> None:
    """A keyboard user moves from level 0 to level 4 with the arrow keys, without pausing."""
    page = guarded.page
    page.goto(live_server.url + new_assessment(live_server, "facilitation"))
    card = first_card(page)
    radios = card.get_by_role("group", name="Current level").get_by_role("radio")
    radios.first.focus()
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    expect(radios.nth(4)).to_be_checked()
    page.wait_for_timeout(1000)  # every request answered
    guarded.guard.check()  # no 409 or 500 on the way
    expect(state_of(card)).to_have_text("Saved")
    page.reload()
    expect(radios.nth(4)).to_be_checked()


def test_retry_button_is_hidden_until_a_save_fails(
    guarded: GuardedPage, demo_server: LiveServer
) -> None:
    page = guarded.page
    page.goto(f"{demo_server.url}/assessments/{DEMO}/domains/facilitation")
    # `button { display: inline-block }` once overrode the hidden attribute.
    expect(first_card(page).get_by_role("button", name="Retry")).to_be_hidden()
    page.goto(f"{demo_server.url}/assessments/{DEMO}/plan")
    expect(page.get_by_role("article").first.get_by_role("button", name="Retry")).to_be_hidden()


def test_level_badges_fit_their_text(guarded: GuardedPage, demo_server: LiveServer) -> None:
    page = guarded.page
    page.goto(f"{demo_server.url}/assessments/{DEMO}/domains/policy_legislation?lang=fr")
    overflowing = page.locator("label.level .badge").evaluate_all(
        "els => els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent)"
    )
    assert overflowing == []


def test_pages_have_a_favicon(live_server: LiveServer) -> None:
    """Without one, Chromium asks for /favicon.ico and logs its 404 as a console error."""
    with live_server.client() as client:
        declared = re.search(r"<link [^>]*rel=\"(shortcut )?icon\"", client.get("/").text)
        served = client.get("/favicon.ico").status_code == 200
    assert declared or served

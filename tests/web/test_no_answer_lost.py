"""No answer lost, none silently unsaved (issue 8, section 2), in a real browser.

Each case types, meets the problem, fixes it, reloads, and finds everything there: a reason
missing says so on the field itself and keeps the draft in the browser; a target below the
level never blocks the card; leaving with unsaved changes asks first; the keyboard user's focus
stays where it is; the app asks the officer's name at the first change.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from . import browser
from .browser import GuardedPage, guarded_page, new_assessment, screenshot
from .conftest import LiveServer

chromium_fixture = browser.chromium_fixture
guarded_fixture = browser.guarded_fixture


def card(page: Any, indicator_id: str) -> Any:
    return page.get_by_role("region", name=re.compile(rf"^{re.escape(indicator_id)}\b"))


def state(region: Any) -> Any:
    return region.locator("form.answer").get_by_role("status").locator(".state")


def levels(region: Any) -> Any:
    return region.get_by_role("group", name="Current level").get_by_role("radio")


def prefilled_cycle(server: LiveServer) -> str:
    """A 2026 cycle pre-filled from the demo's 2025 one; the path of its first domain."""
    with server.client() as client:
        created = client.post(
            "/assessments",
            data={
                "administration": "Valdoria Revenue and Customs Authority",
                "cycle": "2026",
                "previous_id": "2",
            },
        )
        assert created.status_code == 303
        opened = client.get(created.headers["location"])
    return str(opened.headers["location"])


def test_a_missing_reason_is_said_on_the_field_and_nothing_typed_is_lost(
    guarded: GuardedPage, live_server: LiveServer
) -> None:
    page = guarded.page
    page.goto(live_server.url + new_assessment(live_server, "policy_legislation"))
    region = card(page, "PL-07")
    levels(region).last.check()  # not applicable
    reason = region.get_by_label("Why is it not applicable? (required)")
    expect(reason).to_be_focused()
    expect(region.locator("#PL-07-reason-msg")).to_have_text("Not saved: give a reason")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(state(region)).to_have_text("Not saved: give a reason")
    region.get_by_label("Comment").fill("Réunion du 12 mars « à confirmer »")
    region.get_by_label("Flag for review").check()
    expect(state(region)).to_have_text("Not saved: give a reason")

    page.reload()  # the browser kept the draft: it comes back, still not saved
    region = card(page, "PL-07")
    expect(levels(region).last).to_be_checked()
    expect(region.get_by_label("Comment")).to_have_value("Réunion du 12 mars « à confirmer »")
    expect(region.get_by_label("Flag for review")).to_be_checked()
    expect(region.locator("#PL-07-reason-msg")).to_have_text("Not saved: give a reason")

    region.get_by_label("Why is it not applicable? (required)").fill("Le tarif relève de l'union")
    expect(state(region)).to_have_text("Saved")
    expect(region.locator("#PL-07-reason-msg")).to_have_text("")
    page.wait_for_timeout(700)  # the typed reason's own save
    expect(state(region)).to_have_text("Saved")
    assert page.evaluate("() => Object.keys(localStorage).length") == 0
    page.reload()
    region = card(page, "PL-07")
    expect(levels(region).last).to_be_checked()
    expect(region.get_by_label("Why is it not applicable? (required)")).to_have_value(
        "Le tarif relève de l'union"
    )
    expect(region.get_by_label("Comment")).to_have_value("Réunion du 12 mars « à confirmer »")
    expect(region.get_by_label("Flag for review")).to_be_checked()
    expect(state(region)).to_have_text("Saved")


def test_a_changed_prefilled_level_asks_its_reason_and_keeps_the_rest(
    guarded: GuardedPage, demo_server: LiveServer
) -> None:
    page = guarded.page
    page.goto(demo_server.url + prefilled_cycle(demo_server))
    region = card(page, "PL-01")
    radios = levels(region)
    checked = int(radios.evaluate_all("rs => rs.findIndex(r => r.checked)"))
    radios.nth((checked + 1) % 6).check()
    change = region.get_by_label("Why did the level change since the previous cycle? (required)")
    expect(change).to_be_visible()
    expect(region.locator("#PL-01-change-msg")).to_have_text("Not saved: say why the level changed")
    expect(radios.nth((checked + 1) % 6)).to_be_focused()  # focus stays on the level
    region.get_by_label("Evidence notes (documents, systems, figures)").fill("Circulaire 2026-04")
    screenshot(page, "prefilled-reason-missing-en")
    page.reload()
    region = card(page, "PL-01")
    expect(levels(region).nth((checked + 1) % 6)).to_be_checked()
    expect(region.get_by_label("Evidence notes (documents, systems, figures)")).to_have_value(
        "Circulaire 2026-04"
    )
    change = region.get_by_label("Why did the level change since the previous cycle? (required)")
    change.fill("Nouvelle circulaire adoptée")
    expect(state(region)).to_have_text("Saved")
    page.wait_for_timeout(700)
    page.reload()
    region = card(page, "PL-01")
    expect(levels(region).nth((checked + 1) % 6)).to_be_checked()
    expect(region.get_by_label("Evidence notes (documents, systems, figures)")).to_have_value(
        "Circulaire 2026-04"
    )
    expect(region.locator(".review-state")).to_be_hidden()  # changed: reviewed


def test_a_target_below_the_level_is_raised_and_never_blocks_the_card(
    guarded: GuardedPage, live_server: LiveServer
) -> None:
    page = guarded.page
    page.goto(live_server.url + new_assessment(live_server, "policy_legislation"))
    region = card(page, "PL-01")
    levels(region).nth(2).check()
    expect(state(region)).to_have_text("Saved")
    region.get_by_label("Target level").select_option("4")
    expect(state(region)).to_have_text("Saved")
    levels(region).nth(5).check()
    note = region.locator("#PL-01-target-msg")
    expect(note).to_have_text("the target (4) was below the level: it is now 5, the level itself")
    expect(region.get_by_label("Target level")).to_have_value("5")
    assert "target:" not in region.inner_text()
    region.get_by_label("Flag for review").check()
    region.get_by_label("Comment").fill("Relevé par l'audit")
    expect(state(region)).to_have_text("Saved")
    page.wait_for_timeout(700)
    page.reload()
    region = card(page, "PL-01")
    expect(levels(region).nth(5)).to_be_checked()
    expect(region.get_by_label("Target level")).to_have_value("5")
    expect(region.get_by_label("Flag for review")).to_be_checked()
    expect(region.get_by_label("Comment")).to_have_value("Relevé par l'audit")


def test_leaving_with_unsaved_changes_asks_first(
    guarded: GuardedPage, live_server: LiveServer
) -> None:
    page = guarded.page
    page.goto(live_server.url + new_assessment(live_server, "policy_legislation"))
    region = card(page, "PL-07")
    levels(region).last.check()  # N/A without a reason: not saved
    expect(state(region)).to_have_text("Not saved: give a reason")
    asked: list[str] = []

    def answer(dialog: Any) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    page.close(run_before_unload=True)
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]


def test_the_keyboard_user_keeps_the_focus_and_every_change_is_stored(
    guarded: GuardedPage, live_server: LiveServer
) -> None:
    """IP-01 with the keyboard only: a level, a target below it, a higher level, the flag and
    an evidence note; the focus never jumps to "Target level"."""
    page = guarded.page
    page.goto(live_server.url + new_assessment(live_server, "internal_practices"))
    region = card(page, "IP-01")
    radios = levels(region)
    radios.first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # level 2
    expect(radios.nth(2)).to_be_checked()
    expect(state(region)).to_have_text("Saved")
    target = region.get_by_label("Target level")
    target.focus()
    target.select_option("1")  # below the level: raised, said beside the field
    expect(target).to_have_value("2")
    radios.nth(2).focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # level 4
    expect(radios.nth(4)).to_be_checked()
    expect(radios.nth(4)).to_be_focused()
    expect(state(region)).to_have_text("Saved")
    expect(radios.nth(4)).to_be_focused()
    flag = region.get_by_label("Flag for review")
    flag.focus()
    page.keyboard.press("Space")
    expect(flag).to_be_checked()
    expect(state(region)).to_have_text("Saved")
    expect(flag).to_be_focused()
    page.keyboard.press("Tab")
    notes = region.get_by_label("Evidence notes (documents, systems, figures)")
    expect(notes).to_be_focused()
    page.keyboard.type("Rapport annuel 2025, p. 12")
    expect(notes).to_be_focused()
    expect(state(region)).to_have_text("Saved")
    page.wait_for_timeout(700)
    expect(notes).to_be_focused()
    page.reload()
    region = card(page, "IP-01")
    expect(levels(region).nth(4)).to_be_checked()
    expect(region.get_by_label("Target level")).to_have_value("4")
    expect(region.get_by_label("Flag for review")).to_be_checked()
    expect(region.get_by_label("Evidence notes (documents, systems, figures)")).to_have_value(
        "Rapport annuel 2025, p. 12"
    )


def test_the_name_is_asked_at_the_first_change_and_remembered(
    chromium: Any, live_server: LiveServer
) -> None:
    with guarded_page(chromium, named=False) as guarded:
        page = guarded.page
        with live_server.client(named=True) as client:  # the assessment exists already
            created = client.post(
                "/assessments",
                data={"administration": "Douane", "cycle": "2025", "domains": ["facilitation"]},
            )
            path = client.get(created.headers["location"]).headers["location"]
        page.goto(live_server.url + path)
        region = page.get_by_role("region").first
        levels(region).nth(3).check()
        dialog = page.get_by_role("dialog", name="Your name")
        expect(dialog).to_be_visible()
        dialog.get_by_label("Name recorded with each of your changes").fill("Awa Diallo")
        dialog.get_by_role("button", name="Save my name").click()
        expect(dialog).to_be_hidden()
        expect(state(region)).to_have_text("Saved")
        page.reload()
        levels(page.get_by_role("region").first).nth(4).check()
        expect(page.get_by_role("dialog", name="Your name")).to_be_hidden()
        expect(state(page.get_by_role("region").first)).to_have_text("Saved")
        aid = path.split("/")[2]
        history = page.request.get(f"{live_server.url}/api/assessments/{aid}/history").json()
        assert {h["changed_by"] for h in history} == {"Awa Diallo"}

"""Reviewing in a real browser (issue 8, sections 4–7): pre-filled answers to confirm, work
lists, what the results page asks to check, the radar's "no score", the next domain, the
highlighted level, the history of changed fields, and a workbook round trip."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from playwright.sync_api import expect

from gcat.exchange.xlsx_layout import COL_COMMENT, COL_LEVEL, COL_TARGET, FIRST_ROW

from . import browser
from .browser import GuardedPage, new_assessment, screenshot
from .conftest import LiveServer

chromium_fixture = browser.chromium_fixture
guarded_fixture = browser.guarded_fixture


def card(page: Any, indicator_id: str) -> Any:
    return page.get_by_role("region", name=re.compile(rf"^{re.escape(indicator_id)}\b"))


def state(region: Any) -> Any:
    return region.locator("form.answer").get_by_role("status").locator(".state")


def prefilled(server: LiveServer) -> int:
    with server.client() as client:
        created = client.post(
            "/assessments",
            data={
                "administration": "Valdoria Revenue and Customs Authority",
                "cycle": "2026",
                "previous_id": "2",
            },
        )
    return int(created.headers["location"].rsplit("/", 1)[1])


def test_a_prefilled_answer_is_to_review_until_confirmed(
    guarded: GuardedPage, demo_server: LiveServer
) -> None:
    page = guarded.page
    aid = prefilled(demo_server)
    page.goto(f"{demo_server.url}/assessments/{aid}/domains/facilitation")
    lists = page.get_by_role("navigation", name="Answers to look at")
    expect(lists.get_by_role("link", name=re.compile(r"^To review"))).to_contain_text("50")
    expect(page.locator("#p-all-text")).to_have_text("0%")
    region = card(page, "FA-01")
    expect(region.get_by_text("To review", exact=True)).to_be_visible()
    last = region.locator(".last-cycle")
    expect(last).to_have_text(re.compile(r"^2025: level \d$"))
    level = int(last.inner_text().rsplit(" ", 1)[1])
    chosen = region.locator("label.level.chosen")
    expect(chosen).to_contain_text("2025")  # the row of last cycle's level, marked
    assert chosen.evaluate("e => getComputedStyle(e).backgroundColor") != region.locator(
        "label.level"
    ).nth((level + 1) % 6).evaluate("e => getComputedStyle(e).backgroundColor")
    region.get_by_role("button", name="Confirm as it is FA-01").click()
    expect(state(region)).to_have_text("Confirmed")
    expect(region.get_by_text("To review", exact=True)).to_be_hidden()
    expect(page.locator("#p-domain-text")).to_have_text("1 of 7 answered")
    screenshot(page, "prefilled-confirmed-en")
    page.reload()
    region = card(page, "FA-01")
    expect(region.get_by_role("button", name="Confirm as it is FA-01")).to_be_hidden()
    lists = page.get_by_role("navigation", name="Answers to look at")
    lists.get_by_role("link", name=re.compile(r"^To review")).click()
    page.wait_for_url(re.compile(r"/answers\?show=to_review$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("To review 49")
    expect(card(page, "FA-01")).to_have_count(0)
    expect(card(page, "FA-02")).to_be_visible()
    # answered from the list: the card leaves the list at the next visit
    region = card(page, "FA-02")
    radios = region.get_by_role("group", name="Current level").get_by_role("radio")
    current = int(radios.evaluate_all("rs => rs.findIndex(r => r.checked)"))
    radios.nth((current + 1) % 6).check()
    region.get_by_label(re.compile("^Why did the level change")).fill("New single window module")
    expect(state(region)).to_have_text("Saved")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("To review 48")


def test_the_results_say_what_to_check_and_link_to_all(
    guarded: GuardedPage, demo_server: LiveServer
) -> None:
    page = guarded.page
    page.goto(f"{demo_server.url}/assessments/2/results")
    check = page.get_by_role("region", name="To check before you report").or_(
        page.locator("section[aria-labelledby=check-h]")
    )
    flagged = page.locator("section[aria-labelledby=flagged-h]")
    expect(flagged.get_by_role("heading")).to_contain_text("Flagged for review")
    expect(flagged.get_by_role("listitem").first).to_be_visible()
    expect(check).to_contain_text("Level 3 or more without evidence")
    strengths = page.locator("section[aria-labelledby=strengths-h]")
    expect(strengths.get_by_role("listitem")).to_have_count(5)
    more = strengths.get_by_role("link", name=re.compile(r"^and \d+ more: see all \d+$"))
    total = int(more.inner_text().rsplit(" ", 1)[1])
    more.click()
    page.wait_for_url(re.compile(r"show=strengths$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Strengths {total}")
    expect(page.locator("section.card")).to_have_count(total)
    first = page.locator("section.card").first
    expect(first.locator("label.level.chosen .badge")).to_have_text("4")  # highest first


def test_a_domain_without_answers_has_no_score_on_the_radar(
    guarded: GuardedPage, live_server: LiveServer
) -> None:
    page = guarded.page
    page.goto(
        live_server.url
        + new_assessment(live_server, "policy_legislation", "facilitation", "cooperation")
    )
    for region in page.locator("section.card").all()[:2]:
        region.get_by_role("radio").nth(3).check()
        expect(state(region)).to_have_text("Saved")
    # the next domain, then the next, then the results, from the end of each page
    page.get_by_role("link", name="Next domain: FA · Facilitation").click()
    page.wait_for_url(re.compile(r"/domains/facilitation$"))
    card(page, "FA-01").get_by_role("radio").nth(2).check()
    expect(state(card(page, "FA-01"))).to_have_text("Saved")
    page.get_by_role("link", name="Next domain: CO · Cooperation").click()
    page.wait_for_url(re.compile(r"/domains/cooperation$"))
    page.get_by_role("link", name="See the results").click()
    page.wait_for_url(re.compile(r"/results$"))
    radar = page.get_by_role("img", name="Maturity by domain: current and target")
    expect(radar).to_contain_text(re.compile(r"Cooperation\s*\(no score\)"))
    expect(radar).to_contain_text("no score")  # the legend's entry for the hollow point
    screenshot(page, "results-no-score-en")


def test_the_history_says_which_field_changed_and_filters(
    guarded: GuardedPage, live_server: LiveServer
) -> None:
    page = guarded.page
    page.goto(live_server.url + new_assessment(live_server, "policy_legislation"))
    region = card(page, "PL-02")
    region.get_by_role("radio").nth(2).check()
    expect(state(region)).to_have_text("Saved")
    region.get_by_label("Comment").fill("Décret n° 12 du 3 mai")
    page.wait_for_timeout(700)
    expect(state(region)).to_have_text("Saved")
    region.get_by_label("Target level").select_option("4")
    expect(state(region)).to_have_text("Saved")
    card(page, "PL-03").get_by_role("radio").nth(1).check()
    expect(state(card(page, "PL-03"))).to_have_text("Saved")
    page.get_by_role("navigation", name="This assessment").get_by_role(
        "link", name="History"
    ).click()
    entries = page.locator("ol.history > li")
    expect(entries).to_have_count(4)
    newest = entries.nth(1)  # PL-02's target change
    expect(newest.locator("dt")).to_have_text(["Target level"])
    expect(newest.locator("dd")).to_have_text(
        re.compile(r"Next level \(default\)\s*→?\s*became?\s*level 4")
    )
    comment = entries.nth(2)
    expect(comment.locator("dt")).to_have_text(["Comment"])
    expect(comment.locator("dd")).to_contain_text("Décret n° 12 du 3 mai")
    assert "Level 2 → Level 2" not in page.locator("main").inner_text()
    page.get_by_label("Indicator").select_option("PL-03")
    page.get_by_role("button", name="Show").click()
    expect(entries).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_contain_text("PL-03")
    expect(entries.first).to_contain_text("Test officer")


def test_an_offline_workbook_comes_back_into_its_assessment(
    guarded: GuardedPage, demo_server: LiveServer, tmp_path: Path
) -> None:
    page = guarded.page
    with demo_server.client() as client:
        data = client.get("/assessments/2/download/export/xlsx").content
    book = load_workbook(io.BytesIO(data))
    sheet = book["Policy and legislation"]
    sheet.cell(FIRST_ROW, COL_LEVEL).value = 4
    sheet.cell(FIRST_ROW, COL_TARGET).value = 5
    sheet.cell(FIRST_ROW + 1, COL_COMMENT).value = "Vérifié hors ligne le 3 mars"
    path = tmp_path / "valdoria-2025.xlsx"
    book.save(path)
    page.goto(f"{demo_server.url}/?lang=fr")
    page.get_by_label(
        "Classeur rempli, fichier d'échange .gcat.json ou export CSV d'ODK/Kobo"
    ).set_input_files(path)
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mettre à jour une évaluation existante"
    )
    pl01 = page.get_by_role("region", name=re.compile("^PL-01"))
    expect(pl01.get_by_role("row", name=re.compile("^Réponse"))).to_contain_text("niveau 4")
    expect(page.get_by_role("region", name=re.compile("^PL-02"))).to_contain_text(
        "Vérifié hors ligne le 3 mars"
    )
    screenshot(page, "import-preview-fr")
    page.get_by_role("button", name="Mettre à jour cette évaluation").click()
    page.wait_for_url(re.compile(r"/assessments/2/history$"))
    expect(page.locator("ol.history > li").first).to_contain_text(
        "Importée du fichier « valdoria-2025.xlsx »"
    )
    page.goto(f"{demo_server.url}/assessments/2/domains/policy_legislation")
    expect(card(page, "PL-01").get_by_role("radio").nth(4)).to_be_checked()
    expect(card(page, "PL-02").get_by_label("Commentaire")).to_have_value(
        "Vérifié hors ligne le 3 mars"
    )


def test_the_new_pages_pass_axe(chromium: Any, demo_server: LiveServer) -> None:
    """axe-core on the pages that need a setup: a pre-filled cycle, a file waiting for a
    preview, a CSV export waiting for a choice, the name dialog open."""
    aid = prefilled(demo_server)
    with demo_server.client() as client:
        data = client.get("/assessments/2/download/export/xlsx").content
        book = load_workbook(io.BytesIO(data))
        book["Policy and legislation"].cell(FIRST_ROW + 1, COL_COMMENT).value = "x"
        out = io.BytesIO()
        book.save(out)
        preview = client.post("/import", files={"file": ("v.xlsx", out.getvalue())})
        rows = "framework_id,framework_version,administration,cycle,_uuid\n" + "\n".join(
            f"gcat,1.0,Valdoria Revenue and Customs Authority,2025,u-{n}" for n in (1, 2)
        )
        choice = client.post("/import", files={"file": ("k.csv", rows.encode())})
    paths = [
        f"/assessments/{aid}/domains/policy_legislation",
        f"/assessments/{aid}/answers?show=to_review",
        preview.headers["location"],
        choice.headers["location"],
    ]
    reports = []
    for lang in ("en", "fr"):
        with browser.guarded_page(chromium) as guarded:
            page = guarded.page
            for path in paths:
                joiner = "&" if "?" in path else "?"
                page.goto(f"{demo_server.url}{path}{joiner}lang={lang}")
                if found := browser.axe_violations(page, open_details=True):
                    reports.append(browser.describe_violations(f"{path} {lang}", found))
        with browser.guarded_page(chromium, named=False) as guarded:
            page = guarded.page
            page.goto(f"{demo_server.url}/assessments/{aid}/domains/facilitation?lang={lang}")
            page.locator("section.card").first.get_by_role("checkbox").check()
            expect(page.get_by_role("dialog")).to_be_visible()
            if found := browser.axe_violations(page):
                reports.append(browser.describe_violations(f"name dialog {lang}", found))
            page.get_by_role("dialog").get_by_role("button").last.click()
    assert not reports, "\n".join(reports)

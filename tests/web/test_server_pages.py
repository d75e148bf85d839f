"""Server mode's pages: login, users, audit log, Secretariat, submissions, where you stand.

Over HTTP: every page in French and Spanish shows no English, and the Secretariat page shows
"fewer than k" for small regions. In real Chromium: log in through the form, each page at
1280 and 390 px in French and Spanish (screenshots to look at), axe-core, nothing wider than a
phone, no request leaving the machine and no console or CSP error.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from gcat.demo.synthetic import synthetic_exchange_file
from gcat.frameworks import load_framework
from gcat.members import packaged_members
from gcat.policy.access import local_actor
from gcat.services import assessments, benchmark, secretariat, signoff, submissions
from gcat.services.secretariat import BatchFile
from tests.web.conftest import PASSWORD, ServerWorld

from . import browser
from .browser import axe_violations, describe_violations, guarded_page, screenshot
from .test_pages import _english_fragments, _visible_text

chromium_fixture = browser.chromium_fixture
OPERATOR = local_actor("operator")


def _populate(world: ServerWorld) -> int:
    """Members' files for two cycles (Europe and West and Central Africa large enough to show,
    East and Southern Africa too small), a submission of Senegal, a benchmark pack; the id of
    Senegal's assessment."""
    framework = load_framework()
    members = packaged_members()
    files = []
    for step, cycle in enumerate(("2024", "2025")):
        for region, count in (("europe", 7), ("wca", 6), ("esa", 2)):
            for member in members.in_region(region)[1 : count + 1]:
                data = synthetic_exchange_file(framework, member.name, cycle, seed=5, step=step)
                files.append(BatchFile.from_bytes(f"{member.key}-{cycle}.gcat.json", data))
    report = secretariat.import_batch(OPERATOR, world.engine, files)
    assert not report.refused
    own = assessments.import_assessment(
        OPERATOR,
        world.engine,
        _assessment(framework, "Senegal", "2025"),
    )
    signoff.sign_off(OPERATOR, world.engine, own)
    submissions.submit(OPERATOR, world.engine, own)
    pack = secretariat.benchmark_pack(OPERATOR, world.engine, k=5)
    benchmark.import_pack(OPERATOR, world.engine, pack, "gcat-benchmark.json")
    return own


def _assessment(framework: Any, name: str, cycle: str) -> Any:
    from gcat.demo.synthetic import synthetic_assessment

    return synthetic_assessment(framework, name, cycle, seed=11)


@pytest.fixture
def world(server_world: ServerWorld) -> Iterator[tuple[ServerWorld, int]]:
    yield server_world, _populate(server_world)


PAGES = {
    "admin": ["/admin", "/audit"],
    "sec": ["/secretariat", "/submissions", "/audit"],
    "a.validator": ["/submissions", "/submissions/{submission}", "/assessments/{own}/results"],
}


def _paths(username: str, own: int, submission: int) -> list[str]:
    return [p.format(own=own, submission=submission) for p in PAGES[username]]


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_no_english_on_the_server_pages(world: tuple[ServerWorld, int], lang: str) -> None:
    server, own = world
    english = _english_fragments()
    submission = submissions.list_submissions(OPERATOR, server.engine)[0].id
    with server.client() as anonymous:
        page = anonymous.get("/login", params={"lang": lang})
        leaks = sorted(f for f in english if f in _visible_text(page.text))
        assert page.status_code == 200 and leaks == [], leaks[:5]
    for username in PAGES:
        with server.client(username) as client:
            for path in _paths(username, own, submission):
                response = client.get(path, params={"lang": lang})
                assert response.status_code == 200, path
                leaks = sorted(f for f in english if f in _visible_text(response.text))
                assert leaks == [], f"{path} in {lang} shows English: {leaks[:5]}"


def test_the_secretariat_page_suppresses_small_regions(world: tuple[ServerWorld, int]) -> None:
    server, _ = world
    with server.client("sec") as client:
        text = _visible_text(client.get("/secretariat", params={"lang": "en"}).text)
        assert "fewer than 5" in text and "hidden (protects a small group)" in text
        for fmt in ("xlsx", "html", "json"):
            download = client.get(f"/secretariat/download/{fmt}")
            assert download.status_code == 200 and download.headers["content-disposition"]
        assert client.get("/secretariat/pack").json()["format"] == "gcat-benchmark"


def test_where_you_stand_on_the_results_page(world: tuple[ServerWorld, int]) -> None:
    server, own = world
    with server.client("a.viewer") as client:
        text = _visible_text(client.get(f"/assessments/{own}/results").text)
        assert "Where you stand" in text and "All Members" in text
        # a viewer sees the sign-off but can neither submit nor make a new version
        assert "Signed off by" in text
        assert "Submit to the Secretariat" not in text and "New version" not in text


def _log_in(page: Any, url: str, username: str, lang: str) -> None:
    page.goto(f"{url}/login?lang={lang}")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.slow
def test_pages_at_two_widths_in_french_and_spanish(
    chromium: Any, world: tuple[ServerWorld, int]
) -> None:
    server, own = world
    submission = submissions.list_submissions(OPERATOR, server.engine)[0].id
    reports = []
    for lang in ("fr", "es"):
        for width in (1280, 390):
            with guarded_page(chromium) as guarded:
                page = guarded.page
                page.set_viewport_size({"width": width, "height": 900})
                response = page.goto(f"{server.url}/login?lang={lang}")
                assert response is not None and response.status == 200
                screenshot(page, f"server-login-{lang}-{width}")
                if violations := axe_violations(page):
                    reports.append(describe_violations(f"/login {lang} {width}", violations))
            for username in PAGES:
                with guarded_page(chromium) as guarded:
                    page = guarded.page
                    page.set_viewport_size({"width": width, "height": 900})
                    _log_in(page, server.url, username, lang)
                    for path in _paths(username, own, submission):
                        response = page.goto(f"{server.url}{path}")
                        assert response is not None and response.status == 200, path
                        name = path.strip("/").replace("/", "-")
                        screenshot(page, f"server-{username}-{name}-{lang}-{width}")
                        wide = page.evaluate(
                            "() => document.documentElement.scrollWidth - window.innerWidth"
                        )
                        assert wide <= 0, f"{path} at {width}px is {wide}px too wide"
                        if violations := axe_violations(page):
                            reports.append(
                                describe_violations(f"{path} {lang} {width}", violations)
                            )
    assert not reports, "\n".join(reports)


@pytest.mark.slow
def test_an_admin_adds_a_user_and_a_validator_submits_in_the_browser(
    chromium: Any, server_world: ServerWorld
) -> None:
    with guarded_page(chromium) as guarded:
        page = guarded.page
        _log_in(page, server_world.url, "admin", "en")
        page.goto(f"{server_world.url}/admin")
        page.fill("#new-username", "new.officer")
        page.fill("#new-password", PASSWORD)
        page.select_option("#new-role", "validator")
        page.fill("#new-admin", "Sénégal")
        page.get_by_role("button", name="Add the user").click()
        page.wait_for_load_state()
        assert page.locator("#user-new\\.officer").inner_text().count("Senegal") == 1
        page.get_by_role("button", name="Log out").click()
        page.wait_for_load_state()
        assert "/login" in page.url
    with guarded_page(chromium) as guarded:
        page = guarded.page
        _log_in(page, server_world.url, "new.officer", "en")
        page.fill("#cycle", "2025")
        page.get_by_role("button", name="Create the assessment").click()
        page.wait_for_load_state()
        results = page.url.split("/domains/")[0] + "/results"
        page.goto(results)
        page.get_by_role("button", name="Sign off").click()
        page.wait_for_load_state()
        page.get_by_role("button", name="Submit to the Secretariat").click()
        page.wait_for_load_state()
        assert "/submissions/" in page.url and "in force" in page.inner_text("main")
        page.get_by_role("button", name="Withdraw this submission").click()
        page.wait_for_load_state()
        assert "withdrawn" in page.inner_text("main")

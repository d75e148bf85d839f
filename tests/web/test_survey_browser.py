"""The review queue in a real browser: an analyst corrects a suggestion, in French and Spanish.

Guarded pages (see ``browser.py``): no request leaves the machine, no console error, no CSP
violation. Screenshots of every Survey page at 1280 and 390 px go to test-output/screenshots.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from gcat.policy.access import local_actor
from gcat.services import review
from gcat.services.survey import import_demo

from . import browser
from .browser import GuardedPage, axe_violations, describe_violations, screenshot
from .conftest import LiveServer

chromium_fixture = browser.chromium_fixture
guarded_fixture = browser.guarded_fixture


@pytest.fixture
def survey_server(live_server: LiveServer, classifier_model: Path) -> LiveServer:
    import_demo(local_actor("tester"), live_server.app.state.engine)  # type: ignore[attr-defined]
    return live_server


def test_an_analyst_corrects_the_most_uncertain_initiative(
    guarded: GuardedPage, survey_server: LiveServer
) -> None:
    page = guarded.page
    engine = survey_server.app.state.engine  # type: ignore[attr-defined]
    actor = local_actor("tester")
    queue = review.review_queue(actor, engine)
    first = queue[0]
    page.goto(f"{survey_server.url}/secretariat/survey/review?lang=fr")
    expect(page.get_by_role("heading", name="File de révision")).to_be_visible()
    rows = page.locator("table.data tbody tr")
    expect(rows).to_have_count(len(queue))
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Réviser une initiative")).to_be_visible()
    areas = page.get_by_role("group", name="Domaine thématique")
    for box in areas.get_by_role("checkbox").all():
        box.uncheck()
    areas.get_by_role("checkbox", name="Collaboration nationale").check()
    areas.get_by_role("checkbox", name="Renforcement des capacités").check()
    areas.get_by_role("radio", name="Principale : Renforcement des capacités").check()
    domains = page.get_by_role("group", name="Domaine de l'OEDV")
    for box in domains.get_by_role("checkbox").all():
        box.uncheck()
    domains.get_by_role("checkbox", name="Coopération").check()
    domains.get_by_role("checkbox", name="Renforcement des capacités").check()
    domains.get_by_role("radio", name="Principale : Renforcement des capacités").check()
    page.get_by_label("Note (facultative)").fill(
        "Formation conjointe : le partenaire est secondaire."
    )
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_role("status")).to_contain_text("Décision enregistrée")
    decided = review.get_item(actor, engine, first.id).decision
    assert decided is not None
    assert decided.thematic_areas == ("capacity_building", "national_collaboration")
    assert decided.gcat_domains == ("capacity_building", "cooperation")
    assert decided.note and decided.suggestion == first.suggestion
    assert len(review.review_queue(actor, engine)) == len(queue) - 1
    guarded.guard.check()


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_survey_pages_render_at_both_widths(
    guarded: GuardedPage, survey_server: LiveServer, lang: str
) -> None:
    page = guarded.page
    engine = survey_server.app.state.engine  # type: ignore[attr-defined]
    item = review.review_queue(local_actor("tester"), engine)[0]
    paths = {
        "results": "/secretariat/survey",
        "queue": "/secretariat/survey/review",
        "item": f"/secretariat/survey/review/{item.id}",
        "audit": "/secretariat/survey/audit",
    }
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in paths.items():
            answer = page.goto(f"{survey_server.url}{path}?lang={lang}")
            assert answer is not None and answer.status == 200
            assert page.locator("html").get_attribute("lang") == lang
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width + 1, f"{name} at {width}px scrolls sideways ({scroll}px)"
            screenshot(page, f"survey-{name}-{lang}-{width}")
            if width == 1280:
                violations = axe_violations(page)
                assert not violations, describe_violations(f"{name} {lang}", violations)
    guarded.guard.check()

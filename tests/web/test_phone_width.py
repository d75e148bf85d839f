"""Every page fits a phone (issue 8, section 3): at 390×844 nothing scrolls sideways.

Tables scroll inside their own box or become cards and the radar scales; the page itself never
needs a horizontal scroll. Each page is also saved as a screenshot, in French and Spanish, at
1280 and 390 px wide (``test-output/screenshots/pages/``), to be looked at.
"""

from __future__ import annotations

from typing import Any

import pytest

from gcat.demo.compendium import store_demo_practices
from gcat.demo.declaration import store_demo_declaration
from gcat.frameworks import load_framework
from gcat.policy.access import local_actor
from gcat.services import signoff, upgrade
from gcat.services.survey import import_demo

from . import browser
from .browser import SCREENSHOTS, guarded_page
from .conftest import LiveServer

chromium_fixture = browser.chromium_fixture

PHONE = (390, 844)
DESKTOP = (1280, 900)


def every_page(server: LiveServer) -> list[tuple[str, str]]:
    """(name, path) of every page of the app, with the demo data, a pending import, the 2024
    cycle upgraded to GCAT 1.1 and signed off (4), the demo practices, declaration and survey."""
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
        workbook = client.get("/assessments/2/download/export/xlsx").content
        waiting = client.post(
            "/import", files={"file": ("valdoria-2025.xlsx", workbook, "application/octet-stream")}
        )
        assert waiting.status_code == 303
    engine = server.app.state.engine  # type: ignore[attr-defined]
    lead = local_actor("Team lead")
    upgraded = upgrade.upgrade_stored(lead, engine, 1, "1.1", "en")
    signoff.sign_off(lead, engine, upgraded)
    store_demo_practices(engine)
    store_demo_declaration(engine)
    import_demo(lead, engine)
    framework = load_framework()
    pages = [
        ("home", "/"),
        *[(f"domain-{d.code}", f"/assessments/2/domains/{d.id}") for d in framework.domains],
        ("prefilled", "/assessments/3/domains/policy_legislation"),
        ("results", "/assessments/2/results"),
        ("results-prefilled", "/assessments/3/results"),
        ("plan", "/assessments/2/plan"),
        ("history", "/assessments/2/history"),
        ("history-indicator", "/history/2/PL-01"),
        ("worklist-no-evidence", "/assessments/2/answers?show=no_evidence"),
        ("worklist-to-review", "/assessments/3/answers?show=to_review"),
        ("worklist-strengths", "/assessments/2/answers?show=strengths"),
        ("import-preview", waiting.headers["location"]),
        ("delete", "/assessments/2/delete"),
        ("team", "/assessments/2/team"),
        ("consensus", "/assessments/2/consensus"),
        ("upgrade-changes", f"/assessments/{upgraded}/changes"),
        ("signed", f"/assessments/{upgraded}/domains/policy_legislation"),
        ("signed-results", f"/assessments/{upgraded}/results"),
        ("signed-to-review", f"/assessments/{upgraded}/answers?show=flagged"),
        ("signed-history", f"/assessments/{upgraded}/history"),
        ("practices", "/practices"),
        ("practice", "/practices/2"),
        ("practice-new", "/practices/new"),
        ("compendium", "/compendium"),
        ("compendium-practice", "/compendium/practices/own/3"),
        ("actionplan", "/actionplan"),
        ("actionplan-point", "/actionplan/points/GCAP-31"),
        ("declarations", "/declarations"),
        ("declaration", "/declarations/1"),
        ("survey", "/secretariat/survey"),
        ("survey-review", "/secretariat/survey/review"),
        ("framework", "/framework"),
        ("help", "/help"),
        ("methodology", "/help/methodology"),
        ("indicators", "/help/indicators"),
        ("indicators-1.1", "/help/indicators?version=1.1"),
        ("glossary", "/help/glossary"),
        ("restore", "/backup/restore"),
        ("not-found", "/assessments/999/results"),
    ]
    return pages


OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")].filter((e) => {
    const box = e.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) return false;
    // inside a box that scrolls on its own: fine
    for (let p = e.parentElement; p; p = p.parentElement) {
      const style = getComputedStyle(p);
      const own = ["auto", "scroll"].includes(style.overflowX);
      if (own && p.getBoundingClientRect().right <= width + 1) return false;
    }
    return true;
  });
  return {
    scroll: document.documentElement.scrollWidth,
    width,
    culprits: wide.slice(0, 5).map((e) => {
      const right = Math.round(e.getBoundingClientRect().right);
      return `${e.tagName.toLowerCase()}.${e.className} → ${right}`;
    }),
  };
}"""


def test_every_page_fits_a_phone_and_is_looked_at(chromium: Any, demo_server: LiveServer) -> None:
    pages = every_page(demo_server)
    folder = SCREENSHOTS / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    problems = []
    for lang in ("en", "fr", "es"):
        for size in (PHONE, DESKTOP) if lang != "en" else (PHONE,):
            with guarded_page(chromium, viewport=size) as guarded:
                page = guarded.page
                for name, path in pages:
                    joiner = "&" if "?" in path else "?"
                    response = page.goto(f"{demo_server.url}{path}{joiner}lang={lang}")
                    assert response is not None and response.status in (200, 404), (path, lang)
                    measured = page.evaluate(OVERFLOW)
                    if size == PHONE and measured["scroll"] > measured["width"]:
                        problems.append(f"{name} ({lang}): {measured}")
                    if lang != "en":  # the top of long pages is enough to look at
                        height = min(page.evaluate("document.documentElement.scrollHeight"), 5000)
                        page.screenshot(
                            path=str(folder / f"{name}-{lang}-{size[0]}.png"),
                            full_page=True,
                            clip={"x": 0, "y": 0, "width": size[0], "height": height},
                            timeout=30_000,
                        )
    assert not problems, "pages wider than a phone:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", ["fr"])
def test_the_radar_scales_with_the_screen(
    chromium: Any, demo_server: LiveServer, lang: str
) -> None:
    with guarded_page(chromium, viewport=PHONE) as guarded:
        page = guarded.page
        page.goto(f"{demo_server.url}/assessments/2/results?lang={lang}")
        radar = page.get_by_role("img", name="Maturité par domaine : niveau actuel et cible")
        width = radar.evaluate("e => e.getBoundingClientRect().width")
        assert 300 <= width <= 390

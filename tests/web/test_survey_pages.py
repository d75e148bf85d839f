"""The Secretariat's Survey section: pages, downloads, decisions through the guarded forms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gcat.policy.access import local_actor
from gcat.services import review
from gcat.services.survey import import_demo

from .conftest import LiveServer


@pytest.fixture
def survey_server(live_server: LiveServer, classifier_model: Path) -> LiveServer:
    import_demo(local_actor("tester"), live_server.app.state.engine)  # type: ignore[attr-defined]
    return live_server


def test_the_section_offers_the_demo_when_empty(
    live_server: LiveServer, classifier_model: Path
) -> None:
    with live_server.client() as client:
        page = client.get("/secretariat/survey?lang=fr")
        assert page.status_code == 200 and "Charger l" in page.text
        refused = client.post("/secretariat/survey/demo", headers={"X-CSRF-Token": "wrong"})
        assert refused.status_code == 403
        done = client.post("/secretariat/survey/demo", follow_redirects=True)
        assert done.status_code == 200 and "58,6" in done.text and "fictives" in done.text


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_results_page_shows_the_figures_in_each_language(
    survey_server: LiveServer, lang: str
) -> None:
    with survey_server.client() as client:
        page = client.get(f"/secretariat/survey?lang={lang}").text
        data = json.loads(client.get("/secretariat/survey/report.json").text)
    assert "186" in page and "109" in page and "<svg" in page
    assert ("58.6%" if lang == "en" else "58,6\u00a0%") in page
    assert (data["responded"], data["with_initiatives"], data["consenting"]) == (109, 88, 28)


def test_downloads_are_attachments(survey_server: LiveServer) -> None:
    with survey_server.client() as client:
        for path in ("/secretariat/survey/report.xlsx", "/secretariat/survey/validation.docx"):
            answer = client.get(path)
            assert (
                answer.status_code == 200 and "attachment" in answer.headers["content-disposition"]
            )
        assert client.get("/secretariat/survey/report.exe").status_code in (400, 422)


def test_a_decision_is_stored_with_who_when_and_the_suggestion(survey_server: LiveServer) -> None:
    engine = survey_server.app.state.engine  # type: ignore[attr-defined]
    actor = local_actor("tester")
    first = review.review_queue(actor, engine)[0]
    with survey_server.client() as client:
        bad = client.post(
            f"/secretariat/survey/review/{first.id}", data={"primary_area": "enforcement"}
        )
        assert bad.status_code == 422
        answer = client.post(
            f"/secretariat/survey/review/{first.id}",
            data={
                "area": ["enforcement", "international_collaboration"],
                "primary_area": "enforcement",
                "domain": ["customs_controls", "cooperation"],
                "primary_domain": "customs_controls",
                "note": "<b>joint operation</b>",
            },
        )
        assert answer.status_code == 303 and "saved=1" in answer.headers["location"]
        audit = client.get("/secretariat/survey/audit?lang=es").text
        assert "Desacuerdo" in audit
    item = review.get_item(actor, engine, first.id)
    assert item.decision is not None
    assert item.decision.thematic_areas == ("enforcement", "international_collaboration")
    assert item.decision.decided_by == "tester" and item.decision.suggestion == first.suggestion
    assert item.decision.note == "<b>joint operation</b>"
    assert first.id not in {i.id for i in review.review_queue(actor, engine)}
    examples = review.confirmed_examples(actor, engine)
    assert [e.text for e in examples] == [first.text]
    rows = {(r.taxonomy, r.label): r for r in review.override_audit(actor, engine)}
    assert (
        rows[("thematic_areas", "enforcement")].kept + rows[("thematic_areas", "enforcement")].added
        == 1
    )

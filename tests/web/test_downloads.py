"""The results page's downloads and the home page's import, through the app."""

from __future__ import annotations

import pytest

from tests.web.conftest import LiveServer


@pytest.mark.parametrize(
    ("path", "media"),
    [
        ("report/pdf", "application/pdf"),
        ("report/docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("export/xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("export/json", "application/json"),
        ("export/xlsform", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("export/csv", "text/csv; charset=utf-8"),
    ],
)
def test_downloads(demo_server: LiveServer, path: str, media: str) -> None:
    with demo_server.client() as client:
        response = client.get(f"/assessments/2/download/{path}", params={"lang": "fr"})
    assert response.status_code == 200
    assert response.headers["content-type"] == media
    assert response.headers["content-disposition"].startswith("attachment; filename*=UTF-8''gcat-")


def test_import_stores_a_new_assessment_once_and_never_twice(demo_server: LiveServer) -> None:
    with demo_server.client() as client:
        exported = client.get("/assessments/2/download/export/json").content
        client.delete("/api/assessments/2")
        first = client.post(
            "/import", files={"file": ("valdoria.gcat.json", exported, "application/json")}
        )
        assert first.status_code == 303 and first.headers["location"].endswith("/results")
        again = client.post(
            "/import", files={"file": ("valdoria.gcat.json", exported, "application/json")}
        )
        # the cycle exists: the file waits for the officer, and changes nothing
        assert again.status_code == 303 and "/import/" in again.headers["location"]
        assert "This file changes nothing" in client.get(again.headers["location"]).text
        bad = client.post(
            "/import", files={"file": ("x.gcat.json", exported[:-40], "application/json")}
        )
        assert bad.status_code == 422
        summaries = client.get("/").text
    assert summaries.count("Valdoria Revenue and Customs Authority</a>") == 2

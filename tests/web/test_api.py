"""The JSON API against a real server and a real SQLite file."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa

from gcat.core.text import clean_text
from tests.web.conftest import OFFICER, LiveServer

ANSWER = {"level": 2, "comment": "Draft plan", "version": 0}


def create(client, **extra) -> dict:
    body = {"administration": "Douane de Test", "cycle": "2025", **extra}
    response = client.post("/api/assessments", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_frameworks(live_server: LiveServer) -> None:
    with live_server.client() as client:
        listed = client.get("/api/frameworks").json()
    assert [(f["id"], f["version"], f["indicators"]) for f in listed] == [
        ("gcat", "1.0", 50),
        ("gcat", "1.1", 59),
    ]


def test_create_answer_results_history(live_server: LiveServer) -> None:
    with live_server.client() as client:
        created = create(client, domains=["facilitation", "cooperation"], assessors="A. Diallo")
        assert created["domains"] == ["facilitation", "cooperation"] and created["answers"] == []
        aid = created["id"]
        saved = client.put(f"/api/assessments/{aid}/answers/FA-01", json=ANSWER).json()
        assert saved["version"] == 1 and saved["level"] == 2 and saved["updated_by"] == OFFICER
        again = client.put(
            f"/api/assessments/{aid}/answers/FA-01", json={"level": 3, "target": 4, "version": 1}
        )
        assert again.status_code == 200 and again.json()["version"] == 2
        results = client.get(f"/api/assessments/{aid}/results").json()
        facilitation = results["domains"][0]
        assert (facilitation["id"], facilitation["score"], facilitation["level"]) == (
            "facilitation",
            3.0,
            3,
        )
        assert results["plan"][0]["indicator_id"] == "FA-01" and results["plan"][0]["target"] == 4
        history = client.get(f"/api/assessments/{aid}/history/FA-01").json()
        assert [h["new_value"]["level"] for h in history] == [2, 3]
        assert history[0]["old_value"] is None and history[1]["old_value"]["level"] == 2
        assert all(h["changed_by"] == OFFICER for h in history)


def test_stale_version_is_409_and_nothing_overwritten(live_server: LiveServer) -> None:
    with live_server.client() as client:
        aid = create(client)["id"]
        client.put(f"/api/assessments/{aid}/answers/PL-01", json=ANSWER)
        stale = client.put(f"/api/assessments/{aid}/answers/PL-01", json={"level": 5, "version": 0})
        assert stale.status_code == 409
        assert "reload" in stale.json()["message"]
        (answer,) = client.get(f"/api/assessments/{aid}").json()["answers"]
        assert answer["level"] == 2 and answer["version"] == 1


def test_readable_422s(live_server: LiveServer) -> None:
    with live_server.client() as client:
        aid = create(client)["id"]
        cases = [
            ("PL-01", {"level": 6, "version": 0}, "level"),
            ("PL-01", {"level": "x", "version": 0}, "level"),
            ("PL-01", {"level": 2}, "version"),
            ("PL-01", {"level": 2, "version": 0, "colour": "red"}, "colour"),
            ("PL-07", {"not_applicable": True, "version": 0}, "reason"),
            ("PL-01", {"not_applicable": True, "reason": "x", "version": 0}, "not_applicable"),
            ("XX-01", {"level": 3, "version": 0}, "indicator_id"),
        ]
        for indicator, body, field in cases:
            response = client.put(f"/api/assessments/{aid}/answers/{indicator}", json=body)
            assert response.status_code == 422, (body, response.text)
            data = response.json()
            assert data["field"] == field, data
            assert data["message"] and "Traceback" not in data["message"]
        french = client.put(
            f"/api/assessments/{aid}/answers/PL-07",
            json={"not_applicable": True, "version": 0},
            headers={"Accept-Language": "fr-FR,fr;q=0.9"},
        )
        assert "motif" in french.json()["message"]
        assert client.get(f"/api/assessments/{aid}").json()["answers"] == []


def test_a_target_below_the_level_never_blocks_the_answer(live_server: LiveServer) -> None:
    """The answer is saved, the target raised to the level, and a warning says so (issue 8)."""
    with live_server.client() as client:
        aid = create(client)["id"]
        saved = client.put(
            f"/api/assessments/{aid}/answers/PL-01",
            json={"level": 5, "target": 4, "comment": "kept", "flagged": True, "version": 0},
            headers={"Accept-Language": "fr"},
        )
        assert saved.status_code == 200, saved.text
        body = saved.json()
        assert (body["level"], body["target"], body["comment"], body["flagged"]) == (
            5,
            5,
            "kept",
            True,
        )
        (warning,) = body["warnings"]
        assert warning["field"] == "target" and "cible" in warning["message"]


def test_unknown_ids_and_duplicates(live_server: LiveServer) -> None:
    with live_server.client() as client:
        assert client.get("/api/assessments/999").status_code == 404
        assert client.get("/api/assessments/0").status_code == 422
        create(client)
        duplicate = client.post(
            "/api/assessments", json={"administration": "Douane de Test", "cycle": "2025"}
        )
        assert duplicate.status_code == 409
        bad = client.post(
            "/api/assessments", json={"administration": "X", "cycle": "1", "domains": ["nope"]}
        )
        assert bad.status_code == 422 and bad.json()["field"] == "domains.0"
        assert (
            client.post(
                "/api/assessments",
                content=b"{not json",
                headers={"Content-Type": "application/json"},
            ).status_code
            == 422
        )


def test_hostile_text_is_stored_as_is_and_escaped_in_pages(live_server: LiveServer) -> None:
    hostile = "<script>alert('x')</script> \u202e\u0000ünï “çødé” " + "x" * 4000
    with live_server.client() as client:
        aid = create(client, administration="<img src=x onerror=alert(1)>")["id"]
        saved = client.put(
            f"/api/assessments/{aid}/answers/PL-01",
            json={"level": 1, "comment": hostile, "version": 0},
        ).json()
        assert saved["comment"] == clean_text(hostile)  # controls and bidi overrides removed
        assert "\u202e" not in saved["comment"] and "ünï “çødé”" in saved["comment"]
        page = client.get(f"/assessments/{aid}/domains/policy_legislation").text
        home = client.get("/").text
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<img src=x" not in home and "&lt;img src=x" in home
    too_long = "y" * 5001
    with live_server.client() as client:
        response = client.put(
            f"/api/assessments/{aid}/answers/PL-02",
            json={"level": 1, "comment": too_long, "version": 0},
        )
        assert response.status_code == 422


def test_evidence_files(live_server: LiveServer) -> None:
    with live_server.client() as client:
        aid = create(client)["id"]
        url = f"/api/assessments/{aid}/answers/CC-01/files"
        ok = client.post(url, files={"file": ("profiles.pdf", b"%PDF-1.4 test", "application/pdf")})
        assert ok.status_code == 201
        assert ok.json()["sha256"] == hashlib.sha256(b"%PDF-1.4 test").hexdigest()
        download = client.get(f"/assessments/{aid}/files/{ok.json()['id']}")
        assert download.content == b"%PDF-1.4 test"
        assert download.headers["content-disposition"].startswith("attachment")
        bad_type = client.post(url, files={"file": ("run.exe", b"MZ", "application/octet-stream")})
        assert bad_type.status_code == 422 and ".pdf" in bad_type.json()["message"]
        empty = client.post(url, files={"file": ("a.txt", b"", "text/plain")})
        assert empty.status_code == 422
        big = client.post(
            url, files={"file": ("big.pdf", b"0" * (10 * 1024 * 1024 + 70_000), "application/pdf")}
        )
        assert big.status_code == 413
        sneaky = client.post(url, files={"file": ("../../etc/passwd.txt", b"x", "text/plain")})
        assert sneaky.status_code == 201 and sneaky.json()["filename"] == "passwd.txt"
    # the evidence counts in scoring
    engine = live_server.app.state.engine
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT filename, size, length(sha256) FROM evidence_files")
        ).all()
    assert [tuple(r) for r in rows] == [("profiles.pdf", 13, 64), ("passwd.txt", 1, 64)]


def test_prefilled_cycle_needs_a_reason_to_change_a_level(demo_server: LiveServer) -> None:
    with demo_server.client() as client:
        new = create(
            client,
            administration="Valdoria Revenue and Customs Authority",
            cycle="2026",
            previous_id=2,
        )
        assert len(new["answers"]) == 50
        answer = next(a for a in new["answers"] if a["indicator_id"] == "PL-01")
        url = f"/api/assessments/{new['id']}/answers/PL-01"
        no_reason = client.put(
            url, json={"level": answer["level"] + 1, "version": answer["version"]}
        )
        assert no_reason.status_code == 422 and no_reason.json()["field"] == "change_reason"
        comment_only = client.put(
            url, json={"level": answer["level"], "comment": "checked", "version": answer["version"]}
        )
        assert comment_only.status_code == 200
        with_reason = client.put(
            url,
            json={
                "level": answer["level"] + 1,
                "change_reason": "Plan adopted",
                "version": answer["version"] + 1,
            },
        )
        assert with_reason.status_code == 200
        history = client.get(f"/api/assessments/{new['id']}/history/PL-01").json()
        assert (
            history[0]["change_reason"].startswith("@prefill")
            and history[-1]["change_reason"] == "Plan adopted"
        )


def test_tracking_and_delete(demo_server: LiveServer) -> None:
    with demo_server.client() as client:
        item = client.get("/api/assessments/2/results").json()["plan"][0]
        url = f"/api/assessments/2/plan/{item['indicator_id']}"
        saved = client.put(
            url,
            json={"owner": "Unité douanes vertes", "due": "2026-06-30", "status": "in_progress"},
        )
        assert saved.status_code == 200
        again = client.get("/api/assessments/2/results").json()["plan"][0]
        assert (again["owner"], again["due"], again["status"]) == (
            "Unité douanes vertes",
            "2026-06-30",
            "in_progress",
        )
        assert client.put(url, json={"status": "finished"}).status_code == 422
        assert client.put("/api/assessments/2/plan/FA-99", json={}).status_code == 422
        assert client.delete("/api/assessments/2").status_code == 204
        assert client.get("/api/assessments/2").status_code == 404
        assert client.delete("/api/assessments/2").status_code == 404
    engine = demo_server.app.state.engine
    with engine.connect() as conn:
        for table in ("answers", "answer_history", "plan_items"):
            count = conn.execute(
                sa.text(f"SELECT count(*) FROM {table} WHERE assessment_id = 2")
            ).scalar()
            assert count == 0, table


def test_the_name_in_the_history_comes_from_the_browser(live_server: LiveServer) -> None:
    with live_server.client() as client:
        response = client.post("/me", data={"name": "  Awa   Diallo ", "back": "//evil.example"})
        assert response.status_code == 303 and response.headers["location"] == "/"
        aid = create(client)["id"]
        saved = client.put(f"/api/assessments/{aid}/answers/PL-01", json=ANSWER).json()
    assert saved["updated_by"] == "Awa Diallo"

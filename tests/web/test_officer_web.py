"""The app's new doors, over HTTP: the framework in the API, the officer's name, the history,
importing into an existing assessment, and backups."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from gcat.exchange.xlsx_layout import COL_COMMENT, COL_LEVEL, COL_TARGET, FIRST_ROW
from gcat.frameworks import load_framework
from gcat.shapes import framework_to_json
from tests.web.conftest import OFFICER, LiveServer

PL = "Policy and legislation"


def test_the_api_serves_the_framework_as_the_command_line_shows_it(
    live_server: LiveServer, cli: object
) -> None:
    import json

    with live_server.client() as client:
        served = client.get("/api/frameworks/gcat/1.1")
        assert served.status_code == 200
        assert served.json() == framework_to_json(load_framework("gcat", "1.1"))
        assert client.get("/api/frameworks/gcat/9.9").status_code == 404
        assert client.get("/api/frameworks/Gcat!/1.0").status_code == 422
    code, out, _ = cli("framework", "show", "--json", "--framework", "gcat@1.1")  # type: ignore[operator]
    assert code == 0 and json.loads(out) == served.json()


def test_no_change_is_recorded_without_the_officers_name(live_server: LiveServer) -> None:
    """The app never records the computer's account: without a name, a change is refused
    with a message that asks for it, in the user's language."""
    with live_server.client() as client:
        aid = client.post("/api/assessments", json={"administration": "D", "cycle": "1"}).json()[
            "id"
        ]
    with live_server.client(named=False) as client:
        refused = client.put(
            f"/api/assessments/{aid}/answers/PL-01",
            json={"level": 2, "version": 0},
            headers={"Accept-Language": "fr"},
        )
        assert refused.status_code == 422
        assert refused.json()["field"] == "author"
        assert refused.json()["message"].startswith("indiquez d'abord votre nom")
        form = client.post("/assessments", data={"administration": "E", "cycle": "1"})
        assert form.status_code == 422
        named = client.post(
            "/assessments", data={"administration": "E", "cycle": "1", "author": "Ana Pérez"}
        )
        assert named.status_code == 303 and "gcat_user=" in named.headers["set-cookie"]
        me = client.put("/api/me", json={"name": "  Jean\tMartin "})
        assert me.status_code == 200 and me.json() == {"name": "Jean Martin"}
        assert client.put("/api/me", json={"name": " "}).status_code == 422
        saved = client.put(f"/api/assessments/{aid}/answers/PL-01", json={"level": 2, "version": 0})
        assert saved.status_code == 200 and saved.json()["updated_by"] == "Jean Martin"
        assert saved.json()["to_review"] is False
    # the settings' user ("tester", the command line's) is never the app's author
    with live_server.client() as client:
        history = client.get(f"/api/assessments/{aid}/history").json()
    assert {h["changed_by"] for h in history} == {"Jean Martin"}


def test_the_team_forms_ask_the_name_and_record_it(demo_server: LiveServer) -> None:
    """Signing off, a consensus decision and a new version are recorded under the name the
    form asked for; without one they are refused, and a signed assessment refuses changes."""
    with demo_server.client(named=False) as client:
        page = client.get("/assessments/2/results?lang=es").text
        assert 'id="author-signoff"' in page
        assert client.post("/assessments/2/signoff", data={"note": "x"}).status_code == 422
        decided = client.post(
            "/assessments/2/consensus/PL-01",
            data={"level": "3", "rationale": "Visto en la reunión", "author": "Ana Pérez"},
        )
        assert decided.status_code == 303 and "gcat_user=" in decided.headers["set-cookie"]
    with demo_server.client(named=False) as client:
        signed = client.post("/assessments/2/signoff", data={"author": "Bruno Keller"})
        assert signed.status_code == 303
        locked = client.put(
            "/api/assessments/2/answers/PL-02",
            json={"level": 1, "version": 1, "change_reason": "x"},
            headers={"Accept-Language": "fr"},
        )  # under the name the sign-off form kept
        assert locked.status_code == 409 and locked.json()["code"] == "assessment.locked"
    with demo_server.client() as client:
        history = client.get("/api/assessments/2/history", params={"indicator": "PL-01"}).json()
        assert history[0]["changed_by"] == "Ana Pérez"
        assert history[0]["change_reason"].startswith("@consensus")
        results = client.get("/assessments/2/results?lang=fr").text
        assert "Bruno Keller" in results


def test_the_history_api_says_what_changed_and_filters(live_server: LiveServer) -> None:
    with live_server.client() as client:
        aid = client.post("/api/assessments", json={"administration": "D", "cycle": "1"}).json()[
            "id"
        ]
        client.put(f"/api/assessments/{aid}/answers/PL-01", json={"level": 2, "version": 0})
        client.put(
            f"/api/assessments/{aid}/answers/PL-01",
            json={"level": 2, "comment": "vu", "version": 1},
        )
        client.put(
            f"/api/assessments/{aid}/answers/FA-01", json={"level": 3, "target": 4, "version": 0}
        )
        every = client.get(f"/api/assessments/{aid}/history").json()
        assert [(h["indicator_id"], [c["field"] for c in h["changes"]]) for h in every] == [
            ("FA-01", ["answer", "target"]),
            ("PL-01", ["comment"]),
            ("PL-01", ["answer"]),
        ]
        one = client.get(f"/api/assessments/{aid}/history", params={"indicator": "FA-01"}).json()
        target = {"field": "target", "before": None, "after": 4}
        assert len(one) == 1 and one[0]["changes"][1] == target
        nobody = client.get(f"/api/assessments/{aid}/history", params={"person": "X"}).json()
        assert nobody == []
        page = client.get(f"/assessments/{aid}/history", params={"person": OFFICER}).text
        assert "3 changes" in page and "Level 2 → Level 2" not in page


def edited_workbook(client: object, aid: int, edits: dict[tuple[int, int], object]) -> bytes:
    data = client.get(f"/assessments/{aid}/download/export/xlsx").content  # type: ignore[attr-defined]
    book = load_workbook(io.BytesIO(data))
    for (row, col), value in edits.items():
        book[PL].cell(row, col).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_for_an_existing_cycle_is_previewed_then_applied(
    demo_server: LiveServer,
) -> None:
    with demo_server.client() as client:
        created = client.post(
            "/assessments",
            data={
                "administration": "Valdoria Revenue and Customs Authority",
                "cycle": "2026",
                "previous_id": "2",
            },
        )
        aid = int(created.headers["location"].rsplit("/", 1)[1])
        level = next(
            a["level"]
            for a in client.get(f"/api/assessments/{aid}").json()["answers"]
            if a["indicator_id"] == "PL-01"
        )
        data = edited_workbook(
            client,
            aid,
            {
                (FIRST_ROW, COL_LEVEL): (level + 2) % 6,
                (FIRST_ROW, COL_TARGET): None,
                (FIRST_ROW + 2, COL_COMMENT): "Vérifié",
            },
        )
        client.get("/", params={"lang": "fr"})  # the officer works in French
        waiting = client.post("/import", files={"file": ("v.xlsx", data)})
        assert waiting.status_code == 303
        preview = client.get(waiting.headers["location"])
        assert preview.status_code == 200
        assert "Mettre à jour une évaluation existante" in preview.text
        assert "2 réponses changent" in preview.text and "Vérifié" in preview.text
        form = dict(re.findall(r'name="(version\.[A-Z0-9-]+)" value="(\d+)"', preview.text))
        assert set(form) == {"version.PL-01", "version.PL-03"}
        update = waiting.headers["location"] + "/update"
        missing = client.post(update, data=form)
        assert missing.status_code == 422
        assert "Non importé : 1 réponse demande un motif." in missing.text
        assert "dites pourquoi le niveau a changé" in missing.text or "indiquez" in missing.text
        done = client.post(update, data={**form, "reason.PL-01": "Plan adopté"})
        assert done.status_code == 303 and done.headers["location"].endswith("/history")
        history = client.get(done.headers["location"]).text
        assert "Importée du fichier « v.xlsx »" in history and "Plan adopté" in history
        assert client.get(waiting.headers["location"]).status_code == 404


def test_a_copy_and_a_cancel(demo_server: LiveServer) -> None:
    with demo_server.client() as client:
        data = edited_workbook(client, 2, {(FIRST_ROW + 2, COL_COMMENT): "copie"})
        waiting = client.post("/import", files={"file": ("v.xlsx", data)}).headers["location"]
        copy = client.post(waiting + "/copy", data={"cycle": "2025 (copy)"})
        assert copy.status_code == 303 and copy.headers["location"].endswith("/results")
        again = client.post("/import", files={"file": ("v.xlsx", data)}).headers["location"]
        assert client.post(again + "/cancel").status_code == 303
        assert client.get(again).status_code == 404
        names = client.get("/").text
    assert "2025 (copy)" in names


def test_several_csv_submissions_are_chosen_from(demo_server: LiveServer) -> None:
    header = "framework_id,framework_version,administration,cycle,_uuid,_submitted_by,pl_01_level"
    rows = [
        "gcat,1.0,Valdoria Revenue and Customs Authority,2025,u-1,Awa,4",
        "gcat,1.0,Valdoria Revenue and Customs Authority,2025,u-2,Jean,0",
    ]
    data = "\n".join([header, *rows]).encode()
    with demo_server.client() as client:
        waiting = client.post("/import", files={"file": ("kobo.csv", data)}).headers["location"]
        choice = client.get(waiting, params={"lang": "es"}).text
        assert "Elegir un envío" in choice and "por Jean" in choice
        picked = client.post(waiting + "/pick", data={"submission": "u-2"})
        assert picked.status_code == 303 and picked.headers["location"] == waiting
        assert "nivel 0" in client.get(waiting).text


def test_import_messages_name_the_place_in_words(demo_server: LiveServer) -> None:
    with demo_server.client() as client:
        data = edited_workbook(client, 2, {(FIRST_ROW, COL_LEVEL): "beaucoup"})
        refused = client.post("/import", files={"file": ("v.xlsx", data)}, params={"lang": "fr"})
    assert refused.status_code == 422
    place = "feuille « Policy and legislation », cellule D3 — indicateur PL-01, niveau"
    assert place in refused.text
    assert "answers.PL-01" not in refused.text and "sheet Policy" not in refused.text


def test_download_a_backup_and_restore_it_after_confirming(demo_server: LiveServer) -> None:
    with demo_server.client() as client:
        backup = client.get("/backup/download")
        if demo_server.database_url.startswith("postgresql"):
            # a laptop's backup; a PostgreSQL database is backed up with gcat db backup
            assert backup.status_code == 422 and "gcat db backup" in backup.text
            return
        assert backup.status_code == 200
        assert backup.headers["content-disposition"].endswith('.gcat-backup"')
        client.delete("/api/assessments/1")
        form = client.get("/backup/restore", params={"lang": "fr"}).text
        assert "Je comprends que cette opération supprime" in form
        files = {"file": ("all.gcat-backup", backup.content, "application/zip")}
        unconfirmed = client.post("/backup/restore", files=files)
        assert unconfirmed.status_code == 409 and "confirmez" in unconfirmed.text
        assert client.get("/api/assessments/1").status_code == 404
        done = client.post("/backup/restore", files=files, data={"replace": "yes"})
        assert done.status_code == 200 and "Restauration effectuée : 2 évaluations" in done.text
        assert client.get("/api/assessments/1").status_code == 200
        broken = client.post(
            "/backup/restore",
            files={"file": ("x.gcat-backup", b"PK\x03\x04 nope", "application/zip")},
            data={"replace": "yes"},
        )
        assert broken.status_code == 422 and "pas une sauvegarde gcat" in broken.text
        assert client.get("/api/assessments/2").status_code == 200

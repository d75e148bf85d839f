"""A module domain added by an administration works through the API: framework data drives
validation, not a list of domains or an id pattern in the code."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from gcat.frameworks import framework_dir, install_modules
from gcat.frameworks.loader import DEFAULT_FRAMEWORK
from gcat.settings import Settings
from gcat.web.app import create_app
from tests.web.conftest import free_port, same_origin_client


def module_file(folder: Path) -> Path:
    """A module of our own: the cooperation domain renamed "ports_and_harbours" (PH-01…)."""
    text = (framework_dir(*DEFAULT_FRAMEWORK) / "cooperation.yaml").read_text("utf-8")
    text = text.replace("id: cooperation", "id: ports_and_harbours").replace("code: CO", "code: PH")
    text = re.sub(r"\bCO-(\d\d)\b", r"PH-\1", text)
    path = folder / "ports.yaml"
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def module_server(tmp_path: Path) -> Iterator[str]:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'm.sqlite3'}", modules=(module_file(tmp_path),)
    )
    app = create_app(settings)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    install_modules(*DEFAULT_FRAMEWORK, ())


def test_a_module_domain_is_answered_through_the_api(module_server: str) -> None:
    with same_origin_client(module_server) as client:
        (framework,) = [f for f in client.get("/api/frameworks").json() if f["version"] == "1.0"]
        assert "ports_and_harbours" in framework["domains"] and framework["indicators"] == 57
        created = client.post(
            "/api/assessments",
            json={"administration": "Port", "cycle": "1", "domains": ["ports_and_harbours"]},
        )
        assert created.status_code == 201, created.text
        aid = created.json()["id"]
        saved = client.put(f"/api/assessments/{aid}/answers/PH-03", json={"level": 2, "version": 0})
        assert saved.status_code == 200, saved.text
        unknown = client.put(
            f"/api/assessments/{aid}/answers/PH-99", json={"level": 2, "version": 0}
        )
        assert unknown.status_code == 422 and unknown.json()["field"] == "indicator_id"
        results = client.get(f"/api/assessments/{aid}/results").json()
        assert [d["id"] for d in results["domains"]] == ["ports_and_harbours"]

"""Shared helpers: a valid practice file, written as YAML or JSON; databases; actors."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from gcat.policy.access import Actor, Role, local_actor
from gcat.services.database import open_database

VALID: dict[str, Any] = {
    "schema": "gcat-practice/1",
    "member": "Indonesia",
    "contact": {"name": "Sari Putri", "role": "Analyst", "email": "sari@example.org", "phone": ""},
    "title": "Electronic permits for refrigerants",
    "domains": ["facilitation", "customs_controls"],
    "thematic_areas": ["digital_technology"],
    "gcat_indicators": ["FA-02"],
    "background": "Paper permits were slow.",
    "description": " ".join(["The single window now checks permits against quotas."] * 12),
    "results": "Clearance is faster.",
    "measurable_results": [
        {"indicator": "Clearance time", "value": 1.5, "unit": "days", "baseline": 4, "year": 2024}
    ],
    "challenges": "Quota data needed cleaning.",
    "future_plans": "Extend to other chemicals.",
    "links": ["https://example.org/permits"],
    "consent": "yes",
    "withheld": [],
    "lang": "en",
}


def practice(**changes: Any) -> dict[str, Any]:
    """A valid practice mapping with ``changes`` (a value of None removes the key)."""
    data = copy.deepcopy(VALID)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def write(path: Path, data: dict[str, Any]) -> Path:
    """``data`` as YAML (or JSON for .json) at ``path``."""
    if path.suffix == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'gcat.sqlite3'}"


@pytest.fixture
def engine(database: str):
    return open_database(database)


LOCAL = local_actor("tester")
SECRETARIAT = Actor("analyst", Role.SECRETARIAT)


def member_user(administration_id: int) -> Actor:
    return Actor("officer", Role.RESPONDENT, administration_id=administration_id)

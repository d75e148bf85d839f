"""The public API, and the installed package carrying its data files."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import gcat


def test_public_api_is_small_and_explicit() -> None:
    assert sorted(gcat.__all__) == sorted(
        [
            "Answer",
            "Assessment",
            "Domain",
            "DomainScore",
            "Evaluation",
            "Framework",
            "GcatError",
            "Indicator",
            "Plan",
            "PlanItem",
            "Result",
            "__version__",
            "build_plan",
            "evaluate",
            "evaluate_file",
            "load_framework",
            "read_answers",
            "score_assessment",
        ]
    )
    for name in gcat.__all__:
        assert hasattr(gcat, name)
    assert (Path(gcat.__file__).parent / "py.typed").is_file()


def test_wheel_contains_data_files(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(root)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("gcat-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "gcat/py.typed",
        "gcat/i18n/messages.fr.yaml",
        "gcat/demo/valdoria-2025.yaml",
        "gcat/members/data/wco-members.yaml",
        "gcat/storage/migrations/versions/0003_members.py",
        "gcat/frameworks/data/gcat/1.0/framework.yaml",
        "gcat/frameworks/data/gcat/1.0/cooperation.yaml",
        "gcat/reports/templates/report.html",
        "gcat/reports/templates/report.css",
        "gcat/web/help/user-guide.md",
        "gcat/web/templates/results.html",
        "gcat/web/static/app.js",
        "gcat/storage/migrations/env.py",
        "gcat/storage/migrations/versions/0001_initial_schema.py",
        "gcat/i18n/reports.es.yaml",
    ):
        assert required in names, required

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
    source = root / "src"
    shipped = {
        path.relative_to(source).as_posix()
        for path in (source / "gcat").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert "gcat/members/data/wco-members.yaml" in shipped  # the walk sees data files
    missing = sorted(shipped - names)
    assert not missing, f"not in the wheel (add them to package-data): {missing}"

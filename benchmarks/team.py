"""Speed of the team and toolkit work: upgrade, consensus, workbook round trip, publishing.

Usage: python benchmarks/team.py [--repeat 5] [--lang fr]

Prints the median (and the maximum) of N runs after a warm-up, in seconds, for: the upgrade of
the demo 2025 cycle to GCAT 1.1 (pure, and as an answers file); Krippendorff's alpha and the
agreement of 10 assessors on 59 indicators; the framework workbook export and its import (every
cell checked); the toolkit as PDF (Typst) and as Word. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from gcat.core.agreement import agreement
from gcat.demo import demo_file
from gcat.frameworks import load_framework
from gcat.services.upgrade import upgrade_file
from gcat.toolkit.publish import build_toolkit
from gcat.toolkit.render import render_toolkit_docx, render_toolkit_pdf
from gcat.toolkit.workbook import export_framework_workbook
from gcat.toolkit.workbook_import import read_framework_workbook


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and maximum seconds over ``repeat`` runs, after one warm-up run."""
    action()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), max(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lang", default="fr")
    args = parser.parse_args()
    v11 = load_framework("gcat", "1.1")
    rng = random.Random(7)
    scores = [
        (ind.id, ind.domain_id, [rng.choice([None, 0, 1, 2, 3, 4, 5]) for _ in range(10)])
        for ind in v11.indicators.values()
    ]
    workbook = export_framework_workbook(v11)
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "valdoria-2025.yaml"
        answers.write_text(demo_file("2025").read_text("utf-8"), "utf-8")
        cases: list[tuple[str, Callable[[], object]]] = [
            ("upgrade the demo file to 1.1", lambda: upgrade_file(answers, "1.1", args.lang)),
            (
                "agreement, 10 assessors × 59",
                lambda: agreement([f"r{n}" for n in range(10)], scores),
            ),
            ("framework workbook export", lambda: export_framework_workbook(v11)),
            ("framework workbook import", lambda: read_framework_workbook(workbook, "w.xlsx")),
            ("toolkit PDF", lambda: render_toolkit_pdf(build_toolkit(v11, args.lang))),
            ("toolkit Word", lambda: render_toolkit_docx(build_toolkit(v11, args.lang))),
        ]
        for name, action in cases:
            median, worst = timed(action, args.repeat)
            print(f"{name:34} median {median:6.3f} s   max {worst:6.3f} s")


if __name__ == "__main__":
    main()

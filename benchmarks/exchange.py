"""Reports and exchange speed for a full assessment (all indicators, with notes).

Usage: python benchmarks/exchange.py [--repeat 5]

Times the PDF report, the Word report, the workbook export and the import of a filled-in
workbook for the demo's 2025 cycle (every indicator answered, with evidence notes and comments),
and prints the median of N runs of each. Target: each under 2 s. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from gcat.demo import demo_evaluations
from gcat.services.exchange import export_file, import_file, render_report


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lang", default="fr")
    args = parser.parse_args()
    previous, current = demo_evaluations()
    workbook = export_file(current, "xlsx", args.lang).data
    actions: dict[str, Callable[[], object]] = {
        "PDF report": lambda: render_report(current, "pdf", args.lang, previous=previous),
        "Word report": lambda: render_report(current, "docx", args.lang, previous=previous),
        "workbook export": lambda: export_file(current, "xlsx", args.lang),
        "workbook import": lambda: import_file(workbook, "answers.xlsx"),
    }
    print(
        f"full assessment: {len(current.assessment.answers)} answers, language {args.lang}, "
        f"median of {args.repeat} runs after a warm-up"
    )
    for name, action in actions.items():
        median, worst = timed(action, args.repeat)
        print(f"{name:<16}: median {median:.3f} s   max {worst:.3f} s")


if __name__ == "__main__":
    main()

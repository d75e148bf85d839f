"""Reports and exchange speed for a full assessment (all indicators, with notes).

Usage: python benchmarks/exchange.py [--repeat 7] [--lang fr] [--cli-repeat 7]

Times, for the demo's 2025 cycle compared with 2024 (every indicator answered, with evidence
notes and comments), the PDF report, the Word report, the workbook export and the import of a
filled-in workbook, and prints the median of N runs of each after a warm-up. Each PDF run gets
an administration name of its own, so Typst cannot reuse the previous document.

Then runs the command line as a user would, each command a fresh process: `gcat score --json`
and `gcat report --format pdf` on the same answers file, and prints both medians and their
ratio. Targets: PDF report under 0.3 s; `gcat report --format pdf` within 2× of `gcat score
--json`. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path

from gcat.core.evaluation import Evaluation, evaluate
from gcat.demo import demo_evaluations
from gcat.services.exchange import import_file
from gcat.services.outputs import OutputRequest, render


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and maximum seconds over ``repeat`` runs, after one warm-up run."""
    action()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), max(runs)


def renamed(evaluation: Evaluation, count: int) -> Iterator[Evaluation]:
    """``count`` copies of ``evaluation``, each with an administration name of its own, made
    before the clock starts."""
    copies = []
    for n in range(1, count + 1):
        name = f"{evaluation.assessment.administration} ({n})"
        assessment = dataclasses.replace(evaluation.assessment, administration=name)
        copies.append(evaluate(evaluation.framework, assessment))
    return iter(copies)


def gcat_command() -> list[str]:
    """The installed ``gcat`` script next to this Python, else ``python -m gcat``."""
    script = Path(sys.executable).with_name("gcat")
    return [str(script)] if script.exists() else [sys.executable, "-m", "gcat"]


def cli_medians(commands: list[list[str]], repeat: int) -> list[float]:
    """Median wall-clock seconds of each ``gcat ARGS`` as a fresh process, after one warm-up;
    the commands take turns, so that a change in the machine's load touches them alike."""
    runs: list[list[float]] = [[] for _ in commands]
    for n in range(repeat + 1):
        for args, times in zip(commands, runs, strict=True):
            start = time.perf_counter()
            subprocess.run(gcat_command() + args, check=True, capture_output=True)
            if n:
                times.append(time.perf_counter() - start)
    return [statistics.median(times) for times in runs]


def in_process(lang: str, repeat: int) -> None:
    previous, current = demo_evaluations()
    workbook = render("export", "xlsx", OutputRequest(current, lang)).data
    fresh = renamed(current, repeat + 1)
    actions: dict[str, Callable[[], object]] = {
        "PDF report": lambda: render("report", "pdf", OutputRequest(next(fresh), lang, previous)),
        "Word report": lambda: render("report", "docx", OutputRequest(current, lang, previous)),
        "workbook export": lambda: render("export", "xlsx", OutputRequest(current, lang)),
        "workbook import": lambda: import_file(workbook, "answers.xlsx"),
    }
    print(
        f"full assessment: {len(current.assessment.answers)} answers, language {lang}, "
        f"median of {repeat} runs after a warm-up"
    )
    for name, action in actions.items():
        median, worst = timed(action, repeat)
        print(f"{name:<16}: median {median:.3f} s   max {worst:.3f} s")


def command_line(lang: str, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name in ("valdoria-2024.yaml", "valdoria-2025.yaml"):
            with resources.as_file(resources.files("gcat.demo") / name) as source:
                shutil.copy(source, work / name)
        answers, before = str(work / "valdoria-2025.yaml"), str(work / "valdoria-2024.yaml")
        pdf = ["--previous", before, "--format", "pdf", "--lang", lang, "-o", str(work / "r.pdf")]
        commands = [["score", answers, "--json"], ["report", answers, *pdf]]
        score, report = cli_medians(commands, repeat)
    print(f"command line, fresh process each run, median of {repeat} runs after a warm-up")
    print(f"gcat score --json  : {score:.3f} s")
    print(f"gcat report (pdf)  : {report:.3f} s   ({report / score:.2f}× score)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cli-repeat", type=int, default=7)
    parser.add_argument("--lang", default="fr")
    args = parser.parse_args()
    in_process(args.lang, args.repeat)
    command_line(args.lang, args.cli_repeat)


if __name__ == "__main__":
    main()

"""Time and size of a backup and a restore, and of previewing a workbook into its assessment.

Usage: python benchmarks/backup.py [--files 40] [--file-mb 1] [--runs 5]

Builds a database with the two demo cycles, a third cycle pre-filled from 2025 with its
history, and ``--files`` evidence files of ``--file-mb`` MB (random bytes, so they do not
compress), then times, over ``--runs`` runs: ``backup_database`` to a file, ``restore_database``
into a fresh database, and ``begin_import`` of the app's own workbook with one changed cell (the
preview of every change). Prints medians, the backup's size and what it holds. A benchmark, not
a test: it never fails on a figure.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook

from gcat.demo import store_demo_assessments
from gcat.exchange.xlsx import export_workbook
from gcat.exchange.xlsx_layout import COL_COMMENT, FIRST_ROW
from gcat.policy.access import local_actor
from gcat.services import assessments, backup, evidence, imports
from gcat.storage.db import make_engine, migrate

ACTOR = local_actor("Benchmark")


def build(folder: Path, files: int, size: int) -> object:
    engine = make_engine(f"sqlite:///{folder / 'source.sqlite3'}")
    migrate(engine)
    store_demo_assessments(engine)
    assessments.create_assessment(
        ACTOR,
        engine,
        administration="Valdoria Revenue and Customs Authority",
        cycle="2026",
        previous_id=2,
    )
    framework_ids = list(assessments.load(ACTOR, engine, 2).framework.indicators)
    for n in range(files):
        evidence.add_evidence(
            ACTOR,
            engine,
            2,
            framework_ids[n % len(framework_ids)],
            filename=f"evidence-{n}.pdf",
            data=os.urandom(size),
            quota=10**12,
        )
    return engine


def timed(func: object, *args: object, **kwargs: object) -> float:
    start = time.perf_counter()
    func(*args, **kwargs)  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--file-mb", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        engine = build(folder, args.files, int(args.file_mb * 1024 * 1024))
        target = folder / "all.gcat-backup"
        backups, restores, previews = [], [], []
        for run in range(args.runs):
            target.unlink(missing_ok=True)
            with target.open("wb") as out:
                start = time.perf_counter()
                info = backup.backup_database(ACTOR, engine, out)  # type: ignore[arg-type]
                backups.append(time.perf_counter() - start)
            fresh = make_engine(f"sqlite:///{folder / f'restored-{run}.sqlite3'}")
            migrate(fresh)
            with target.open("rb") as source:
                restores.append(timed(backup.restore_database, ACTOR, fresh, source, target.name))
            loaded = assessments.load(ACTOR, fresh, 2)
            book = load_workbook(io.BytesIO(export_workbook(loaded.evaluate(), "en")))
            book["Policy and legislation"].cell(FIRST_ROW, COL_COMMENT).value = f"run {run}"
            data = io.BytesIO()
            book.save(data)
            previews.append(
                timed(imports.begin_import, ACTOR, fresh, data.getvalue(), "valdoria.xlsx")
            )
            fresh.dispose()
        size = target.stat().st_size / 1024 / 1024
        counts = info.counts
    files = f"{args.files} files of {args.file_mb} MB"
    print(f"python {sys.version.split()[0]}, {files}, {args.runs} runs")
    print(
        f"backup holds {counts['assessments']} assessments, {counts['answers']} answers, "
        f"{counts['answer_history']} history rows, {counts['evidence_files']} files: "
        f"{size:.1f} MB"
    )
    print(f"backup_database   median {statistics.median(backups):.3f} s")
    print(f"restore_database  median {statistics.median(restores):.3f} s")
    print(f"workbook preview  median {statistics.median(previews):.3f} s")


if __name__ == "__main__":
    main()

"""The Secretariat's batch: import 1,860 synthetic ``.gcat.json`` files (186 Members × 10
cycles), then compute the aggregate.

Usage: python benchmarks/secretariat.py [--members 186] [--cycles 10] [--database both]

- **import**: ``gcat secretariat import FILES...`` as a user runs it, in a process of its own:
  wall-clock seconds and its peak memory (maximum resident set size);
- **aggregate**: the aggregate of the latest cycle (world and six regions, suppressed), the
  trend across every cycle, and the benchmark pack: median of 7 calls each.

The files are fictional (``gcat.demo.synthetic``) and made before the clock starts. PostgreSQL
runs on a throwaway cluster with the server's usual durability (fsync on). Targets (issue 12):
import under 60 s, aggregate under 200 ms, peak memory under 500 MB. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.postgres import PostgresCluster

from gcat.demo.synthetic import synthetic_exchange_file
from gcat.frameworks import load_framework
from gcat.members import packaged_members
from gcat.policy.access import local_actor
from gcat.services import secretariat
from gcat.services.database import open_database

K = 5
_COMMAND = """
import resource, sys
from gcat.cli import main
sys.argv = ["gcat", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{self} {children}", file=sys.stderr)
"""
"""``gcat`` as a user runs it, then its peak resident memory and the largest of its worker
processes' (KiB) on the last line."""


def make_files(folder: Path, members: int, cycles: int) -> list[Path]:
    framework = load_framework()
    names = [member.name for member in packaged_members()][:members]
    paths = []
    for step, cycle in enumerate(range(2016, 2016 + cycles)):
        for name in names:
            path = folder / f"{name.replace('/', '-')}-{cycle}.gcat.json"
            path.write_bytes(
                synthetic_exchange_file(framework, name, str(cycle), seed=7, step=step)
            )
            paths.append(path)
    return paths


def median_ms(call: Callable[[], object], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def run(name: str, database_url: str, files: list[Path]) -> None:
    open_database(database_url).dispose()  # migrate before the clock starts
    env = {k: v for k, v in os.environ.items() if not k.startswith("GCAT_")}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _COMMAND, "secretariat", "import", *map(str, files),
         "--database", database_url],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    lines = done.stderr.strip().splitlines()
    own, worker = (int(part) for part in lines[-1].split()) if lines else (0, 0)
    summary = lines[-2] if len(lines) > 1 else done.returncode
    print(
        f"{name:<11} import {len(files):,} files: {elapsed:5.1f} s "
        f"({len(files) / elapsed:,.0f} files/s), peak memory {own / 1024:,.0f} MB "
        f"(+ {worker / 1024:,.0f} MB per checking process)  [{summary}]"
    )
    engine = open_database(database_url)
    actor = local_actor("benchmark")
    try:
        aggregate = median_ms(lambda: secretariat.aggregate(actor, engine, k=K))
        trend = median_ms(lambda: secretariat.trend(actor, engine, k=K))
        pack = median_ms(lambda: secretariat.benchmark_pack(actor, engine, k=K))
        result = secretariat.aggregate(actor, engine, k=K)
    finally:
        engine.dispose()
    shown = sum(1 for group in result.groups if group.figures is not None)
    print(
        f"{name:<11} aggregate of cycle {result.cycle}: {aggregate:6.1f} ms "
        f"({shown} of {len(result.groups)} groups shown), trend over {len(result.cycles)} cycles "
        f"{trend:6.1f} ms, benchmark pack {pack:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=186)
    parser.add_argument("--cycles", type=int, default=10)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        files = make_files(Path(folder), args.members, args.cycles)
        size = sum(path.stat().st_size for path in files) / 1024**2
        print(f"made {len(files):,} files ({size:,.0f} MB) in {time.perf_counter() - start:.1f} s")
        if args.database in ("postgresql", "both"):
            cluster = PostgresCluster(options=("-c fsync=on", "-c synchronous_commit=on")).start()
            try:
                run("PostgreSQL", cluster.url(cluster.create_database(name="batch")), files)
            finally:
                cluster.destroy()
        if args.database in ("sqlite", "both"):
            run("SQLite", f"sqlite:///{Path(folder) / 'batch.sqlite3'}", files)


if __name__ == "__main__":
    main()

"""Throughput of scoring plus planning on synthetic full assessments.

Usage: python benchmarks/scoring.py [--count 100000] [--chunk 5000] [--seed 1]

Generates full GCAT 1.0 assessments (every indicator answered: random levels, about 5 % N/A
where allowed, random targets and evidence) in chunks, and times only ``score_assessment`` plus
``build_plan`` on each chunk. Prints the overall rate, the median rate over chunks, and the
process's peak resident memory. A benchmark, not a test: it never fails on a figure.
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import resource
import statistics
import sys
import time

from gcat.core.assessment import Answer, Assessment
from gcat.core.planning import build_plan
from gcat.core.scoring import score_assessment
from gcat.frameworks import load_framework


def synthetic(rng: random.Random, count: int) -> list[Assessment]:
    framework = load_framework()
    indicators = list(framework.indicators.values())
    out = []
    for n in range(count):
        answers = {}
        for ind in indicators:
            if ind.not_applicable_allowed and rng.random() < 0.05:
                answers[ind.id] = Answer(not_applicable=True, reason="Another agency by law")
                continue
            level = rng.randint(0, 5)
            target = rng.randint(level, 5) if rng.random() < 0.5 else None
            evidence = ("Extract from the clearance system",) if rng.random() < 0.6 else ()
            answers[ind.id] = Answer(level=level, target=target, evidence=evidence)
        out.append(Assessment("gcat", "1.0", f"Administration {n}", "2025", answers))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--chunk", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    framework = load_framework()
    rng = random.Random(args.seed)
    done = 0
    timed = 0.0
    rates = []
    items = 0
    while done < args.count:
        batch = synthetic(rng, min(args.chunk, args.count - done))
        gc.collect()
        gc.freeze()  # the synthetic data is long-lived: keep the collector off it while timing
        start = time.perf_counter()
        for assessment in batch:
            score_assessment(framework, assessment)
            items += len(build_plan(framework, assessment).items)
        elapsed = time.perf_counter() - start
        timed += elapsed
        rates.append(len(batch) / elapsed)
        done += len(batch)
        del batch
        gc.unfreeze()
        print(f"\r{done:,}/{args.count:,} assessments", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"interpreter               : Python {platform.python_version()} ({sys.executable})")
    print(f"indicators per assessment : {len(framework.indicators)}")
    print(f"assessments scored+planned: {done:,} ({items:,} plan items)")
    print(f"overall rate              : {done / timed:,.0f} assessments/s (one core)")
    print(f"median rate over {len(rates)} chunks : {statistics.median(rates):,.0f} assessments/s")
    print(f"time per assessment       : {timed / done * 1e6:.1f} µs")
    print(f"peak resident memory      : {peak_mb:.0f} MB (including the synthetic data)")


if __name__ == "__main__":
    main()

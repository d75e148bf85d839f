"""Compendium speed and memory: 1,000 synthetic practices in each format.

Usage: python benchmarks/compendium.py [--practices 1000] [--repeat 3] [--lang fr]
       [--formats html,docx,pdf,xlsx,csv,pack] [--no-docx-pages]

Each format runs in a fresh process of its own, so that its peak memory (maximum resident set
size) is its own: the process builds the synthetic records (every consent case, withheld
sections, three languages, long texts and measurable results), then releases and renders them
``--repeat`` times after a warm-up, and reports the median time of release + render. Pages are
counted for the PDF (pdfinfo) and for the Word file (converted once by LibreOffice, since Word
lays out its own pages). Targets: HTML < 2 s, PDF < 10 s, DOCX < 10 s, peak memory < 500 MB.
A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

TARGETS = {"html": 2.0, "pdf": 10.0, "docx": 10.0}
MEMORY_TARGET_MB = 500
WORDS = (
    "customs",
    "paper",
    "licence",
    "declaration",
    "energy",
    "emission",
    "border",
    "officers",
    "training",
    "waste",
    "permit",
    "risk",
    "profile",
    "single",
    "window",
    "electronic",
    "quota",
    "partner",
    "agency",
    "ministry",
    "container",
    "seizure",
    "vehicle",
    "tariff",
    "classification",
    "inspection",
    "certificate",
    "green",
    "sustainable",
    "reduction",
)


def synthetic_records(count: int, seed: int = 7) -> list[object]:
    """``count`` practice records of every kind, deterministic for a given ``seed``."""
    from gcat.core.practices import (
        SECTION_KEYS,
        Consent,
        Contact,
        MeasurableResult,
        Practice,
        PracticeMember,
        PracticeRecord,
        Status,
    )
    from gcat.frameworks import load_framework
    from gcat.members import packaged_members

    rng = random.Random(seed)
    framework = load_framework()
    domains = [domain.id for domain in framework.domains]
    areas = list(framework.thematic_areas)
    members = list(packaged_members())
    statuses = [Status.ACCEPTED] * 6 + [Status.PUBLISHED] * 6 + [Status.SUBMITTED, Status.WITHDRAWN]
    consents = [Consent.YES] * 8 + [Consent.NO, None]

    def sentence(words: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."

    records = []
    for n in range(1, count + 1):
        member = rng.choice(members)
        practice = Practice(
            member=PracticeMember(member.name, member.code, member.region, dict(member.names)),
            title=f"Synthetic practice {n}: {sentence(8)}",
            lang=rng.choice(["en", "fr", "es"]),
            contact=Contact("Name", "Role", "contact@example.org"),
            domains=tuple(rng.sample(domains, rng.randint(1, 3))),
            thematic_areas=tuple(rng.sample(areas, rng.randint(1, 2))),
            gcat_indicators=(rng.choice(list(framework.indicators)),),
            background=" ".join(sentence(18) for _ in range(3)),
            description="\n\n".join(" ".join(sentence(20) for _ in range(4)) for _ in range(2)),
            results=" ".join(sentence(16) for _ in range(2)),
            measurable_results=tuple(
                MeasurableResult(sentence(4), rng.randint(-90, 900), "%", 2019, 2024)
                for _ in range(rng.randint(0, 3))
            ),
            challenges=sentence(25),
            future_plans=sentence(15),
            links=(f"https://customs.example/{n}",),
            consent=rng.choice(consents),
            withheld=frozenset(rng.sample(SECTION_KEYS, rng.choice([0, 0, 0, 1, 2]))),
        )
        records.append(
            PracticeRecord(
                id=n, administration_id=1, status=rng.choice(statuses), practice=practice
            )
        )
    return records


def _pages_pdf(data: bytes, folder: Path) -> int | None:
    path = folder / "c.pdf"
    path.write_bytes(data)
    if not shutil.which("pdfinfo"):
        return None
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=False).stdout
    return next(
        (int(line.split()[-1]) for line in out.splitlines() if line.startswith("Pages:")), None
    )


def _pages_docx(data: bytes, folder: Path) -> int | None:
    if not shutil.which("soffice"):
        return None
    source = folder / "c.docx"
    source.write_bytes(data)
    profile = f"file:///tmp/lo-bench-{uuid.uuid4().hex}"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        check=False,
        timeout=900,
    )
    converted = folder / "c.pdf"
    return _pages_pdf(converted.read_bytes(), folder) if converted.exists() else None


def one_format(fmt: str, count: int, repeat: int, lang: str, docx_pages: bool) -> dict[str, object]:
    """Run one format in this process; its figures."""
    from gcat.services.compendium import render

    records = synthetic_records(count)
    render(records[:20], fmt=fmt, lang=lang)  # warm-up: templates, fonts, the Typst compiler
    runs = []
    data = b""
    manifest_in = 0
    for _ in range(repeat):
        start = time.perf_counter()
        build = render(records, fmt=fmt, lang=lang)
        runs.append(time.perf_counter() - start)
        data, manifest_in = build.data, len(build.manifest.included)
    pages: int | None = None
    with tempfile.TemporaryDirectory() as tmp:
        if fmt == "pdf":
            pages = _pages_pdf(data, Path(tmp))
        elif fmt == "docx" and docx_pages:
            pages = _pages_docx(data, Path(tmp))
    # A large PDF is set in a child process (see gcat.compendium.pdf): count its peak too.
    peak_mb = (
        max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024
    )
    return {
        "format": fmt,
        "median_s": statistics.median(runs),
        "max_s": max(runs),
        "included": manifest_in,
        "bytes": len(data),
        "pages": pages,
        "peak_mb": peak_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lang", default="fr")
    parser.add_argument("--formats", default="html,docx,pdf,xlsx,csv,pack")
    parser.add_argument(
        "--no-docx-pages", action="store_true", help="skip the LibreOffice page count"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        figures = one_format(
            args.child, args.practices, args.repeat, args.lang, not args.no_docx_pages
        )
        print(json.dumps(figures))
        return
    print(
        f"Compendium of {args.practices} synthetic practices, headings in {args.lang}, "
        f"median of {args.repeat} runs after a warm-up"
    )
    columns = ("median s", "max s", "included", "pages", "size MB", "peak MB")
    widths = (10, 9, 10, 7, 9, 9)
    print(
        "format " + "".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)) + "  target"
    )
    for fmt in args.formats.split(","):
        command = [
            sys.executable,
            __file__,
            "--child",
            fmt,
            "--practices",
            str(args.practices),
            "--repeat",
            str(args.repeat),
            "--lang",
            args.lang,
        ]
        if args.no_docx_pages:
            command.append("--no-docx-pages")
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        f = json.loads(out.strip().splitlines()[-1])
        target = TARGETS.get(fmt)
        verdict = ""
        if target is not None:
            ok = f["median_s"] < target and f["peak_mb"] < MEMORY_TARGET_MB
            verdict = f"< {target:g} s, < {MEMORY_TARGET_MB} MB: {'met' if ok else 'MISSED'}"
        pages = "—" if f["pages"] is None else str(f["pages"])
        print(
            f"{fmt:<7}{f['median_s']:>10.2f}{f['max_s']:>9.2f}{f['included']:>10}{pages:>7}"
            f"{f['bytes'] / 1024**2:>9.1f}{f['peak_mb']:>9.0f}  {verdict}"
        )


if __name__ == "__main__":
    main()

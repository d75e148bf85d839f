"""A large declaration through the whole amendments pipeline: import, conflicts, consolidation,
and the tracked Word document with its revision marks.

Usage: python benchmarks/declaration.py [--parts 200] [--amendments 2000] [--runs 5] [--seed 1]

Writes a synthetic text in bracket notation (``--parts`` paragraphs carrying ``--amendments``
bracketed changes by eight Members, the Secretariat and a committee: insertions, deletions,
replacements, and insertions at the same place, which conflict), then times each stage:

- import: reading the text and parsing the notation, proposers matched with the member list;
- conflicts: every pair of amendments on the same words;
- consolidation: deciding every amendment in text order (the first of each conflict accepted)
  and building the consolidated text;
- tracked DOCX: the Word document with one ``w:ins``/``w:del`` per change.

Prints the median of each stage over ``--runs`` runs and the median total, against the target
of 3 s. A benchmark, not a test: it never fails on a figure.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime

from gcat.core.amendments import (
    Amendment,
    Declaration,
    Part,
    Wording,
    conflicts,
    consolidated,
    decide,
)
from gcat.core.bracket_notation import parse_notation
from gcat.declarations.docx import render_docx
from gcat.declarations.proposers import make_resolver
from gcat.declarations.reader import read_text

PROPOSERS = (
    "l'Indonésie",
    "la République de Corée",
    "Brazil's delegation",
    "le Kenya",
    "Japon",
    "la Norvège",
    "Maroc",
    "Chili",
    "le Secrétariat",
    "le Comité technique permanent",
)
_SENTENCE = (
    "les administrations douanières renforcent la coopération avec les organismes chargés de "
    "l'environnement afin de faciliter le commerce licite des marchandises durables et de "
    "lutter contre les trafics de déchets et de substances réglementées"
)
WORDS = _SENTENCE.split()
TARGET_SECONDS = 3.0


def synthetic_text(parts: int, amendments: int, rng: random.Random) -> str:
    """A declaration in bracket notation with about ``amendments`` changes over ``parts``."""
    per_part = [amendments // parts + (1 if n < amendments % parts else 0) for n in range(parts)]
    lines = ["Déclaration synthétique pour la mesure des performances", ""]
    for count in per_part:
        pieces: list[str] = []
        made = 0
        for n in range(count):
            if made >= count:
                break
            pieces += rng.sample(WORDS, 6)
            who = PROPOSERS[rng.randrange(len(PROPOSERS))]
            kind = n % 5 if made + 2 <= count else 0
            made += 2 if kind == 4 else 1
            new = " ".join(rng.sample(WORDS, 3))
            if kind in (0, 1):
                pieces.append(f"[{new}] (ajout proposé par {who})")
            elif kind == 2:
                old = " ".join(rng.sample(WORDS, 2))
                pieces.append(f"[{old}] (suppression proposée par {who})")
            elif kind == 3:
                old = " ".join(rng.sample(WORDS, 2))
                pieces.append(
                    f"[{new}] (ajout proposé par {who}) [{old}] (suppression proposée par {who})"
                )
            else:  # two insertions at the same place: a conflict
                other = PROPOSERS[(PROPOSERS.index(who) + 1) % len(PROPOSERS)]
                pieces.append(
                    f"[{new}] (ajout proposé par {who}) [{new} bis] (ajout proposé par {other})"
                )
        pieces += rng.sample(WORDS, 5)
        lines += [" ".join(pieces) + ".", ""]
    return "\n".join(lines)


def run(data: bytes) -> dict[str, float]:
    """One pass through the pipeline; seconds per stage."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    read = read_text(data, "synthetic.txt")
    parsed = parse_notation(read.paragraphs, make_resolver())
    declaration = Declaration(
        title={"fr": read.title or "x"},
        languages=("fr",),
        parts=tuple(Part(n, kind, {"fr": text}) for n, (kind, text) in enumerate(parsed.parts, 1)),
        amendments=tuple(
            Amendment(
                id=f"A{n}",
                part=a.part,
                action=a.action,
                proposer=a.proposer,
                lang="fr",
                wordings={"fr": Wording(a.start, a.end, a.quoted, a.text)},
                cosigners=a.cosigners,
                sequence=n,
            )
            for n, a in enumerate(parsed.amendments, 1)
        ),
    )
    times["import"] = time.perf_counter() - start
    start = time.perf_counter()
    clashes = conflicts(declaration)
    times["conflicts"] = time.perf_counter() - start
    start = time.perf_counter()
    outcome = decide(
        declaration,
        accept=[a.id for a in declaration.in_text_order()],
        by="Chair",
        at=datetime.now(UTC),
    )
    text = consolidated(outcome.declaration, "fr")
    times["consolidation"] = time.perf_counter() - start
    start = time.perf_counter()
    docx = render_docx(declaration, "tracked", "fr")
    times["tracked docx"] = time.perf_counter() - start
    times["total"] = sum(times.values())
    run.last = (len(parsed.parts), len(parsed.amendments), len(clashes), len(outcome.fallen),  # type: ignore[attr-defined]
                sum(len(v.text) for v in text), len(docx))  # fmt: skip
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", type=int, default=200)
    parser.add_argument("--amendments", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    data = synthetic_text(args.parts, args.amendments, random.Random(args.seed)).encode("utf-8")
    run(data)  # warm-up: imports, caches (the member list, python-docx's template)
    results = [run(data) for _ in range(args.runs)]
    parts, found, clashing, fallen, chars, size = run.last  # type: ignore[attr-defined]
    print(f"Python {platform.python_version()} on {sys.platform}; {args.runs} runs after a warm-up")
    print(
        f"text: {len(data) / 1024:.0f} KiB, {parts} parts, {found} amendments "
        f"({clashing} in conflicts, {fallen} fell when the first of each was accepted)"
    )
    print(f"consolidated text: {chars} characters; tracked DOCX: {size / 1024:.0f} KiB")
    for stage in ("import", "conflicts", "consolidation", "tracked docx", "total"):
        values = [r[stage] for r in results]
        print(
            f"{stage:>14}: median {statistics.median(values) * 1000:7.1f} ms "
            f"(min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f})"
        )
    total = statistics.median(r["total"] for r in results)
    verdict = "within" if total < TARGET_SECONDS else "OVER"
    print(f"median total {total:.2f} s: {verdict} the {TARGET_SECONDS:.0f} s target")


if __name__ == "__main__":
    main()

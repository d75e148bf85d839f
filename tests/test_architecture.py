"""The house, read from the imports: the direction of dependencies between packages."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "gcat"


def imports() -> list[tuple[str, str, str]]:
    """(module path, its package, the gcat package it imports) for every import in gcat."""
    found = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        if "migrations" in rel.parts:
            continue
        package = rel.parts[0].removesuffix(".py")
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "gcat" and len(parts) > 1 and parts[1] != package:
                    found.append((rel.as_posix(), package, parts[1]))
    return found


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for _, package, target in imports():
        edges.setdefault(package, set()).add(target)
    return edges


def test_core_imports_nothing_of_gcat_outside_core() -> None:
    assert [(m, t) for m, p, t in imports() if p == "core"] == []


def test_adapters_reach_storage_only_through_the_composition_root() -> None:
    wrong = [
        (m, t)
        for m, p, t in imports()
        if p in ("web", "cli") and t == "storage" and m != "web/app.py"
    ]
    assert wrong == []


def test_there_are_no_cycles_between_packages() -> None:
    edges = graph()
    cycles: set[tuple[str, ...]] = set()

    def walk(node: str, path: list[str]) -> None:
        for nxt in sorted(edges.get(node, ())):
            if nxt in path:
                cycle = path[path.index(nxt) :]
                start = cycle.index(min(cycle))
                cycles.add(tuple(cycle[start:] + cycle[:start]))
            elif len(path) < 12:
                walk(nxt, [*path, nxt])

    for node in sorted(edges):
        walk(node, [node])
    assert sorted(" -> ".join(c) for c in cycles) == []

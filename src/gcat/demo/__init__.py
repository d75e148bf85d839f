"""Demo data: the fictional Valdoria Revenue and Customs Authority, cycles 2024 and 2025."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from gcat.services import Evaluation, evaluate_file

__all__ = ["DEMO_CYCLES", "demo_evaluations", "demo_file", "write_demo_files"]

DEMO_CYCLES = ("2024", "2025")


def demo_file(cycle: str) -> Path:
    """The packaged answers file of the demo ``cycle``."""
    if cycle not in DEMO_CYCLES:
        raise KeyError(cycle)
    return Path(str(resources.files(__package__).joinpath(f"valdoria-{cycle}.yaml")))


def demo_evaluations() -> tuple[Evaluation, ...]:
    """Both demo cycles, evaluated, oldest first."""
    return tuple(evaluate_file(demo_file(cycle)) for cycle in DEMO_CYCLES)


def write_demo_files(directory: Path) -> list[Path]:
    """Copy the demo answers files into ``directory``; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for cycle in DEMO_CYCLES:
        source = demo_file(cycle)
        target = directory / source.name
        target.write_text(source.read_text("utf-8"), "utf-8")
        written.append(target)
    return written

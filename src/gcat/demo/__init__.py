"""Demo data: the fictional Valdoria Revenue and Customs Authority, cycles 2024 and 2025."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import sqlalchemy as sa

from gcat.answers_file import evaluate_file
from gcat.core.evaluation import Evaluation
from gcat.errors import InputError, Problem

__all__ = [
    "DEMO_CYCLES",
    "demo_evaluations",
    "demo_file",
    "store_demo_assessments",
    "write_demo_files",
]

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
    """Copy the demo answers files into ``directory``; return their paths.

    Refuses to overwrite a file, and writes nothing when any target already exists.
    """
    if directory.exists() and not directory.is_dir():
        raise InputError([Problem("file.not_a_folder", {}, field=str(directory))])
    targets = [(demo_file(cycle), directory / demo_file(cycle).name) for cycle in DEMO_CYCLES]
    for _, target in targets:
        if target.exists():
            raise InputError([Problem("cli.file_exists", {}, field=str(target))])
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for source, target in targets:
            target.write_text(source.read_text("utf-8"), "utf-8")
    except OSError as exc:
        problem = Problem(
            "file.unwritable", {"reason": exc.strerror or str(exc)}, field=str(directory)
        )
        raise InputError([problem]) from exc
    return [target for _, target in targets]


def store_demo_assessments(engine: sa.Engine) -> int:
    """Store the demo cycles that the database does not have yet; return how many were added."""
    from gcat.policy.access import local_actor
    from gcat.services import assessments

    actor = local_actor("demo")
    existing = {
        (item.stored.administration, item.stored.cycle)
        for item in assessments.list_summaries(actor, engine)
    }
    added = 0
    for evaluation in demo_evaluations():
        assessment = evaluation.assessment
        if (assessment.administration, assessment.cycle) not in existing:
            assessments.import_assessment(actor, engine, assessment)
            added += 1
    return added

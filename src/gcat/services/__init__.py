"""Use-cases shared by the CLI and the web app. Adapters call these and nothing deeper."""

from gcat.services.evaluation import (
    Evaluation,
    evaluate,
    evaluate_file,
    framework_to_json,
    next_step,
    plan_to_json,
    result_to_json,
)

__all__ = [
    "Evaluation",
    "evaluate",
    "evaluate_file",
    "framework_to_json",
    "next_step",
    "plan_to_json",
    "result_to_json",
]

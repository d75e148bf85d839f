"""gcat — the Green Customs Assessment Tool as a Python library, CLI and app.

The public API is this module's ``__all__``; everything else is internal.
"""

from gcat.answers_file import evaluate_file, read_answers
from gcat.core.assessment import Answer, Assessment
from gcat.core.evaluation import Evaluation, evaluate
from gcat.core.model import Domain, Framework, Indicator
from gcat.core.planning import Plan, PlanItem, build_plan
from gcat.core.scoring import DomainScore, Result, score_assessment
from gcat.errors import GcatError
from gcat.frameworks import load_framework

__version__ = "0.1.0"

__all__ = [
    "Answer",
    "Assessment",
    "Domain",
    "DomainScore",
    "Evaluation",
    "Framework",
    "GcatError",
    "Indicator",
    "Plan",
    "PlanItem",
    "Result",
    "__version__",
    "build_plan",
    "evaluate",
    "evaluate_file",
    "load_framework",
    "read_answers",
    "score_assessment",
]

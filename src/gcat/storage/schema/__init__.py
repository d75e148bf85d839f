"""The database schema, in SQLAlchemy Core: one module per area, one :data:`metadata`.

Every row that belongs to an administration carries its ``administration_id``. A new area adds a
module here and imports it below, so that Alembic and the tests see its tables.
"""

from gcat.storage.schema.assessments import (
    administrations,
    answer_history,
    answers,
    assessments,
    evidence_files,
    plan_items,
)
from gcat.storage.schema.base import UTCDateTime, metadata
from gcat.storage.schema.members import member_list_imports, wco_members
from gcat.storage.schema.survey import (
    classification_decisions,
    survey_initiatives,
    survey_responses,
    surveys,
)

SHARED_TABLES = frozenset(
    {
        "administrations",
        "member_list_imports",
        "wco_members",
        "surveys",
        "survey_responses",
        "survey_initiatives",
        "classification_decisions",
    }
)
"""Tables whose rows belong to no administration: the administrations themselves, shared
reference data (the member list) and the Secretariat's survey."""

__all__ = [
    "SHARED_TABLES",
    "UTCDateTime",
    "administrations",
    "answer_history",
    "answers",
    "assessments",
    "classification_decisions",
    "evidence_files",
    "member_list_imports",
    "metadata",
    "plan_items",
    "survey_initiatives",
    "survey_responses",
    "surveys",
    "wco_members",
]

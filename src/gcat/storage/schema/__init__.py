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

__all__ = [
    "UTCDateTime",
    "administrations",
    "answer_history",
    "answers",
    "assessments",
    "evidence_files",
    "metadata",
    "plan_items",
]

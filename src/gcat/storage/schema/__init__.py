"""The database schema, in SQLAlchemy Core: one module per area, one :data:`metadata`.

Every row that belongs to an administration carries its ``administration_id``. A new area adds a
module here and imports it below, so that Alembic and the tests see its tables.
"""

from gcat.storage.schema.actionplan import ap_plans, ap_points, ap_snapshots, ap_status_changes
from gcat.storage.schema.assessments import (
    administrations,
    answer_history,
    answers,
    assessments,
    evidence_files,
    plan_items,
)
from gcat.storage.schema.base import UTCDateTime, metadata
from gcat.storage.schema.declarations import (
    amendment_decisions,
    amendments,
    declaration_parts,
    declarations,
)

__all__ = [
    "UTCDateTime",
    "administrations",
    "amendment_decisions",
    "amendments",
    "answer_history",
    "answers",
    "ap_plans",
    "ap_points",
    "ap_snapshots",
    "ap_status_changes",
    "assessments",
    "declaration_parts",
    "declarations",
    "evidence_files",
    "metadata",
    "plan_items",
]

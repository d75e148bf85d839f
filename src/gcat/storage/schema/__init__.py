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
    pending_imports,
    plan_items,
)
from gcat.storage.schema.base import UTCDateTime, metadata
from gcat.storage.schema.members import member_list_imports, wco_members

SHARED_TABLES = frozenset({"administrations", "member_list_imports", "wco_members"})
"""Tables whose rows belong to no administration: the administrations themselves and shared
reference data (the member list)."""

__all__ = [
    "SHARED_TABLES",
    "UTCDateTime",
    "administrations",
    "answer_history",
    "answers",
    "assessments",
    "evidence_files",
    "member_list_imports",
    "metadata",
    "pending_imports",
    "plan_items",
    "wco_members",
]

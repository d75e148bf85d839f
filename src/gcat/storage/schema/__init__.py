"""The database schema, in SQLAlchemy Core: one module per area, one :data:`metadata`.

Every row that belongs to an administration carries its ``administration_id``. A new area adds a
module here and imports it below, so that Alembic and the tests see its tables.
"""

from gcat.storage.schema.accounts import audit_log, sessions, users
from gcat.storage.schema.actionplan import ap_plans, ap_points, ap_snapshots, ap_status_changes
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
from gcat.storage.schema.declarations import (
    amendment_decisions,
    amendments,
    declaration_parts,
    declarations,
)
from gcat.storage.schema.members import member_list_imports, wco_members
from gcat.storage.schema.practices import (
    compendium_entries,
    compendium_packs,
    practice_attachments,
    practice_history,
    practices,
)
from gcat.storage.schema.submissions import benchmark_packs, submissions
from gcat.storage.schema.survey import (
    classification_decisions,
    survey_initiatives,
    survey_responses,
    surveys,
)
from gcat.storage.schema.team import (
    assessment_origins,
    assessor_scores,
    assessors,
    consensus_decisions,
    framework_feedback,
    signoffs,
)

SHARED_TABLES = frozenset(
    {
        "administrations",
        "member_list_imports",
        "wco_members",
        "users",
        "sessions",
        "audit_log",
        "benchmark_packs",
        "compendium_packs",
        "compendium_entries",
        # the Secretariat's own work: the action plan and the declarations
        "ap_plans",
        "ap_points",
        "ap_status_changes",
        "ap_snapshots",
        "declarations",
        "declaration_parts",
        "amendments",
        "amendment_decisions",
        # the Secretariat's survey and its classification decisions
        "surveys",
        "survey_responses",
        "survey_initiatives",
        "classification_decisions",
    }
)
"""Tables whose rows belong to no administration as such: the administrations themselves,
shared reference data (the member list, benchmark packs, the published practices of an imported
Compendium pack), accounts (a user has an optional administration; Secretariat and admin users
have none), the audit log, and the Secretariat's own work (action plan, declarations, survey)."""

__all__ = [
    "SHARED_TABLES",
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
    "assessment_origins",
    "assessments",
    "assessor_scores",
    "assessors",
    "audit_log",
    "benchmark_packs",
    "classification_decisions",
    "compendium_entries",
    "compendium_packs",
    "consensus_decisions",
    "declaration_parts",
    "declarations",
    "evidence_files",
    "framework_feedback",
    "member_list_imports",
    "metadata",
    "pending_imports",
    "plan_items",
    "practice_attachments",
    "practice_history",
    "practices",
    "sessions",
    "signoffs",
    "submissions",
    "survey_initiatives",
    "survey_responses",
    "surveys",
    "users",
    "wco_members",
]

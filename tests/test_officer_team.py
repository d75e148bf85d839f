"""The officer's features on the team's paths: the field-level history of a consensus decision,
an upgrade and a new version; pre-fill, work lists and round trips with a signed assessment."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from gcat.core.history import HistoryFilter
from gcat.core.records import HistoryEntry
from gcat.core.worklist import WorkList, work_list
from gcat.demo import store_demo_assessments
from gcat.errors import ConflictError
from gcat.exchange.xlsx import export_workbook
from gcat.exchange.xlsx_layout import COL_COMMENT, FIRST_ROW
from gcat.policy.access import local_actor
from gcat.services import answers, assessments, imports, signoff, team, upgrade
from gcat.services.answers import AnswerChange
from gcat.services.imports import ImportPreview
from gcat.services.signoff import REVISION_REASON
from gcat.services.team import CONSENSUS_REASON
from gcat.services.upgrade import UPGRADE_REASON
from gcat.web.team_pages import history_reason

OFFICER = local_actor("Awa Diallo")
VALIDATOR = local_actor("Bruno Keller")


@pytest.fixture
def demo_db(engine: sa.Engine) -> sa.Engine:
    store_demo_assessments(engine)
    return engine


def _history(engine: sa.Engine, assessment_id: int, indicator_id: str) -> list[HistoryEntry]:
    found = answers.assessment_history(OFFICER, engine, assessment_id, HistoryFilter(indicator_id))
    return list(found.entries)


def test_a_consensus_decision_is_in_the_history_field_by_field(demo_db: sa.Engine) -> None:
    before = assessments.load(OFFICER, demo_db, 2).assessment.answer("PL-01")
    assert before.level is not None
    agreed = (before.level + 1) % 6
    team.decide(
        VALIDATOR, demo_db, 2, "PL-01", level=agreed, not_applicable=False, rationale="Seen"
    )
    entry = _history(demo_db, 2, "PL-01")[0]
    assert entry.changed_by == "Bruno Keller"
    assert entry.change_reason == f"{CONSENSUS_REASON} Seen"
    level = {c.field: c for c in entry.changes}["answer"]
    assert (level.before, level.after) == (before.level, agreed)
    assert history_reason(entry.change_reason, "fr") is not None


def test_an_upgrade_and_a_new_version_record_where_each_answer_came_from(
    demo_db: sa.Engine,
) -> None:
    new_id = upgrade.upgrade_stored(OFFICER, demo_db, 2, "1.1", "en")
    moved = _history(demo_db, new_id, "PL-01")
    assert moved and moved[0].change_reason.startswith(UPGRADE_REASON)
    assert moved[0].changes
    signoff.sign_off(VALIDATOR, demo_db, new_id)
    again = signoff.new_version(OFFICER, demo_db, new_id)
    copied = _history(demo_db, again, "PL-01")
    assert copied[0].change_reason.startswith(REVISION_REASON)
    assert copied[0].changed_by == "Awa Diallo"


def _workbook_with_a_comment(engine: sa.Engine, assessment_id: int) -> bytes:
    loaded = assessments.load(OFFICER, engine, assessment_id)
    book = load_workbook(io.BytesIO(export_workbook(loaded.evaluate(), "en")))
    book["Policy and legislation"].cell(FIRST_ROW, COL_COMMENT).value = "Checked offline"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_signed_assessment_is_read_but_never_changed_by_an_import(demo_db: sa.Engine) -> None:
    data = _workbook_with_a_comment(demo_db, 2)
    signoff.sign_off(VALIDATOR, demo_db, 2)
    preview = imports.begin_import(OFFICER, demo_db, data, "valdoria.xlsx")
    assert isinstance(preview, ImportPreview)  # the changes are shown…
    assert preview.target.locked and preview.updates
    with pytest.raises(ConflictError) as refused:  # …but never made
        imports.apply_import(
            OFFICER,
            demo_db,
            preview.pending_id,
            versions={u.indicator_id: u.version for u in preview.updates},
            reasons={},
        )
    assert refused.value.code == "assessment.locked"
    assert assessments.load(OFFICER, demo_db, 2).assessment.answer("PL-01").comment != (
        "Checked offline"
    )
    copy_id = imports.import_as_copy(OFFICER, demo_db, preview.pending_id, cycle="2025-copy")
    copy = assessments.load(OFFICER, demo_db, copy_id)
    assert copy.assessment.answer("PL-01").comment == "Checked offline"


def test_a_signed_assessment_pre_fills_the_next_cycle_and_keeps_its_work_lists(
    demo_db: sa.Engine,
) -> None:
    signoff.sign_off(VALIDATOR, demo_db, 2)
    signed = assessments.load(OFFICER, demo_db, 2)
    assert work_list(signed.framework, signed.assessment, WorkList.STRENGTHS)
    stored = signed.answers["PL-01"]
    with pytest.raises(ConflictError):  # "Confirm as it is" is a change too
        answers.record_answer(
            OFFICER,
            demo_db,
            2,
            "PL-01",
            AnswerChange(
                level=stored.answer.level,
                not_applicable=stored.answer.not_applicable,
                reason=stored.answer.reason,
                target=stored.answer.target,
                comment=stored.answer.comment,
                evidence_note=stored.evidence_note,
                flagged=stored.answer.flagged,
                version=stored.version,
                change_reason="confirmed",
            ),
        )
    next_id = assessments.create_assessment(
        OFFICER,
        demo_db,
        administration=signed.stored.administration,
        cycle="2026",
        previous_id=2,
    )
    following = assessments.load(OFFICER, demo_db, next_id)
    assert not following.stored.locked
    pending = work_list(following.framework, following.assessment, WorkList.TO_REVIEW)
    assert "PL-01" in pending and following.stored.answered == 0

"""Round trips into an existing assessment: preview every change, reasons, confirm or copy;
a CSV export with several submissions; import messages entirely in the user's language."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from gcat.core.history import FieldChange
from gcat.demo import store_demo_assessments
from gcat.errors import AnswersFileError, ConflictError, InputError, NotFoundError
from gcat.exchange.exchange_file import export_exchange
from gcat.exchange.odk_import import list_submissions
from gcat.exchange.xlsx import export_workbook, import_workbook
from gcat.exchange.xlsx_layout import COL_COMMENT, COL_EVIDENCE, COL_LEVEL, COL_TARGET, FIRST_ROW
from gcat.policy.access import Actor, Role, local_actor
from gcat.services import answers, assessments, evidence, imports
from gcat.services.imports import Imported, ImportPreview, SubmissionChoice

OFFICER = local_actor("Awa Diallo")
PL = "Policy and legislation"


def workbook(
    engine: sa.Engine, assessment_id: int, edit: dict[tuple[str, int, int], object]
) -> bytes:
    """The app's workbook of an assessment, with cells changed as an officer would offline."""
    loaded = assessments.load(OFFICER, engine, assessment_id)
    data = export_workbook(loaded.evaluate(), "en")
    book = load_workbook(io.BytesIO(data))
    for (sheet, row, col), value in edit.items():
        book[sheet].cell(row, col).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def demo_db(engine: sa.Engine) -> sa.Engine:
    store_demo_assessments(engine)
    return engine


def test_a_file_for_a_new_cycle_is_a_new_assessment(demo_db: sa.Engine) -> None:
    data = workbook(demo_db, 2, {})
    book = load_workbook(io.BytesIO(data))
    book["About"].cell(4, 2).value = "2027"  # the cycle
    out = io.BytesIO()
    book.save(out)
    outcome = imports.begin_import(OFFICER, demo_db, out.getvalue(), "valdoria.xlsx")
    assert isinstance(outcome, Imported)
    assert assessments.load(OFFICER, demo_db, outcome.assessment_id).stored.cycle == "2027"


def test_an_offline_workbook_updates_its_assessment_after_a_preview(demo_db: sa.Engine) -> None:
    evidence.add_evidence(
        OFFICER, demo_db, 2, "PL-02", filename="circulaire.pdf", data=b"%PDF-1", quota=10**8
    )
    before = assessments.load(OFFICER, demo_db, 2)
    level = before.assessment.answer("PL-01").level
    assert level is not None
    data = workbook(
        demo_db,
        2,
        {
            (PL, FIRST_ROW, COL_LEVEL): (level + 1) % 6,
            (PL, FIRST_ROW, COL_TARGET): 5,
            (PL, FIRST_ROW + 2, COL_COMMENT): "Vérifié hors ligne",
        },
    )
    outcome = imports.begin_import(OFFICER, demo_db, data, "valdoria-2025.xlsx")
    assert isinstance(outcome, ImportPreview)
    assert outcome.target.id == 2
    # every change, and nothing else: the attached file's name is not a new evidence note
    changed = {u.indicator_id: u.changes for u in outcome.updates}
    assert set(changed) == {"PL-01", "PL-03"}
    assert FieldChange("answer", level, (level + 1) % 6) in changed["PL-01"]
    assert any(c.field == "target" and c.after == 5 for c in changed["PL-01"])
    assert [c.field for c in changed["PL-03"]] == ["comment"]
    assert not any(u.needs_reason for u in outcome.updates)  # not a pre-filled cycle
    # nothing is written before the officer confirms
    assert assessments.load(OFFICER, demo_db, 2).answers == before.answers
    versions = {u.indicator_id: u.version for u in outcome.updates}
    assert (
        imports.apply_import(OFFICER, demo_db, outcome.pending_id, versions=versions, reasons={})
        == 2
    )
    after = assessments.load(OFFICER, demo_db, 2)
    assert after.assessment.answer("PL-01").level == (level + 1) % 6
    assert after.assessment.answer("PL-03").comment == "Vérifié hors ligne"
    assert after.answers["PL-02"].evidence_note == before.answers["PL-02"].evidence_note
    history = answers.answer_history(OFFICER, demo_db, 2, "PL-01")
    assert history[-1].change_reason == "@import valdoria-2025.xlsx"
    assert history[-1].changed_by == "Awa Diallo"
    with pytest.raises(NotFoundError):  # the waiting file is gone
        imports.import_preview(OFFICER, demo_db, outcome.pending_id)


def test_a_prefilled_cycle_needs_the_reason_of_each_level_change(demo_db: sa.Engine) -> None:
    new = assessments.create_assessment(
        OFFICER,
        demo_db,
        administration="Valdoria Revenue and Customs Authority",
        cycle="2026",
        previous_id=2,
    )
    level = assessments.load(OFFICER, demo_db, new).assessment.answer("PL-01").level
    assert level is not None
    data = workbook(
        demo_db,
        new,
        {(PL, FIRST_ROW, COL_LEVEL): (level + 2) % 6, (PL, FIRST_ROW, COL_TARGET): None},
    )
    outcome = imports.begin_import(OFFICER, demo_db, data, "2026.xlsx")
    assert isinstance(outcome, ImportPreview)
    (update,) = outcome.updates
    assert update.needs_reason
    assert update.changes[0].field == "answer"
    assert update.changes[-1] == FieldChange("to_review", True, False)
    versions = {update.indicator_id: update.version}
    with pytest.raises(InputError) as caught:
        imports.apply_import(OFFICER, demo_db, outcome.pending_id, versions=versions, reasons={})
    assert caught.value.problems[0].field == "reason.PL-01"
    imports.apply_import(
        OFFICER, demo_db, outcome.pending_id, versions=versions, reasons={"PL-01": "Plan adopté"}
    )
    history = answers.answer_history(OFFICER, demo_db, new, "PL-01")
    assert history[-1].change_reason == "@import 2026.xlsx\nPlan adopté"
    loaded = assessments.load(OFFICER, demo_db, new)
    assert not loaded.answers["PL-01"].answer.to_review
    assert loaded.answers["PL-02"].answer.to_review  # untouched by the file: still to review


def test_a_change_made_since_the_preview_stops_the_import(demo_db: sa.Engine) -> None:
    data = workbook(demo_db, 2, {(PL, FIRST_ROW + 2, COL_COMMENT): "hors ligne"})
    outcome = imports.begin_import(OFFICER, demo_db, data, "v.xlsx")
    assert isinstance(outcome, ImportPreview)
    stored = assessments.load(OFFICER, demo_db, 2).answers["PL-03"]
    answers.record_answer(
        OFFICER,
        demo_db,
        2,
        "PL-03",
        answers.AnswerChange(
            level=stored.answer.level,
            not_applicable=False,
            reason="",
            target=None,
            comment="en ligne",
            evidence_note=stored.evidence_note,
            flagged=False,
            version=stored.version,
        ),
    )
    versions = {u.indicator_id: u.version for u in outcome.updates}
    with pytest.raises(ConflictError):
        imports.apply_import(OFFICER, demo_db, outcome.pending_id, versions=versions, reasons={})
    assert assessments.load(OFFICER, demo_db, 2).assessment.answer("PL-03").comment == "en ligne"


def test_import_as_a_copy_or_drop_it(demo_db: sa.Engine) -> None:
    data = workbook(demo_db, 2, {(PL, FIRST_ROW + 2, COL_COMMENT): "copie"})
    outcome = imports.begin_import(OFFICER, demo_db, data, "v.xlsx")
    assert isinstance(outcome, ImportPreview)
    with pytest.raises(ConflictError):  # the same cycle name again
        imports.import_as_copy(OFFICER, demo_db, outcome.pending_id, cycle="2025")
    copy = imports.import_as_copy(OFFICER, demo_db, outcome.pending_id, cycle="2025 (copie)")
    assert assessments.load(OFFICER, demo_db, copy).assessment.answer("PL-03").comment == "copie"
    again = imports.begin_import(OFFICER, demo_db, data, "v.xlsx")
    assert isinstance(again, ImportPreview)
    imports.discard_import(OFFICER, demo_db, again.pending_id)
    with pytest.raises(NotFoundError):
        imports.import_preview(OFFICER, demo_db, again.pending_id)


def test_another_administrations_waiting_file_is_not_found(demo_db: sa.Engine) -> None:
    data = workbook(demo_db, 2, {(PL, FIRST_ROW + 2, COL_COMMENT): "x"})
    outcome = imports.begin_import(OFFICER, demo_db, data, "v.xlsx")
    assert isinstance(outcome, ImportPreview)
    stranger = Actor("S", Role.RESPONDENT, administration_id=999)
    with pytest.raises(NotFoundError):
        imports.import_preview(stranger, demo_db, outcome.pending_id)


def test_evidence_in_the_file_beside_the_attached_files_names(demo_db: sa.Engine) -> None:
    evidence.add_evidence(
        OFFICER, demo_db, 2, "PL-01", filename="pv.pdf", data=b"%PDF", quota=10**8
    )
    note = assessments.load(OFFICER, demo_db, 2).answers["PL-01"].evidence_note
    data = workbook(demo_db, 2, {(PL, FIRST_ROW, COL_EVIDENCE): f"{note}\npv.pdf\nRapport 2025"})
    outcome = imports.begin_import(OFFICER, demo_db, data, "v.xlsx")
    assert isinstance(outcome, ImportPreview)
    (update,) = outcome.updates
    assert update.evidence_note == f"{note}\nRapport 2025".strip()


def csv_export(rows: list[dict[str, str]]) -> bytes:
    """A KoboToolbox-style export with plain question names."""
    columns = sorted({key for row in rows for key in row})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def submission(uuid: str, cycle: str, level: str, who: str) -> dict[str, str]:
    return {
        "framework_id": "gcat",
        "framework_version": "1.0",
        "administration": "Valdoria Revenue and Customs Authority",
        "cycle": cycle,
        "_uuid": uuid,
        "_submission_time": "2026-02-03T09:00:00",
        "_submitted_by": who,
        "pl_01_level": level,
        "pl_01_comment": f"par {who}",
    }


def test_several_submissions_wait_for_the_officer_to_pick_one(demo_db: sa.Engine) -> None:
    data = csv_export(
        [
            submission("aaa-1", "2025", "4", "Awa"),
            submission("bbb-2", "2025", "1", "Jean"),
            {**submission("", "2025", "2", "Ana"), "_uuid": ""},
        ]
    )
    listed = list_submissions(data, "kobo.csv")
    assert [(s.key, s.submitter, s.submitted) for s in listed] == [
        ("aaa-1", "Awa", "2026-02-03T09:00:00"),
        ("bbb-2", "Jean", "2026-02-03T09:00:00"),
        ("#4", "Ana", "2026-02-03T09:00:00"),
    ]
    outcome = imports.begin_import(OFFICER, demo_db, data, "kobo.csv")
    assert isinstance(outcome, SubmissionChoice)
    assert isinstance(
        imports.import_preview(OFFICER, demo_db, outcome.pending_id), SubmissionChoice
    )
    chosen = imports.choose_submission(OFFICER, demo_db, outcome.pending_id, "bbb-2")
    assert isinstance(chosen, ImportPreview) and chosen.pending_id == outcome.pending_id
    (update,) = chosen.updates
    assert update.indicator_id == "PL-01"
    assert FieldChange("comment", update.changes[-1].before, "par Jean") in update.changes
    by_row = imports.begin_import(OFFICER, demo_db, data, "kobo.csv", submission="#4")
    assert isinstance(by_row, ImportPreview)
    assert by_row.updates[0].answer.level == 2


def test_one_submission_for_a_new_cycle_goes_straight_in(demo_db: sa.Engine) -> None:
    data = csv_export([submission("c-3", "2030", "3", "Awa")])
    outcome = imports.begin_import(OFFICER, demo_db, data, "central.csv")
    assert isinstance(outcome, Imported)
    loaded = assessments.load(OFFICER, demo_db, outcome.assessment_id)
    assert loaded.assessment.answer("PL-01").level == 3


# ── messages in the user's language, located in words ─────────────────────────────────────


def refused(data: bytes, name: str) -> AnswersFileError:
    with pytest.raises(AnswersFileError) as caught:
        import_workbook(data, name)
    return caught.value


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", '"v.xlsx", sheet "Policy and legislation", cell D3 — indicator PL-01, level: '),
        (
            "fr",
            "« v.xlsx », feuille « Policy and legislation », "
            "cellule D3 — indicateur PL-01, niveau : ",
        ),
        ("es", "«v.xlsx», hoja «Policy and legislation», celda D3 — indicador PL-01, nivel: "),
    ],
)
def test_a_workbook_problem_names_the_sheet_the_cell_and_the_indicator(
    demo_db: sa.Engine, lang: str, expected: str
) -> None:
    data = workbook(demo_db, 2, {(PL, FIRST_ROW, COL_LEVEL): 9})
    text = refused(data, "v.xlsx").problems[0].readable(lang)
    assert text.startswith(expected), text
    assert "answers." not in text


def test_the_command_line_keeps_the_path_and_translates_the_sheet(demo_db: sa.Engine) -> None:
    data = workbook(demo_db, 2, {(PL, FIRST_ROW, COL_LEVEL): 9})
    problem = refused(data, "v.xlsx").problems[0]
    assert problem.localized("en").startswith(
        "v.xlsx, sheet Policy and legislation:3: D3 (answers.PL-01.level): "
    )
    assert problem.localized("fr").startswith(
        "v.xlsx, feuille Policy and legislation:3: D3 (answers.PL-01.level) : "
    ) or problem.localized("fr").startswith(
        "v.xlsx, feuille Policy and legislation:3: D3 (answers.PL-01.level): "
    )


def test_exchange_file_and_csv_problems_in_words(demo_db: sa.Engine) -> None:
    loaded = assessments.load(OFFICER, demo_db, 2)
    data = export_exchange(loaded.evaluate()).replace(b'"level": 3', b'"level": 9', 1)
    with pytest.raises(AnswersFileError) as caught:
        imports.begin_import(OFFICER, demo_db, data, "v.gcat.json")
    text = caught.value.problems[0].readable("fr")
    assert text.startswith("« v.gcat.json », ligne ") and "answers." not in text
    bad = csv_export([submission("x", "2025", "7", "Awa")])
    with pytest.raises(AnswersFileError) as caught:
        imports.begin_import(OFFICER, demo_db, bad, "kobo.csv")
    text = caught.value.problems[0].readable("es")
    assert text.startswith("«kobo.csv», línea 2, columna «pl_01_level» — indicador PL-01, nivel: ")

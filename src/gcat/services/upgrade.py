"""Moving an assessment to a newer version of its framework, from a file or in the database.

:func:`gcat.core.upgrade.upgrade_assessment` does the move; this module finds the map, marks
what is to review so that an officer sees why (the answer is flagged and its comment starts
with the reason), writes the answers file, and in the database makes a new assessment beside
the old one, with the evidence files and the plan tracking copied. The account of every
indicator (:class:`UpgradeAccount`) is kept with the new assessment for its change report.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
import yaml

from gcat.answers_file import answer_to_data, assessment_to_data, read_answers
from gcat.core.assessment import Answer, Assessment
from gcat.core.comparison import CrossVersion, through_map
from gcat.core.evaluation import Evaluation
from gcat.core.model import Framework
from gcat.core.upgrade import FrameworkMap, Upgrade, upgrade_assessment
from gcat.core.upgrade_account import AccountEntry, UpgradeAccount, account_of
from gcat.errors import InputError, Problem, UnknownFrameworkError
from gcat.frameworks import available_upgrades, load_framework, load_upgrade_map
from gcat.i18n import message
from gcat.limits import MAX_TEXT
from gcat.policy.access import Actor, Right, require
from gcat.reports.upgrade import reason_text
from gcat.services.assessments import in_scope_count, load_in, now
from gcat.storage import repository as repo
from gcat.storage import team_repository as team_repo
from gcat.storage.db import write_transaction

__all__ = [
    "UPGRADE_REASON",
    "AccountEntry",
    "StoredUpgrade",
    "UpgradeAccount",
    "UpgradeOutcome",
    "UpgradedFile",
    "comparable_previous",
    "plan_upgrade",
    "stored_upgrade",
    "upgrade_file",
    "upgrade_stored",
    "upgrades_from",
]

UPGRADE_REASON = "@upgrade"
"""History reason of the answers an upgrade wrote (shown translated, with the versions)."""


@dataclass(frozen=True, slots=True)
class UpgradeOutcome:
    """An upgrade with what it was made from: both frameworks, the map and the old answers."""

    old: Framework
    new: Framework
    id_map: FrameworkMap
    source: Assessment
    upgrade: Upgrade

    @property
    def account(self) -> UpgradeAccount:
        """The account of every indicator."""
        return account_of(self.upgrade, self.new.id, self.old.version, self.new.version)


def upgrades_from(framework_id: str, version: str) -> list[str]:
    """The versions an assessment under ``framework_id`` ``version`` can be moved to."""
    return [
        to_version
        for fid, from_version, to_version in available_upgrades()
        if fid == framework_id and from_version == version
    ]


def plan_upgrade(framework: Framework, assessment: Assessment, to_version: str) -> UpgradeOutcome:
    """``assessment`` (under ``framework``) moved to ``to_version`` through the installed map.

    Refused when it already is under that version, when no map leads there, or when it holds
    answers the map does not know (indicators of a module of one's own).
    """
    if to_version == framework.version:
        raise InputError([Problem("upgrade.same_version", {"version": to_version}, field="--to")])
    id_map = load_upgrade_map(framework.id, framework.version, to_version)
    new = load_framework(framework.id, to_version)
    unmapped = sorted(set(assessment.answers) - set(id_map.indicators))
    if unmapped:
        raise InputError(
            [Problem("upgrade.unmapped", {"ids": ", ".join(unmapped[:10])}, field="answers")]
        )
    return UpgradeOutcome(
        framework, new, id_map, assessment, upgrade_assessment(framework, new, id_map, assessment)
    )


def _annotated(outcome: UpgradeOutcome, lang: str) -> Assessment:
    """The upgraded assessment with the reason at the head of each comment to review."""
    answers = dict(outcome.upgrade.assessment.answers)
    for item in outcome.upgrade.indicators:
        if not item.to_review:
            continue
        answer = answers.get(item.indicator_id, Answer(flagged=True))
        reasons = " ".join(reason_text(r, outcome.id_map, lang) for r in item.reasons)
        note = message("upgrade.review_note", lang, version=outcome.new.version, reasons=reasons)
        comment = f"{note}\n\n{answer.comment}" if answer.comment else note
        if len(comment) > MAX_TEXT:
            comment = comment[: MAX_TEXT - 1] + "…"
        answers[item.indicator_id] = replace(answer, comment=comment, flagged=True)
    return replace(outcome.upgrade.assessment, answers=answers)


@dataclass(frozen=True, slots=True)
class UpgradedFile:
    """An answers file moved to a new version: the outcome and the new file's text."""

    outcome: UpgradeOutcome
    text: str


def upgrade_file(path: Path, to_version: str, lang: str) -> UpgradedFile:
    """Read and check the answers file ``path`` and move it to ``to_version``."""
    framework, assessment = read_answers(path)
    outcome = plan_upgrade(framework, assessment, to_version)
    return UpgradedFile(outcome, _answers_text(outcome, lang))


def _comment_lines(text: str) -> list[str]:
    return [f"# {line}".rstrip() for line in text.splitlines() if line.strip()]


def _answers_text(outcome: UpgradeOutcome, lang: str) -> str:
    """The answers file of the upgraded assessment, with the account as comments on top."""
    account = outcome.account
    head = [
        *_comment_lines(
            message(
                "upgrade.file_header",
                lang,
                title=outcome.new.title[lang],
                old=account.from_version,
                new=account.to_version,
                carried=len(account.carried),
                review=len(account.to_review),
            )
        )
    ]
    for key, answer in outcome.upgrade.retired.items():
        data = yaml.safe_dump({key: answer_to_data(answer)}, allow_unicode=True, sort_keys=False)
        head += _comment_lines(message("upgrade.file_retired", lang, id=key))
        head += [f"#   {line}" for line in data.splitlines()]
    body = yaml.safe_dump(
        assessment_to_data(_annotated(outcome, lang)),
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    return "\n".join(head) + "\n" + body


def upgrade_stored(
    actor: Actor, engine: sa.Engine, assessment_id: int, to_version: str, lang: str
) -> int:
    """Make a new assessment under ``to_version`` from a stored one, which is kept as it is.

    The new one is the next edition of the same cycle. Answers travel through the map (those to
    review flagged, the reason at the head of their comment), and so do evidence notes and
    files, comments, targets and the plan's owners, due dates and statuses.
    """
    require(actor, Right.EDIT)
    with write_transaction(engine) as conn:
        loaded = load_in(actor, conn, assessment_id)
        stored = loaded.stored
        # Files travel as files: the upgrade sees each answer's evidence note only.
        notes_only = {
            key: replace(item.answer, evidence=(item.evidence_note,) if item.evidence_note else ())
            for key, item in loaded.answers.items()
        }
        outcome = plan_upgrade(
            loaded.framework, replace(loaded.assessment, answers=notes_only), to_version
        )
        upgraded = _annotated(outcome, lang)
        when = now()
        new_id = repo.create_assessment(
            conn,
            administration=stored.administration,
            cycle=stored.cycle,
            framework_id=outcome.new.id,
            framework_version=outcome.new.version,
            domains=list(upgraded.domains) if upgraded.domains is not None else None,
            assessors=stored.assessors,
            previous_id=stored.previous_id,
            indicators=in_scope_count(outcome.new, upgraded.domains),
            now=when,
            edition=repo.next_edition(
                conn, administration_id=stored.administration_id, cycle=stored.cycle
            ),
        )
        target = repo.get_assessment(conn, assessment_id=new_id)
        reason = f"{UPGRADE_REASON} {outcome.old.version} {outcome.new.version}"
        for indicator_id, answer in upgraded.answers.items():
            repo.save_answer(
                conn,
                assessment=target,
                indicator_id=indicator_id,
                answer=answer,
                evidence_note="\n".join(answer.evidence),
                expected_version=0,
                who=actor.name,
                change_reason=reason,
                now=when,
            )
        successors = _successors(outcome, upgraded)
        for file in repo.evidence_files_of(conn, assessment_id=assessment_id):
            for indicator_id in successors.get(file.indicator_id, []):
                team_repo.copy_evidence_file(
                    conn, file_id=file.id, to=target, indicator_id=indicator_id
                )
        team_repo.copy_tracking(conn, source_id=assessment_id, to=target, indicators=successors)
        team_repo.save_origin(
            conn,
            assessment=target,
            kind="upgrade",
            source_id=assessment_id,
            source_label=f"{stored.cycle} · {stored.framework_id} {stored.framework_version}",
            details=outcome.account.to_json(),
            who=actor.name,
            now=when,
        )
    return new_id


def _successors(outcome: UpgradeOutcome, upgraded: Assessment) -> dict[str, list[str]]:
    """Old indicator → the new indicators in scope it leads to."""
    in_scope = {ind.id for d in upgraded.domains_in_scope(outcome.new) for ind in d.indicators}
    return {
        source: [t.id for t in entry.targets if t.id in in_scope]
        for source, entry in outcome.id_map.indicators.items()
    }


@dataclass(frozen=True, slots=True)
class StoredUpgrade:
    """The account of a stored upgrade, with the frameworks and map to describe it."""

    account: UpgradeAccount
    source_id: int | None
    source_label: str
    created_at: datetime
    created_by: str
    id_map: FrameworkMap


def stored_upgrade(actor: Actor, engine: sa.Engine, assessment_id: int) -> StoredUpgrade | None:
    """The account of the upgrade that made ``assessment_id``, or None if no upgrade did."""
    require(actor, Right.READ)
    with engine.connect() as conn:
        load_in(actor, conn, assessment_id)
        origin = team_repo.load_origin(conn, assessment_id=assessment_id)
    if origin is None or origin.kind != "upgrade":
        return None
    account = UpgradeAccount.from_json(origin.details)
    id_map = load_upgrade_map(account.framework_id, account.from_version, account.to_version)
    return StoredUpgrade(
        account, origin.source_id, origin.source_label, origin.created_at, origin.created_by, id_map
    )


def comparable_previous(
    previous: Evaluation | None, framework: Framework
) -> tuple[Evaluation | None, CrossVersion | None]:
    """``previous`` made comparable with an assessment under ``framework``.

    Under the same version it is returned as it is. Under an earlier version with a map to
    ``framework``, it is moved through the map (only carried answers are compared), and the
    :class:`CrossVersion` says so. With no map between them, there is nothing to compare.
    """
    if previous is None:
        return None, None
    old = previous.framework
    if (old.id, old.version) == (framework.id, framework.version):
        return previous, None
    try:
        id_map = load_upgrade_map(old.id, old.version, framework.version)
    except UnknownFrameworkError:
        return None, None
    if set(previous.assessment.answers) - set(id_map.indicators):
        return None, None
    return through_map(previous, framework, id_map)

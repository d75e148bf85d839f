"""Repository of the declarations: keyword-only functions on a connection the caller owns.

They return core values (:class:`~gcat.core.amendments.Declaration`) or the records below.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from gcat.core.amendments import (
    Action,
    Amendment,
    AmendmentStatus,
    Declaration,
    Part,
    PartKind,
    Wording,
)
from gcat.errors import NotFoundError
from gcat.storage.schema import amendment_decisions, amendments, declaration_parts, declarations

__all__ = [
    "Decision",
    "DeclarationSummary",
    "StoredDeclaration",
    "add_amendment",
    "add_language",
    "create_declaration",
    "decisions_of",
    "list_declarations",
    "load_declaration",
    "save_decisions",
]

Connection = sa.Connection


@dataclass(frozen=True, slots=True)
class StoredDeclaration:
    """A stored declaration and where it came from."""

    id: int
    declaration: Declaration
    source: str
    created_by: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class DeclarationSummary:
    """A line of the list of declarations."""

    id: int
    title: Mapping[str, str]
    languages: tuple[str, ...]
    version: int
    amendments: int
    open: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class Decision:
    """One recorded decision on an amendment."""

    amendment: str
    status: AmendmentStatus
    preempted_by: str | None
    note: str
    decided_by: str
    decided_at: datetime


def _wordings(amendment: Amendment) -> dict[str, dict[str, Any]]:
    return {
        lang: {"start": w.start, "end": w.end, "quoted": w.quoted, "text": w.text}
        for lang, w in amendment.wordings.items()
    }


def _amendment_row(declaration_id: int, amendment: Amendment) -> dict[str, Any]:
    return {
        "declaration_id": declaration_id,
        "key": amendment.id,
        "sequence": amendment.sequence,
        "part": amendment.part,
        "action": amendment.action.value,
        "proposer": amendment.proposer,
        "cosigners": list(amendment.cosigners),
        "lang": amendment.lang,
        "wordings": _wordings(amendment),
        "rationale": amendment.rationale,
        "proposed_on": amendment.proposed_on,
        "status": amendment.status.value,
        "decided_by": amendment.decided_by,
        "decided_at": amendment.decided_at,
        "decision_note": amendment.decision_note,
        "preempted_by": amendment.preempted_by,
    }


def create_declaration(
    conn: Connection, *, declaration: Declaration, source: str, by: str, now: datetime
) -> int:
    """Store a new declaration with its parts and amendments; return its id."""
    new_id = int(
        conn.execute(
            declarations.insert().values(
                title=dict(declaration.title),
                languages=list(declaration.languages),
                version=declaration.version,
                source=source,
                created_by=by,
                created_at=now,
                updated_at=now,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    )
    conn.execute(
        declaration_parts.insert(),
        [
            {
                "declaration_id": new_id,
                "number": part.number,
                "kind": part.kind.value,
                "texts": dict(part.texts),
            }
            for part in declaration.parts
        ],
    )
    if declaration.amendments:
        conn.execute(
            amendments.insert(), [_amendment_row(new_id, a) for a in declaration.amendments]
        )
    return new_id


def _amendment(row: sa.Row[Any]) -> Amendment:
    return Amendment(
        id=row.key,
        part=row.part,
        action=Action(row.action),
        proposer=row.proposer,
        lang=row.lang,
        wordings={
            lang: Wording(w["start"], w["end"], w["quoted"], w["text"])
            for lang, w in row.wordings.items()
        },
        cosigners=tuple(row.cosigners),
        rationale=row.rationale,
        proposed_on=row.proposed_on,
        status=AmendmentStatus(row.status),
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        decision_note=row.decision_note,
        preempted_by=row.preempted_by,
        sequence=row.sequence,
    )


def load_declaration(conn: Connection, *, declaration_id: int) -> StoredDeclaration:
    """The declaration ``declaration_id`` (:class:`NotFoundError` when there is none)."""
    head = conn.execute(sa.select(declarations).where(declarations.c.id == declaration_id)).first()
    if head is None:
        raise NotFoundError("declaration.not_found", id=declaration_id)
    parts = conn.execute(
        sa.select(declaration_parts)
        .where(declaration_parts.c.declaration_id == declaration_id)
        .order_by(declaration_parts.c.number)
    ).all()
    rows = conn.execute(
        sa.select(amendments)
        .where(amendments.c.declaration_id == declaration_id)
        .order_by(amendments.c.sequence)
    ).all()
    declaration = Declaration(
        title=head.title,
        languages=tuple(head.languages),
        parts=tuple(Part(p.number, PartKind(p.kind), p.texts) for p in parts),
        amendments=tuple(_amendment(row) for row in rows),
        version=head.version,
    )
    return StoredDeclaration(
        head.id, declaration, head.source, head.created_by, head.created_at, head.updated_at
    )


def list_declarations(conn: Connection) -> tuple[DeclarationSummary, ...]:
    """Every declaration, most recently changed first."""
    counts = (
        sa.select(
            amendments.c.declaration_id,
            sa.func.count().label("total"),
            sa.func.sum(
                sa.case((amendments.c.status == AmendmentStatus.PROPOSED.value, 1), else_=0)
            ).label("open"),
        )
        .group_by(amendments.c.declaration_id)
        .subquery()
    )
    rows = conn.execute(
        sa.select(declarations, counts.c.total, counts.c.open)
        .outerjoin(counts, counts.c.declaration_id == declarations.c.id)
        .order_by(declarations.c.updated_at.desc(), declarations.c.id.desc())
    ).all()
    return tuple(
        DeclarationSummary(
            row.id,
            row.title,
            tuple(row.languages),
            row.version,
            int(row.total or 0),
            int(row.open or 0),
            row.updated_at,
        )
        for row in rows
    )


def add_language(
    conn: Connection,
    *,
    declaration_id: int,
    declaration: Declaration,
    now: datetime,
) -> None:
    """Store the texts and wordings of a declaration that gained a language."""
    conn.execute(
        declarations.update()
        .where(declarations.c.id == declaration_id)
        .values(
            title=dict(declaration.title), languages=list(declaration.languages), updated_at=now
        )
    )
    for part in declaration.parts:
        conn.execute(
            declaration_parts.update()
            .where(
                declaration_parts.c.declaration_id == declaration_id,
                declaration_parts.c.number == part.number,
            )
            .values(texts=dict(part.texts))
        )
    for amendment in declaration.amendments:
        conn.execute(
            amendments.update()
            .where(amendments.c.declaration_id == declaration_id, amendments.c.key == amendment.id)
            .values(wordings=_wordings(amendment))
        )


def add_amendment(
    conn: Connection, *, declaration_id: int, amendment: Amendment, now: datetime
) -> None:
    """Store one more amendment."""
    conn.execute(amendments.insert().values(**_amendment_row(declaration_id, amendment)))
    conn.execute(
        declarations.update().where(declarations.c.id == declaration_id).values(updated_at=now)
    )


def save_decisions(
    conn: Connection,
    *,
    declaration_id: int,
    changed: Sequence[Amendment],
    now: datetime,
) -> None:
    """Store the new status of each amendment in ``changed`` and record each decision."""
    for amendment in changed:
        conn.execute(
            amendments.update()
            .where(amendments.c.declaration_id == declaration_id, amendments.c.key == amendment.id)
            .values(
                status=amendment.status.value,
                decided_by=amendment.decided_by,
                decided_at=amendment.decided_at,
                decision_note=amendment.decision_note,
                preempted_by=amendment.preempted_by,
            )
        )
    if changed:
        conn.execute(
            amendment_decisions.insert(),
            [
                {
                    "declaration_id": declaration_id,
                    "amendment_key": a.id,
                    "status": a.status.value,
                    "preempted_by": a.preempted_by,
                    "note": a.decision_note,
                    "decided_by": a.decided_by or "",
                    "decided_at": a.decided_at or now,
                }
                for a in changed
            ],
        )
    conn.execute(
        declarations.update().where(declarations.c.id == declaration_id).values(updated_at=now)
    )


def decisions_of(conn: Connection, *, declaration_id: int) -> tuple[Decision, ...]:
    """Every decision taken on the declaration's amendments, oldest first."""
    rows = conn.execute(
        sa.select(amendment_decisions)
        .where(amendment_decisions.c.declaration_id == declaration_id)
        .order_by(amendment_decisions.c.id)
    ).all()
    return tuple(
        Decision(
            row.amendment_key,
            AmendmentStatus(row.status),
            row.preempted_by,
            row.note,
            row.decided_by,
            row.decided_at,
        )
        for row in rows
    )

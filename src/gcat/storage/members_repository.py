"""Repository of the imported member list: keyword-only, on a connection the caller owns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from gcat.core.members import Member
from gcat.storage.schema import member_list_imports, wco_members

__all__ = ["StoredMemberList", "load_member_list", "save_member_list"]


@dataclass(frozen=True, slots=True)
class StoredMemberList:
    """The member list in force, as imported: from which file, when, by whom."""

    id: int
    filename: str
    imported_at: datetime
    imported_by: str
    members: tuple[Member, ...]


def save_member_list(
    conn: sa.Connection,
    *,
    members: Sequence[Member],
    filename: str,
    when: datetime,
    by: str,
) -> int:
    """Record an import of ``members`` (none: back to the packaged list); its id."""
    import_id = int(
        conn.execute(
            member_list_imports.insert().values(
                filename=filename, member_count=len(members), imported_at=when, imported_by=by
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    )
    if members:
        conn.execute(
            wco_members.insert(),
            [
                {
                    "import_id": import_id,
                    "position": position,
                    "name": member.name,
                    "code": member.code,
                    "region": member.region,
                    "names": dict(member.names),
                    "aliases": list(member.aliases),
                    "special": member.special,
                }
                for position, member in enumerate(members)
            ],
        )
    return import_id


def load_member_list(conn: sa.Connection) -> StoredMemberList | None:
    """The latest import, or None when there is none or it went back to the packaged list."""
    latest = conn.execute(
        sa.select(member_list_imports).order_by(member_list_imports.c.id.desc()).limit(1)
    ).first()
    if latest is None or latest.member_count == 0:
        return None
    rows = conn.execute(
        sa.select(wco_members)
        .where(wco_members.c.import_id == latest.id)
        .order_by(wco_members.c.position)
    )
    members = tuple(
        Member(
            name=row.name,
            code=row.code,
            region=row.region,
            names=dict(row.names),
            aliases=tuple(row.aliases),
            special=row.special,
        )
        for row in rows
    )
    return StoredMemberList(
        latest.id, latest.filename, latest.imported_at, latest.imported_by, members
    )

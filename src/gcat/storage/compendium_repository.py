"""Repository of the Compendium pack a member's app imported: its published practices."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from gcat.storage.schema import compendium_entries, compendium_packs

__all__ = ["pack_practices", "replace_pack"]


def replace_pack(
    conn: sa.Connection,
    *,
    sha256: str,
    built_at: datetime,
    practices: Sequence[Mapping[str, Any]],
    when: datetime,
    by: str,
) -> bool:
    """Keep the pack ``sha256`` in place of any earlier one; False when it is already there."""
    known = conn.execute(
        sa.select(compendium_packs.c.id).where(compendium_packs.c.sha256 == sha256)
    ).first()
    if known is not None:
        return False
    conn.execute(compendium_entries.delete())
    conn.execute(compendium_packs.delete())
    pack_id = conn.execute(
        compendium_packs.insert().values(
            sha256=sha256,
            built_at=built_at,
            practice_count=len(practices),
            imported_at=when,
            imported_by=by,
        )
    ).inserted_primary_key[0]  # type: ignore[index]
    if practices:
        conn.execute(
            compendium_entries.insert(),
            [
                {"pack_id": pack_id, "practice_id": item["id"], "data": dict(item)}
                for item in practices
            ],
        )
    return True


def pack_practices(conn: sa.Connection) -> list[dict[str, Any]]:
    """The practices of the imported pack, in pack order (none when no pack was imported)."""
    rows = conn.execute(sa.select(compendium_entries.c.data).order_by(compendium_entries.c.id))
    return [dict(row.data) for row in rows]

"""Use-cases on the member list: read the list in force, import the Secretariat's own, reset."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from gcat.core.members import MemberList
from gcat.errors import InputError, Problem
from gcat.members import load_members, packaged_members
from gcat.members.importer import read_member_file
from gcat.policy.access import Actor, Right, require
from gcat.storage.db import write_transaction
from gcat.storage.members_repository import save_member_list

__all__ = ["import_member_list", "member_list", "reset_member_list"]


def member_list(actor: Actor, engine: sa.Engine) -> MemberList:
    """The member list in force: the Secretariat's latest import, else the packaged list."""
    require(actor, Right.READ)
    return load_members(engine)


def import_member_list(actor: Actor, engine: sa.Engine, data: bytes, filename: str) -> MemberList:
    """Replace the member list with the one in ``data`` (CSV or XLSX named ``filename``).

    Every row is checked first; nothing is stored when one is wrong.
    """
    require(actor, Right.SECRETARIAT)
    packaged = packaged_members()
    entries = read_member_file(data, filename, packaged)
    try:
        MemberList(
            [entry for entry in entries if not entry.special],
            packaged.regions,
            [entry for entry in entries if entry.special],
        )
    except ValueError as exc:
        raise InputError(
            [Problem("members.ambiguous", {"reason": str(exc)[:160]}, source=filename)]
        ) from exc
    with write_transaction(engine) as conn:
        save_member_list(
            conn, members=entries, filename=filename[-200:], when=datetime.now(UTC), by=actor.name
        )
    return load_members(engine)


def reset_member_list(actor: Actor, engine: sa.Engine) -> MemberList:
    """Go back to the packaged member list (the imports stay in the history)."""
    require(actor, Right.SECRETARIAT)
    with write_transaction(engine) as conn:
        save_member_list(conn, members=(), filename="", when=datetime.now(UTC), by=actor.name)
    return packaged_members()

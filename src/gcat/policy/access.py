"""Actors and their rights: the one place that decides who may see and do what.

Every service function takes an :class:`Actor` first. In local mode the app has one built-in
actor with every right (:func:`local_actor`); in server mode the actor is the logged-in user,
whose data is scoped to their administration. A user of one administration never sees another's
data: services answer "not found" rather than "forbidden", so that existence is not leaked.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gcat.errors import ForbiddenError, InputError, NotFoundError, Problem

__all__ = [
    "Actor",
    "Right",
    "Role",
    "can",
    "local_actor",
    "require",
    "require_visible",
    "sees_administration",
]


class Role(StrEnum):
    """What a user is for."""

    LOCAL = "local"
    """The single user of a laptop install: every right, every administration."""
    RESPONDENT = "respondent"
    """Fills in their administration's assessments and practices."""
    VALIDATOR = "validator"
    """A respondent who can also lock an assessment and submit it to the Secretariat."""
    VIEWER = "viewer"
    """Reads their administration's data only."""
    SECRETARIAT = "secretariat"
    """Reads every submitted item, runs the Secretariat modules, sees aggregates."""
    ADMIN = "admin"
    """Manages users."""


class Right(StrEnum):
    """A kind of action a service checks before acting."""

    READ = "read"
    """Read the data of an administration the actor sees."""
    EDIT = "edit"
    """Create and change assessments, answers, evidence and practices."""
    VALIDATE = "validate"
    """Lock an assessment and submit it."""
    SECRETARIAT = "secretariat"
    """Run the Secretariat modules: practices review, compendium, surveys, action plan,
    declarations, aggregates."""
    MANAGE_USERS = "manage_users"
    """Add, change and disable user accounts."""
    AUDIT = "audit"
    """Search the audit log."""
    BACKUP = "backup"
    """Back up the whole database, and restore it (which replaces everything): the laptop's
    local actor only; a server is backed up with ``gcat db backup`` (PostgreSQL's tools)."""


_RIGHTS: dict[Role, frozenset[Right]] = {
    Role.LOCAL: frozenset(Right),
    Role.RESPONDENT: frozenset({Right.READ, Right.EDIT}),
    Role.VALIDATOR: frozenset({Right.READ, Right.EDIT, Right.VALIDATE}),
    Role.VIEWER: frozenset({Right.READ}),
    Role.SECRETARIAT: frozenset({Right.READ, Right.SECRETARIAT, Right.AUDIT}),
    Role.ADMIN: frozenset({Right.MANAGE_USERS, Right.AUDIT}),
}


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: a name for the audit trail, a role, and the administration they belong to.

    ``administration_id`` is None for actors who are not bound to one administration (the
    local user, the Secretariat, an admin). ``address`` is where the request came from (the
    audit log's "from where"; empty on the command line).
    """

    name: str
    role: Role
    administration_id: int | None = None
    user_id: int | None = None
    address: str = ""

    @property
    def rights(self) -> frozenset[Right]:
        """What the actor may do."""
        return _RIGHTS[self.role]


def local_actor(name: str = "") -> Actor:
    """The built-in actor of local mode, recorded in the history under ``name``."""
    return Actor(name=name, role=Role.LOCAL)


def can(actor: Actor, right: Right) -> bool:
    """Whether ``actor`` has ``right``."""
    return right in actor.rights


def require(actor: Actor, right: Right) -> None:
    """Raise :class:`ForbiddenError` unless ``actor`` has ``right``.

    A change (an edit, a sign-off, a consensus decision) is recorded under the actor's name, so
    an actor without one may not make any:
    :class:`InputError` on the field ``author`` (the app then asks the officer's name; it never
    falls back to the computer's account).
    """
    if right not in actor.rights:
        raise ForbiddenError("access.forbidden", right=right.value)
    if right in (Right.EDIT, Right.VALIDATE) and not actor.name.strip():
        raise InputError([Problem("access.name_needed", {}, field="author")])


def sees_administration(actor: Actor, administration_id: int) -> bool:
    """Whether ``actor`` may see the data of administration ``administration_id``.

    The local actor sees everything on its laptop. Members' users see their own
    administration only; the Secretariat's access to members' data goes through submissions.
    """
    if actor.role is Role.LOCAL:
        return True
    return actor.administration_id is not None and actor.administration_id == administration_id


def require_visible(actor: Actor, administration_id: int, code: str, **params: object) -> None:
    """Raise :class:`NotFoundError` (``code``) when ``actor`` may not see the administration."""
    if not sees_administration(actor, administration_id):
        raise NotFoundError(code, **params)

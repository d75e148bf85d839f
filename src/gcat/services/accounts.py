"""Accounts of server mode: users and roles, passwords, logins with lock-out, sessions.

- Passwords are hashed with argon2id (:data:`HASH_PARAMETERS`), at least ``MIN_PASSWORD``
  characters; a password or user name over its limit is refused before any hashing.
- A login that fails is written to the audit log; the log is also the lock-out counter, shared
  by every worker process: ``login_max_failures`` failures for one user name (since its last
  successful login) or six times as many from one address within ``login_lockout_minutes``,
  and further logins are refused (429) until that time has passed, the right password
  included. An unknown user name counts like a known one, so that the answers never tell
  which names exist.
- Sessions are server-side. The cookie holds a random token signed with the secret key
  (itsdangerous); the database keeps only its SHA-256, the user and the session's CSRF token.
  Every login makes a new session (a token chosen by someone else is never adopted); a session
  ends at logout, after ``session_idle_minutes`` without a request, after
  ``session_max_hours``, or when its user is disabled.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache, cached_property

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeSerializer

from gcat.core.accounts import SessionRecord, UserRecord
from gcat.core.text import clean_line
from gcat.errors import (
    ConflictError,
    ForbiddenError,
    InputError,
    NotAuthenticatedError,
    NotFoundError,
    Problem,
    RateLimitedError,
)
from gcat.limits import MAX_PASSWORD, MAX_USERNAME, MIN_PASSWORD
from gcat.members import load_members, match_member
from gcat.policy.access import Actor, Right, Role, require
from gcat.services import audit
from gcat.settings import Settings
from gcat.storage import accounts_repository as repo
from gcat.storage import audit_repository as audit_repo
from gcat.storage.db import write_transaction

__all__ = [
    "HASH_PARAMETERS",
    "MEMBER_ROLES",
    "ROLE_LABELS",
    "USER_ROLES",
    "LoginResult",
    "SessionPolicy",
    "add_user",
    "change_user",
    "check_password",
    "list_users",
    "login",
    "logout",
    "resolve_session",
    "session_actor",
    "session_actor_of",
]

USER_ROLES = (Role.RESPONDENT, Role.VALIDATOR, Role.VIEWER, Role.SECRETARIAT, Role.ADMIN)
"""The roles an account can have (the local role belongs to the laptop install only)."""
MEMBER_ROLES = frozenset({Role.RESPONDENT, Role.VALIDATOR, Role.VIEWER})
"""Roles bound to one administration."""
ROLE_LABELS = {
    "local": "role.local",
    "respondent": "role.respondent",
    "validator": "role.validator",
    "viewer": "role.viewer",
    "secretariat": "role.secretariat",
    "admin": "role.admin",
}
"""The message code naming each role."""
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]*$")
_TOUCH_EVERY = timedelta(seconds=60)
"""A session's last activity is written at most this often (the idle timeout's precision)."""
IP_FACTOR = 6
"""An address may fail this many times more than one user name before it is locked out."""


HASH_PARAMETERS = (2, 19456, 1)
"""argon2id time cost, memory (KiB) and lanes: OWASP's recommended minimum (two passes over
19 MiB, one lane), about 0.05 s a hash on one core of an office machine."""


@cache
def _hasher() -> PasswordHasher:
    time_cost, memory_cost, parallelism = HASH_PARAMETERS
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


@cache
def _dummy_hash() -> str:
    """A hash to verify against when the user does not exist (the same time either way)."""
    return _hasher().hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class SessionPolicy:
    """How sessions and logins behave (from the settings)."""

    secret_key: str
    idle: timedelta = timedelta(minutes=30)
    max_age: timedelta = timedelta(hours=12)
    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=15)

    @classmethod
    def from_settings(cls, settings: Settings) -> SessionPolicy:
        """The policy the settings describe."""
        return cls(
            secret_key=settings.secret_key,
            idle=timedelta(minutes=settings.session_idle_minutes),
            max_age=timedelta(hours=settings.session_max_hours),
            max_failures=settings.login_max_failures,
            lockout=timedelta(minutes=settings.login_lockout_minutes),
        )

    @cached_property
    def _signer(self) -> URLSafeSerializer:
        return URLSafeSerializer(self.secret_key, salt="gcat-session")

    def sign(self, token: str) -> str:
        """The cookie value carrying ``token``."""
        return str(self._signer.dumps(token))

    def unsign(self, cookie: str) -> str | None:
        """The token in a cookie signed with this secret; None for anything else."""
        try:
            token = self._signer.loads(cookie)
        except BadSignature:
            return None
        return token if isinstance(token, str) and len(token) <= 100 else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _invalid(field: str, code: str, **params: object) -> InputError:
    return InputError([Problem(code, dict(params), field=field)])


def _username(value: str, field: str = "username") -> str:
    if len(value) > MAX_USERNAME:
        raise _invalid(field, "check.text_too_long", limit=MAX_USERNAME)
    name = clean_line(value).lower()
    if not name:
        raise _invalid(field, "accounts.empty_credentials")
    if not _USERNAME.match(name):
        raise _invalid(field, "accounts.bad_username")
    return name


def check_password(password: str, username: str = "") -> None:
    """Refuse a password that is too short, too long, or the user name itself."""
    if len(password) > MAX_PASSWORD:
        raise _invalid("password", "check.text_too_long", limit=MAX_PASSWORD)
    if len(password) < MIN_PASSWORD:
        raise _invalid("password", "accounts.password_too_short", minimum=MIN_PASSWORD)
    if username and password.strip().lower() == username.lower():
        raise _invalid("password", "accounts.password_is_username")


def _role(value: str) -> Role:
    try:
        role = Role(value.strip().lower())
    except ValueError:
        role = Role.LOCAL
    if role not in USER_ROLES:
        raise _invalid(
            "role", "accounts.bad_role", roles=", ".join(role.value for role in USER_ROLES)
        )
    return role


def _administration(
    conn: sa.Connection, engine: sa.Engine, role: Role, administration: str | None, now: datetime
) -> int | None:
    """The administration a user of ``role`` belongs to (a WCO Member's), found or created."""
    given = clean_line(administration or "")
    if role in MEMBER_ROLES:
        if not given:
            raise _invalid("administration", "accounts.needs_administration", role=role.value)
        member = match_member(given, load_members(engine), field="administration")
        return repo.administration_for_member(
            conn, name=member.name, member_code=member.key, now=now
        )
    if given:
        raise _invalid("administration", "accounts.no_administration", role=role.value)
    return None


def _found(conn: sa.Connection, username: str) -> UserRecord:
    user = repo.get_user(conn, username=_username(username))
    if user is None:
        raise NotFoundError("accounts.not_found", username=username[:MAX_USERNAME])
    return user


def add_user(
    actor: Actor,
    engine: sa.Engine,
    *,
    username: str,
    password: str,
    role: str,
    administration: str | None = None,
) -> UserRecord:
    """Create an account (admin). Member roles need the WCO Member they work for."""
    require(actor, Right.MANAGE_USERS)
    name = _username(username)
    check_password(password, name)
    chosen = _role(role)
    password_hash = _hasher().hash(password)
    now = _now()
    with write_transaction(engine) as conn:
        if repo.get_user(conn, username=name) is not None:
            raise ConflictError("accounts.duplicate", username=name)
        administration_id = _administration(conn, engine, chosen, administration, now)
        repo.add_user(
            conn,
            username=name,
            password_hash=password_hash,
            role=chosen.value,
            administration_id=administration_id,
            now=now,
        )
        user = _found(conn, name)
        audit.record(
            conn,
            actor,
            "user_added",
            target=name,
            detail={"role": chosen.value, "administration": user.administration},
            now=now,
        )
    return user


def change_user(
    actor: Actor,
    engine: sa.Engine,
    username: str,
    *,
    role: str | None = None,
    administration: str | None = None,
    disabled: bool | None = None,
    password: str | None = None,
) -> UserRecord:
    """Change a user's role (and administration), disable or enable them, or set a new
    password (admin). Disabling, a new role or a new password ends the user's sessions."""
    require(actor, Right.MANAGE_USERS)
    now = _now()
    with write_transaction(engine) as conn:
        user = _found(conn, username)
        if actor.user_id is not None and actor.user_id == user.id and disabled:
            raise ForbiddenError("accounts.not_yourself")
        values: dict[str, object] = {}
        events: list[tuple[str, dict[str, object]]] = []
        if role is not None:
            chosen = _role(role)
            given = administration if administration is not None else user.administration
            administration_id = _administration(
                conn, engine, chosen, given if chosen in MEMBER_ROLES else None, now
            )
            if chosen.value != user.role or administration_id != user.administration_id:
                values.update(role=chosen.value, administration_id=administration_id)
                events.append(
                    (
                        "role_changed",
                        {"from": user.role, "to": chosen.value, "administration": given or None},
                    )
                )
        if disabled is not None and disabled != user.disabled:
            values["disabled"] = disabled
            events.append(("user_disabled" if disabled else "user_enabled", {}))
        if password is not None:
            check_password(password, user.username)
            values["password_hash"] = _hasher().hash(password)
            events.append(("password_changed", {}))
        if values:
            repo.update_user(conn, user_id=user.id, now=now, **values)
            repo.delete_sessions_of(conn, user_id=user.id)
        for event, detail in events:
            audit.record(conn, actor, event, target=user.username, detail=detail, now=now)
        return _found(conn, user.username)


def list_users(actor: Actor, engine: sa.Engine) -> list[UserRecord]:
    """Every account (admin)."""
    require(actor, Right.MANAGE_USERS)
    with engine.connect() as conn:
        return repo.list_users(conn)


@dataclass(frozen=True, slots=True)
class LoginResult:
    """A new session: the value of its cookie and the session itself."""

    cookie: str
    session: SessionRecord


def _lockout(conn: sa.Connection, policy: SessionPolicy, name: str, address: str) -> bool:
    now = _now()
    window = now - policy.lockout
    last_ok = audit_repo.last_event_time(conn, event="login", username=name)
    since = max(window, last_ok) if last_ok is not None else window
    by_name = audit_repo.count_events(conn, event="login_failed", username=name, since=since)
    if by_name >= policy.max_failures:
        return True
    by_address = audit_repo.count_events(conn, event="login_failed", address=address, since=window)
    return bool(address) and by_address >= policy.max_failures * IP_FACTOR


def login(
    engine: sa.Engine, policy: SessionPolicy, *, username: str, password: str, address: str
) -> LoginResult:
    """Check a user name and password and open a new session.

    NotAuthenticatedError for a wrong name or password or a disabled account (one message for
    all three), RateLimitedError while locked out, InputError for empty or oversized
    credentials (nothing hashed, nothing counted).
    """
    if len(password) > MAX_PASSWORD:
        raise _invalid("password", "check.text_too_long", limit=MAX_PASSWORD)
    name = _username(username)
    if not password:
        raise _invalid("password", "accounts.empty_credentials")
    address = address[:64]
    with engine.connect() as conn:
        locked = _lockout(conn, policy, name, address)
        user = None if locked else repo.get_user(conn, username=name)
        stored = repo.password_hash_of(conn, user_id=user.id) if user is not None else None
    if locked:
        with write_transaction(engine) as conn:
            audit.record(conn, None, "login_refused", username=name, address=address, target=name)
        raise RateLimitedError("session.locked", minutes=int(policy.lockout.total_seconds() // 60))
    valid = _verify(stored or _dummy_hash(), password) and stored is not None
    if user is None or not valid or user.disabled:
        reason = "unknown_user" if user is None else "disabled" if valid else "wrong_password"
        with write_transaction(engine) as conn:
            audit.record(
                conn,
                None,
                "login_failed",
                username=name,
                address=address,
                target=name,
                detail={"reason": reason},
            )
        raise NotAuthenticatedError("session.bad_credentials")
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    now = _now()
    assert stored is not None
    with write_transaction(engine) as conn:
        session_id = repo.create_session(
            conn,
            token_hash=_token_hash(token),
            user_id=user.id,
            csrf_token=csrf,
            address=address,
            now=now,
        )
        repo.record_login(conn, user_id=user.id, now=now)
        if _hasher().check_needs_rehash(stored):
            repo.update_user(conn, user_id=user.id, now=now, password_hash=_hasher().hash(password))
        audit.record(conn, session_actor_of(user, address), "login", target=user.username, now=now)
        repo.delete_stale_sessions(
            conn, idle_before=now - policy.idle, created_before=now - policy.max_age
        )
    return LoginResult(policy.sign(token), SessionRecord(session_id, user, csrf, now, now))


def _verify(stored: str, password: str) -> bool:
    try:
        return bool(_hasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


def resolve_session(
    engine: sa.Engine, policy: SessionPolicy, cookie: str | None
) -> SessionRecord | None:
    """The live session a cookie names; None when it is absent, forged, signed with another
    secret, ended, idle too long, too old or its user disabled (an ended one is removed)."""
    token = policy.unsign(cookie) if cookie else None
    if token is None:
        return None
    with engine.connect() as conn:
        found = repo.session_by_token(conn, token_hash=_token_hash(token))
    if found is None:
        return None
    now = _now()
    expired = now - found.last_seen_at > policy.idle or now - found.created_at > policy.max_age
    if expired or found.user.disabled:
        with write_transaction(engine) as conn:
            repo.delete_session(conn, session_id=found.id)
        return None
    if now - found.last_seen_at > _TOUCH_EVERY:
        with write_transaction(engine) as conn:
            repo.touch_session(conn, session_id=found.id, now=now)
    return found


def logout(engine: sa.Engine, session: SessionRecord, address: str) -> None:
    """End a session."""
    with write_transaction(engine) as conn:
        repo.delete_session(conn, session_id=session.id)
        audit.record(conn, session_actor(session, address), "logout", target=session.user.username)


def session_actor_of(user: UserRecord, address: str = "") -> Actor:
    """The actor a user acts as."""
    return Actor(
        name=user.username,
        role=Role(user.role),
        administration_id=user.administration_id,
        user_id=user.id,
        address=address,
    )


def session_actor(session: SessionRecord, address: str = "") -> Actor:
    """The actor of a session's user."""
    return session_actor_of(session.user, address)

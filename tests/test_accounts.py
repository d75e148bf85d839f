"""Accounts, sessions and the audit log, through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from gcat.errors import (
    ConflictError,
    ForbiddenError,
    InputError,
    NotAuthenticatedError,
    NotFoundError,
    RateLimitedError,
    UnknownMemberError,
)
from gcat.policy.access import Actor, Role, local_actor
from gcat.services import accounts, audit
from gcat.services.accounts import SessionPolicy
from gcat.storage.schema import sessions

OPERATOR = local_actor("operator")
PASSWORD = "correct horse battery staple"
POLICY = SessionPolicy(secret_key="s" * 8 + "0123456789abcdefghijklmnopqrstuvwxyz")


@pytest.fixture
def people(engine: sa.Engine, fast_passwords: None) -> sa.Engine:
    accounts.add_user(OPERATOR, engine, username="admin", password=PASSWORD, role="admin")
    accounts.add_user(
        OPERATOR, engine, username="ana", password=PASSWORD, role="validator", administration="SEN"
    )
    return engine


def test_member_roles_belong_to_a_wco_member(people: sa.Engine) -> None:
    (ana,) = [u for u in accounts.list_users(OPERATOR, people) if u.username == "ana"]
    assert (ana.role, ana.administration, ana.member_code) == ("validator", "Senegal", "SEN")
    with pytest.raises(InputError) as needs:
        accounts.add_user(OPERATOR, people, username="bo", password=PASSWORD, role="viewer")
    assert needs.value.code == "accounts.needs_administration"
    with pytest.raises(InputError) as none:
        accounts.add_user(
            OPERATOR,
            people,
            username="sec",
            password=PASSWORD,
            role="secretariat",
            administration="Peru",
        )
    assert none.value.code == "accounts.no_administration"
    with pytest.raises(UnknownMemberError):
        accounts.add_user(
            OPERATOR,
            people,
            username="v",
            password=PASSWORD,
            role="viewer",
            administration="Valdoria",
        )
    other = accounts.add_user(
        OPERATOR, people, username="sn2", password=PASSWORD, role="viewer", administration="Sénégal"
    )
    assert other.administration_id == ana.administration_id


@pytest.mark.parametrize(
    ("username", "password", "role", "code"),
    [
        ("ana", PASSWORD, "viewer", "accounts.duplicate"),
        ("Has Space", PASSWORD, "admin", "accounts.bad_username"),
        ("x" * 101, PASSWORD, "admin", "check.text_too_long"),
        ("new", "short", "admin", "accounts.password_too_short"),
        ("new", "p" * 257, "admin", "check.text_too_long"),
        ("newadmin1234", "newadmin1234", "admin", "accounts.password_is_username"),
        ("new", PASSWORD, "local", "accounts.bad_role"),
        ("new", PASSWORD, "root", "accounts.bad_role"),
    ],
)
def test_bad_accounts_are_refused(
    people: sa.Engine, username: str, password: str, role: str, code: str
) -> None:
    with pytest.raises((InputError, ConflictError)) as refused:
        accounts.add_user(OPERATOR, people, username=username, password=password, role=role)
    assert refused.value.code == code
    assert len(accounts.list_users(OPERATOR, people)) == 2


def test_only_an_admin_manages_users(people: sa.Engine) -> None:
    member = Actor("ana", Role.VALIDATOR, administration_id=1)
    secretariat = Actor("sec", Role.SECRETARIAT)
    for actor in (member, secretariat):
        with pytest.raises(ForbiddenError):
            accounts.list_users(actor, people)
        with pytest.raises(ForbiddenError):
            accounts.add_user(actor, people, username="x", password=PASSWORD, role="admin")


def test_login_session_and_logout(people: sa.Engine) -> None:
    result = accounts.login(people, POLICY, username=" ANA ", password=PASSWORD, address="10.0.0.9")
    found = accounts.resolve_session(people, POLICY, result.cookie)
    assert found is not None and found.user.username == "ana"
    actor = accounts.session_actor(found, "10.0.0.9")
    assert (actor.role, actor.administration_id, actor.address) == (
        Role.VALIDATOR,
        found.user.administration_id,
        "10.0.0.9",
    )
    other = SessionPolicy(secret_key="another secret entirely, 0123456789")
    assert accounts.resolve_session(people, other, result.cookie) is None
    assert accounts.resolve_session(people, POLICY, result.cookie + "x") is None
    accounts.logout(people, found, "10.0.0.9")
    assert accounts.resolve_session(people, POLICY, result.cookie) is None
    events = [e.event for e in audit.search_log(OPERATOR, people).entries]
    assert events[:2] == ["logout", "login"]


def test_wrong_passwords_lock_the_name_for_a_while(people: sa.Engine) -> None:
    policy = SessionPolicy(secret_key=POLICY.secret_key, max_failures=3)
    for _ in range(3):
        with pytest.raises(NotAuthenticatedError):
            accounts.login(people, policy, username="ana", password="wrong guess 123", address="a")
    with pytest.raises(RateLimitedError) as locked:
        accounts.login(people, policy, username="ana", password=PASSWORD, address="b")
    assert locked.value.params == {"minutes": 15}
    with pytest.raises(RateLimitedError):  # unknown names are counted alike: nothing leaks
        for _ in range(4):
            with contextlib.suppress(NotAuthenticatedError):
                accounts.login(people, policy, username="ghost", password="x" * 12, address="c")
    admin = accounts.login(people, policy, username="admin", password=PASSWORD, address="a")
    assert admin.session.user.username == "admin"


def test_an_address_that_keeps_failing_is_locked_for_every_name(people: sa.Engine) -> None:
    policy = SessionPolicy(secret_key=POLICY.secret_key, max_failures=1)
    for n in range(accounts.IP_FACTOR):
        with pytest.raises(NotAuthenticatedError):
            accounts.login(people, policy, username=f"u{n}", password="x" * 12, address="6.6.6.6")
    with pytest.raises(RateLimitedError):
        accounts.login(people, policy, username="admin", password=PASSWORD, address="6.6.6.6")
    assert accounts.login(people, policy, username="admin", password=PASSWORD, address="7.7.7.7")


def test_sessions_end_when_idle_too_old_disabled_or_role_changed(people: sa.Engine) -> None:
    def stale(**ago: timedelta) -> None:
        values = {name: datetime.now(UTC) - delta for name, delta in ago.items()}
        with people.begin() as conn:
            conn.execute(sessions.update().values(**values))

    cookie = accounts.login(people, POLICY, username="ana", password=PASSWORD, address="").cookie
    stale(last_seen_at=timedelta(minutes=31))
    assert accounts.resolve_session(people, POLICY, cookie) is None
    cookie = accounts.login(people, POLICY, username="ana", password=PASSWORD, address="").cookie
    stale(created_at=timedelta(hours=13))
    assert accounts.resolve_session(people, POLICY, cookie) is None
    cookie = accounts.login(people, POLICY, username="ana", password=PASSWORD, address="").cookie
    accounts.change_user(OPERATOR, people, "ana", role="viewer")
    assert accounts.resolve_session(people, POLICY, cookie) is None
    cookie = accounts.login(people, POLICY, username="ana", password=PASSWORD, address="").cookie
    accounts.change_user(OPERATOR, people, "ana", disabled=True)
    assert accounts.resolve_session(people, POLICY, cookie) is None
    with pytest.raises(NotAuthenticatedError):
        accounts.login(people, POLICY, username="ana", password=PASSWORD, address="")
    events = {e.event for e in audit.search_log(OPERATOR, people).entries}
    assert {"role_changed", "user_disabled"} <= events


def test_an_admin_cannot_lock_themselves_out(people: sa.Engine) -> None:
    session = accounts.login(
        people, POLICY, username="admin", password=PASSWORD, address=""
    ).session
    actor = accounts.session_actor(session)
    with pytest.raises(ForbiddenError):
        accounts.change_user(actor, people, "admin", disabled=True)
    with pytest.raises(NotFoundError):
        accounts.change_user(actor, people, "nobody", disabled=True)


def test_passwords_are_argon2id_at_owasp_parameters(engine: sa.Engine) -> None:
    accounts.add_user(OPERATOR, engine, username="real", password=PASSWORD, role="admin")
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT password_hash FROM users")).scalar_one()
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert PASSWORD not in stored


def test_the_audit_log_is_append_only(people: sa.Engine) -> None:
    accounts.login(people, POLICY, username="ana", password=PASSWORD, address="1.2.3.4")
    for statement in ("UPDATE audit_log SET username = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(sa.exc.DatabaseError), people.begin() as conn:
            conn.execute(sa.text(statement))
    page = audit.search_log(OPERATOR, people, text="1.2.3")
    assert [(e.event, e.username, e.address) for e in page.entries] == [("login", "ana", "1.2.3.4")]
    assert audit.search_log(OPERATOR, people, event="user_added").total == 2
    with pytest.raises(ForbiddenError):
        audit.search_log(Actor("ana", Role.VALIDATOR, administration_id=1), people)

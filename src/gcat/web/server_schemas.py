"""JSON payloads of server mode: sessions, users, the audit log, submissions, the Secretariat."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from gcat.limits import MAX_NAME, MAX_PASSWORD, MAX_USERNAME

__all__ = [
    "AuditEntryPublic",
    "AuditPagePublic",
    "BatchReportPublic",
    "Login",
    "SessionPublic",
    "SubmissionPublic",
    "UserChange",
    "UserCreate",
    "UserPublic",
]

RoleName = Literal["respondent", "validator", "viewer", "secretariat", "admin"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Login(_Strict):
    """``POST /api/session``."""

    username: Annotated[str, Field(max_length=MAX_USERNAME)]
    password: Annotated[str, Field(max_length=MAX_PASSWORD)]


class SessionPublic(BaseModel):
    """Who is logged in, and the token every later change must carry in ``X-CSRF-Token``."""

    username: str
    role: str
    administration: str | None
    csrf_token: str


class UserPublic(BaseModel):
    """An account (never its password)."""

    username: str
    role: str
    administration: str | None
    disabled: bool
    created_at: datetime
    last_login_at: datetime | None


class UserCreate(_Strict):
    """``POST /api/users`` (admin)."""

    username: Annotated[str, Field(min_length=1, max_length=MAX_USERNAME)]
    password: Annotated[str, Field(max_length=MAX_PASSWORD)]
    role: RoleName
    administration: Annotated[str | None, Field(max_length=MAX_NAME)] = None


class UserChange(_Strict):
    """``PATCH /api/users/{username}`` (admin): what to change."""

    role: RoleName | None = None
    administration: Annotated[str | None, Field(max_length=MAX_NAME)] = None
    disabled: bool | None = None
    password: Annotated[str | None, Field(max_length=MAX_PASSWORD)] = None


class AuditEntryPublic(BaseModel):
    """One line of the audit log."""

    at: datetime
    event: str
    username: str
    role: str
    target: str
    detail: dict[str, Any]
    address: str


class AuditPagePublic(BaseModel):
    """A page of the audit log, newest first."""

    total: int
    offset: int
    entries: list[AuditEntryPublic]


class SubmissionPublic(BaseModel):
    """A submission's header (its snapshot is at ``/api/submissions/{id}/snapshot``)."""

    id: int
    administration: str
    member: str | None
    cycle: str
    framework: dict[str, str]
    status: str
    origin: str
    submitted_at: datetime
    submitted_by: str
    checksum: str


class BatchReportPublic(BaseModel):
    """What a batch import stored and refused."""

    accepted: list[dict[str, Any]]
    refused: list[dict[str, str]]

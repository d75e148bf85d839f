"""The survey's two tables turned into checked values: every problem is located.

``responses``: ``member``, ``responded`` (yes/no), ``consent_to_share`` (yes/no), optional
``date`` (YYYY-MM-DD) and ``contact_email``. ``initiatives``: ``member``, ``text``, optional
``lang`` (detected when missing) and ``id``. Members are matched to the member list
forgivingly (names in en/fr/es, ISO codes); an unknown name gets the closest ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from gcat.core.members import Member, MemberList
from gcat.core.survey import Response
from gcat.errors import InputError, Problem
from gcat.i18n import LANGUAGES
from gcat.limits import MAX_NAME, MAX_TEXT
from gcat.members import match_member
from gcat.survey.tables import Table, read_tables

__all__ = ["ParsedInitiative", "ParsedSurvey", "parse_survey"]

YES = frozenset({"yes", "y", "true", "1", "oui", "o", "si", "sí", "s"})
NO = frozenset({"no", "n", "false", "0", "non"})
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
RESPONSE_COLUMNS = ("member", "responded", "consent_to_share")
INITIATIVE_COLUMNS = ("member", "text")


@dataclass(frozen=True, slots=True)
class ParsedInitiative:
    """An initiative row: its id (given, or member and position), member, text and language."""

    ref: str
    member_key: str
    text: str
    lang: str | None


@dataclass(frozen=True, slots=True)
class ParsedSurvey:
    """What the files hold, checked."""

    responses: tuple[Response, ...]
    initiatives: tuple[ParsedInitiative, ...]
    responses_file: str
    initiatives_file: str | None


def _bad(
    code: str, table: Table, line: int | None, field: str | None = None, **params: object
) -> InputError:
    return InputError([Problem(code, dict(params), source=table.source, line=line, field=field)])


def _require_columns(table: Table, names: tuple[str, ...]) -> None:
    missing = [name for name in names if name not in table.columns]
    if missing:
        raise _bad("survey.missing_columns", table, 1, columns=", ".join(missing))


def _yes_no(table: Table, line: int, field: str, value: str, default: bool | None = None) -> bool:
    word = value.strip().lower()
    if not word and default is not None:
        return default
    if word in YES:
        return True
    if word in NO:
        return False
    raise _bad("survey.bad_yes_no", table, line, field, value=value[:40])


def _member(table: Table, line: int, value: str, members: MemberList, lang: str) -> Member:
    if not value.strip():
        raise _bad("check.empty_text", table, line, "member")
    found = match_member(value, members, lang=lang, source=table.source, line=line, field="member")
    if found.special:
        raise _bad("survey.not_member", table, line, "member", name=found.name_in(lang))
    return found


def _responses(table: Table, members: MemberList, lang: str) -> list[Response]:
    _require_columns(table, RESPONSE_COLUMNS)
    seen: dict[str, int] = {}
    out = []
    for line, row in table.rows:
        member = _member(table, line, row["member"], members, lang)
        if member.key in seen:
            raise _bad(
                "survey.duplicate_member",
                table,
                line,
                "member",
                name=member.name_in(lang),
                first=seen[member.key],
            )
        seen[member.key] = line
        responded = _yes_no(table, line, "responded", row["responded"])
        consent = _yes_no(table, line, "consent_to_share", row["consent_to_share"], default=False)
        if consent and not responded:
            raise _bad("survey.consent_without_response", table, line, "consent_to_share")
        when = None
        if row.get("date", "").strip():
            try:
                when = date.fromisoformat(row["date"].strip()[:10])
            except ValueError:
                raise _bad("survey.bad_date", table, line, "date", value=row["date"][:40]) from None
        email = row.get("contact_email", "").strip() or None
        if email is not None and (len(email) > MAX_NAME or not _EMAIL.match(email)):
            raise _bad("survey.bad_email", table, line, "contact_email", value=email[:80])
        out.append(Response(member.key, responded, consent, when, email))
    if not out:
        raise _bad("survey.no_rows", table, None)
    return out


def _initiatives(
    table: Table, members: MemberList, responded: set[str], lang: str
) -> list[ParsedInitiative]:
    _require_columns(table, INITIATIVE_COLUMNS)
    refs: set[str] = set()
    per_member: dict[str, int] = {}
    out = []
    for line, row in table.rows:
        member = _member(table, line, row["member"], members, lang)
        if member.key not in responded:
            raise _bad(
                "survey.initiative_without_response",
                table,
                line,
                "member",
                name=member.name_in(lang),
            )
        text = row["text"].strip()
        if not text:
            raise _bad("check.empty_text", table, line, "text")
        if len(text) > MAX_TEXT:
            raise _bad("check.text_too_long", table, line, "text", limit=MAX_TEXT)
        given = row.get("lang", "").strip().lower() or None
        if given is not None and given not in LANGUAGES:
            raise _bad("check.bad_choice", table, line, "lang", choices=", ".join(LANGUAGES))
        per_member[member.key] = per_member.get(member.key, 0) + 1
        ref = row.get("id", "").strip() or f"{member.key}-{per_member[member.key]}"
        if len(ref) > MAX_NAME:
            raise _bad("check.text_too_long", table, line, "id", limit=MAX_NAME)
        if ref in refs:
            raise _bad("check.duplicate_id", table, line, "id", id=ref)
        refs.add(ref)
        out.append(ParsedInitiative(ref, member.key, text, given))
    return out


def parse_survey(
    responses: tuple[bytes, str],
    initiatives: tuple[bytes, str] | None,
    members: MemberList,
    lang: str = "en",
) -> ParsedSurvey:
    """Check both tables; ``initiatives`` may be None when the responses file is an XLSX
    holding both sheets."""
    tables = read_tables(*responses)
    response_table = tables.get("responses") or tables.get("")
    if response_table is None:
        raise InputError(
            [Problem("survey.missing_sheet", {"sheet": "responses"}, source=responses[1])]
        )
    initiative_table = tables.get("initiatives")
    initiatives_file = responses[1] if initiative_table else None
    if initiatives is not None:
        other = read_tables(*initiatives)
        initiative_table = other.get("initiatives") or other.get("")
        initiatives_file = initiatives[1]
    parsed = _responses(response_table, members, lang)
    responded = {r.member_key for r in parsed if r.responded}
    items = _initiatives(initiative_table, members, responded, lang) if initiative_table else []
    return ParsedSurvey(tuple(parsed), tuple(items), responses[1], initiatives_file)

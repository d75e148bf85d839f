"""The WCO Members as reference data: the packaged list, the Secretariat's override, matching.

::

    from gcat.members import load_members, match_member

    members = load_members()                 # the packaged list (186 Members, six regions)
    members = load_members(engine)           # the Secretariat's imported list, when there is one
    match_member("l'Indonésie").code         # 'IDN'
    match_member("Indonesia's delegation")   # the same Member
    match_member("Valdoria")                 # UnknownMemberError, with the closest names

The packaged list lives in ``members/data/wco-members.yaml``; its source note and date are in
the file and in :meth:`MemberList.source_note` and :attr:`MemberList.as_of`. The European Union,
listed apart, is matched by name but not counted among the Members.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from gcat.core.members import Member, MemberList, Region, name_key, proposer_key
from gcat.errors import Problem, UnknownMemberError

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = [
    "MEMBERS_SCHEMA",
    "Member",
    "MemberList",
    "Region",
    "load_members",
    "match_member",
    "name_key",
    "packaged_members",
    "proposer_key",
    "suggest_members",
]

MEMBERS_SCHEMA = "gcat-members/1"
_DATA_FILE = "wco-members.yaml"


def _entry(item: dict[str, Any], *, special: bool = False) -> Member:
    names = {lang: str(item[lang]) for lang in ("en", "fr", "es")}
    return Member(
        name=names["en"],
        code=item.get("code"),
        region=str(item["region"]),
        names=names,
        aliases=tuple(str(alias) for alias in item.get("aliases", ())),
        special=special,
    )


@cache
def packaged_members() -> MemberList:
    """The member list shipped with gcat (read once)."""
    text = resources.files(__package__).joinpath("data", _DATA_FILE).read_text("utf-8")
    data = yaml.safe_load(text)
    if data.get("schema") != MEMBERS_SCHEMA:
        raise ValueError(f"{_DATA_FILE}: schema must be {MEMBERS_SCHEMA}")
    regions = [
        Region(id=str(item["id"]), names=dict(item["names"]), short=dict(item["short"]))
        for item in data["regions"]
    ]
    return MemberList(
        [_entry(item) for item in data["members"]],
        regions,
        [_entry(item, special=True) for item in data.get("special", ())],
        version=str(data["version"]),
        as_of=str(data["as_of"]),
        source={lang: " ".join(str(text).split()) for lang, text in data["source"].items()},
    )


def load_members(engine: sa.Engine | None = None) -> MemberList:
    """The member list in force: the list the Secretariat imported into the database at
    ``engine`` when there is one (``gcat members import``), else the packaged list.

    Reference data, readable by anyone who can open the database: no actor is needed.
    """
    if engine is None:
        return packaged_members()
    from gcat.storage.members_repository import load_member_list

    with engine.connect() as conn:
        stored = load_member_list(conn)
    if stored is None:
        return packaged_members()
    packaged = packaged_members()
    return MemberList(
        [entry for entry in stored.members if not entry.special],
        packaged.regions,
        [entry for entry in stored.members if entry.special],
        version=f"import-{stored.id}",
        as_of=stored.imported_at.date().isoformat(),
        source={"en": stored.filename},
    )


def suggest_members(name: str, members: MemberList | None = None, limit: int = 3) -> list[Member]:
    """Up to ``limit`` entries whose names are closest to ``name`` ("did you mean")."""
    return (members or packaged_members()).suggest(name, limit)


def match_member(
    name: str,
    members: MemberList | None = None,
    *,
    lang: str = "en",
    source: str | None = None,
    line: int | None = None,
    field: str | None = None,
) -> Member:
    """The Member (or entry listed apart) that ``name`` names, matched forgivingly: case,
    accents, apostrophes, names in en/fr/es, ISO alpha-3 codes, common variants ("Korea",
    "Republic of Korea"), and running text such as "l'Indonésie" or "Indonesia's delegation".

    Raises :class:`~gcat.errors.UnknownMemberError` (located with ``source``, ``line`` and
    ``field``) naming the closest entries, with names shown in ``lang``.
    """
    members = members or packaged_members()
    found = members.find(name)
    if found is not None:
        return found
    suggestions = members.suggest(name)
    shown = name.strip()[:80]
    if suggestions:
        problem = Problem(
            "members.unknown",
            {"name": shown, "suggestions": ", ".join(m.name_in(lang) for m in suggestions)},
            source=source,
            line=line,
            field=field,
        )
    else:
        problem = Problem(
            "members.unknown_no_suggestion", {"name": shown}, source=source, line=line, field=field
        )
    raise UnknownMemberError([problem], suggestions)

"""Who proposed an amendment: a WCO Member, the Secretariat or a committee, by its English name.

"l'Indonésie", "Indonesia" and "Indonesia's delegation" are one Member; "le Secrétariat" is the
Secretariat. Members are matched by :mod:`gcat.members` (the packaged list, or the one the
Secretariat imported); the Secretariat and the committees come from ``data/bodies.yaml``, where
matching ignores case, accents, articles and words such as "delegation of".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources

import yaml

from gcat.core.bracket_notation import UnknownProposer
from gcat.members import MemberList, packaged_members

__all__ = [
    "Resolver",
    "body_names",
    "make_resolver",
    "match_key",
    "member_name",
    "proposer_name",
    "proposer_written",
]

Resolver = Callable[[str], str]

_ARTICLE = re.compile(r"^(?:the|le|la|les|el|los|las|l')\s*(?=\S)")
_DELEGATION_BEFORE = re.compile(
    r"^(?:delegation|delegacion)\s+(?:of|de la|de l'|del|de|du|des)\s*(?=\S)"
)
_DELEGATION_AFTER = re.compile(r"(?:'s)?\s+delegation$|'s$")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def match_key(name: str) -> str:
    """The form of ``name`` used for matching: no accents, case, articles or "delegation"."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    key = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    key = " ".join(key.replace("-", " ").split()).strip(" .,;:")
    while True:
        shorter = _DELEGATION_AFTER.sub("", _DELEGATION_BEFORE.sub("", _ARTICLE.sub("", key)))
        shorter = shorter.strip(" .,;:")
        if shorter == key:
            return key
        key = shorter


@cache
def _bodies() -> dict[str, str]:
    """Match key → English name, for the Secretariat and the committees."""
    text = resources.files(__package__).joinpath("data/bodies.yaml").read_text("utf-8")
    table: dict[str, str] = {}
    for body in yaml.safe_load(text)["bodies"]:
        for written in (body["name"], *body["names"].values(), *body.get("also", ())):
            table[match_key(str(written))] = str(body["name"])
    return table


def body_names() -> frozenset[str]:
    """The English names of the Secretariat and the committees."""
    return frozenset(_bodies().values())


@cache
def _body_texts() -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """English name → (names, written forms) by language, for the Secretariat and committees."""
    text = resources.files(__package__).joinpath("data/bodies.yaml").read_text("utf-8")
    return {
        str(body["name"]): (dict(body["names"]), dict(body["written"]))
        for body in yaml.safe_load(text)["bodies"]
    }


def _member_in(name: str, lang: str) -> str:
    member = packaged_members().find(name)
    return member.name_in(lang) if member is not None and member.name == name else name


def proposer_name(name: str, lang: str) -> str:
    """A proposer's name in ``lang``: "Secrétariat", "Indonésie", "República de Corea"."""
    found = _body_texts().get(name)
    return found[0].get(lang, name) if found else _member_in(name, lang)


def proposer_written(name: str, lang: str) -> str:
    """A proposer as a sentence names it in ``lang``: "le Secrétariat", "Indonésie"."""
    found = _body_texts().get(name)
    return found[1].get(lang, name) if found else _member_in(name, lang)


def member_name(name: str, members: MemberList | None = None) -> str | None:
    """The normalised English name of the WCO Member written ``name``, if there is one."""
    found = (members or packaged_members()).find(name)
    return found.name if found is not None else None


def make_resolver(
    members: MemberList | None = None, extra: Mapping[str, str] | None = None
) -> Resolver:
    """A resolver for the bracket notation: the Secretariat and committees, then the Members
    (``members``, by default the packaged list), then ``extra`` names (written form →
    normalised name; the demo's fictional Members use it)."""
    listed = members or packaged_members()
    more = {match_key(written): name for written, name in (extra or {}).items()}

    def resolve(name: str) -> str:
        key = match_key(name)
        found = _bodies().get(key) or member_name(name, listed) or more.get(key)
        if found is None:
            near = ", ".join(m.name for m in listed.suggest(name)) if len(name) < 120 else ""
            raise UnknownProposer(name, near)
        return found

    return resolve

"""Who proposed an amendment: a WCO Member, the Secretariat or a committee, by its English name.

"l'Indonésie", "Indonesia" and "Indonesia's delegation" are one Member; "le Secrétariat" is the
Secretariat. Matching ignores case, accents, articles and words such as "delegation of".
Members are matched through :func:`member_name`; the Secretariat and the committees come from
``data/bodies.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources

import yaml

from gcat.core.bracket_notation import UnknownProposer

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


def proposer_name(name: str, lang: str) -> str:
    """A proposer's name in ``lang`` ("Secrétariat"); a Member keeps its English name."""
    found = _body_texts().get(name)
    return found[0].get(lang, name) if found else name


def proposer_written(name: str, lang: str) -> str:
    """A proposer as a sentence names it in ``lang`` ("le Secrétariat", "Indonesia")."""
    found = _body_texts().get(name)
    return found[1].get(lang, name) if found else name


# Interim Member list: the branch that builds gcat.members (the full WCO membership with
# forgiving matching) replaces this table; member_name() is the one place that changes.
_INTERIM_MEMBERS = {
    "Indonesia": ("Indonesia", "Indonésie", "Republic of Indonesia", "République d'Indonésie"),
    "Republic of Korea": (
        "Republic of Korea",
        "Korea",
        "South Korea",
        "Corée",
        "République de Corée",
        "Corea",
        "República de Corea",
    ),
    "Azerbaijan": ("Azerbaijan", "Azerbaïdjan", "Azerbaiyán", "République d'Azerbaïdjan"),
}


@cache
def _members() -> dict[str, str]:
    return {
        match_key(alias): name for name, aliases in _INTERIM_MEMBERS.items() for alias in aliases
    }


def member_name(name: str) -> str | None:
    """The normalised English name of the WCO Member written ``name``, if there is one."""
    return _members().get(match_key(name))


def make_resolver(extra: Mapping[str, str] | None = None) -> Resolver:
    """A resolver for the bracket notation: bodies, then Members, then ``extra`` names
    (written form → normalised name; the demo's fictional Members use it)."""
    more = {match_key(written): name for written, name in (extra or {}).items()}

    def resolve(name: str) -> str:
        key = match_key(name)
        found = _bodies().get(key) or member_name(name) or more.get(key)
        if found is None:
            raise UnknownProposer(name)
        return found

    return resolve

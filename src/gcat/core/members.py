"""WCO Members and regions, and forgiving name matching (pure: the list comes in as values).

A name is matched after :func:`name_key` has folded case and accents, dropped apostrophes,
articles and small words ("l'Indonésie", "Indonesia's", "Côte d'Ivoire" and "Cote d Ivoire" all
fold to the same key). :meth:`MemberList.find` then tries, in order: an ISO 3166 alpha-3 code, the
folded name, an inverted name ("Korea, Republic of"), the name without the words that surround a
member in running text ("delegation", "customs", "proposed by"...), and the name without words
such as "Republic" or "Kingdom". :meth:`MemberList.suggest` gives the closest names for a
"did you mean" message.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "Member",
    "MemberList",
    "Region",
    "name_key",
    "proposer_key",
    "sorted_by_name",
]

_APOSTROPHES = "'’‘ʼ`´"
_WORD = re.compile(r"[a-z0-9]+")
_CODE = re.compile(r"^[A-Za-z]{3}$")


def _words(text: str) -> list[str]:
    return text.split()


_SMALL_WORDS = frozenset(_words("the of and l d s le la les de du des del el los las y et e da do"))
"""Articles, "and", "of" and the leftovers of elisions and possessives ("l'", "d'", "'s")."""
_SURROUNDING_WORDS = frozenset(
    _words(
        """
    delegation delegacion delegate delegue delegado customs douane douanes aduana aduanas
    administration administracion government gouvernement gobierno member membre miembro
    proposed proposee propose proposition propuesta propuesto by par por addition ajout adicion
    deletion suppression supresion amendment amendement enmienda national nationale nacional
    service services servicio servicios authority autorite autoridad revenue excise department
    departement departamento agency agence agencia general generale directorate direction
    direccion office bureau oficina from
    """
    )
)
"""Words around a Member's name in running text: "Indonesia's delegation", "ajout proposé par
l'Indonésie", "Korea Customs Service"."""
_STATE_WORDS = frozenset(
    _words(
        """
    republic republique republica kingdom royaume reino state etat estado federal federale
    federative federativa commonwealth sultanate sultanat sultanato principality principaute
    principado union
    """
    )
)
"""Words of a formal state name that people often add or drop ("Republic of Indonesia")."""


_SUGGEST_FROM = 0.72
"""Least similarity (difflib ratio, 0–1) of a name suggested for an unknown one."""


def name_key(text: str) -> str:
    """``text`` folded for comparison: no accents, case, punctuation, articles or small words."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = plain.casefold().translate({ord(char): " " for char in _APOSTROPHES})
    return " ".join(word for word in _WORD.findall(plain) if word not in _SMALL_WORDS)


def proposer_key(text: str) -> str:
    """:func:`name_key` without the words that surround a name in running text ("delegation",
    "customs", "proposed by"): what is left names the Member."""
    return " ".join(word for word in name_key(text).split() if word not in _SURROUNDING_WORDS)


def _without_state_words(key: str) -> str:
    return " ".join(word for word in key.split() if word not in _STATE_WORDS)


def _inverted(text: str) -> str | None:
    """``"Korea, Republic of"`` → ``"Republic of Korea"``; None without a comma."""
    head, comma, tail = text.rpartition(",")
    if not comma or not head.strip() or not tail.strip():
        return None
    return f"{tail.strip()} {head.strip()}"


@dataclass(frozen=True, slots=True)
class Region:
    """A WCO region: a stable id, its official name and a short name, in en, fr and es."""

    id: str
    names: Mapping[str, str] = field(compare=False)
    short: Mapping[str, str] = field(compare=False)

    def name(self, lang: str = "en") -> str:
        """The official name in ``lang`` (English when missing)."""
        return self.names.get(lang) or self.names["en"]

    def short_name(self, lang: str = "en") -> str:
        """The short name in ``lang`` (for tables and filters)."""
        return self.short.get(lang) or self.name(lang)


@dataclass(frozen=True, slots=True)
class Member:
    """A WCO Member: its English short name, ISO 3166 alpha-3 code (None where there is none),
    WCO region id, and its names in en, fr and es.

    ``special`` marks an entry listed apart, not counted among the Members (the European Union).
    """

    name: str
    code: str | None
    region: str
    names: Mapping[str, str] = field(compare=False)
    aliases: tuple[str, ...] = field(default=(), compare=False)
    special: bool = False

    @property
    def key(self) -> str:
        """A stable identifier: the ISO code, else the folded English name ("kosovo")."""
        return self.code or name_key(self.name).replace(" ", "-")

    def name_in(self, lang: str = "en") -> str:
        """The short name in ``lang`` (English when missing)."""
        return self.names.get(lang) or self.name

    def spellings(self) -> Iterator[str]:
        """Every name this entry is known by: its names in each language and its aliases."""
        yield self.name
        yield from self.names.values()
        yield from self.aliases


class MemberList:
    """The Members, the regions and the entries listed apart, with matching by name or code."""

    def __init__(
        self,
        members: Sequence[Member],
        regions: Sequence[Region],
        special: Sequence[Member] = (),
        *,
        version: str = "",
        as_of: str = "",
        source: Mapping[str, str] | None = None,
    ) -> None:
        self.members = tuple(members)
        self.regions = tuple(regions)
        self.special = tuple(special)
        self.version = version
        self.as_of = as_of
        self.source: Mapping[str, str] = source or {}
        self._regions = {region.id: region for region in self.regions}
        self._codes: dict[str, Member] = {}
        self._names: dict[str, Member] = {}
        for entry in (*self.members, *self.special):
            if entry.region not in self._regions:
                raise ValueError(f"{entry.name}: unknown region {entry.region!r}")
            if entry.code:
                if entry.code in self._codes:
                    raise ValueError(f"{entry.name}: code {entry.code} is used twice")
                self._codes[entry.code] = entry
            for spelling in entry.spellings():
                key = name_key(spelling)
                other = self._names.setdefault(key, entry)
                if key and other is not entry:
                    raise ValueError(f"{spelling!r} names both {other.name} and {entry.name}")

    def __iter__(self) -> Iterator[Member]:
        return iter(self.members)

    def __len__(self) -> int:
        return len(self.members)

    def entries(self) -> tuple[Member, ...]:
        """The Members followed by the entries listed apart."""
        return (*self.members, *self.special)

    def source_note(self, lang: str = "en") -> str:
        """Where the list comes from and its date, in ``lang`` (English when missing)."""
        return self.source.get(lang) or self.source.get("en", "")

    def region(self, region_id: str) -> Region:
        """The region ``region_id`` (KeyError when unknown)."""
        return self._regions[region_id]

    def find_region(self, text: str) -> Region | None:
        """The region named by ``text``: its id, or its official or short name in any language."""
        key = name_key(text)
        for region in self.regions:
            spellings = (region.id, *region.names.values(), *region.short.values())
            if key in {name_key(spelling) for spelling in spellings}:
                return region
        return None

    def counts(self) -> dict[str, int]:
        """The number of Members in each region, in region order (entries apart not counted)."""
        counts = {region.id: 0 for region in self.regions}
        for member in self.members:
            counts[member.region] += 1
        return counts

    def by_code(self, code: str) -> Member | None:
        """The entry with ISO code ``code`` (any case)."""
        return self._codes.get(code.strip().upper())

    def find(self, text: str) -> Member | None:
        """The entry ``text`` names, or None (see the module docstring for what is tried)."""
        text = text.strip()
        if _CODE.match(text) and (found := self.by_code(text)):
            return found
        forms = [text]
        inverted = _inverted(text)
        if inverted:
            forms.append(inverted)
        for fold in (name_key, proposer_key):
            for form in forms:
                if found := self._names.get(fold(form)):
                    return found
        for form in forms:
            key = _without_state_words(proposer_key(form))
            if key and (found := self._names.get(key)):
                return found
        return None

    def suggest(self, text: str, limit: int = 3) -> list[Member]:
        """Up to ``limit`` entries whose names are closest to ``text``, closest first."""
        key = proposer_key(text) or name_key(text)
        if not key:
            return []
        words = set(key.split())
        scored: dict[Member, float] = {}
        for name, entry in self._names.items():
            ratio = difflib.SequenceMatcher(None, key, name).ratio()
            if name.startswith(key) or key.startswith(name):
                ratio = max(ratio, 0.9)
            elif words & set(name.split()):
                ratio = max(ratio, 0.75)
            if ratio >= _SUGGEST_FROM and ratio > scored.get(entry, 0.0):
                scored[entry] = ratio
        ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0].name))
        return [entry for entry, _ in ranked[:limit]]

    def in_region(self, region_id: str) -> list[Member]:
        """The Members of ``region_id``, in list order."""
        return [member for member in self.members if member.region == region_id]


def sorted_by_name(members: Iterable[Member], lang: str) -> list[Member]:
    """``members`` in the alphabetical order of their names in ``lang`` (accents folded)."""
    return sorted(members, key=lambda member: name_key(member.name_in(lang)))

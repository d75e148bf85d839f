"""Declarations and their amendments: exact spans, conflicts, decisions, consolidated text.

A declaration has numbered parts, each with a base text in one or more languages. An amendment
changes one span of one part: it inserts, deletes or replaces text, and carries its wording in
each language of the declaration (the same proposal, translated). Two amendments whose spans
overlap conflict: they cannot both be accepted. Decisions are taken in text order, so that the
first amendment accepted pre-empts ("makes fall") the later ones that conflict with it, as
parliaments do.

The text after a set of amendments is built by :func:`layout`, which also keeps the text
readable: one space between words, none before a comma. The same segments serve the tracked
views (insertions and deletions marked) and the consolidated text (with a note of which
amendment made each change).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from gcat.core.refusal import Finding, Refused

__all__ = [
    "Action",
    "Amendment",
    "AmendmentStatus",
    "Change",
    "Declaration",
    "Outcome",
    "Part",
    "PartKind",
    "PartView",
    "Segment",
    "Wording",
    "check_declaration",
    "check_wording",
    "conflicts",
    "consolidated",
    "decide",
    "layout",
    "overlaps",
    "text_after",
    "tracked",
]


class Action(StrEnum):
    """What an amendment does to its span."""

    INSERT = "insert"
    DELETE = "delete"
    REPLACE = "replace"


class AmendmentStatus(StrEnum):
    """Where an amendment stands."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class PartKind(StrEnum):
    """What a part of the text is."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"
    """A list item, such as an operative paragraph introduced by a dash."""


@dataclass(frozen=True, slots=True)
class Part:
    """One numbered part of a declaration, with its base text in each language."""

    number: int
    kind: PartKind
    texts: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Wording:
    """An amendment in one language: the span it changes and the text it puts there.

    ``start`` and ``end`` are character offsets in the part's base text; ``quoted`` is the base
    text between them (empty for an insertion), so that a span that no longer matches its text
    is caught. ``text`` is the new text (empty for a deletion).
    """

    start: int
    end: int
    quoted: str
    text: str


@dataclass(frozen=True, slots=True)
class Amendment:
    """A proposed change to one part, its proposer and its decision."""

    id: str
    part: int
    action: Action
    proposer: str
    lang: str
    """The language it was proposed in."""
    wordings: Mapping[str, Wording]
    cosigners: tuple[str, ...] = ()
    rationale: str = ""
    proposed_on: date | None = None
    status: AmendmentStatus = AmendmentStatus.PROPOSED
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_note: str = ""
    preempted_by: str | None = None
    """The accepted amendment that made this one fall, when it fell."""
    sequence: int = 0
    """Order of proposal: breaks ties in text order."""

    def wording(self, lang: str) -> Wording | None:
        """The amendment in ``lang``, if it has been written in that language."""
        return self.wordings.get(lang)

    @property
    def order(self) -> tuple[int, int, int, int]:
        """Position in text order: part, then span in the language it was proposed in."""
        own = self.wordings[self.lang]
        return (self.part, own.start, own.end, self.sequence)


@dataclass(frozen=True, slots=True)
class Declaration:
    """A declaration: its title and parts in each language, its amendments, its version."""

    title: Mapping[str, str]
    languages: tuple[str, ...]
    parts: tuple[Part, ...]
    amendments: tuple[Amendment, ...] = ()
    version: int = 1

    def part(self, number: int) -> Part:
        """The part numbered ``number`` (numbers start at 1)."""
        return self.parts[number - 1]

    def amendment(self, amendment_id: str) -> Amendment:
        """The amendment ``amendment_id`` (KeyError when there is none)."""
        for amendment in self.amendments:
            if amendment.id == amendment_id:
                return amendment
        raise KeyError(amendment_id)

    def in_text_order(self) -> list[Amendment]:
        """The amendments in the order a meeting takes them."""
        return sorted(self.amendments, key=lambda a: a.order)


def check_wording(action: Action, base: str, wording: Wording) -> Finding | None:
    """Why ``wording`` cannot apply to the part text ``base`` with ``action`` (None if it can)."""
    if not 0 <= wording.start <= wording.end <= len(base):
        return Finding("amendment.span_outside", {"length": len(base)})
    if base[wording.start : wording.end] != wording.quoted:
        return Finding(
            "amendment.span_mismatch",
            {"quoted": _clip(wording.quoted), "found": _clip(base[wording.start : wording.end])},
        )
    if action is Action.INSERT and (wording.start != wording.end or not wording.text.strip()):
        return Finding("amendment.bad_insert", {})
    if action is Action.DELETE and (wording.start == wording.end or wording.text):
        return Finding("amendment.bad_delete", {})
    if action is Action.REPLACE and (wording.start == wording.end or not wording.text.strip()):
        return Finding("amendment.bad_replace", {})
    return None


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_declaration(declaration: Declaration) -> list[Finding]:
    """Every amendment whose part, language or span does not fit the declaration."""
    findings: list[Finding] = []
    seen: set[str] = set()
    for amendment in declaration.amendments:
        where = amendment.id
        if amendment.id in seen:
            findings.append(Finding("amendment.duplicate_id", {"id": amendment.id}, field=where))
        seen.add(amendment.id)
        if not 1 <= amendment.part <= len(declaration.parts):
            findings.append(
                Finding("amendment.unknown_part", {"part": amendment.part}, field=where)
            )
            continue
        if amendment.lang not in amendment.wordings:
            findings.append(Finding("amendment.unknown_language", {"lang": amendment.lang}))
            continue
        texts = declaration.part(amendment.part).texts
        for lang, wording in amendment.wordings.items():
            if lang not in texts:
                findings.append(Finding("amendment.unknown_language", {"lang": lang}, field=where))
                continue
            problem = check_wording(amendment.action, texts[lang], wording)
            if problem is not None:
                findings.append(replace(problem, field=f"{where} ({lang})"))
    return findings


def overlaps(a: Wording, b: Wording) -> bool:
    """Whether two spans of the same text compete for the same words.

    Two insertions at the same place compete; an insertion strictly inside another span
    competes with it; an insertion at the edge of a deletion does not.
    """
    a_empty, b_empty = a.start == a.end, b.start == b.end
    if a_empty and b_empty:
        return a.start == b.start
    if a_empty:
        return b.start < a.start < b.end
    if b_empty:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def conflicts(declaration: Declaration) -> dict[str, tuple[str, ...]]:
    """For each amendment in a conflict, the others it conflicts with (in text order)."""
    found: dict[str, set[str]] = {}
    by_place: dict[tuple[int, str], list[tuple[Wording, Amendment]]] = {}
    for amendment in declaration.amendments:
        if amendment.status is AmendmentStatus.WITHDRAWN:
            continue
        for lang, wording in amendment.wordings.items():
            by_place.setdefault((amendment.part, lang), []).append((wording, amendment))
    for entries in by_place.values():
        entries.sort(key=lambda e: (e[0].start, e[0].end))
        active: list[tuple[Wording, Amendment]] = []
        for wording, amendment in entries:
            active = [e for e in active if e[0].end >= wording.start]
            for other_wording, other in active:
                if other.id != amendment.id and overlaps(other_wording, wording):
                    found.setdefault(amendment.id, set()).add(other.id)
                    found.setdefault(other.id, set()).add(amendment.id)
            active.append((wording, amendment))
    order = {a.id: a.order for a in declaration.amendments}
    return {
        key: tuple(sorted(ids, key=order.__getitem__))
        for key, ids in sorted(found.items(), key=lambda item: order[item[0]])
    }


def _clash(a: Amendment, b: Amendment) -> bool:
    if a.part != b.part:
        return False
    for lang, wording in a.wordings.items():
        other = b.wordings.get(lang)
        if other is not None and overlaps(wording, other):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a decision did: the declaration after it, and each amendment whose status moved."""

    declaration: Declaration
    changed: tuple[Amendment, ...]
    """Amendments whose status changed, in text order, as they are now."""
    unchanged: tuple[str, ...]
    """Amendments asked for that already had the status asked."""

    @property
    def fallen(self) -> tuple[Amendment, ...]:
        """Amendments that fell because an amendment they conflict with was accepted."""
        return tuple(a for a in self.changed if a.preempted_by is not None)


def _wanted(
    known: Mapping[str, Amendment],
    accept: Collection[str],
    reject: Collection[str],
    withdraw: Collection[str],
) -> dict[str, AmendmentStatus]:
    """The status asked for each amendment named, refused when a name is wrong or repeated."""
    asked = [*accept, *reject, *withdraw]
    unknown = [key for key in asked if key not in known]
    if unknown:
        raise Refused.one("amendment.unknown", ids=", ".join(unknown))
    twice = sorted({key for key in asked if asked.count(key) > 1})
    if twice:
        raise Refused.one("amendment.decided_twice", ids=", ".join(twice))
    wanted = {key: AmendmentStatus.ACCEPTED for key in accept}
    wanted |= {key: AmendmentStatus.REJECTED for key in reject}
    wanted |= {key: AmendmentStatus.WITHDRAWN for key in withdraw}
    for key in wanted:
        if known[key].status is AmendmentStatus.WITHDRAWN:
            raise Refused.one("amendment.is_withdrawn", conflict=True, id=key)
    return wanted


class _Meeting:
    """The state of the amendments while a decision is taken."""

    def __init__(self, declaration: Declaration, by: str, at: datetime, note: str) -> None:
        self.current = {a.id: a for a in declaration.amendments}
        self.by_part: dict[int, list[str]] = {}
        for amendment in declaration.in_text_order():
            self.by_part.setdefault(amendment.part, []).append(amendment.id)
        self.changed: dict[str, Amendment] = {}
        self.unchanged: list[str] = []
        self.by, self.at, self.note = by, at, note

    def neighbours(self, amendment: Amendment) -> list[Amendment]:
        """The other amendments of the same part that conflict with ``amendment``, in order."""
        return [
            other
            for key in self.by_part[amendment.part]
            if key != amendment.id and _clash(other := self.current[key], amendment)
        ]

    def settle(self, amendment: Amendment, status: AmendmentStatus, preempted: str | None) -> None:
        updated = replace(
            amendment,
            status=status,
            decided_by=self.by,
            decided_at=self.at,
            decision_note=self.note,
            preempted_by=preempted,
        )
        self.current[amendment.id] = updated
        self.changed[amendment.id] = updated

    def accept(self, key: str) -> None:
        now = self.current[key]
        if now.preempted_by is not None and key in self.changed:
            return  # it fell earlier in this decision: text order decides
        rivals = self.neighbours(now)
        clash = next((r for r in rivals if r.status is AmendmentStatus.ACCEPTED), None)
        if clash is not None:
            raise Refused.one(
                "amendment.conflicts_with_accepted", conflict=True, id=key, other=clash.id
            )
        if now.status is AmendmentStatus.ACCEPTED:
            self.unchanged.append(key)
            return
        self.settle(now, AmendmentStatus.ACCEPTED, None)
        for rival in rivals:
            if rival.status is AmendmentStatus.PROPOSED:
                self.settle(rival, AmendmentStatus.REJECTED, key)

    def set(self, key: str, status: AmendmentStatus) -> None:
        now = self.current[key]
        if status is AmendmentStatus.WITHDRAWN and now.status is not AmendmentStatus.PROPOSED:
            raise Refused.one("amendment.withdraw_decided", conflict=True, id=key)
        if now.status is status and now.preempted_by is None:
            self.unchanged.append(key)
        else:
            self.settle(now, status, None)


def decide(
    declaration: Declaration,
    *,
    accept: Collection[str] = (),
    reject: Collection[str] = (),
    withdraw: Collection[str] = (),
    by: str,
    at: datetime,
    note: str = "",
) -> Outcome:
    """Accept, reject or withdraw amendments, taken in text order.

    Accepting an amendment makes every proposed amendment that conflicts with it fall (it is
    rejected, ``preempted_by`` the accepted one). An amendment that conflicts with one already
    accepted cannot be accepted: :class:`Refused` (a conflict) names the accepted one.
    """
    meeting = _Meeting(declaration, by, at, note)
    wanted = _wanted(meeting.current, accept, reject, withdraw)
    for amendment in sorted((meeting.current[k] for k in wanted), key=lambda a: a.order):
        status = wanted[amendment.id]
        if status is AmendmentStatus.ACCEPTED:
            meeting.accept(amendment.id)
        else:
            meeting.set(amendment.id, status)
    amendments = tuple(meeting.current[a.id] for a in declaration.amendments)
    moved = tuple(sorted(meeting.changed.values(), key=lambda a: a.order))
    return Outcome(replace(declaration, amendments=amendments), moved, tuple(meeting.unchanged))


# ── the text after amendments ─────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class Change:
    """One amendment applied to one part text: replace ``[start, end)`` with ``text``."""

    start: int
    end: int
    text: str
    amendment: str
    proposer: str


@dataclass(slots=True)
class Segment:
    """A run of text: unchanged (``same``), inserted (``ins``) or deleted (``del``)."""

    kind: str
    text: str
    amendment: str | None = None
    proposer: str | None = None


_NO_SPACE_AFTER = frozenset("([{«“‘'’/-\u00a0\n")
_NO_SPACE_BEFORE = frozenset(",.;:!?)]}»”…\u00a0\n")


def _needs_space(left: str, right: str) -> bool:
    return (
        not left.isspace()
        and not right.isspace()
        and left not in _NO_SPACE_AFTER
        and right not in _NO_SPACE_BEFORE
    )


def _first(segments: list[Segment], start: int) -> tuple[int, str]:
    """The index and first character of the next segment kept in the new text."""
    for index in range(start, len(segments)):
        segment = segments[index]
        if segment.kind != "del" and segment.text:
            return index, segment.text[0]
    return len(segments), ""


def layout(text: str, changes: Sequence[Change]) -> list[Segment]:
    """``text`` cut into unchanged, inserted and deleted segments by ``changes``.

    ``changes`` must not overlap and must be in order. Unchanged and deleted segments together
    give ``text`` back exactly; unchanged and inserted ones give the new text, with the spaces
    an insertion needs added to it and the space a deletion leaves behind moved into it.
    """
    segments: list[Segment] = []
    cursor = 0
    for change in changes:
        if change.start > cursor:
            segments.append(Segment("same", text[cursor : change.start]))
        if change.end > change.start:
            segments.append(
                Segment("del", text[change.start : change.end], change.amendment, change.proposer)
            )
        if change.text:
            segments.append(Segment("ins", change.text, change.amendment, change.proposer))
        cursor = max(cursor, change.end)
    if cursor < len(text):
        segments.append(Segment("same", text[cursor:]))
    _space(segments)
    return segments


def _last(segments: list[Segment], index: int) -> str:
    """The last character of the new text before segment ``index``."""
    for back in range(index - 1, -1, -1):
        segment = segments[back]
        if segment.kind != "del" and segment.text:
            return segment.text[-1]
    return ""


def _space(segments: list[Segment]) -> None:
    """Fix the spacing of the new text around insertions and deletions (see :func:`layout`)."""
    for index, segment in enumerate(segments):
        if segment.kind == "same":
            continue
        last = _last(segments, index)
        after, right = _first(segments, index + 1)
        if segment.kind == "ins":
            if last and _needs_space(last, segment.text[0]):
                segment.text = " " + segment.text
            if right and _needs_space(segment.text[-1], right):
                segment.text += " "
            nxt = segments[index + 1] if index + 1 < len(segments) else None
            if (
                right.isspace()
                and nxt is not None
                and nxt.kind == "del"
                and nxt.amendment != segment.amendment
                and not segment.text[-1].isspace()
            ):
                # words deleted right after the insertion: keep a space between the two when
                # both are shown; the deletion then takes the space after it (see below)
                segment.text += " "
            continue
        nxt = segments[index + 1] if index + 1 < len(segments) else None
        if nxt is not None and nxt.kind == "ins" and nxt.amendment == segment.amendment:
            continue  # a replacement: the inserted text takes the place, spacing included
        if (not last or last.isspace()) and right.isspace() and segments[after].kind == "same":
            # the space after the deleted words goes with them; the segment right before
            # the unchanged text takes it, so that the base text stays in order
            segments[after - 1].text += segments[after].text[0]
            segments[after].text = segments[after].text[1:]
        elif last.isspace() and (not right or right in _NO_SPACE_BEFORE) and index:
            before = segments[index - 1]
            if before.kind == "same" and before.text.endswith(last):
                before.text = before.text[:-1]
                segment.text = last + segment.text


def text_after(segments: Iterable[Segment]) -> str:
    """The new text: unchanged and inserted segments."""
    return "".join(s.text for s in segments if s.kind != "del")


def _changes(amendments: Iterable[Amendment], lang: str) -> list[Change]:
    changes = []
    for amendment in sorted(amendments, key=lambda a: a.order):
        wording = amendment.wordings.get(lang)
        if wording is not None:
            changes.append(
                Change(wording.start, wording.end, wording.text, amendment.id, amendment.proposer)
            )
    changes.sort(key=lambda c: (c.start, c.end))
    return changes


@dataclass(frozen=True, slots=True)
class PartView:
    """One part as a view shows it: its segments, and the amendments that could not be shown
    inline because they conflict with one shown (listed beside the text)."""

    part: Part
    segments: tuple[Segment, ...]
    aside: tuple[Amendment, ...] = ()

    @property
    def text(self) -> str:
        """The part's new text."""
        return text_after(self.segments)


def _by_part(declaration: Declaration) -> dict[int, list[Amendment]]:
    grouped: dict[int, list[Amendment]] = {}
    for amendment in declaration.amendments:
        grouped.setdefault(amendment.part, []).append(amendment)
    return grouped


def consolidated(
    declaration: Declaration, lang: str, accepted: Collection[str] | None = None
) -> tuple[PartView, ...]:
    """Each part with the accepted amendments applied (or those in ``accepted``, if given).

    The inserted and deleted segments name the amendment that made each change.
    """
    grouped = _by_part(declaration)
    views = []
    for part in declaration.parts:
        chosen = [
            a
            for a in grouped.get(part.number, ())
            if (a.id in accepted if accepted is not None else a.status is AmendmentStatus.ACCEPTED)
        ]
        text = part.texts.get(lang, "")
        views.append(PartView(part, tuple(layout(text, _changes(chosen, lang)))))
    return tuple(views)


def tracked(declaration: Declaration, lang: str) -> tuple[PartView, ...]:
    """Each part with its open and accepted amendments marked as insertions and deletions.

    Accepted amendments are placed first, then proposed ones in text order; an amendment that
    conflicts with one already placed is listed aside, since one text cannot show both.
    """
    grouped = _by_part(declaration)
    views = []
    for part in declaration.parts:
        live = [
            a
            for a in grouped.get(part.number, ())
            if a.status in (AmendmentStatus.PROPOSED, AmendmentStatus.ACCEPTED)
            and lang in a.wordings
        ]
        live.sort(key=lambda a: (a.status is not AmendmentStatus.ACCEPTED, a.order))
        shown: list[Amendment] = []
        aside: list[Amendment] = []
        for amendment in live:
            wording = amendment.wordings[lang]
            if any(overlaps(wording, s.wordings[lang]) for s in shown):
                aside.append(amendment)
            else:
                shown.append(amendment)
        text = part.texts.get(lang, "")
        aside.sort(key=lambda a: a.order)
        views.append(PartView(part, tuple(layout(text, _changes(shown, lang))), tuple(aside)))
    return tuple(views)

"""Use-cases of the declaration tracker (a Secretariat module: ``Right.SECRETARIAT``).

Import a text in bracket notation (a new declaration, or another language of one), list and
read declarations, add an amendment with an exact span, decide on amendments in text order,
and export the tracked, consolidated or bilingual views.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import PurePath

import sqlalchemy as sa

from gcat.core.amendments import (
    Action,
    Amendment,
    AmendmentStatus,
    Declaration,
    Outcome,
    Part,
    Wording,
    check_wording,
    decide,
)
from gcat.core.bracket_notation import ParsedText, parse_notation
from gcat.core.refusal import Refused
from gcat.core.text import clean_line, clean_text
from gcat.declarations.proposers import Resolver, make_resolver
from gcat.declarations.reader import read_text
from gcat.errors import ConflictError, InputError, Problem
from gcat.i18n import LANGUAGES
from gcat.limits import MAX_AMENDMENTS, MAX_NAME, MAX_PART_TEXT, MAX_PARTS, MAX_TEXT
from gcat.members import load_members
from gcat.policy.access import Actor, Right, require
from gcat.storage import declarations_repository as repo
from gcat.storage.db import write_transaction

__all__ = [
    "Imported",
    "add_amendment",
    "decide_amendments",
    "decisions",
    "declaration",
    "import_declaration",
    "list_declarations",
    "parse_ids",
]


def _now() -> datetime:
    return datetime.now(UTC)


def _invalid(field: str, code: str, **params: object) -> InputError:
    return InputError([Problem(code, dict(params), field=field)])


def _refused(exc: Refused, source: str | None = None) -> InputError | ConflictError:
    if exc.conflict:
        first = exc.findings[0]
        return ConflictError(first.code, **first.params)
    return InputError(
        [
            Problem(f.code, f.params, source=source, line=f.line, column=f.column, field=f.field)
            for f in exc.findings
        ]
    )


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise _invalid("--lang", "check.bad_choice", choices=", ".join(LANGUAGES))
    return lang


def _check_size(parsed: ParsedText, source: str) -> None:
    if len(parsed.parts) > MAX_PARTS:
        raise InputError(
            [Problem("declaration.too_many_parts", {"limit": MAX_PARTS}, source=source)]
        )
    if len(parsed.amendments) > MAX_AMENDMENTS:
        raise InputError(
            [Problem("declaration.too_many_amendments", {"limit": MAX_AMENDMENTS}, source=source)]
        )
    for number, (_, text) in enumerate(parsed.parts, 1):
        if len(text) > MAX_PART_TEXT:
            raise InputError(
                [
                    Problem(
                        "declaration.part_too_long",
                        {"part": number, "limit": MAX_PART_TEXT},
                        source=source,
                    )
                ]
            )


@dataclass(frozen=True, slots=True)
class Imported:
    """A declaration after an import, with its id and the language that was read."""

    id: int
    declaration: Declaration
    lang: str


def _parse(
    data: bytes, source: str, resolve: Resolver, *, title_from_text: bool
) -> tuple[str | None, ParsedText]:
    read = read_text(data, source, title_from_text=title_from_text)
    try:
        parsed = parse_notation(read.paragraphs, resolve)
    except Refused as exc:
        raise _refused(exc, source) from exc
    _check_size(parsed, source)
    return read.title, parsed


def _title(given: str | None, found: str | None, source: str) -> str:
    title = clean_line(given or found or PurePath(source).stem.replace("_", " "))
    if not title:
        raise _invalid("--title", "check.empty_text")
    if len(title) > MAX_NAME:
        raise _invalid("--title", "check.text_too_long", limit=MAX_NAME)
    return title


def import_declaration(
    actor: Actor,
    engine: sa.Engine,
    data: bytes,
    source: str,
    *,
    lang: str,
    title: str | None = None,
    into: int | None = None,
    resolve: Resolver | None = None,
    proposed_on: date | None = None,
) -> Imported:
    """Read a text in bracket notation: a new declaration, or the ``lang`` version of
    declaration ``into`` (the same parts and amendments, in the same order).

    Nothing is stored when the file has any problem; every problem names its line and column.
    """
    require(actor, Right.SECRETARIAT)
    lang = _check_lang(lang)
    resolve = resolve or make_resolver(load_members(engine))
    name = clean_line(PurePath(source.replace("\\", "/")).name)[:MAX_NAME] or "declaration"
    if into is not None:
        return _add_language(actor, engine, into, data, source, lang, title, resolve)
    found_title, parsed = _parse(data, source, resolve, title_from_text=title is None)
    parts = tuple(
        Part(number, kind, {lang: text}) for number, (kind, text) in enumerate(parsed.parts, 1)
    )
    amendments = tuple(
        Amendment(
            id=f"A{n}",
            part=a.part,
            action=a.action,
            proposer=a.proposer,
            lang=lang,
            wordings={lang: Wording(a.start, a.end, a.quoted, a.text)},
            cosigners=a.cosigners,
            proposed_on=proposed_on,
            sequence=n,
        )
        for n, a in enumerate(parsed.amendments, 1)
    )
    declaration = Declaration(
        title={lang: _title(title, found_title, source)},
        languages=(lang,),
        parts=parts,
        amendments=amendments,
    )
    with write_transaction(engine) as conn:
        new_id = repo.create_declaration(
            conn, declaration=declaration, source=name, by=actor.name, now=_now()
        )
    return Imported(new_id, declaration, lang)


def _add_language(
    actor: Actor,
    engine: sa.Engine,
    declaration_id: int,
    data: bytes,
    source: str,
    lang: str,
    title: str | None,
    resolve: Resolver,
) -> Imported:
    with engine.connect() as conn:
        stored = repo.load_declaration(conn, declaration_id=declaration_id)
    current = stored.declaration
    if lang in current.languages:
        raise _invalid("--lang", "declaration.language_exists", lang=lang)
    found_title, parsed = _parse(data, source, resolve, title_from_text=title is None)
    if len(parsed.parts) != len(current.parts):
        raise InputError(
            [
                Problem(
                    "declaration.parts_differ",
                    {"found": len(parsed.parts), "expected": len(current.parts)},
                    source=source,
                )
            ]
        )
    ordered = sorted(current.amendments, key=lambda a: a.sequence)
    if len(parsed.amendments) != len(ordered):
        raise InputError(
            [
                Problem(
                    "declaration.amendments_differ",
                    {"found": len(parsed.amendments), "expected": len(ordered)},
                    source=source,
                )
            ]
        )
    updated = []
    for existing, found in zip(ordered, parsed.amendments, strict=True):
        if (existing.part, existing.action, existing.proposer) != (
            found.part,
            found.action,
            found.proposer,
        ):
            raise InputError(
                [
                    Problem(
                        "declaration.amendment_differs",
                        {"id": existing.id, "part": existing.part, "proposer": existing.proposer},
                        source=source,
                        line=found.line,
                        column=found.column,
                    )
                ]
            )
        wording = Wording(found.start, found.end, found.quoted, found.text)
        updated.append(replace(existing, wordings={**existing.wordings, lang: wording}))
    by_id = {a.id: a for a in updated}
    declaration = replace(
        current,
        title={**current.title, lang: _title(title, found_title, source)},
        languages=(*current.languages, lang),
        parts=tuple(
            replace(part, texts={**part.texts, lang: text})
            for part, (_, text) in zip(current.parts, parsed.parts, strict=True)
        ),
        amendments=tuple(by_id[a.id] for a in current.amendments),
    )
    with write_transaction(engine) as conn:
        repo.add_language(conn, declaration_id=declaration_id, declaration=declaration, now=_now())
    return Imported(declaration_id, declaration, lang)


def declaration(actor: Actor, engine: sa.Engine, declaration_id: int) -> repo.StoredDeclaration:
    """A stored declaration with its amendments."""
    require(actor, Right.SECRETARIAT)
    with engine.connect() as conn:
        return repo.load_declaration(conn, declaration_id=declaration_id)


def list_declarations(actor: Actor, engine: sa.Engine) -> tuple[repo.DeclarationSummary, ...]:
    """Every declaration, most recently changed first."""
    require(actor, Right.SECRETARIAT)
    with engine.connect() as conn:
        return repo.list_declarations(conn)


def decisions(actor: Actor, engine: sa.Engine, declaration_id: int) -> tuple[repo.Decision, ...]:
    """The decisions taken on a declaration, oldest first."""
    require(actor, Right.SECRETARIAT)
    with engine.connect() as conn:
        repo.load_declaration(conn, declaration_id=declaration_id)
        return repo.decisions_of(conn, declaration_id=declaration_id)


def parse_ids(value: str | None, declaration: Declaration, field: str) -> list[str]:
    """Amendment ids from ``A1,A3`` (also ``a1 a3``); ``all`` is every open amendment and
    ``none`` no amendment."""
    if value is None or not value.strip() or value.strip().lower() == "none":
        return []
    if value.strip().lower() == "all":
        return [a.id for a in declaration.in_text_order() if a.status is AmendmentStatus.PROPOSED]
    ids = [part.strip().upper() for part in value.replace(" ", ",").split(",") if part.strip()]
    known = {a.id for a in declaration.amendments}
    unknown = [key for key in ids if key not in known]
    if unknown:
        raise _invalid(field, "amendment.unknown", ids=", ".join(unknown[:10]))
    return list(dict.fromkeys(ids))


def decide_amendments(
    actor: Actor,
    engine: sa.Engine,
    declaration_id: int,
    *,
    accept: str | None = None,
    reject: str | None = None,
    withdraw: str | None = None,
    note: str = "",
) -> Outcome:
    """Accept, reject or withdraw amendments (``all``, ``none`` or ``A1,A2…``), taken in text
    order; ``--accept none`` rejects every open amendment. The decision is recorded."""
    require(actor, Right.SECRETARIAT)
    note = clean_text(note)
    if len(note) > MAX_TEXT:
        raise _invalid("--note", "check.text_too_long", limit=MAX_TEXT)
    with write_transaction(engine) as conn:
        stored = repo.load_declaration(conn, declaration_id=declaration_id)
        current = stored.declaration
        accepted = parse_ids(accept, current, "--accept")
        rejected = parse_ids(reject, current, "--reject")
        withdrawn = parse_ids(withdraw, current, "--withdraw")
        if accept is not None and accept.strip().lower() == "none":
            rejected = list(dict.fromkeys([*rejected, *parse_ids("all", current, "--accept")]))
        elif accept is not None and accept.strip().lower() == "all":
            accepted = [key for key in accepted if key not in {*rejected, *withdrawn}]
        if not (accepted or rejected or withdrawn):
            raise _invalid("--accept", "amendment.nothing_to_decide")
        try:
            outcome = decide(
                current,
                accept=accepted,
                reject=rejected,
                withdraw=withdrawn,
                by=actor.name or "local",
                at=_now(),
                note=note,
            )
        except Refused as exc:
            raise _refused(exc) from exc
        repo.save_decisions(
            conn, declaration_id=declaration_id, changed=outcome.changed, now=_now()
        )
    return outcome


def add_amendment(
    actor: Actor,
    engine: sa.Engine,
    declaration_id: int,
    *,
    part: int,
    lang: str,
    action: str,
    start: int,
    end: int,
    quoted: str,
    text: str,
    proposer: str,
    rationale: str = "",
    resolve: Resolver | None = None,
) -> Amendment:
    """Add an amendment with an exact span; refused when the span no longer matches the text."""
    require(actor, Right.SECRETARIAT)
    lang = _check_lang(lang)
    if action not in tuple(Action):
        raise _invalid("--action", "check.bad_choice", choices=", ".join(Action))
    text = clean_line(text)
    if len(text) > MAX_PART_TEXT:
        raise _invalid("--text", "check.text_too_long", limit=MAX_PART_TEXT)
    rationale = clean_text(rationale)
    if len(rationale) > MAX_TEXT:
        raise _invalid("--rationale", "check.text_too_long", limit=MAX_TEXT)
    from gcat.core.bracket_notation import UnknownProposer

    try:
        who = (resolve or make_resolver(load_members(engine)))(proposer)
    except UnknownProposer:
        raise _invalid(
            "--proposer", "notation.unknown_proposer", name=clean_line(proposer)[:80]
        ) from None
    with write_transaction(engine) as conn:
        stored = repo.load_declaration(conn, declaration_id=declaration_id)
        current = stored.declaration
        if not 1 <= part <= len(current.parts):
            raise _invalid("--part", "amendment.unknown_part", part=part)
        base = current.part(part).texts.get(lang)
        if base is None:
            raise _invalid("--lang", "amendment.unknown_language", lang=lang)
        wording = Wording(start, end, quoted, text)
        problem = check_wording(Action(action), base, wording)
        if problem is not None:
            raise InputError([Problem(problem.code, problem.params, field="--quote")])
        if len(current.languages) > 1:
            raise _invalid("--lang", "amendment.needs_every_language")
        sequence = max((a.sequence for a in current.amendments), default=0) + 1
        amendment = Amendment(
            id=f"A{sequence}",
            part=part,
            action=Action(action),
            proposer=who,
            lang=lang,
            wordings={lang: wording},
            rationale=rationale,
            proposed_on=date.today(),
            sequence=sequence,
        )
        repo.add_amendment(conn, declaration_id=declaration_id, amendment=amendment, now=_now())
    return amendment


def wording_of(amendment: Amendment, lang: str) -> Wording:
    """The amendment in ``lang``, or in the language it was proposed in."""
    return amendment.wordings.get(lang) or amendment.wordings[amendment.lang]


def texts_by_lang(declaration: Declaration) -> Mapping[str, int]:
    """How many parts have a text in each language of the declaration."""
    return {
        lang: sum(1 for part in declaration.parts if lang in part.texts)
        for lang in declaration.languages
    }

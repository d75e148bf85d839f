"""Use-cases of the Compendium: build it (from the database or straight from practice files),
with its manifest; the Compendium pack; the published practices a member's app knows of.

Every path goes through :func:`gcat.policy.consent.release_all`: the renderers receive only
released views, and the manifest says what was left out and why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from gcat.compendium.context import GROUPINGS, build_compendium
from gcat.compendium.formats import FORMATS, Format
from gcat.compendium.pack import pack_records, read_pack, write_pack
from gcat.core.practices import PracticeRecord, Status
from gcat.errors import InputError, Problem
from gcat.frameworks import load_framework
from gcat.limits import MAX_PRACTICE_FILES
from gcat.members import load_members
from gcat.policy.access import Actor, Right, require
from gcat.policy.consent import Manifest, PracticeView, Released, release_all
from gcat.practices import FreeFormat, read_practices
from gcat.services.practices import visible_records
from gcat.storage import compendium_repository as packs
from gcat.storage.db import write_transaction

__all__ = [
    "CompendiumBuild",
    "build_from_database",
    "build_from_files",
    "import_pack",
    "practices_of_pack",
    "published_practices",
    "records_for_build",
    "render",
    "render_records",
]

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class CompendiumBuild:
    """A built Compendium: the file, its format, and the manifest of what it left out."""

    data: bytes
    format: Format
    manifest: Manifest
    built_at: datetime


def _check(fmt: str, group_by: str) -> Format:
    if fmt not in FORMATS:
        raise InputError(
            [Problem("check.bad_choice", {"choices": ", ".join(FORMATS)}, field="--format")]
        )
    if group_by not in GROUPINGS:
        raise InputError(
            [Problem("check.bad_choice", {"choices": ", ".join(GROUPINGS)}, field="--group-by")]
        )
    return FORMATS[fmt]


def render(
    records: Sequence[PracticeRecord],
    *,
    fmt: str,
    lang: str,
    group_by: str = "domain",
    engine: sa.Engine | None = None,
    demo: bool = False,
    on_progress: Progress | None = None,
) -> CompendiumBuild:
    """Release ``records`` and render the Compendium of those that may be published."""
    chosen = _check(fmt, group_by)
    released, manifest = release_all(records)
    built_at = datetime.now(UTC)
    if chosen.render is None:
        data = write_pack([item for item in released if item.view.published], built_at)
        if on_progress is not None:
            on_progress(len(released), len(released))
        return CompendiumBuild(data, chosen, manifest, built_at)
    ctx = build_compendium(
        released,
        lang=lang,
        framework=load_framework(),
        members=load_members(engine),
        group_by=group_by,
        built=built_at.date(),
        demo=demo,
        on_progress=on_progress,
    )
    return CompendiumBuild(chosen.render(ctx), chosen, manifest, built_at)


def records_for_build(actor: Actor, engine: sa.Engine) -> list[PracticeRecord]:
    """Every practice record the Secretariat's Compendium is built from (consent decides later)."""
    require(actor, Right.SECRETARIAT)
    with engine.connect() as conn:
        records = visible_records(actor, conn)
    return sorted(records, key=lambda record: record.id)


def render_records(
    records: Sequence[PracticeRecord], fmt: str, lang: str, group_by: str
) -> CompendiumBuild:
    """:func:`render` with positional arguments, for the app's worker process."""
    return render(records, fmt=fmt, lang=lang, group_by=group_by)


def build_from_database(
    actor: Actor,
    engine: sa.Engine,
    *,
    fmt: str,
    lang: str,
    group_by: str = "domain",
    on_progress: Progress | None = None,
) -> CompendiumBuild:
    """The Compendium of every practice the Secretariat may publish, with its manifest."""
    require(actor, Right.SECRETARIAT)
    with engine.connect() as conn:
        records = visible_records(actor, conn)
    records.sort(key=lambda record: record.id)
    return render(
        records, fmt=fmt, lang=lang, group_by=group_by, engine=engine, on_progress=on_progress
    )


def build_from_files(
    actor: Actor,
    files: Sequence[tuple[str, bytes]],
    *,
    fmt: str,
    lang: str,
    group_by: str = "domain",
    engine: sa.Engine | None = None,
    on_progress: Progress | None = None,
) -> CompendiumBuild:
    """The Compendium of practice files, each treated as accepted (consent still decides).

    Every file is checked first; one bad file stops the build with its located problems.
    """
    require(actor, Right.SECRETARIAT)
    if len(files) > MAX_PRACTICE_FILES:
        raise InputError(
            [Problem("practices.too_many", {"limit": MAX_PRACTICE_FILES}, field="FILE")]
        )
    members, framework = load_members(engine), load_framework()
    records: list[PracticeRecord] = []
    problems: list[Problem] = []
    for source, data in files:
        try:
            found = read_practices(data, source, members, framework)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if isinstance(found, FreeFormat):
            problems.append(Problem("compendium.free_format_file", {}, source=source))
            continue
        for parsed in found:
            status = Status.WITHDRAWN if parsed.status is Status.WITHDRAWN else Status.ACCEPTED
            records.append(
                PracticeRecord(
                    id=len(records) + 1,
                    administration_id=0,
                    status=status,
                    practice=parsed.practice,
                    source=source,
                )
            )
    if problems:
        raise InputError(problems)
    return render(
        records, fmt=fmt, lang=lang, group_by=group_by, engine=engine, on_progress=on_progress
    )


def published_practices(actor: Actor, engine: sa.Engine) -> list[Released[PracticeView]]:
    """The published practices this app knows of: its own, and those of imported packs."""
    require(actor, Right.READ)
    with engine.connect() as conn:
        own = [
            record for record in visible_records(actor, conn) if record.status is Status.PUBLISHED
        ]
        packed = pack_records(packs.pack_practices(conn))
    released, _ = release_all([*own, *packed])
    return released


def import_pack(actor: Actor, engine: sa.Engine, data: bytes, filename: str) -> int:
    """Import a Compendium pack (checked: schema, checksum, every field); how many practices.

    A newer pack replaces the practices of the older ones; the same pack twice changes nothing.
    """
    require(actor, Right.EDIT)
    contents = read_pack(data, filename)
    with write_transaction(engine) as conn:
        packs.replace_pack(
            conn,
            sha256=contents.checksum,
            built_at=contents.built_at,
            practices=contents.practices,
            when=datetime.now(UTC),
            by=actor.name,
        )
    return len(contents.practices)


def practices_of_pack(data: bytes, source: str) -> list[Released[PracticeView]]:
    """The published practices of a Compendium pack file, checked and released (no database)."""
    released, _ = release_all(pack_records(read_pack(data, source).practices))
    return released

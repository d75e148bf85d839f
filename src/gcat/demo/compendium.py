"""Demo practices: ten fictional initiatives of fictional Members, in English, French and
Spanish, across the seven domains and every consent case (consented, refused, a withheld
section, withdrawn, not yet reviewed)."""

from __future__ import annotations

from functools import cache
from importlib import resources

import sqlalchemy as sa
import yaml

from gcat.core.members import Member, MemberList
from gcat.core.practices import PracticeRecord
from gcat.frameworks import load_framework
from gcat.members import packaged_members
from gcat.practices import FreeFormat, read_practices
from gcat.services.compendium import CompendiumBuild, Progress, render

__all__ = [
    "build_demo",
    "demo_members",
    "demo_practice_files",
    "demo_records",
    "store_demo_practices",
]

_FOLDER = "practices"


def _folder() -> resources.abc.Traversable:
    return resources.files(__package__).joinpath(_FOLDER)


@cache
def demo_members() -> MemberList:
    """The packaged member list plus the demo's fictional Members."""
    packaged = packaged_members()
    fictional = [
        Member(
            name=item["en"],
            code=None,
            region=item["region"],
            names={lang: item[lang] for lang in ("en", "fr", "es")},
        )
        for item in yaml.safe_load(_folder().joinpath("members.yaml").read_text("utf-8"))
    ]
    return MemberList(
        [*packaged.members, *fictional],
        packaged.regions,
        packaged.special,
        version=packaged.version,
        as_of=packaged.as_of,
        source=dict(packaged.source),
    )


def demo_practice_files() -> list[tuple[str, bytes]]:
    """The demo practice files (name, contents), in order."""
    entries = sorted(
        (entry for entry in _folder().iterdir() if entry.name[:2].isdigit()),
        key=lambda entry: entry.name,
    )
    return [(entry.name, entry.read_bytes()) for entry in entries]


def demo_records() -> list[PracticeRecord]:
    """The demo practices as records, each in the status its file gives."""
    members, framework = demo_members(), load_framework()
    records: list[PracticeRecord] = []
    for name, data in demo_practice_files():
        found = read_practices(data, name, members, framework)
        assert not isinstance(found, FreeFormat)
        for parsed in found:
            records.append(
                PracticeRecord(
                    id=len(records) + 1,
                    administration_id=0,
                    status=parsed.status,
                    practice=parsed.practice,
                    source=name,
                )
            )
    return records


def store_demo_practices(engine: sa.Engine) -> int:
    """Store the demo practices when the database has none of them yet; how many were added."""
    from gcat.policy.access import local_actor
    from gcat.services import practices

    actor = local_actor("demo")
    sources = {record.source for record in practices.list_practices(actor, engine)}
    files = [(name, data) for name, data in demo_practice_files() if name not in sources]
    if not files:
        return 0
    return len(practices.import_practices(actor, engine, files, members=demo_members()))


def build_demo(
    *, fmt: str, lang: str, group_by: str = "domain", on_progress: Progress | None = None
) -> CompendiumBuild:
    """The demonstration Compendium of the fictional demo practices (no database needed)."""
    return render(
        demo_records(), fmt=fmt, lang=lang, group_by=group_by, demo=True, on_progress=on_progress
    )

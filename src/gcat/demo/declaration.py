"""The demonstration declaration: a short fictional text in English and French, with twelve
amendments by four proposers (two fictional Members, the Secretariat and a committee) and one
conflict (two insertions at the same place). It is not the Baku Declaration."""

from __future__ import annotations

from importlib import resources

import sqlalchemy as sa

from gcat.declarations.proposers import make_resolver
from gcat.members import load_members

__all__ = ["DEMO_DECLARATION_FILES", "DEMO_MEMBERS", "store_demo_declaration"]

DEMO_DECLARATION_FILES = {"en": "declaration.en.md", "fr": "declaration.fr.md"}
DEMO_MEMBERS = {"Valdoria": "Valdoria", "Norlandia": "Norlandia", "Norlandie": "Norlandia"}
"""The fictional Members of the demonstration, as written → their name."""


def store_demo_declaration(engine: sa.Engine) -> int | None:
    """Store the demonstration declaration unless a declaration with its title exists; return
    its id (None when it was already there)."""
    from gcat.policy.access import local_actor
    from gcat.services import declarations

    actor = local_actor("demo")
    folder = resources.files(__package__)
    texts = {
        lang: folder.joinpath(name).read_bytes() for lang, name in DEMO_DECLARATION_FILES.items()
    }
    title = texts["en"].decode("utf-8").splitlines()[0].lstrip("# ").strip()
    for summary in declarations.list_declarations(actor, engine):
        if summary.title.get("en") == title:
            return None
    resolve = make_resolver(load_members(engine), extra=DEMO_MEMBERS)
    first = declarations.import_declaration(
        actor, engine, texts["en"], DEMO_DECLARATION_FILES["en"], lang="en", resolve=resolve
    )
    declarations.import_declaration(
        actor,
        engine,
        texts["fr"],
        DEMO_DECLARATION_FILES["fr"],
        lang="fr",
        into=first.id,
        resolve=resolve,
    )
    return first.id

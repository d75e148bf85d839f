"""A fictional survey on the real member list: the published aggregates, invented answers.

It reproduces the figures of the 2025 survey (186 members, 109 responses, 88 members with
initiatives, 28 consenting), with an uneven participation by region that adds up to them. Who
answered, what they answered and every initiative text are invented: the texts are drawn from
gcat's own training examples (written for gcat, never taken from a report). Everything that
shows it says "demo data — fictional answers".
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from gcat.classify.store import shipped_examples
from gcat.core.members import MemberList
from gcat.core.survey import Response
from gcat.survey.importer import ParsedInitiative, ParsedSurvey

__all__ = ["DEMO_NOTE", "DEMO_YEAR", "PLAN", "demo_survey"]

DEMO_YEAR = 2025
DEMO_NOTE = "demo data — fictional answers"
SEED = 2025

PLAN: dict[str, tuple[int, int, int]] = {
    "esa": (13, 10, 3),
    "wca": (12, 9, 3),
    "mena": (9, 7, 2),
    "europe": (36, 30, 10),
    "asia_pacific": (21, 17, 5),
    "americas": (18, 15, 5),
}
"""Per region: members that responded, that listed initiatives, that consent to share.
Totals: 109, 88 and 28."""

LANGUAGES_BY_REGION = {
    "esa": ("en", "en", "fr"),
    "wca": ("fr", "fr", "en"),
    "mena": ("fr", "en", "en"),
    "europe": ("en", "fr", "es"),
    "asia_pacific": ("en", "en", "en"),
    "americas": ("es", "es", "en"),
}


@dataclass(frozen=True, slots=True)
class DemoSurvey:
    """The fictional survey, as the importer would have parsed it."""

    parsed: ParsedSurvey
    year: int


def demo_survey(members: MemberList, year: int = DEMO_YEAR) -> DemoSurvey:
    """The fictional survey on ``members`` (deterministic)."""
    rng = random.Random(SEED)  # noqa: S311 (a fixed, reproducible draw, not a secret)
    pool = {
        lang: [e.text for e in shipped_examples() if e.lang == lang] for lang in ("en", "fr", "es")
    }
    for texts in pool.values():
        rng.shuffle(texts)
    responses: list[Response] = []
    initiatives: list[ParsedInitiative] = []
    start = date(year, 3, 3)
    for region in members.regions:
        responded, with_items, consenting = PLAN.get(region.id, (0, 0, 0))
        keys = [m.key for m in members.in_region(region.id)]
        chosen = rng.sample(keys, min(responded, len(keys)))
        listing = chosen[:with_items]
        sharing = set(listing[:consenting])
        for key in sorted(keys):
            if key not in chosen:
                responses.append(Response(key, False, False))
                continue
            when = start + timedelta(days=rng.randrange(80))
            email = f"green.customs@{key.lower()}.customs.example"
            responses.append(Response(key, True, key in sharing, when, email))
            if key in listing:
                for n in range(1, rng.choice((1, 1, 2, 2, 3)) + 1):
                    lang = rng.choice(LANGUAGES_BY_REGION.get(region.id, ("en",)))
                    text = pool[lang].pop() if pool[lang] else pool["en"].pop()
                    initiatives.append(ParsedInitiative(f"demo-{key}-{n}", key, text, lang))
    parsed = ParsedSurvey(
        tuple(responses), tuple(initiatives), "demo-responses", "demo-initiatives"
    )
    return DemoSurvey(parsed, year)

"""The person in the loop: the review queue, the analysts' decisions and the override audit.

A decision records who decided, when, the labels (several allowed, the primary first), a note,
and the model's suggestion at that moment. Confirmed decisions become training examples for
``gcat classify retrain``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from gcat.classify.labels import TAXONOMIES
from gcat.classify.records import Example
from gcat.core.survey_records import StoredInitiative
from gcat.core.text import clean_text
from gcat.errors import InputError, NotFoundError, Problem
from gcat.limits import MAX_TEXT
from gcat.policy.access import Actor, Right, require
from gcat.storage import survey_repository as repo
from gcat.storage.db import write_transaction

__all__ = [
    "AuditRow",
    "confirmed_examples",
    "decide",
    "get_item",
    "override_audit",
    "review_queue",
]


def review_queue(
    actor: Actor, engine: sa.Engine, year: int | None = None, *, include_reviewed: bool = False
) -> list[StoredInitiative]:
    """The survey's initiatives to review, most uncertain first (reviewed ones last, or left
    out)."""
    require(actor, Right.SECRETARIAT)
    with engine.connect() as conn:
        survey = repo.get_survey(conn, year=year)
        if survey is None:
            raise NotFoundError("survey.not_found", year=year or "")
        items = repo.initiatives(conn, survey_id=survey.id)
    if not include_reviewed:
        items = [item for item in items if item.decision is None]
    return sorted(
        items, key=lambda i: (i.decision is not None, -(i.uncertainty or 0.0), i.position)
    )


def get_item(actor: Actor, engine: sa.Engine, initiative_id: int) -> StoredInitiative:
    """One initiative with its suggestion and latest decision."""
    require(actor, Right.SECRETARIAT)
    with engine.connect() as conn:
        item = repo.get_initiative(conn, initiative_id=initiative_id)
    if item is None:
        raise NotFoundError("survey.initiative_not_found", id=initiative_id)
    return item


def _checked(taxonomy: str, labels: Sequence[str], primary: str | None) -> list[str]:
    keys = TAXONOMIES[taxonomy]
    chosen = [label for label in keys if label in set(labels)]
    unknown = sorted(set(labels) - set(keys))
    if unknown:
        raise InputError([Problem("review.unknown_label", {"value": unknown[0]}, field=taxonomy)])
    if not chosen:
        raise InputError([Problem("review.no_label", {}, field=taxonomy)])
    if primary is None:
        primary = labels[0] if labels else None
    if primary not in chosen:
        raise InputError([Problem("review.bad_primary", {}, field=taxonomy)])
    return [primary, *[label for label in chosen if label != primary]]


def decide(
    actor: Actor,
    engine: sa.Engine,
    initiative_id: int,
    *,
    thematic_areas: Sequence[str],
    gcat_domains: Sequence[str],
    primary_area: str | None = None,
    primary_domain: str | None = None,
    note: str | None = None,
) -> int:
    """Record an analyst's labels for an initiative (primary first, or as given); its id."""
    require(actor, Right.SECRETARIAT)
    areas = _checked("thematic_areas", thematic_areas, primary_area)
    domains = _checked("gcat_domains", gcat_domains, primary_domain)
    cleaned = clean_text(note or "") or None
    if cleaned and len(cleaned) > MAX_TEXT:
        raise InputError([Problem("check.text_too_long", {"limit": MAX_TEXT}, field="note")])
    with write_transaction(engine) as conn:
        item = repo.get_initiative(conn, initiative_id=initiative_id)
        if item is None:
            raise NotFoundError("survey.initiative_not_found", id=initiative_id)
        return repo.add_decision(
            conn,
            initiative=item,
            thematic_areas=areas,
            gcat_domains=domains,
            note=cleaned,
            by=actor.name,
            when=datetime.now(UTC),
        )


def confirmed_examples(actor: Actor, engine: sa.Engine) -> list[Example]:
    """The latest decision on each distinct text, as training examples."""
    require(actor, Right.SECRETARIAT)
    with engine.connect() as conn:
        latest = {d.text_sha256: d for d in repo.decisions(conn)}
    return [
        Example(
            id=f"confirmed-{d.id}",
            lang=d.lang,
            text=d.text,
            thematic_areas=d.thematic_areas,
            gcat_domains=d.gcat_domains,
            source="confirmed",
        )
        for d in latest.values()
    ]


@dataclass(frozen=True, slots=True)
class AuditRow:
    """How often analysts kept or changed the model's label, for one label."""

    taxonomy: str
    label: str
    suggested: int
    """Decisions where the model had selected the label."""
    kept: int
    removed: int
    """Suggested, then removed by the analyst."""
    added: int
    """Not suggested, added by the analyst."""
    primary_changed: int
    """Decisions where the model's primary label was this one and the analyst's was another."""

    @property
    def override_rate(self) -> float:
        """Share of decisions touching this label where the analyst disagreed, in per cent."""
        touched = self.kept + self.removed + self.added
        return round(100.0 * (self.removed + self.added) / touched, 1) if touched else 0.0


def override_audit(actor: Actor, engine: sa.Engine) -> list[AuditRow]:
    """Per label, where the analysts agree and disagree with the model (latest decision per
    initiative, against the suggestion it was made on)."""
    require(actor, Right.SECRETARIAT)
    with engine.connect() as conn:
        latest = {(d.initiative_id or -d.id): d for d in repo.decisions(conn)}
    rows = []
    for taxonomy, keys in TAXONOMIES.items():
        for label in keys:
            suggested = kept = removed = added = primary_changed = 0
            for decision in latest.values():
                if not decision.suggestion:
                    continue
                model = decision.suggestion.get(taxonomy, [])
                final = (
                    decision.thematic_areas
                    if taxonomy == "thematic_areas"
                    else decision.gcat_domains
                )
                in_model, in_final = label in model, label in final
                suggested += in_model
                kept += in_model and in_final
                removed += in_model and not in_final
                added += in_final and not in_model
                primary_changed += bool(model) and model[0] == label and final[0] != label
            rows.append(AuditRow(taxonomy, label, suggested, kept, removed, added, primary_changed))
    return rows

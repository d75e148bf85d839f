"""Search in the published practices: only released views, so a search never finds a word
that consent kept out."""

from __future__ import annotations

from collections.abc import Sequence

from gcat.core.members import name_key
from gcat.policy.consent import PracticeView, Released

__all__ = ["search_practices"]

_FIELDS = ("title", "background", "description", "results", "challenges", "future_plans")


def _haystack(view: PracticeView) -> str:
    parts = [getattr(view, key) for key in _FIELDS]
    parts += [*view.member.names.values(), view.member.code or "", *view.gcat_indicators]
    parts += [item.indicator for item in view.measurable_results]
    return name_key(" ".join(parts))


def search_practices(
    released: Sequence[Released[PracticeView]],
    query: str = "",
    *,
    domain: str | None = None,
    region: str | None = None,
) -> list[Released[PracticeView]]:
    """The released practices that contain every word of ``query`` (case and accents folded)
    and match the domain and region filters, in the order given."""
    words = name_key(query).split()
    found = []
    for item in released:
        view = item.view
        if domain is not None and domain not in view.domains:
            continue
        if region is not None and view.region != region:
            continue
        haystack = _haystack(view)
        if all(word in haystack for word in words):
            found.append(item)
    return found

"""Explicit references to framework items in a document, resolved to their stable uids.

The parser is the tagging module's (``knowledge.tagging.explicit``): the same references,
plan names and rules in extraction and tagging. Here a reference's plan is looked for in the
sentence, then in its block, then in the section heading, then the last plan named before in
the document, then the action plan in force at the meeting's date
(``frameworks.selectors.plan_in_force``). Items are read from the database's frameworks.
"""

from __future__ import annotations

import datetime as dt

from ..tagging.catalog import Catalog, current_catalog
from ..tagging.explicit import Resolver as _Resolver
from .prep import Item, sentences


def plan_in_force(date: str | None) -> str | None:
    """The slug of the action plan in force on ``date`` (ISO); ``None`` without a date.

    An alias of ``frameworks.selectors.plan_in_force``, the one rule, for callers that hold
    an extraction's ISO date."""
    from frameworks.selectors import plan_in_force as in_force

    if not date:
        return None
    plan = in_force(dt.date.fromisoformat(date))
    return plan.slug if plan else None


class Resolver:
    """Finds references block by block, remembering the last framework named."""

    def __init__(self, meeting_date: str | None = None, *, catalog: Catalog | None = None):
        catalog = catalog if catalog is not None else current_catalog()
        self._resolver = _Resolver(catalog, plan_in_force(meeting_date))

    def references(self, item: Item, text: str | None = None) -> list[dict]:
        found = []
        for sentence in sentences(text if text is not None else item.text):
            for ref in self._resolver.items(sentence, (item.text, item.section or "")):
                found.append({"id": ref.uid, "score": 1.0, "evidence": sentence})
        return found


def merge_items(*lists: list[dict]) -> list[dict]:
    """One entry per uid, the first (highest-ranked) kept."""
    seen: dict[str, dict] = {}
    for entries in lists:
        for entry in entries:
            if entry["id"] not in seen:
                seen[entry["id"]] = entry
    return list(seen.values())

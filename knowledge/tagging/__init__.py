"""Suggested links from a text to the items of an action plan (domains, objectives, actions).

``suggest(text, language)`` returns ``Suggestion``s, explicit references first (score 1.0),
then the lexical (or, with the ``[semantic]`` extra and ``method="semantic"``, semantic)
matches, best first. See docs/tagging.md.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from . import explicit, lexical, semantic
from .catalog import Catalog, current_catalog

METHODS = ("explicit", "lexical", "semantic")


def plans_for(on: datetime.date | None = None) -> tuple[str, ...]:
    """The plan a text written on ``on`` (today when not given) is tagged with, as the
    ``frameworks`` of ``suggest``: the itemised action plan in force then
    (``frameworks.selectors.plan_in_force``). A text older than every plan whose items are
    known gets the first of them, whose domains carry on the earlier plans' themes (see
    docs/tagging.md, "Older documents"). Empty when no plan has items."""
    from frameworks.selectors import action_plans, plan_in_force

    plan = plan_in_force(on, itemised=True)
    if plan is None:
        itemised = action_plans(itemised=True)
        plan = itemised[0][1] if itemised else None
    return (plan.slug,) if plan else ()


@dataclass(frozen=True)
class Suggestion:
    uid: str
    score: float  # 0..1; 1.0 for an explicit reference
    evidence: str  # the sentence or passage that supports it
    method: str  # "explicit", "lexical" or "semantic"
    kind: str = ""  # domain, objective, action, priority
    domain: str | None = None  # uid of the item's domain, if any

    def as_dict(self) -> dict:
        return {
            "uid": self.uid,
            "score": self.score,
            "evidence": self.evidence,
            "method": self.method,
            "kind": self.kind,
            "domain": self.domain,
        }


def suggest(
    text: str,
    language: str | None = None,
    *,
    frameworks: tuple[str, ...] | None = None,
    on: datetime.date | None = None,
    method: str = "lexical",
    limit: int = 5,
    min_score: float = 0.05,
    catalog: Catalog | None = None,
) -> list[Suggestion]:
    """Framework items that ``text`` refers to or is about, explicit references first.

    ``frameworks[0]`` is the plan in force when the text was written, by default
    ``plans_for(on)`` (``on``: the text's date, today when not given): lexical and semantic
    suggestions come from it, and a reference without a plan's name ("Domain 3") is read as
    its. Explicit references naming another plan ("objective 7 of the Marrakesh Action Plan")
    are suggested too, from any plan in the database. ``method`` is "lexical"
    (default, always available) or "semantic" (falls back to lexical when the extra is not
    installed). At most ``limit`` lexical/semantic suggestions scoring ``min_score`` or more
    follow the explicit ones.
    """
    if method not in ("lexical", "semantic"):
        raise ValueError(f"unknown method {method!r}")
    catalog = catalog if catalog is not None else current_catalog()
    frameworks = tuple(frameworks) if frameworks is not None else plans_for(on)
    out: list[Suggestion] = []
    seen: set[str] = set()
    for uid, sentence in explicit.find(text, catalog, frameworks):
        item = catalog.items[uid]
        out.append(Suggestion(uid, 1.0, sentence[:600], "explicit", item.kind, item.domain))
        seen.add(uid)
    if method == "semantic" and semantic.available():
        matches, used = semantic.score(text, catalog, frameworks[:1]), "semantic"
    else:
        index = lexical.index_for(catalog, frameworks[:1])
        matches, used = lexical.score(text, language, index), "lexical"
    added = 0
    for item, score, sentence in matches:
        if added >= limit or score < min_score:
            break
        if item.uid in seen:
            continue
        out.append(Suggestion(item.uid, score, sentence, used, item.kind, item.domain))
        seen.add(item.uid)
        added += 1
    return out


def domains(suggestions: list[Suggestion]) -> list[str]:
    """The distinct domains of ``suggestions``, in order (for domain-level evaluation)."""
    out: list[str] = []
    for s in suggestions:
        if s.domain and s.domain not in out:
            out.append(s.domain)
    return out


__all__ = ["METHODS", "Suggestion", "domains", "plans_for", "suggest"]

"""Explicit references to framework items, resolved to their stable uids.

"Action 5 of the Marrakesh Action Plan", "objective 7", "Domain 3", "Domains 3 and 5",
"cross-cutting priority 3", "action 5 du Plan d'action de Marrakech", "domaine 3", "objectif 7",
"action area 2 of the Cadiz Action Plan". The framework is the one named in the same sentence,
else in the same block, else in the section heading, else the last one named before in the
document, else the action plan in force at the meeting's date; a candidate is kept only if it
has an item with that code (the GCM has objectives but no domains).
"""

from __future__ import annotations

import datetime as dt
import re

from .gazetteer import gazetteer
from .prep import Item, sentences

FRAMEWORK_NAMES = [
    ("marrakesh-2018", r"Marrakesh|Marrakech|Marrakech"),
    ("cadiz-2022", r"C[aá]di[zx]"),
    ("jvap-2015", r"\bJVAP\b|\bPACV\b|Vall?ett?a|La Valette"),
    ("gcm-2018", r"\bGCM\b|Global Compact|Pacte mondial"),
]
_REFERENCE = re.compile(
    r"\b(?P<kind>(?:action\s+)?areas?|domains?|domaines?|objectives?|objectifs?|actions?|"
    r"(?:cross[- ]cutting\s+)?priorit(?:y|ies)|priorités?\s+transversales?)"
    r"\s+(?:n°\s*|no\.?\s*|#)?"
    r"(?P<numbers>\d{1,2}[ab]?(?:\s*(?:,|and|et|&|or|ou)\s*\d{1,2}[ab]?)*)\b",
    re.IGNORECASE,
)


def _prefix(kind: str) -> str | None:
    kind = kind.lower()
    if kind.startswith(("domain", "domaine")) or kind.startswith("action area"):
        return "D"
    if kind.startswith("area"):
        return "D"
    if kind.startswith("objecti"):
        return "O"
    if kind.startswith("action"):
        return "A"
    if "cutting" in kind or "transversal" in kind:
        return "P"
    return None  # a bare "priority 2" is not a framework item


def frameworks_named(text: str) -> list[str]:
    hits = []
    for slug, pattern in FRAMEWORK_NAMES:
        for match in re.finditer(pattern, text):
            hits.append((match.start(), slug))
    return [slug for _, slug in sorted(hits)]


def plan_in_force(date: str | None) -> str | None:
    """The Rabat Process action plan in force on ``date`` (ISO), from the reference data."""
    if not date:
        return None
    day = dt.date.fromisoformat(date)
    best = None
    for slug, framework in gazetteer().frameworks.items():
        adopted = framework.get("adopted_date")
        if framework.get("kind") != "action_plan" or not adopted or not framework["items"]:
            continue
        if dt.date.fromisoformat(adopted) <= day and (best is None or adopted > best[0]):
            best = (adopted, slug)
    return best[1] if best else None


class Resolver:
    """Finds references block by block, remembering the last framework named."""

    def __init__(self, meeting_date: str | None = None):
        self.last_named: str | None = None
        self.default = plan_in_force(meeting_date)

    def _candidates(self, sentence: str, item: Item) -> list[str]:
        order = []
        for source in (sentence, item.text, item.section or ""):
            named = frameworks_named(source)
            order.extend(reversed(named) if source is not sentence else named)
        if self.last_named:
            order.append(self.last_named)
        if self.default:
            order.append(self.default)
        seen = []
        for slug in order:
            if slug not in seen:
                seen.append(slug)
        return seen

    def references(self, item: Item, text: str | None = None) -> list[dict]:
        gaz = gazetteer()
        found = []
        for sentence in sentences(text if text is not None else item.text):
            for match in _REFERENCE.finditer(sentence):
                prefix = _prefix(match.group("kind"))
                if not prefix:
                    continue
                numbers = re.findall(r"\d{1,2}[ab]?", match.group("numbers"))
                for number in numbers:
                    code = f"{prefix}{number}"
                    for slug in self._candidates(sentence, item):
                        if gaz.framework_item(slug, code):
                            found.append(
                                {"id": f"{slug}/{code}", "score": 1.0, "evidence": sentence}
                            )
                            break
            named = frameworks_named(sentence)
            if named:
                self.last_named = named[-1]
        return found


def merge_items(*lists: list[dict]) -> list[dict]:
    """One entry per uid, the first (highest-ranked) kept."""
    seen: dict[str, dict] = {}
    for entries in lists:
        for entry in entries:
            if entry["id"] not in seen:
                seen[entry["id"]] = entry
    return list(seen.values())

"""Explicit references to framework items: the one parser, used by tagging (``find``) and by
the extraction (``knowledge.extract.references``).

"Action 5 of the Marrakesh Action Plan", "Domain 3", "objective 7", "Domains 3 and 5", "actions
2 or 3", "cross-cutting priority 3", "action area 2 of the Cádiz Action Plan", "l'objectif 7 du
Plan d'action de Marrakech", "domaine 3", "axe 2", "priorité transversale 3", "objective n° 4".
"The 23 actions" or "in 2018" are not references.

A reference belongs to the first of these plans that has an item with its code (the GCM has
objectives but no domains): the plans named in the same sentence, in reading order; those named
in the caller's context (the block, then the section heading: the nearest name first); the last
plan named earlier in the text; the plan in force when the text was written. "Objective 5" of a
plan that splits it (Cádiz 5a and 5b) is its 5a. How texts name each plan is data
(``plan_names.json``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .catalog import Catalog, Item
from .text import fold

PLAN_NAMES = Path(__file__).with_name("plan_names.json")

# Kind words, folded (no accents), words separated by one space; a bare "priority" is none.
KIND_WORDS = {
    "domain": "D",
    "domains": "D",
    "domaine": "D",
    "domaines": "D",
    "axe": "D",
    "axes": "D",
    "area": "D",
    "areas": "D",
    "action area": "D",
    "action areas": "D",
    "objective": "O",
    "objectives": "O",
    "objectif": "O",
    "objectifs": "O",
    "action": "A",
    "actions": "A",
    "cross cutting priority": "P",
    "cross cutting priorities": "P",
    "priorite transversale": "P",
    "priorites transversales": "P",
}
_KIND_RE = "|".join(
    r"[\s-]+".join(map(re.escape, kind.split()))
    for kind in sorted(KIND_WORDS, key=len, reverse=True)
)
NUM = r"\d{1,2}[ab]?"
REF_RE = re.compile(
    rf"\b(?P<kind>{_KIND_RE})\s+(?:n[o°º]\.?\s*|#\s*)?"
    rf"(?P<nums>{NUM}(?:\s*(?:,|and|et|&|or|ou)\s*{NUM})*)\b",
    re.IGNORECASE,
)
SENTENCE_RE = re.compile(r"[^.!?;\n]+(?:[.!?;]+|$)")


def sentences(text: str):
    """(start, end, sentence) for each sentence of ``text``."""
    for m in SENTENCE_RE.finditer(text):
        if m.group(0).strip():
            yield m.start(), m.end(), m.group(0).strip()


def _folded(text: str) -> str:
    """``text`` without case or accents, at the same offsets (lower case where folding would
    change the length, e.g. ligatures)."""
    folded = fold(text)
    return folded if len(folded) == len(text) else text.lower()


@lru_cache(maxsize=1)
def _plan_patterns() -> tuple[tuple[str, re.Pattern | None, re.Pattern | None], ...]:
    data = json.loads(PLAN_NAMES.read_text(encoding="utf-8"))["frameworks"]
    out = []
    for slug, written in data.items():
        names = "|".join(re.escape(fold(n)) for n in written.get("names", ()))
        acronyms = "|".join(re.escape(a) for a in written.get("acronyms", ()))
        out.append(
            (
                slug,
                re.compile(rf"(?<!\w)(?:{names})(?!\w)") if names else None,
                re.compile(rf"(?<!\w)(?:{acronyms})(?!\w)") if acronyms else None,
            )
        )
    return tuple(out)


def plans_named(text: str) -> list[str]:
    """The slugs of the plans ``text`` names, in reading order."""
    folded = _folded(text)
    hits = []
    for slug, names, acronyms in _plan_patterns():
        for pattern, source in ((names, folded), (acronyms, text)):
            if pattern is not None:
                hits.extend((m.start(), slug) for m in pattern.finditer(source))
    return [slug for _, slug in sorted(hits)]


def codes(sentence: str) -> list[str]:
    """The item codes a sentence refers to, in reading order: "Domains 3 and 5" -> D3, D5."""
    out = []
    for m in REF_RE.finditer(_folded(sentence)):
        prefix = KIND_WORDS[re.sub(r"[\s-]+", " ", m.group("kind").lower())]
        out.extend(f"{prefix}{number.lower()}" for number in re.findall(NUM, m.group("nums")))
    return out


def item_for(catalog: Catalog, plan: str, code: str) -> Item | None:
    item = catalog.by_code(plan, code)
    if item is None and code.startswith("O") and code[1:].isdigit():
        item = catalog.by_code(plan, f"{code}a")  # Cádiz objective 5 -> 5a
    return item


class Resolver:
    """Reads the references of a text sentence by sentence, remembering the last plan named.

    ``default`` is the plan in force when the text was written (a slug, or ``None``).
    """

    def __init__(self, catalog: Catalog, default: str | None):
        self.catalog = catalog
        self.default = default
        self.last_named: str | None = None

    def _candidates(self, named: list[str], context: Iterable[str]) -> list[str]:
        order = list(named)
        for source in context:
            order.extend(reversed(plans_named(source)))
        order.extend((self.last_named, self.default))
        return list(dict.fromkeys(slug for slug in order if slug))

    def items(self, sentence: str, context: Iterable[str] = ()) -> list[Item]:
        """The items ``sentence`` refers to; ``context``: the texts around it (its block, its
        section heading), whose plan names count after the sentence's own."""
        named = plans_named(sentence)
        found = []
        wanted = codes(sentence)
        candidates = self._candidates(named, context) if wanted else []
        for code in wanted:
            for plan in candidates:
                item = item_for(self.catalog, plan, code)
                if item is not None:
                    found.append(item)
                    break
        if named:
            self.last_named = named[-1]
        return found


def find(text: str, catalog: Catalog, frameworks: tuple[str, ...]) -> list[tuple[str, str]]:
    """``[(uid, evidence sentence)]`` in reading order, each uid once; ``frameworks[0]`` is
    the plan in force when the text was written."""
    resolver = Resolver(catalog, frameworks[0] if frameworks else None)
    found: dict[str, str] = {}
    for _start, _end, sentence in sentences(text):
        for item in resolver.items(sentence):
            found.setdefault(item.uid, sentence)
    return list(found.items())

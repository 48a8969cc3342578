"""Explicit references to framework items: "Action 5 of the Marrakesh Action Plan",
"Domain 3", "objective 7", "Domains 3 and 5", "cross-cutting priority 3", "l'objectif 7 du
Plan d'action de Marrakech", "domaine 3", "priorité transversale 3", "Cádiz action area 2".

A reference names a plan when the plan is named in the same sentence; otherwise it belongs to
the first framework the caller lists (the plan in force when the text was written).
"""

from __future__ import annotations

import re

from .catalog import PLAN_NAMES, Catalog
from .text import fold

KIND_WORDS = {
    # English
    "domain": "D",
    "domains": "D",
    "action area": "D",
    "action areas": "D",
    "objective": "O",
    "objectives": "O",
    "action": "A",
    "actions": "A",
    "cross-cutting priority": "P",
    "cross-cutting priorities": "P",
    # French (folded: no accents)
    "domaine": "D",
    "domaines": "D",
    "axe": "D",
    "axes": "D",
    "objectif": "O",
    "objectifs": "O",
    "priorite transversale": "P",
    "priorites transversales": "P",
}
_KIND_RE = "|".join(sorted((re.escape(k) for k in KIND_WORDS), key=len, reverse=True))
NUM = r"\d{1,2}[ab]?"
REF_RE = re.compile(
    rf"\b(?P<kind>{_KIND_RE})\s+(?:n[o°º]\.?\s*)?(?P<nums>{NUM}(?:\s*(?:,|and|et|&)\s*{NUM})*)\b",
    re.IGNORECASE,
)
SENTENCE_RE = re.compile(r"[^.!?;\n]+(?:[.!?;]+|$)")


def sentences(text: str):
    """(start, end, sentence) for each sentence of ``text``."""
    for m in SENTENCE_RE.finditer(text):
        if m.group(0).strip():
            yield m.start(), m.end(), m.group(0).strip()


def _named_plan(sentence_folded: str) -> str | None:
    for slug, names in PLAN_NAMES.items():
        if any(fold(name) in sentence_folded for name in names):
            return slug
    return None


def find(text: str, catalog: Catalog, frameworks: tuple[str, ...]) -> list[tuple[str, str]]:
    """``[(uid, evidence sentence)]`` in reading order, each uid once."""
    found: dict[str, str] = {}
    folded = fold(text)  # same length as text for Latin scripts: offsets stay valid
    if len(folded) != len(text):
        folded = text.lower()
    default = frameworks[0] if frameworks else None
    for start, end, sentence in sentences(text):
        part = folded[start:end]
        plan = _named_plan(part) or default
        for m in REF_RE.finditer(part):
            prefix = KIND_WORDS[re.sub(r"\s+", " ", m.group("kind").lower())]
            if plan is None:
                continue
            for number in re.findall(NUM, m.group("nums")):
                item = catalog.by_code(plan, f"{prefix}{number.lower()}")
                if item is None and prefix == "O" and number.isdigit():
                    item = catalog.by_code(plan, f"O{number}a")  # Cádiz objective 5 -> 5a
                if item is not None and item.uid not in found:
                    found[item.uid] = sentence
    return list(found.items())

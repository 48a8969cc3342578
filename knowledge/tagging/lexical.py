"""Lexical suggestions: TF-IDF cosine between a text and each framework item's text.

An item's text is its title and text (EN and FR), its vocabulary from ``lexicon.json``, and,
for domains and objectives, the text of everything below it. Words are stemmed with Snowball
in their own language, stop words (EN, FR and the Dialogue's own name) dropped.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from .catalog import Catalog, Item
from .explicit import sentences
from .text import tokens

SCORED_KINDS = ("domain", "objective", "action", "priority")


@dataclass
class Index:
    items: list[Item]
    vectors: list[dict[str, float]]
    idf: dict[str, float]


def _item_terms(item: Item, catalog: Catalog) -> Counter:
    terms: Counter = Counter()
    terms.update(tokens(f"{item.title} {item.text}", "en"))
    lex = catalog.lexicon.get(item.uid, {})
    terms.update(tokens(lex.get("en", ""), "en"))
    terms.update(tokens(lex.get("fr", ""), "fr"))
    if item.kind in ("domain", "objective"):
        for uid in catalog.descendants(item.uid):
            child = catalog.items[uid]
            terms.update(tokens(f"{child.title} {child.text}", "en"))
    return terms


def _weigh(tf: Counter, idf: dict[str, float]) -> dict[str, float]:
    vec = {t: (1 + math.log(n)) * idf.get(t, 0.0) for t, n in tf.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items() if v}


def build_index(catalog: Catalog, frameworks: tuple[str, ...]) -> Index:
    items, tfs = [], []
    for item in catalog.in_frameworks(frameworks):
        if item.kind not in SCORED_KINDS:
            continue
        tf = _item_terms(item, catalog)
        if tf:
            items.append(item)
            tfs.append(tf)
    df: Counter = Counter()
    for tf in tfs:
        df.update(tf.keys())
    n = len(tfs) or 1
    idf = {t: math.log(1 + n / d) for t, d in df.items()}
    return Index(items=items, vectors=[_weigh(tf, idf) for tf in tfs], idf=idf)


_indexes: dict = {}


def index_for(catalog: Catalog, frameworks: tuple[str, ...]) -> Index:
    key = (id(catalog), frameworks)
    if key not in _indexes:
        _indexes.clear() if len(_indexes) > 16 else None
        _indexes[key] = build_index(catalog, frameworks)
    return _indexes[key]


def score(text: str, language: str | None, index: Index) -> list[tuple[Item, float, str]]:
    """``[(item, score 0..1, evidence sentence)]``, best first, items scoring above 0."""
    query_tf = Counter(tokens(text, language))
    if not query_tf:
        return []
    query = _weigh(query_tf, index.idf)
    scored = []
    for item, vec in zip(index.items, index.vectors, strict=True):
        s = sum(w * vec.get(t, 0.0) for t, w in query.items())
        if s > 0:
            scored.append((item, s, vec))
    scored.sort(key=lambda row: (-row[1], row[0].uid))
    return [(item, round(s, 4), evidence(text, language, vec)) for item, s, vec in scored]


def evidence(text: str, language: str | None, vec: dict[str, float]) -> str:
    """The sentence of ``text`` that shares the most weight with the item."""
    best, best_score = text.strip(), -1.0
    for _s, _e, sentence in sentences(text):
        s = sum(vec.get(t, 0.0) for t in set(tokens(sentence, language)))
        if s > best_score:
            best, best_score = sentence, s
    return best[:600]

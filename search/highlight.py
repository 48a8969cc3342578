"""Snippets with the matching words marked: escape everything first, then add ``<mark>``."""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from knowledge.tagging.text import fold, stem

from .query import Query

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


def _keys(query: Query) -> frozenset[str]:
    return _keys_of(query.all_words)


@lru_cache(maxsize=1024)
def _keys_of(words: tuple[str, ...]) -> frozenset[str]:
    keys = set()
    for word in words:
        keys.add(fold(word))
        keys.add(stem(word, "en"))
        keys.add(stem(word, "fr"))
    return frozenset(keys)


@lru_cache(maxsize=50_000)
def _forms(word: str) -> tuple[str, str, str]:
    """A word folded and stemmed (cached: a corpus repeats its vocabulary, and stemming every
    word of every snippet twice was most of the cost of a results page)."""
    return fold(word), stem(word, "en"), stem(word, "fr")


def _hit(word: str, keys: set[str]) -> bool:
    return not keys.isdisjoint(_forms(word))


def snippet(text: str, query: Query, width: int = 240) -> SafeString:
    """The part of ``text`` around the first matching word, HTML-escaped, hits in ``<mark>``."""
    text = " ".join((text or "").split())
    keys = _keys(query)
    spans = [m.span() for m in WORD_RE.finditer(text) if _hit(m.group(0), keys)]
    if spans:
        first = spans[0][0]
        start = max(0, first - width // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
    else:
        start = 0
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    out, pos = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)


def mark(text: str, query: Query) -> SafeString:
    """A whole (short) text such as a title, escaped, hits marked."""
    return snippet(text, query, width=max(len(text or ""), 1))

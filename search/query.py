"""What the user typed, parsed once: words and "exact phrases"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.tagging.text import fold

TERM_RE = re.compile(r'"([^"]+)"|(\S+)')
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
MAX_TERMS = 12


@dataclass(frozen=True)
class Query:
    raw: str
    words: tuple[str, ...]  # bare words, as typed (lower case)
    phrases: tuple[tuple[str, ...], ...]  # each phrase as its words

    @property
    def empty(self) -> bool:
        return not self.words and not self.phrases

    @property
    def all_words(self) -> tuple[str, ...]:
        return self.words + tuple(w for p in self.phrases for w in p)

    def fts5(self) -> str:
        """An FTS5 MATCH expression: every word and phrase required, each quoted, so no user
        input is read as FTS5 syntax."""
        parts = [f'"{w}"' for w in self.words]
        parts += ['"' + " ".join(p) + '"' for p in self.phrases]
        return " AND ".join(parts)

    def websearch(self) -> str:
        """The same for PostgreSQL's ``websearch_to_tsquery`` (quotes keep phrases)."""
        parts = list(self.words) + ['"' + " ".join(p) + '"' for p in self.phrases]
        return " ".join(parts)


def parse(raw: str) -> Query:
    raw = (raw or "").strip()[:300]
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    for phrase, word in TERM_RE.findall(raw):
        if phrase:
            tokens = tuple(w.lower() for w in WORD_RE.findall(phrase))
            if len(tokens) > 1:
                phrases.append(tokens)
            elif tokens:
                words.extend(tokens)
        else:
            words.extend(w.lower() for w in WORD_RE.findall(word))
    return Query(raw=raw, words=tuple(words[:MAX_TERMS]), phrases=tuple(phrases[:4]))


def tag(name: str, value) -> str:
    """One filter value as a single index word that no text contains and that neither the
    tokenizer nor the stemmer alters: ``z`` + a one-letter facet name + the value's UTF-8 in
    hexadecimal + ``z``. Written by ``search.indexing`` into ``SearchEntry.tags``, matched by the
    SQLite backend (``search.backends``)."""
    return f"z{name}{str(value).encode().hex()}z"


def tags_for(*, visibility, kind, language="", year=None, countries=(), items=()) -> str:
    """The words of ``SearchEntry.tags`` for one entry."""
    words = [tag("v", visibility), tag("k", kind)]
    if language:
        words.append(tag("l", language))
    if year:
        words.append(tag("y", year))
    words += [tag("c", c) for c in sorted(countries)]
    words += [tag("i", i) for i in sorted(items)]
    return " ".join(words)


def folded_words(text: str) -> list[str]:
    return [fold(w) for w in WORD_RE.findall(text)]

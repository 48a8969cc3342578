"""The search itself: visible entries -> filters -> full-text match -> ranking -> page,
snippets and facet counts. Everything starts from ``SearchEntry.objects.restrict(user)``, so
what a user may not see is neither returned, nor quoted in a snippet, nor counted in a facet.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings

from . import highlight
from .backends import get_backend
from .choices import FacetName, ResultKind
from .models import SearchEntry, SearchFacet, visibilities
from .query import WORD_RE, Query, parse

FILTER_KEYS = ("kind", "year", "language", "country", "item")
PER_PAGE = 20


TIER_WINDOW = 200
# What a results page shows of an entry (template, API): not its filter words.
PAGE_FIELDS = ("kind", "object_id", "document__slug", "document__visibility", "title_en",
               "title_fr", "body", "url", "language", "year", "page")  # fmt: skip


def rank_cap() -> int:
    """How many matching entries at most are scored for one query (all of them are counted;
    the facets count the scored ones, i.e. every match up to this number)."""
    return int(getattr(settings, "RABAT_SEARCH_RANK_CAP", 1_000))


@dataclass
class Filters:
    kind: list[str] = field(default_factory=list)
    year: list[int] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    item: list[str] = field(default_factory=list)

    @classmethod
    def from_querydict(cls, data) -> Filters:
        def values(key):
            return [v for v in data.getlist(key) if v][:20] if hasattr(data, "getlist") else []

        years = []
        for v in values("year"):
            if v.isdigit() and len(v) == 4:
                years.append(int(v))
        kinds = [k for k in values("kind") if k in ResultKind.values]
        return cls(
            kind=kinds,
            year=years,
            language=[v[:8] for v in values("language")],
            country=[v.upper()[:2] for v in values("country")],
            item=[v[:60] for v in values("item")],
        )

    def is_set(self, key: str, value) -> bool:
        return str(value) in {str(v) for v in getattr(self, key)}

    def pairs(self) -> list[tuple[str, str]]:
        return [(k, str(v)) for k in FILTER_KEYS for v in getattr(self, k)]


@dataclass
class Result:
    entry: SearchEntry
    score: float
    tier: int
    title: str
    snippet: str


@dataclass
class SearchResults:
    query: Query
    filters: Filters
    total: int = 0
    results: list[Result] = field(default_factory=list)
    facets: dict[str, list[dict]] = field(default_factory=dict)
    page: int = 1
    per_page: int = PER_PAGE
    mode: str = "text"
    exhaustive: bool = True  # every match was scored and counted in the facets
    total_exact: bool = True  # False: more than ``total`` entries match (PostgreSQL only)
    ranked: int | None = None  # how many can be paged through (None: all)

    @property
    def pages(self) -> int:
        reachable = self.total if self.ranked is None else min(self.total, self.ranked)
        return max(1, -(-reachable // self.per_page))


def _item_uids_with_descendants(uids: list[str]) -> set[str]:
    from frameworks.models import FrameworkItem

    out = set(uids)
    frontier = set(uids)
    while frontier:
        children = set(
            FrameworkItem.objects.filter(parent__uid__in=frontier).values_list("uid", flat=True)
        )
        frontier = children - out
        out |= children
    return out


def apply_filters(qs, filters: Filters):
    if filters.kind:
        qs = qs.filter(kind__in=filters.kind)
    if filters.year:
        qs = qs.filter(year__in=filters.year)
    if filters.language:
        qs = qs.filter(language__in=filters.language)
    for iso2 in filters.country:
        qs = qs.filter(
            id__in=SearchFacet.objects.filter(name=FacetName.COUNTRY, value=iso2).values("entry")
        )
    for uid in filters.item:
        uids = _item_uids_with_descendants([uid])
        qs = qs.filter(
            id__in=SearchFacet.objects.filter(name=FacetName.ITEM, value__in=uids).values("entry")
        )
    return qs


COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _fold(text: str) -> str:
    """``knowledge.tagging.text.fold`` (lower case, no diacritics) at C speed: the combining
    marks removed by one regular expression instead of a Python test per character."""
    if text.isascii():
        return text.lower()
    return COMBINING_RE.sub("", unicodedata.normalize("NFKD", text.lower()))


def _tier(title: str, body: str, query: Query) -> int:
    """0: the title holds the query as typed; 1: the title holds every word; 2: the text holds
    the query as an exact phrase; 3: the rest. (Words are compared folded, punctuation between
    them ignored.)"""
    words = [_fold(w) for w in query.all_words]
    title = WORD_RE.findall(_fold(title))
    phrase = " ".join(words)
    if phrase and f" {phrase} " in f" {' '.join(title)} ":
        return 0
    if words and set(words) <= set(title):
        return 1
    if len(words) > 1 and _phrase_re(tuple(words)).search(_fold(body)):
        return 2
    return 3


@lru_cache(maxsize=256)
def _phrase_re(words: tuple[str, ...]):
    """The words in a row, anything but letters and digits between them."""
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(re.escape(w) for w in words) + r"(?![^\W_])")


def facet_counts(matched) -> dict[str, list[dict]]:
    """Counts per kind, year, language, country and action plan item over ``matched`` (a
    queryset already restricted to what the user may see)."""
    return _facets_from_tags(matched.order_by().values_list("tags", flat=True))


def _untag(word: str) -> tuple[str, str] | None:
    if len(word) < 3 or word[0] != "z" or word[-1] != "z":
        return None
    try:
        return word[1], bytes.fromhex(word[2:-1]).decode()
    except ValueError:
        return None


LABELS_TTL_S = 300.0
_label_cache: dict[tuple[str, str, str], tuple[float, str]] = {}


def _labels(kind: str, values: list[str]) -> dict[str, str]:
    """Facet labels (country names, "uid title" of items) in the current language, kept
    LABELS_TTL_S seconds per process: two queries per results page saved (~20 ms measured on
    the busy bench machine), a renamed country shows its new name within five minutes."""
    from django.utils.translation import get_language

    from frameworks.models import FrameworkItem
    from partners.models import Country

    language, now, out, missing = get_language() or "", time.monotonic(), {}, []
    for v in values:
        hit = _label_cache.get((kind, language, v))
        if hit and now - hit[0] < LABELS_TTL_S:
            out[v] = hit[1]
        else:
            missing.append(v)
    if missing:
        if kind == "country":
            found = {c.iso2: c.name for c in Country.objects.filter(iso2__in=missing)}
        else:
            found = {
                i.uid: f"{i.uid} {i.title}".strip()
                for i in FrameworkItem.objects.filter(uid__in=missing)
            }
        if len(_label_cache) > 10_000:
            _label_cache.clear()
        for v in missing:
            out[v] = found.get(v, v)
            _label_cache[(kind, language, v)] = (now, out[v])
    return out


def _facets_from_tags(tag_strings) -> dict[str, list[dict]]:
    """The facet counts of the entries whose ``tags`` are given (one GROUP BY in Python: the
    tags hold every facet value of an entry, see ``query.tags_for``)."""
    from documents.choices import Language

    counts = Counter(word for tags in tag_strings for word in tags.split())
    by_name: dict[str, list[tuple[str, int]]] = {n: [] for n in "kylci"}
    for word, n in counts.items():
        parsed = _untag(word)
        if parsed and parsed[0] in by_name:
            by_name[parsed[0]].append((parsed[1], n))
    facets: dict[str, list[dict]] = OrderedDict()
    kinds = dict(ResultKind.choices)
    facets["kind"] = [
        {"value": v, "label": str(kinds.get(v, v)), "count": n}
        for v, n in sorted(by_name["k"], key=lambda r: (-r[1], r[0]))
    ]
    facets["year"] = [
        {"value": v, "label": v, "count": n} for v, n in sorted(by_name["y"], reverse=True)
    ]
    languages = dict(Language.choices)
    facets["language"] = [
        {"value": v, "label": str(languages.get(v, v)), "count": n}
        for v, n in sorted(by_name["l"], key=lambda r: (-r[1], r[0]))
    ]
    countries = sorted(by_name["c"], key=lambda r: (-r[1], r[0]))[:30]
    names = _labels("country", [v for v, _n in countries])
    facets["country"] = [{"value": v, "label": names.get(v, v), "count": n} for v, n in countries]
    items = sorted(by_name["i"], key=lambda r: (-r[1], r[0]))[:30]
    titles = _labels("item", [v for v, _n in items])
    facets["item"] = [{"value": v, "label": titles.get(v, v), "count": n} for v, n in items]
    return facets


def search(
    user,
    q: str,
    filters: Filters | None = None,
    *,
    page: int = 1,
    per_page: int = PER_PAGE,
    with_facets: bool = True,
    mode: str = "text",
) -> SearchResults:
    """One search across every kind of record, for ``user``."""
    query = parse(q)
    filters = filters or Filters()
    out = SearchResults(query=query, filters=filters, page=max(1, page), per_page=per_page)
    if query.empty:
        return out
    visible = SearchEntry.objects.restrict(user, "view")
    if mode == "semantic":
        from . import semantic

        if semantic.available():
            out.mode = "semantic"
            return semantic.search(out, apply_filters(visible, filters), user)
    item_groups = [_item_uids_with_descendants([uid]) for uid in filters.item]
    backend, audience = get_backend(), visibilities(user)
    found = backend.candidates(query, audience, filters, item_groups, rank_cap())
    out.total, out.exhaustive = found.total, found.exhaustive
    out.total_exact = found.total_exact
    if not found.total:
        if with_facets:
            out.facets = _facets_from_tags([])
        return out
    # Every candidate read once, visible ones only: titles for the tiers, tags for the facets.
    info = {r[0]: r for r in backend.rows(list(found.scores), ["id", "title_en", "title_fr",
                                                                "tags"], audience)}  # fmt: skip
    scores = {pk: found.scores[pk] for pk in info}
    if len(scores) < found.total:
        out.exhaustive = False
    # Titles and phrases are checked on the best TIER_WINDOW (title matches first, then by
    # relevance: bm25 already weighs titles ten times): checking every candidate costs more
    # than the search itself. The other candidates follow by relevance.
    by_score = sorted(scores, key=lambda pk: (pk not in found.title_ids, -scores[pk], pk))
    window, rest = by_score[:TIER_WINDOW], by_score[TIER_WINDOW:]
    bodies = {}
    if len(query.all_words) > 1:  # the exact-phrase tier reads the text
        bodies = dict(backend.rows(window, ["id", "body"], audience))
    tiers = {pk: _tier(f"{info[pk][1]} {info[pk][2]}", bodies.get(pk, ""), query) for pk in window}
    ordered = sorted(tiers, key=lambda pk: (tiers[pk], -scores[pk], pk))
    ordered += sorted(rest, key=lambda pk: (-scores[pk], pk))
    out.ranked = len(ordered)
    start = (out.page - 1) * per_page
    page_ids = ordered[start : start + per_page]
    entries = visible.select_related("document").only(*PAGE_FIELDS).in_bulk(page_ids)
    for pk in page_ids:
        entry = entries.get(pk)
        if entry is None:  # pragma: no cover - the index and the table are one transaction
            continue
        out.results.append(
            Result(
                entry=entry,
                score=round(scores[pk], 4),
                tier=tiers.get(pk, 3),
                title=highlight.mark(entry.title, query),
                snippet=highlight.snippet(entry.body, query),
            )
        )
    if with_facets:
        # Over every match when all were scored (exact), else over the scored sample: the
        # page says so (``exhaustive``).
        out.facets = _facets_from_tags(row[3] for row in info.values())
    return out


__all__ = ["Filters", "SearchResults", "search"]

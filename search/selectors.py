"""The search itself: visible entries -> filters -> full-text match -> ranking -> page,
snippets and facet counts. Everything starts from ``SearchEntry.objects.restrict(user)``, so
what a user may not see is neither returned, nor quoted in a snippet, nor counted in a facet.
"""

from __future__ import annotations

import heapq
from collections import OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count

from knowledge.tagging.text import fold

from . import highlight
from .backends import get_backend
from .choices import FacetName, ResultKind
from .models import SearchEntry, SearchFacet
from .query import Query, folded_words, parse

FILTER_KEYS = ("kind", "year", "language", "country", "item")
PER_PAGE = 20


TIER_WINDOW = 400


def rank_cap() -> int:
    """How many matching entries at most are ranked for one query (all of them are counted
    and faceted)."""
    return int(getattr(settings, "RABAT_SEARCH_RANK_CAP", 50_000))


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

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


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


def _tier(entry: SearchEntry, query: Query) -> int:
    """0: the title holds the query as typed; 1: the title holds every word; 2: the text holds
    the query as an exact phrase; 3: the rest."""
    words = [fold(w) for w in query.all_words]
    title = folded_words(f"{entry.title_en} {entry.title_fr}")
    phrase = " ".join(words)
    if phrase and f" {phrase} " in f" {' '.join(title)} ":
        return 0
    if words and set(words) <= set(title):
        return 1
    if len(words) > 1 and f" {phrase} " in f" {' '.join(folded_words(entry.body))} ":
        return 2
    return 3


def _candidates(matched) -> list[int]:
    """Every visible matching entry, up to ``rank_cap()`` (the others still count)."""
    return list(matched.order_by().values_list("id", flat=True)[: rank_cap()])


def facet_counts(matched) -> dict[str, list[dict]]:
    """Counts per kind, year, language, country and action plan item over ``matched`` (which is
    already restricted to what the user may see)."""
    from frameworks.models import FrameworkItem
    from partners.models import Country

    facets: dict[str, list[dict]] = OrderedDict()
    labels = dict(ResultKind.choices)
    facets["kind"] = [
        {"value": r["kind"], "label": str(labels.get(r["kind"], r["kind"])), "count": r["n"]}
        for r in matched.order_by().values("kind").annotate(n=Count("id")).order_by("-n", "kind")
    ]
    facets["year"] = [
        {"value": str(r["year"]), "label": str(r["year"]), "count": r["n"]}
        for r in matched.exclude(year=None)
        .order_by()
        .values("year")
        .annotate(n=Count("id"))
        .order_by("-year")
    ]
    from documents.choices import Language

    languages = dict(Language.choices)
    facets["language"] = [
        {"value": r["language"], "label": str(languages.get(r["language"], r["language"])),
         "count": r["n"]}
        for r in matched.exclude(language="")
        .order_by()
        .values("language")
        .annotate(n=Count("id"))
        .order_by("-n")
    ]  # fmt: skip
    rows = (
        SearchFacet.objects.filter(entry__in=matched.order_by().values("id"))
        .values("name", "value")
        .annotate(n=Count("entry"))
        .order_by("-n", "value")
    )
    countries, items = [], []
    for r in rows:
        (countries if r["name"] == FacetName.COUNTRY else items).append(r)
    names = {
        c.iso2: c.name for c in Country.objects.filter(iso2__in=[r["value"] for r in countries])
    }
    facets["country"] = [
        {"value": r["value"], "label": names.get(r["value"], r["value"]), "count": r["n"]}
        for r in countries[:30]
    ]
    titles = {
        i.uid: f"{i.uid} {i.title}".strip()
        for i in FrameworkItem.objects.filter(uid__in=[r["value"] for r in items[:30]])
    }
    facets["item"] = [
        {"value": r["value"], "label": titles.get(r["value"], r["value"]), "count": r["n"]}
        for r in items[:30]
    ]
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
    filtered = apply_filters(visible, filters)
    if mode == "semantic":
        from . import semantic

        if semantic.available():
            out.mode = "semantic"
            return semantic.search(out, filtered, user)
    backend = get_backend()
    matched = filtered.filter(id__in=backend.match(query))
    out.total = matched.count()
    if not out.total:
        if with_facets:
            out.facets = facet_counts(matched)
        return out
    ids = _candidates(matched)
    scores = backend.rank(query, ids)
    # Titles and phrases are checked on the best TIER_WINDOW by relevance (bm25 already
    # weighs titles ten times): checking every match costs more than the search itself.
    best = heapq.nlargest(TIER_WINDOW, scores, key=lambda pk: (scores[pk], -pk))
    scores = {pk: scores[pk] for pk in best}
    fields = ["id", "kind", "title_en", "title_fr"]
    if len(query.all_words) > 1:
        fields.append("body")  # for the exact-phrase tier
    light = SearchEntry.objects.filter(id__in=list(scores)).only(*fields)
    tiers = {e.pk: _tier(e, query) for e in light}
    ordered = sorted(tiers, key=lambda pk: (tiers[pk], -scores[pk], pk))
    start = (out.page - 1) * per_page
    page_ids = ordered[start : start + per_page]
    entries = SearchEntry.objects.select_related("document").in_bulk(page_ids)
    for pk in page_ids:
        entry = entries[pk]
        out.results.append(
            Result(
                entry=entry,
                score=round(scores[pk], 4),
                tier=tiers[pk],
                title=highlight.mark(entry.title, query),
                snippet=highlight.snippet(entry.body, query),
            )
        )
    if with_facets:
        out.facets = facet_counts(matched)
    return out


def visible_document_ids(user) -> set[int]:
    from documents.models import Document

    return set(Document.objects.restrict(user, "view").values_list("id", flat=True))


__all__ = ["Filters", "SearchResults", "search"]

"""Authorisation matrix of the search and tagging URLs (see core/authz.py)."""

from core.authz import EVERYONE, STAFF, Case


def setup(world):
    from documents.tests.factories import DocumentFactory
    from frameworks.tests.factories import FrameworkItemFactory
    from search.tests.factories import TagSuggestionFactory

    item = FrameworkItemFactory(code="D5", number="5", title_en="Return and reintegration")
    document = DocumentFactory(slug="authz-tagging-document", title_en="Note on return")
    world.tag_suggestion = TagSuggestionFactory(document=document, item=item)
    # A semantic vector (its admin pages are checked too): zeros, as no search uses it here.
    from search.models import SearchEntry, SearchVector

    entry = SearchEntry.objects.get(kind="document", object_id=document.pk)
    SearchVector.objects.create(entry=entry, vector=bytes(384 * 4), stamp=1)


def _pk(world):
    return {"pk": world.tag_suggestion.pk}


def _ids(world):
    return {"decision": "accept", "ids": [world.tag_suggestion.pk]}


CASES = [
    Case("search:search", "list", EVERYONE, query="?q=return"),
    Case("api:search-list", "list", EVERYONE, query="?q=return"),
    Case("search:tagging", "list", STAFF),
    Case("search:tagging", "export", STAFF, query="?export=csv"),
    Case(
        "search:tagging-review",
        "change",
        STAFF,
        kwargs=_pk,
        method="POST",
        data={"decision": "accept"},
    ),
    Case("search:tagging-bulk-review", "change", STAFF, method="POST", data=_ids),
    Case("api:tag-suggestion-list", "list", STAFF),
    Case("api:tag-suggestion-list", "export", STAFF, query="?format=csv"),
    Case("api:tag-suggestion-detail", "view", STAFF, kwargs=_pk),
    Case(
        "api:tag-suggestion-review",
        "change",
        STAFF,
        kwargs=_pk,
        method="POST",
        data={"decision": "accept"},
        content_type="application/json",
    ),
    Case(
        "api:tag-suggestion-bulk-review",
        "change",
        STAFF,
        method="POST",
        data=_ids,
        content_type="application/json",
    ),
]


# ---- the write battery (core.writebattery; core/tests/test_write_battery.py) ------------------
def _writes():
    from core.writebattery import WriteCase, item, meeting

    def entry(world):
        from search.models import SearchEntry

        return SearchEntry.objects.filter(kind="document").order_by("pk").first()

    return [
        # The index is built from the records (search.indexing): every record has its entry
        # already, so the admin only corrects one.
        WriteCase(
            "search.SearchEntry",
            creates=False,
            values=lambda w: {
                "kind": "meeting",
                "object_id": meeting("2019-02-ouagadougou-senior-officials-meeting").pk,
                "title_en": "Senior Officials' Meeting, Ouagadougou",
                "body": "Reference countries were introduced at this meeting.",
                "url": "/meetings/2019-02-ouagadougou-senior-officials-meeting/",
                "language": "en",
                "year": 2019,
                "visibility": "public",
            },
            changes=lambda w: {"title_fr": "Note sur le retour", "year": 2020},
            record=entry,
        ),  # fmt: skip
        WriteCase(
            "search.SearchFacet",
            values=lambda w: {"entry": entry(w), "name": "country", "value": "BF"},
            changes=lambda w: {"value": "NE"},
            record=lambda w: entry(w).facets.get(name="item", value="marrakesh-2018/D5"),
        ),
        WriteCase(
            "search.TagSuggestion",
            values=lambda w: {
                "target_type": "document",
                "document": w.public_document,
                "passage": None,
                "recommendation": None,
                "item": item("marrakesh-2018/D3"),
                "score": 0.82,
                "evidence": "reference countries follow one domain",
                "method": "lexical",
                "status": "pending",
            },
            changes=lambda w: {"evidence": "return and reintegration (checked)", "score": 0.9},
            record=lambda w: w.tag_suggestion,
        ),  # fmt: skip
        # Derived data rebuilt by ``rabat search_index --embed``: the admin cannot create one
        # (its vector bytes are not shown); it changes the stamp only.
        WriteCase(
            "search.SearchVector",
            values=lambda w: {},
            creates=False,
            changes=lambda w: {"stamp": 2},
            record=lambda w: __import__("search.models").models.SearchVector.objects.first(),
        ),
    ]


def battery_setup(world):
    from search.models import SearchEntry, SearchFacet

    entry = SearchEntry.objects.filter(kind="document").order_by("pk").first()
    SearchFacet.objects.get_or_create(entry=entry, name="item", value="marrakesh-2018/D5")


WRITES = _writes()

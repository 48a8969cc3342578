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

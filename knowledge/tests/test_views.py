"""Library pages respect document visibility; lists export; query counts are pinned."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.tests.factories import DocumentFactory
from knowledge.models import ExtractionDraft, Passage

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    public = DocumentFactory(title_en="Public summary")
    private = DocumentFactory(title_en="Partners-only conclusions", partners_only=True)
    for document in (public, private):
        Passage.objects.bulk_create(
            [
                Passage(
                    document=document,
                    position=0,
                    kind="heading",
                    level=1,
                    text=f"{document.title_en} heading",
                    page=1,
                ),  # noqa: E501
                Passage(
                    document=document, position=1, kind="paragraph", text="First page text.", page=1
                ),  # noqa: E501
                Passage(
                    document=document,
                    position=2,
                    kind="list_item",
                    marker="1.",
                    level=1,
                    text="Second page item.",
                    page=2,
                ),  # noqa: E501
            ]
        )
        ExtractionDraft.objects.create(document=document, data={})
    return public, private


def test_library_lists_documents_with_passage_counts_by_visibility(
    library, anon_client, partner_client
):  # noqa: E501
    public, private = library
    html = anon_client.get("/library/").content.decode()
    assert "Public summary" in html and "Partners-only conclusions" not in html
    assert '<td class="num">3</td>' in html
    assert "/library/review/" not in html  # review status is for the Secretariat
    partner_html = partner_client.get("/library/").content.decode()
    assert "Partners-only conclusions" in partner_html
    api = anon_client.get("/api/library/documents/").json()
    assert [(d["slug"], d["passages"]) for d in api["results"]] == [(public.slug, 3)]
    export = anon_client.get("/library/?export=json").json()
    assert [d["slug"] for d in export] == [public.slug]


def test_library_shows_review_status_to_the_secretariat(library, admin_client):
    html = admin_client.get("/library/").content.decode()
    assert html.count("Pending review</a>") == 2


def test_document_text_page_by_page_and_hidden_documents_are_404(
    library, anon_client, partner_client
):  # noqa: E501
    public, private = library
    html = anon_client.get(f"/library/document/{public.pk}/").content.decode()
    assert "Page 1" in html and "Page 2" in html
    assert "1. Second page item." in html
    assert html.index("First page text.") < html.index("Page 2") < html.index("Second page item.")
    assert anon_client.get(f"/library/document/{private.pk}/").status_code == 404
    assert partner_client.get(f"/library/document/{private.pk}/").status_code == 200


def test_library_list_query_count_does_not_grow_with_documents(library, anon_client):
    with CaptureQueriesContext(connection) as few:
        anon_client.get("/library/")
    for _ in range(5):
        document = DocumentFactory()
        ExtractionDraft.objects.create(document=document, data={})
    with CaptureQueriesContext(connection) as many:
        anon_client.get("/library/")
    assert len(many) == len(few)


def test_passages_follow_their_document_visibility(library, anon_client):
    from django.contrib.auth.models import AnonymousUser

    public, private = library
    visible = Passage.objects.restrict(AnonymousUser(), "view")
    assert set(visible.values_list("document_id", flat=True)) == {public.pk}


def test_drafts_and_items_api_are_staff_only(library, partner_client, admin_client):
    assert partner_client.get("/api/library/drafts/").status_code == 403
    assert admin_client.get("/api/library/drafts/").json()["count"] == 2
    draft = ExtractionDraft.objects.first()
    assert partner_client.get(f"/api/library/drafts/{draft.pk}/").status_code == 403

"""Cached pages and figures follow the data: a change shows on the next request."""

import pytest

from documents.tests.factories import DocumentFactory
from frameworks.tests.factories import FrameworkFactory, FrameworkItemFactory
from meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_meeting_list_shows_an_edited_title_at_once(client):
    meeting = MeetingFactory(title_en="Thematic meeting on visas")
    assert "Thematic meeting on visas" in client.get("/meetings/").content.decode()
    meeting.title_en = "Thematic meeting on visa facilitation"
    meeting.save()
    html = client.get("/meetings/").content.decode()
    assert "Thematic meeting on visa facilitation" in html
    assert "Thematic meeting on visas<" not in html


def test_framework_counts_follow_a_new_link(client):
    framework = FrameworkFactory(slug="marrakesh-2018")
    domain = FrameworkItemFactory(framework=framework, code="D3", kind="domain", number="3")
    url = "/action-plans/marrakesh-2018/"
    first = client.get(url)
    node = next(n for n in first.context["roots"] if n.item == domain)
    assert node.counts["meetings"] == 0
    MeetingFactory().framework_items.add(domain)  # a many-to-many change only
    second = client.get(url)
    node = next(n for n in second.context["roots"] if n.item == domain)
    assert node.counts["meetings"] == 1


def test_api_list_follows_a_deletion(client):
    document = DocumentFactory(title_en="Concept note on return")
    assert client.get("/api/documents/").json()["count"] == 1
    document.delete()
    assert client.get("/api/documents/").json()["count"] == 0


def test_cached_page_is_not_shared_between_audiences(client, partner_user):
    DocumentFactory(title_en="Public summary of debates")
    DocumentFactory(title_en="Restricted concept note", visibility="partners")
    assert "Restricted concept note" not in client.get("/documents/").content.decode()
    client.force_login(partner_user)
    assert "Restricted concept note" in client.get("/documents/").content.decode()
    client.logout()
    assert "Restricted concept note" not in client.get("/documents/").content.decode()


def test_visitors_share_one_rendering_until_the_data_changes(client, django_assert_num_queries):
    meeting = MeetingFactory(title_en="Thematic meeting on return")
    first = client.get("/meetings/")
    assert "Thematic meeting on return" in first.content.decode()
    assert not first.cookies  # nothing personal in a visitor's page
    with django_assert_num_queries(1):  # only the content version is read
        again = client.get("/meetings/")
    assert again.content == first.content
    assert again["Content-Security-Policy"]  # outer middleware still applies
    meeting.title_en = "Thematic meeting on return and reintegration"
    meeting.save()
    assert "return and reintegration" in client.get("/meetings/").content.decode()


def test_signed_in_pages_are_not_shared(client, partner_user):
    MeetingFactory()
    client.force_login(partner_user)
    page = client.get("/meetings/").content.decode()
    assert partner_user.get_username() in page
    client.logout()
    assert partner_user.get_username() not in client.get("/meetings/").content.decode()


def test_language_versions_are_cached_apart(client):
    MeetingFactory(title_en="Meeting on visas", title_fr="Réunion sur les visas")
    assert "Meeting on visas" in client.get("/meetings/").content.decode()
    client.cookies["django_language"] = "fr"
    assert "Réunion sur les visas" in client.get("/meetings/").content.decode()


def test_a_page_with_a_form_is_never_shared_between_visitors(rf, settings):
    """A visitor's CSRF token must not reach another visitor through the page cache."""
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from core.cache import AnonymousPageCacheMiddleware

    calls = []

    def view(request):
        calls.append(1)
        return HttpResponse(f"<form>{get_token(request)}</form>", content_type="text/html")

    middleware = AnonymousPageCacheMiddleware(view)
    for _ in range(2):
        request = rf.get("/labels/new/")
        request.user = type("Anon", (), {"is_authenticated": False})()
        request.LANGUAGE_CODE = "en"
        request.META["CSRF_COOKIE"] = "a" * 32
        middleware(request)
    assert len(calls) == 2


def test_the_cached_dashboard_follows_a_validated_initiative(client):
    from monitoring.tests.factories import InitiativeFactory

    framework = FrameworkFactory(slug="marrakesh-2018")
    action = FrameworkItemFactory(framework=framework, code="A7", kind="action")
    url = "/monitoring/?framework=marrakesh-2018"
    cell = f'?framework_item={action.uid}">'
    assert cell + "0</a>" in client.get(url).content.decode()
    InitiativeFactory().framework_items.add(action)  # the figures are derived rows
    assert cell + "1</a>" in client.get(url).content.decode()


def test_derived_rows_go_in_one_statement_without_raising_the_version(
    django_assert_num_queries,
):
    """The dashboard's entries and figures (``derived = True``) have no content-version
    receivers, so a bulk delete of them is one DELETE, not a read and a signal per row."""
    from core.cache import content_version
    from monitoring.models import LinkEntry

    LinkEntry.objects.bulk_create(
        LinkEntry(kind="meetings", record=i, item=1, public=True, start_year=2020, end_year=2020)
        for i in range(50)
    )
    before = content_version()
    with django_assert_num_queries(1):
        LinkEntry.objects.filter(kind="meetings").delete()
    assert content_version() == before

"""The shared list machinery (core.views.FilteredListView): pages, exports, filters."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sixty_meetings():
    return [
        MeetingFactory(
            slug=f"meeting-{i:02d}", start_date=datetime.date(2010, 1, 1) + datetime.timedelta(i)
        )
        for i in range(60)
    ]


def test_list_without_query_shows_every_record(sixty_meetings, client):
    response = client.get(reverse("meetings:list"))
    assert response.context["paginator"].count == 60
    assert len(response.context["object_list"]) == 50  # one page
    assert "60 records" in response.content.decode()


def test_second_and_out_of_range_pages(sixty_meetings, client):
    page2 = client.get(reverse("meetings:list"), {"page": 2})
    assert [m.slug for m in page2.context["object_list"]] == [
        f"meeting-{i:02d}" for i in range(9, -1, -1)
    ]
    last = client.get(reverse("meetings:list"), {"page": 99})
    assert last.status_code == 200
    assert last.context["page_obj"].number == 2
    assert client.get(reverse("meetings:list"), {"page": "x"}).context["page_obj"].number == 1


def test_pagination_keeps_the_filters(sixty_meetings, client):
    response = client.get(reverse("meetings:list"), {"year": "2010", "page": 1})
    assert response.context["querystring"] == "year=2010"
    assert "year=2010&amp;page=2" in response.content.decode() or (
        "page=2&amp;year=2010" in response.content.decode()
    )


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_has_every_filtered_row_not_one_page(sixty_meetings, client, fmt):
    response = client.get(reverse("meetings:list"), {"export": fmt, "year": "2010", "page": 2})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="meetings.{fmt}"'
    text = response.content.decode()
    rows = json.loads(text) if fmt == "json" else list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 60
    assert rows[0]["slug"] == "meeting-59"  # the list's order


def test_unknown_export_format_is_404(client):
    assert client.get(reverse("meetings:list"), {"export": "xlsx"}).status_code == 404


def test_export_of_an_empty_selection(sixty_meetings, client):
    response = client.get(reverse("meetings:list"), {"export": "json", "year": "1999"})
    assert json.loads(response.content) == []
    response = client.get(reverse("meetings:list"), {"export": "csv", "year": "1999"})
    assert response.content == b""


@pytest.mark.parametrize(
    ("path", "query", "api"),
    [
        ("/partners/", {"q": "Morocco"}, "/api/countries/"),
        ("/partners/organisations/", {"standing": "partner"}, "/api/organisations/"),
        ("/action-plans/items/", {"parent": "marrakesh-2018/D3"}, "/api/framework-items/"),
        ("/documents/", {"framework_item": "marrakesh-2018/D3"}, "/api/documents/"),
        ("/documents/", {"country": "ma"}, "/api/documents/"),
        (
            "/meetings/recommendations/",
            {"meeting": "2014-06-rabat-senior-officials-meeting"},
            "/api/recommendations/",
        ),
    ],  # fmt: skip
)
def test_export_equals_api(site, partner_client, path, query, api):
    """The HTML list's JSON download and the API list are the same rows, field for field."""
    export = json.loads(partner_client.get(path, {**query, "export": "json"}).content)
    rows = partner_client.get(api, {**query, "page_size": 500}).json()["results"]
    assert export == json.loads(json.dumps(rows))
    html = partner_client.get(path, query)
    assert html.context["paginator"].count == len(rows)

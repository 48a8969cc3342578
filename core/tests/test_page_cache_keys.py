"""F9 (issue 13): the visitors' page cache keeps apart what differs by ``HX-Request`` and host.

The dashboard's country x action table and maps answer a fragment to htmx and a whole page
to a browser without JavaScript; the cache served the fragment to whoever came next. Pages
and API lists also carry absolute addresses, which name the host the visitor asked.
"""

from __future__ import annotations

import datetime

import pytest

from frameworks.tests.factories import FrameworkFactory, FrameworkItemFactory
from meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    framework = FrameworkFactory(slug="marrakesh-2018", adopted_date=datetime.date(2018, 5, 2))
    FrameworkItemFactory(framework=framework, kind="domain", code="D1", number="1")
    return framework


@pytest.mark.parametrize("part", ["matrix", "maps"])
def test_htmx_fragment_is_not_served_as_the_page(client, plan, part):
    url = f"/monitoring/{part}/?framework=marrakesh-2018"
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    page = client.get(url)  # the link followed without JavaScript
    assert "<html" in page.content.decode()
    again = client.get(url, HTTP_HX_REQUEST="true")  # htmx still gets the fragment
    assert "<html" not in again.content.decode()


def test_the_dashboard_page_after_its_htmx_calls(client, plan):
    """The dashboard, then its two htmx calls, then each part without JavaScript."""
    dashboard = client.get("/monitoring/?framework=marrakesh-2018")
    assert 'hx-get="/monitoring/matrix/?framework=marrakesh-2018"' in dashboard.content.decode()
    for part in ("matrix", "maps"):
        client.get(f"/monitoring/{part}/?framework=marrakesh-2018", HTTP_HX_REQUEST="true")
    assert client.get("/monitoring/?framework=marrakesh-2018").content == dashboard.content
    for part in ("matrix", "maps"):
        page = client.get(f"/monitoring/{part}/?framework=marrakesh-2018")
        assert "<html" in page.content.decode(), part


def test_two_hosts_do_not_share_a_page(client, settings):
    assert {"testserver", "localhost"} <= set(settings.ALLOWED_HOSTS)
    meeting = MeetingFactory(slug="2014-06-rabat-som")
    url = meeting.get_absolute_url()
    first = client.get(url, HTTP_HOST="testserver").content.decode()
    assert f"http://testserver{url}" in first  # "Printed from <address>"
    second = client.get(url, HTTP_HOST="localhost").content.decode()
    assert f"http://localhost{url}" in second
    assert "http://testserver" not in second


def test_two_hosts_do_not_share_an_api_list(client):
    for i in range(3):
        MeetingFactory(slug=f"meeting-{i}")
    first = client.get("/api/meetings/?page_size=1", HTTP_HOST="testserver").json()
    assert first["next"].startswith("http://testserver/api/meetings/")
    second = client.get("/api/meetings/?page_size=1", HTTP_HOST="localhost").json()
    assert second["next"].startswith("http://localhost/api/meetings/")


def test_a_long_query_string_is_cached_without_a_warning(client):
    """Keys are hashed: a 2,000-character search is no longer a 2,000-character cache key
    (which memcached refuses and Django warns about, an error under pytest)."""
    long = "x" * 2000
    assert client.get("/documents/", {"q": long}).status_code == 200
    assert client.get("/api/documents/", {"q": long}).status_code == 200

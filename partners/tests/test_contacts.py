"""E-mail and telephone of people are for partner accounts only, on pages, API and exports."""

import csv
import io
import json

import pytest
from django.urls import reverse

from core.tests.sitedata import SECRET_EMAIL, SECRET_PHONE

pytestmark = pytest.mark.django_db


def shows_contacts(audience: str) -> bool:
    return audience == "partner"


def test_person_page(site, audience):
    name, client = audience
    response = client.get(site.person.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert site.person.name in html  # the name and function are public
    assert (SECRET_EMAIL in html) is shows_contacts(name)
    assert (SECRET_PHONE in html) is shows_contacts(name)


@pytest.mark.parametrize(
    "page",
    ["partners:people", "partners:country", "partners:network", "meetings:detail"],
)
def test_pages_listing_the_person(site, audience, page):
    """Wherever the person is listed (people, focal points, network, speakers), the contact
    details stay hidden from non-partners (partners see them at least on the person page)."""
    name, client = audience
    kwargs = {
        "partners:people": {},
        "partners:country": {"iso2": "MA"},
        "partners:network": {"slug": site.network.slug},
        "meetings:detail": {"slug": site.meeting.slug},
    }[page]
    response = client.get(reverse(page, kwargs=kwargs))
    assert response.status_code == 200
    html = response.content.decode()
    assert site.person.name in html
    if not shows_contacts(name):
        assert SECRET_EMAIL not in html
        assert SECRET_PHONE not in html


def test_api_people(site, audience):
    name, client = audience
    listing = client.get("/api/people/").json()["results"]
    row = next(r for r in listing if r["id"] == site.person.pk)
    detail = client.get(f"/api/people/{site.person.pk}/").json()
    for data in (row, detail):
        assert data["name"] == site.person.name
        if shows_contacts(name):
            assert data["email"] == SECRET_EMAIL
            assert data["phone"] == SECRET_PHONE
        else:
            assert "email" not in data
            assert "phone" not in data
    as_csv = client.get("/api/people/", {"format": "csv"}).content.decode()
    assert (SECRET_EMAIL in as_csv) is shows_contacts(name)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_people_exports(site, audience, fmt):
    name, client = audience
    response = client.get(reverse("partners:people"), {"export": fmt})
    assert response.status_code == 200
    text = response.content.decode()
    rows = json.loads(text) if fmt == "json" else list(csv.DictReader(io.StringIO(text)))
    # The partner account is a focal point itself (core.tests.factories), listed too.
    people = [r["name"] for r in rows if not r["name"].startswith("Focal point user")]
    assert people == [site.person.name]
    assert (SECRET_EMAIL in text) is shows_contacts(name)
    assert (SECRET_PHONE in text) is shows_contacts(name)


def test_people_not_searchable_by_hidden_email(site, anon_client):
    """Searching for an address must not reveal whose it is."""
    response = anon_client.get("/api/people/", {"q": SECRET_EMAIL})
    assert response.json()["count"] == 0
    response = anon_client.get(reverse("partners:people"), {"q": SECRET_EMAIL, "export": "json"})
    assert json.loads(response.content) == []


def test_focal_points_api(site, audience):
    name, client = audience
    rows = client.get("/api/focal-points/?country=MA").json()["results"]
    assert [row["person"]["name"] for row in rows] == [site.person.name]
    assert (rows[0]["person"].get("email") == SECRET_EMAIL) is shows_contacts(name)
    assert ("phone" in rows[0]["person"]) is shows_contacts(name)


def test_cached_api_lists_do_not_leak_between_audiences(site, anon_client, partner_client):
    """API lists are cached: a partner's list must never be served to a visitor, or back."""
    for url in ("/api/people/", "/api/focal-points/", "/api/documents/?format=csv"):
        partner_first = partner_client.get(url).content.decode()
        anonymous_after = anon_client.get(url).content.decode()
        partner_again = partner_client.get(url).content.decode()
        for secret in (SECRET_EMAIL, site.secret_doc.slug):
            assert secret not in anonymous_after, url
            assert (secret in partner_first) is (secret in partner_again), url
        assert SECRET_EMAIL in partner_first or site.secret_doc.slug in partner_first, url

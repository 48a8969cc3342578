"""A partners-only document does not exist for anonymous visitors and "Public" accounts.

Partner roles (focal points, Steering Committee, ...; ``core.roles``) see it everywhere:
detail, file, lists, API, exports, framework counts, country profile.
"""

import csv
import io
import json

import pytest
from django.urls import reverse

from core.tests.factories import PASSWORD, UserFactory
from documents.models import Document
from frameworks.selectors import item_context, rolled_up_counts
from meetings.selectors import meeting_detail
from partners.selectors import country_profile

pytestmark = pytest.mark.django_db


def sees(audience: str) -> bool:
    return audience == "partner"


def api_slugs(client, url, **params):
    response = client.get(url, {"page_size": 500, **params})
    assert response.status_code == 200
    return {row["slug"] for row in response.json()["results"]}


def test_detail_and_file(site, audience):
    name, client = audience
    secret = site.secret_doc
    detail = client.get(secret.get_absolute_url())
    file = client.get(secret.get_download_url())
    if sees(name):
        assert detail.status_code == 200
        assert file.status_code == 200
        assert b"".join(file.streaming_content).startswith(b"%PDF")
        assert file["Content-Type"] == "application/pdf"
    else:
        assert detail.status_code == 404
        assert file.status_code == 404
    # The public document is there for everyone.
    assert client.get(site.public_doc.get_download_url()).status_code == 200


def test_api_list_and_detail(site, audience):
    name, client = audience
    slugs = api_slugs(client, "/api/documents/")
    assert site.public_doc.slug in slugs
    assert (site.secret_doc.slug in slugs) is sees(name)
    detail = client.get(f"/api/documents/{site.secret_doc.slug}/")
    assert detail.status_code == (200 if sees(name) else 404)
    # Asking for it explicitly does not help.
    assert (
        site.secret_doc.slug in api_slugs(client, "/api/documents/", visibility="partners")
    ) is (sees(name))


def test_api_csv(site, audience):
    name, client = audience
    response = client.get("/api/documents/", {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    slugs = {row["slug"] for row in rows}
    assert site.public_doc.slug in slugs
    assert (site.secret_doc.slug in slugs) is sees(name)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_list_exports(site, audience, fmt):
    name, client = audience
    response = client.get(reverse("documents:list"), {"export": fmt})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode()
    rows = json.loads(text) if fmt == "json" else list(csv.DictReader(io.StringIO(text)))
    slugs = {row["slug"] for row in rows}
    assert site.public_doc.slug in slugs
    assert (site.secret_doc.slug in slugs) is sees(name)
    assert (site.secret_doc.title_en in text) is sees(name)


def test_html_list(site, audience):
    name, client = audience
    response = client.get(reverse("documents:list"))
    assert response.status_code == 200
    listed = {d.slug for d in response.context["object_list"]}
    assert site.public_doc.slug in listed
    assert (site.secret_doc.slug in listed) is sees(name)
    html = response.content.decode()
    assert site.public_doc.title_en in html
    assert (site.secret_doc.title_en in html) is sees(name)
    assert (site.secret_doc.get_absolute_url() in html) is sees(name)


def test_framework_item_counts(site, audience):
    """A12 carries only the partners-only document; its objective and domain roll it up."""
    name, client = audience
    expected = 1 if sees(name) else 0
    response = client.get(site.plans["marrakesh-2018/A12"].get_absolute_url())
    assert response.status_code == 200
    documents = next(s for s in response.context["sections"] if s["key"] == "documents")
    assert documents["count"] == expected
    assert len(documents["records"]) == expected
    assert (site.secret_doc.title_en in response.content.decode()) is sees(name)
    # The domain page counts both documents for partners, only the public one otherwise.
    response = client.get(site.plans["marrakesh-2018/D3"].get_absolute_url())
    documents = next(s for s in response.context["sections"] if s["key"] == "documents")
    assert documents["count"] == 1 + expected
    # The framework tree as well.
    response = client.get(site.plans.marrakesh.get_absolute_url())
    assert response.status_code == 200
    d3 = next(n for n in response.context["roots"] if n.item.code == "D3")
    assert d3.counts["documents"] == 1 + expected


def test_framework_counts_cached_per_audience(site, partner_user):
    """The counts cache must not hand the partners' figures to the public (or back)."""
    from django.contrib.auth.models import AnonymousUser

    _roots, nodes = rolled_up_counts(site.plans.marrakesh, partner_user)
    assert nodes[site.plans["marrakesh-2018/D3"].id].counts["documents"] == 2
    _roots, nodes = rolled_up_counts(site.plans.marrakesh, AnonymousUser())
    assert nodes[site.plans["marrakesh-2018/D3"].id].counts["documents"] == 1
    context = item_context(site.plans["marrakesh-2018/A12"], AnonymousUser())
    documents = next(s for s in context["sections"] if s["key"] == "documents")
    assert list(documents["records"]) == []


def test_country_profile_section(site, audience):
    name, client = audience
    response = client.get(site.morocco.get_absolute_url())
    assert response.status_code == 200
    section = next(s for s in response.context["sections"] if s["key"] == "documents")
    assert section["documents_count"]() == (2 if sees(name) else 1)
    assert (site.secret_doc in list(section["documents"])) is sees(name)
    html = response.content.decode()
    assert site.public_doc.title_en in html
    assert (site.secret_doc.title_en in html) is sees(name)


def test_meeting_page_documents(site, audience):
    name, client = audience
    response = client.get(site.meeting.get_absolute_url())
    assert response.status_code == 200
    assert (site.secret_doc in response.context["documents"]) is sees(name)
    assert (site.secret_doc.title_en in response.content.decode()) is sees(name)


def test_home_latest_documents(site, audience):
    name, client = audience
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert (site.secret_doc in list(response.context["latest_documents"])) is sees(name)
    assert (site.secret_doc.title_en in response.content.decode()) is sees(name)


def test_selectors_apply_the_same_rule(site, partner_user, public_user):
    from django.contrib.auth.models import AnonymousUser

    for user, expected in ((AnonymousUser(), False), (public_user, False), (partner_user, True)):
        assert (site.secret_doc in meeting_detail(site.meeting, user)["documents"]) is expected
        profile = country_profile(site.morocco, user)
        section = next(s for s in profile["sections"] if s["key"] == "documents")
        assert (site.secret_doc in list(section["documents"])) is expected


@pytest.mark.parametrize(
    "role", ["Secretariat", "Steering Committee", "Focal points", "Reference countries"]
)
def test_every_partner_role_sees_partner_documents(site, role):
    """Each role as ``core.roles`` gives it: a focal point and a reference country hold
    their records (the group alone is Public: core/tests/test_role_visibility.py)."""
    from frameworks.tests.factories import ReferenceCountryFactory
    from partners.tests.factories import CountryFactory, FocalPointFactory

    user = UserFactory(role=role)
    if role in ("Focal points", "Reference countries"):
        country = CountryFactory()
        FocalPointFactory(country=country, user=user)
        if role == "Reference countries":
            ReferenceCountryFactory(country=country)
    assert Document.objects.restrict(user).filter(pk=site.secret_doc.pk).exists()


def test_signing_in_reveals_the_document(site, client):
    """The same visitor: 404 before signing in, the document after."""
    user = UserFactory(partner=True)
    assert client.get(site.secret_doc.get_absolute_url()).status_code == 404
    assert client.login(username=user.username, password=PASSWORD)
    assert client.get(site.secret_doc.get_download_url()).status_code == 200
    client.post(reverse("logout"))
    assert client.get(site.secret_doc.get_download_url()).status_code == 404

"""Every public page answers, for anonymous visitors and signed-in partners, in English and
in French. One parametrised battery over the URL names; the data comes from the factories."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MO_FILE = Path(settings.LOCALE_PATHS[0]) / "fr" / "LC_MESSAGES" / "django.mo"
FRENCH_COMPILED = MO_FILE.exists()

# (id, URL name, kwargs from the site data, is an HTML page)
PAGES = [
    ("home", "home", lambda s: {}, True),
    ("about", "about", lambda s: {}, True),
    ("partners", "partners:list", lambda s: {}, True),
    ("country", "partners:country", lambda s: {"iso2": s.morocco.iso2}, True),
    ("country-lowercase", "partners:country", lambda s: {"iso2": "ma"}, True),
    ("organisations", "partners:organisations", lambda s: {}, True),
    ("organisation", "partners:organisation", lambda s: {"slug": s.eu.slug}, True),
    ("implementer", "partners:organisation", lambda s: {"slug": s.icmpd.slug}, True),
    ("people", "partners:people", lambda s: {}, True),
    ("person", "partners:person", lambda s: {"pk": s.person.pk}, True),
    ("governance", "partners:governance", lambda s: {}, True),
    ("networks", "partners:networks", lambda s: {}, True),
    ("network", "partners:network", lambda s: {"slug": s.network.slug}, True),
    ("frameworks", "frameworks:list", lambda s: {}, True),
    ("framework", "frameworks:framework", lambda s: {"slug": "marrakesh-2018"}, True),
    ("framework-cadiz", "frameworks:framework", lambda s: {"slug": "cadiz-2022"}, True),
    ("item-domain", "frameworks:item", lambda s: {"slug": "marrakesh-2018", "code": "D3"}, True),
    ("item-action", "frameworks:item", lambda s: {"slug": "marrakesh-2018", "code": "A10"}, True),
    ("items", "frameworks:items", lambda s: {}, True),
    ("meetings", "meetings:list", lambda s: {}, True),
    ("calendar", "meetings:calendar", lambda s: {}, True),
    ("feed", "meetings:feed", lambda s: {}, False),
    ("meeting", "meetings:detail", lambda s: {"slug": s.meeting.slug}, True),
    ("meeting-en-only", "meetings:detail", lambda s: {"slug": s.english_only.slug}, True),
    ("recommendations", "meetings:recommendations", lambda s: {}, True),
    ("documents", "documents:list", lambda s: {}, True),
    ("document", "documents:detail", lambda s: {"slug": s.public_doc.slug}, True),
    ("document-file", "documents:file", lambda s: {"slug": s.public_doc.slug}, False),
    ("login", "login", lambda s: {}, True),
]


@pytest.fixture(params=["anonymous", "partner"])
def visitor(request, client):
    if request.param == "partner":
        client.force_login(UserFactory(partner=True))
    return client


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    ("name", "kwargs", "html"), [p[1:] for p in PAGES], ids=[p[0] for p in PAGES]
)
def test_page_answers(site, visitor, language, name, kwargs, html):
    visitor.cookies["django_language"] = language
    response = visitor.get(reverse(name, kwargs=kwargs(site)))
    assert response.status_code == 200
    if html:
        content = response.content.decode()
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert f'<html lang="{language}"' in content
        assert "Content-Security-Policy" in response
        # The navigation links every section, in the visitor's language.
        for section in ("partners:list", "frameworks:list", "meetings:list", "documents:list"):
            assert f'href="{reverse(section)}"' in content
        if language == "en":
            assert ">Partners</a>" in content
        elif FRENCH_COMPILED:  # else test_french_navigation reports the missing catalogue
            assert ">Partenaires</a>" in content
            assert ">Partners</a>" not in content


def test_unknown_pages_are_404(site, client):
    for url in (
        reverse("partners:country", kwargs={"iso2": "ZZ"}),
        reverse("partners:organisation", kwargs={"slug": "nope"}),
        reverse("partners:person", kwargs={"pk": 999_999}),
        reverse("partners:network", kwargs={"slug": "nope"}),
        reverse("documents:detail", kwargs={"slug": "nope"}),
        reverse("documents:file", kwargs={"slug": "nope"}),
        "/meetings/?export=xml",
    ):
        assert client.get(url).status_code == 404, url


def test_page_shows_its_record(site, client):
    """The battery answers 200; these pages also show what they are about."""
    checks = {
        site.morocco.get_absolute_url(): [site.morocco.name_en],
        site.eu.get_absolute_url(): [site.eu.name_en],
        site.person.get_absolute_url(): [site.person.name],
        site.network.get_absolute_url(): [site.network.name_en, site.person.name],
        site.meeting.get_absolute_url(): [site.meeting.title_en, "Labour migration"],
        site.public_doc.get_absolute_url(): [site.public_doc.title_en],
        site.plans["marrakesh-2018/D3"].get_absolute_url(): ["Protection and asylum"],
        reverse("partners:governance"): [site.morocco.name_en, "ICMPD"],
        reverse("meetings:recommendations"): ["Create a network of contact points on return."],
    }
    for url, texts in checks.items():
        content = client.get(url).content.decode()
        for text in texts:
            assert escape(text) in content, (url, text)


@pytest.mark.xfail(
    not FRENCH_COMPILED, reason="the French catalogue (locale/fr) is not compiled yet"
)
@pytest.mark.parametrize("url", ["/", "/partners/", "/meetings/", "/documents/"])
def test_french_navigation(site, client, url):
    client.cookies["django_language"] = "fr"
    content = client.get(url).content.decode()
    assert ">Partenaires</a>" in content
    assert ">Réunions</a>" in content


def test_language_switch_sets_the_cookie(client):
    page = client.get("/meetings/").content.decode()
    assert 'href="/language/fr/?next=/meetings/"' in page  # the header's FR link
    response = client.get("/language/fr/", {"next": "/meetings/"})
    assert response.status_code == 302
    assert response["Location"] == "/meetings/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert '<html lang="fr"' in client.get("/meetings/").content.decode()


def test_french_names_of_records(site, client):
    client.cookies["django_language"] = "fr"
    content = client.get(site.morocco.get_absolute_url()).content.decode()
    assert "Maroc" in content
    content = client.get(site.public_doc.get_absolute_url()).content.decode()
    assert escape("Synthèse des débats, Paris 2014") in content


def test_language_switch_refuses_to_leave_the_site(client):
    response = client.get("/language/fr/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.get("/language/xx/").status_code == 404

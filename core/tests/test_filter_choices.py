"""List filters offer choices, not text boxes for ISO codes, slugs and identifiers (issue 14,
point 7), on the reference data as ``rabat load_reference`` loads it.

The value in the URL stays what it was (``?country=ML``, ``?framework_item=...``,
``?meeting=<slug>``): bookmarks and the API answer as before.
"""

import re

import pytest
from django.core.management import call_command

from core.tests.module_db import rolled_back
from documents.tests.factories import DocumentFactory
from frameworks.models import Framework
from meetings.models import Meeting
from partners.models import Country

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def reference(django_db_setup, django_db_blocker):
    """The reference data, loaded once for the module by the command a fresh install runs."""
    with rolled_back(django_db_blocker):
        call_command("load_reference", verbosity=0)
        yield


def select(html: str, name: str) -> str:
    """The ``<select name=...>`` of the page's filter form (fails if it is a text box)."""
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert match, re.findall(rf'<[^>]*name="{name}"[^>]*>', html) or f"no field {name!r}"
    return match.group(1)


def options(fragment: str) -> list[tuple[str, str, bool]]:
    """``[(value, label, selected)]`` in page order."""
    return [
        (value, label, bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', fragment
        )
    ]


def test_meeting_filters_offer_countries_by_name_grouped_by_region(reference, anon_client):
    html = anon_client.get("/meetings/").content.decode()
    for name in ("country", "participant", "named", "chaired_by"):
        countries = select(html, name)
        assert '<optgroup label="West Africa">' in countries
        assert ("ML", "Mali", False) in options(countries)
        assert len([o for o in options(countries) if o[0]]) == Country.objects.count()
    assert 'name="country" type="text"' not in html and "ISO code" not in html


def test_country_names_and_their_order_follow_a_french_page(reference, anon_client):
    anon_client.cookies["django_language"] = "fr"
    html = anon_client.get("/meetings/").content.decode()
    countries = options(select(html, "country"))
    assert ("MA", "Maroc", False) in countries
    values = [value for value, _label, _selected in countries]
    # Allemagne before Autriche in French (Austria before Germany in English).
    assert values.index("DE") < values.index("AT")
    anon_client.cookies["django_language"] = "en"
    english = [
        v
        for v, _l, _s in options(select(anon_client.get("/meetings/").content.decode(), "country"))
    ]
    assert english.index("AT") < english.index("DE")


def test_a_bookmarked_filter_keeps_working_and_shows_its_choice(reference, anon_client):
    # Lower case, as older links and the API accept it.
    response = anon_client.get("/meetings/?country=ma")
    assert response.status_code == 200
    html = response.content.decode()
    assert ("MA", "Morocco", True) in options(select(html, "country"))
    in_morocco = Meeting.objects.filter(country__iso2="MA")
    assert in_morocco.exists()
    for meeting in Meeting.objects.exclude(country__iso2="MA").exclude(
        slug__in=in_morocco.values("slug")
    )[:20]:
        assert f'href="{meeting.get_absolute_url()}"' not in html
    for meeting in in_morocco:
        assert f'href="{meeting.get_absolute_url()}"' in html
    # The API is untouched: the same value, the same answer.
    api = anon_client.get("/api/meetings/?country=ma&limit=200").json()
    rows = api["results"] if isinstance(api, dict) else api
    assert {row["slug"] for row in rows} == set(in_morocco.values_list("slug", flat=True))


def test_an_unknown_code_in_a_bookmark_is_shown_not_dropped(reference, anon_client):
    response = anon_client.get("/meetings/?country=ZZ")
    assert response.status_code == 200
    assert ("ZZ", "ZZ (not on record)", True) in options(
        select(response.content.decode(), "country")
    )


def test_framework_item_filter_offers_items_by_name_grouped_by_framework(reference, anon_client):
    html = anon_client.get("/meetings/recommendations/").content.decode()
    items = select(html, "framework_item")
    marrakesh = Framework.objects.get(slug="marrakesh-2018")
    assert f'<optgroup label="{marrakesh}">' in items
    assert ("marrakesh-2018/D3", "Domain 3: Protection and asylum", False) in options(items)
    # The plan in force comes first.
    groups = re.findall(r'<optgroup label="([^"]*)">', items)
    assert groups.index(str(Framework.objects.get(slug="cadiz-2022"))) < groups.index(
        str(marrakesh)
    )
    chosen = anon_client.get("/meetings/recommendations/?framework_item=marrakesh-2018/D3")
    assert ("marrakesh-2018/D3", "Domain 3: Protection and asylum", True) in options(
        select(chosen.content.decode(), "framework_item")
    )


def test_meeting_filter_offers_meetings_by_title_and_date(reference, anon_client):
    html = anon_client.get("/documents/").content.decode()
    meetings = options(select(html, "meeting"))
    malabo = Meeting.objects.get(slug="2021-11-malabo-senior-officials-meeting")
    (label,) = [label for value, label, _s in meetings if value == malabo.slug]
    assert malabo.title_en[:40] in label.replace("&#x27;", "'") and "2021" in label
    assert select(html, "country") and select(html, "framework_item")


def test_partners_only_documents_are_offered_to_partners_only(
    reference, anon_client, partner_client
):
    DocumentFactory(title_en="Confidential minutes", partners_only=True)
    assert "Confidential minutes" not in anon_client.get("/library/figures/").content.decode()
    assert "Confidential minutes" in select(
        partner_client.get("/library/figures/").content.decode(), "document"
    )


def test_follow_up_owner_is_chosen_among_the_secretariat_countries_and_organisations(
    reference, anon_client
):
    owner = options(select(anon_client.get("/follow-up/").content.decode(), "owner"))
    values = [value for value, _label, _selected in owner]
    assert "secretariat" in values and "ML" in values and "icmpd" in values

"""Partner pages: the country profile's figures, governance, organisations."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from meetings.models import Participation
from meetings.tests.factories import MeetingFactory, MeetingRoleFactory

from .factories import CountryFactory, GovernanceRoleFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def section(response, key):
    return next(s for s in response.context["sections"] if s["key"] == key)


def test_country_profile_counts_each_meeting_once(client):
    morocco = CountryFactory(iso2="MA", name_en="Morocco")
    # Held in Morocco and also recorded with Morocco as host: one meeting hosted.
    rabat = MeetingFactory(slug="rabat-som", country=morocco)
    MeetingRoleFactory(meeting=rabat, kind="host", country=morocco)
    MeetingRoleFactory(meeting=rabat, kind="chair", country=morocco)
    # Hosted elsewhere, co-chaired by Morocco, attended by Morocco (a Participation row).
    paris = MeetingFactory(slug="paris-thematic")
    MeetingRoleFactory(meeting=paris, kind="co_chair", country=morocco)
    Participation.objects.create(meeting=paris, country=morocco, source="list of participants")
    paris.participating_countries.add(morocco)
    # Only named in the sources: not attended, listed apart.
    MeetingFactory(slug="named-only").participating_countries.add(morocco)
    MeetingFactory(slug="unrelated")
    response = client.get(morocco.get_absolute_url())
    meetings = section(response, "meetings")
    # Counts are callables, evaluated only when the page body is rendered.
    assert meetings["hosted_count"]() == 1
    assert [m.slug for m in meetings["hosted"]] == ["rabat-som"]
    assert meetings["chaired_count"]() == 2
    assert meetings["attended_count"]() == 1
    assert [m.slug for m in meetings["mentioned"]] == ["named-only"]
    assert meetings["list_url"] == "/meetings/?country=MA"
    html = response.content.decode()
    assert "rabat-som" in html and "paris-thematic" in html
    assert "unrelated" not in html


def test_country_profile_roles(client):
    morocco = CountryFactory(iso2="MA", name_en="Morocco")
    GovernanceRoleFactory(
        country=morocco, start_date=datetime.date(2022, 12, 1), end_date=datetime.date(2024, 1, 1)
    )
    current = GovernanceRoleFactory(
        kind="steering_committee", country=morocco, start_date=datetime.date(2015, 1, 1),
        end_date=None,
    )  # fmt: skip
    response = client.get(morocco.get_absolute_url())
    assert len(response.context["roles"]) == 2
    assert response.context["current_roles"] == [current]


def test_country_lookup_is_case_insensitive_and_404_otherwise(client):
    CountryFactory(iso2="MA")
    assert client.get("/partners/ma/").status_code == 200
    assert client.get("/partners/XX/").status_code == 404


def test_governance_page_current_chair(client):
    past = CountryFactory(name_en="Portugal", iso2="PT")
    now = CountryFactory(name_en="Switzerland", iso2="CH")
    GovernanceRoleFactory(
        country=past, start_date=datetime.date(2023, 1, 1), end_date=datetime.date(2024, 1, 1)
    )
    GovernanceRoleFactory(country=now, start_date=datetime.date(2024, 1, 1), end_date=None)
    response = client.get(reverse("partners:governance"))
    assert response.context["current_chair"].country == now
    assert [r.country for r in response.context["chairs"]] == [past, now]
    html = response.content.decode()
    assert "Portugal" in html and "Switzerland" in html


def test_organisation_list_filters(client):
    OrganisationFactory(slug="eu", acronym="EU", name_en="European Union", standing="partner")
    OrganisationFactory(slug="iom", acronym="IOM", name_en="International Organization for "
                        "Migration", standing="permanent_observer")  # fmt: skip
    response = client.get(reverse("partners:organisations"), {"standing": "partner"})
    assert [o.slug for o in response.context["object_list"]] == ["eu"]
    response = client.get(reverse("partners:organisations"), {"q": "iom"})
    assert [o.slug for o in response.context["object_list"]] == ["iom"]


def test_partners_page_lists_current_partners_on_the_map(client):
    CountryFactory(iso2="MA", numeric="504", name_en="Morocco")
    CountryFactory(iso2="GB", numeric="826", name_en="United Kingdom", status="former_partner")
    response = client.get(reverse("partners:list"))
    assert response.status_code == 200
    on_map = {p["country"].iso2 for p in response.context["map"]["paths"] if p["country"]}
    assert "MA" in on_map  # a current partner is drawn as one
    assert "GB" not in on_map  # a former partner is not
    html = response.content.decode()
    assert escape("Morocco") in html


def test_country_profile_links_list_the_same_meetings(client):
    """'All meetings chaired / attended' links lead to the meetings the profile counts."""
    morocco = CountryFactory(iso2="MA", name_en="Morocco")
    for i in range(3):
        chaired = MeetingFactory(slug=f"chaired-{i}")
        MeetingRoleFactory(meeting=chaired, kind="chair" if i else "co_chair", country=morocco)
        MeetingRoleFactory(meeting=chaired, kind="host", country=morocco)
    for i in range(2):
        Participation.objects.create(
            meeting=MeetingFactory(slug=f"attended-{i}"), country=morocco, source="list"
        )
    MeetingFactory(slug="named").participating_countries.add(morocco)
    MeetingFactory(slug="elsewhere")
    meetings = section(client.get(morocco.get_absolute_url()), "meetings")
    for key, count in (
        ("chaired_url", "chaired_count"),
        ("attended_url", "attended_count"),
        ("mentioned_url", "mentioned_count"),
    ):
        if key not in meetings:
            pytest.fail(f"the country profile gives no {key}")
        listed = client.get(meetings[key])
        assert listed.context["paginator"].count == meetings[count](), key
        query = meetings[key].split("?", 1)[1]
        api = client.get(f"/api/meetings/?{query}").json()
        assert api["count"] == meetings[count](), key


def test_country_codes_are_case_insensitive(client):
    CountryFactory(iso2="MA", name_en="Morocco")
    assert client.get("/partners/ma/").status_code == 200
    assert client.get("/api/countries/ma/").json()["iso2"] == "MA"

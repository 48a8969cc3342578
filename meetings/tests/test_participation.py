"""Attendance as data (issue 14, point 1): who took part in a meeting is a Participation row with
its source; a country the sources only name (host, chair, a speaker's nationality) is "named in
the sources", shown apart and never counted as attendance."""

import re

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from meetings.models import Meeting, Participation
from partners.models import Country, Organisation

MALABO = "2021-11-malabo-senior-officials-meeting"
PARIS = "2014-04-paris-thematic-meeting-migrants-crisis-context"


@pytest.fixture
def reference(db):
    call_command("load_reference", verbosity=0)


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, anchor: str) -> str:
    """The part of the page from the element with id ``anchor`` to the next h2/h3 heading."""
    start = html.index(f'id="{anchor}"')
    following = re.search(r"<h[23][ >]", html[start + len(anchor) + 10 :])
    end = start + len(anchor) + 10 + following.start() if following else len(html)
    return html[start:end]


def stat(html: str, anchor: str) -> int:
    found = re.search(rf'href="#{anchor}"><span class="value">(\d+)</span>', html)
    return int(found.group(1))


def test_the_reference_data_record_no_attendance_the_documents_do_not_state(reference):
    # None of the corpus documents has a list of delegations present: no rows are invented.
    assert not Participation.objects.exists()
    malabo = Meeting.objects.get(slug=MALABO)
    assert malabo.participating_countries.exists()  # named (host, chair), not attended


def test_the_malabo_meeting_page_does_not_say_one_country_attended(reference, anon_client):
    html = page(anon_client, f"/meetings/{MALABO}/")
    assert "Participating countr" not in html
    assert "Country named in the sources (1)" in html
    participants = section(html, "participants-heading")
    assert "Attendance is not recorded" in participants
    assert "Equatorial Guinea" not in participants


def test_a_country_profile_does_not_say_attended_from_a_mention(reference, anon_client):
    guinea = Country.objects.get(iso2="GQ")
    html = page(anon_client, guinea.get_absolute_url())
    assert stat(html, "meetings-attended") == 0
    assert stat(html, "meetings-mentioned") >= 1
    assert f"/meetings/{MALABO}/" not in section(html, "meetings-attended")
    assert f"/meetings/{MALABO}/" in section(html, "meetings-mentioned")
    # The "all meetings attended" filter counts attendance too, not mentions.
    listing = page(anon_client, reverse("meetings:list") + "?participant=GQ")
    assert f"/meetings/{MALABO}/" not in listing
    listing = page(anon_client, reverse("meetings:list") + "?named=GQ")
    assert f"/meetings/{MALABO}/" in listing


def test_a_participation_shows_on_the_meeting_page_and_counts_on_the_country_profile(
    reference, anon_client
):
    malabo = Meeting.objects.get(slug=MALABO)
    spain = Country.objects.get(iso2="ES")
    Participation.objects.create(
        meeting=malabo, country=spain, delegation_size=3, source="List of participants (test)"
    )

    participants = section(page(anon_client, f"/meetings/{MALABO}/"), "participants-heading")
    assert f'href="{spain.get_absolute_url()}"' in participants
    assert "1 delegation recorded as present" in participants
    assert "List of participants (test)" in participants
    assert "Attendance is not recorded" not in participants

    html = page(anon_client, spain.get_absolute_url())
    assert stat(html, "meetings-attended") == 1
    assert f"/meetings/{MALABO}/" in section(html, "meetings-attended")
    assert f"/meetings/{MALABO}/" not in section(html, "meetings-mentioned")

    data = anon_client.get(f"/api/meetings/{MALABO}/").json()
    assert data["participations"] == [
        {
            "country": "ES",
            "organisation": None,
            "delegation_size": 3,
            "source": "List of participants (test)",
        }
    ]
    assert "GQ" in data["countries_named"]


def test_stated_figures_show_with_their_source(reference, anon_client):
    Meeting.objects.filter(slug=PARIS).update(participants_count=120, partner_countries_count=60)
    participants = section(page(anon_client, f"/meetings/{PARIS}/"), "participants-heading")
    assert '<span class="value">120</span> <span class="label">participants' in participants
    assert '<span class="value">60</span>' in participants
    assert "Figures as stated in:" in participants
    assert "Which delegations took part is not recorded." in participants


def test_a_participation_is_a_country_or_an_organisation_never_both(reference):
    malabo = Meeting.objects.get(slug=MALABO)
    spain = Country.objects.get(iso2="ES")
    organisation = Organisation.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(
            meeting=malabo, country=spain, organisation=organisation, source="test"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(meeting=malabo, source="test")
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(meeting=malabo, country=spain, source="")
    Participation.objects.create(meeting=malabo, organisation=organisation, source="test")
    assert malabo.participations.count() == 1

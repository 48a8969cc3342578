"""Meeting pages: the iCalendar feed, the calendar, French titles and their fallback."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from icalendar import Calendar

from .factories import MeetingFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings():
    paris = MeetingFactory(
        slug="2014-04-paris-thematic-meeting",
        title_en="Thematic meeting on legal migration",
        title_fr="Réunion thématique sur la migration légale",
        start_date=datetime.date(2014, 4, 24),
        end_date=datetime.date(2014, 4, 25),
        city="Paris",
        country__name_en="France",
    )
    malabo = MeetingFactory(
        slug="2021-11-malabo-som",
        kind="senior_officials_meeting",
        title_en="Senior Officials Meeting in Malabo",
        title_fr="",
        start_date=datetime.date(2021, 11, 17),
        end_date=datetime.date(2021, 11, 18),
        city="Malabo",
        status="held",
    )
    planned = MeetingFactory(
        slug="2027-02-geneva-som",
        title_en="Senior Officials Meeting in Geneva",
        start_date=datetime.date(2027, 2, 3),
        end_date=datetime.date(2027, 2, 3),
        status="planned",
    )
    return paris, malabo, planned


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_ical_feed_parses_and_holds_every_meeting(meetings, anon_client):
    paris, malabo, planned = meetings
    found = events(anon_client.get(reverse("meetings:feed")))
    assert set(found) == {f"{m.slug}@rabat-process-platform" for m in meetings}
    event = found[f"{paris.slug}@rabat-process-platform"]
    assert str(event["summary"]) == "Thematic meeting on legal migration"
    assert event.decoded("dtstart") == datetime.date(2014, 4, 24)
    # All-day events end the day after the last day (RFC 5545: DTEND is exclusive).
    assert event.decoded("dtend") == datetime.date(2014, 4, 26)
    assert str(event["location"]) == "Paris, France"
    assert str(event["url"]) == f"http://testserver{paris.get_absolute_url()}"
    assert str(event["status"]) == "CONFIRMED"
    assert str(found[f"{planned.slug}@rabat-process-platform"]["status"]) == "TENTATIVE"


def test_ical_feed_applies_the_list_filters(meetings, anon_client):
    found = events(anon_client.get(reverse("meetings:feed"), {"year": "2021"}))
    assert set(found) == {"2021-11-malabo-som@rabat-process-platform"}


def test_ical_feed_in_french(meetings, anon_client):
    anon_client.cookies["django_language"] = "fr"
    found = events(anon_client.get(reverse("meetings:feed")))
    assert str(found["2014-04-paris-thematic-meeting@rabat-process-platform"]["summary"]) == (
        "Réunion thématique sur la migration légale"
    )
    # No French title: the English one, never an empty summary.
    assert str(found["2021-11-malabo-som@rabat-process-platform"]["summary"]) == (
        "Senior Officials Meeting in Malabo"
    )


def test_meeting_page_links_its_ical_event(meetings, anon_client):
    paris = meetings[0]
    response = anon_client.get(paris.get_absolute_url())
    found = events(anon_client.get(response.context["ics_url"]))
    assert set(found) == {f"{paris.slug}@rabat-process-platform"}


def test_calendar_shows_a_meeting_on_its_days(meetings, anon_client):
    response = anon_client.get(reverse("meetings:calendar"), {"year": 2014, "month": 4})
    assert response.status_code == 200
    days = {d["date"]: d for week in response.context["weeks"] for d in week}
    paris = meetings[0]
    assert days[datetime.date(2014, 4, 24)]["meetings"] == [paris]
    assert days[datetime.date(2014, 4, 25)]["meetings"] == [paris]
    assert days[datetime.date(2014, 4, 23)]["meetings"] == []
    assert days[datetime.date(2014, 4, 26)]["meetings"] == []
    html = response.content.decode()
    assert paris.get_absolute_url() in html
    assert escape(paris.title_en) in html
    assert 'datetime="2014-04-24"' in html or "24" in html
    # Another month does not show it.
    response = anon_client.get(reverse("meetings:calendar"), {"year": 2014, "month": 5})
    assert paris.get_absolute_url() not in response.content.decode()


def test_calendar_meeting_spanning_two_months(anon_client):
    meeting = MeetingFactory(
        start_date=datetime.date(2019, 1, 30), end_date=datetime.date(2019, 2, 2)
    )
    for month, day in ((1, 31), (2, 1)):
        response = anon_client.get(reverse("meetings:calendar"), {"year": 2019, "month": month})
        days = {d["date"]: d for week in response.context["weeks"] for d in week}
        assert days[datetime.date(2019, month, day)]["meetings"] == [meeting]


@pytest.mark.parametrize("query", [{"year": "x", "month": "4"}, {"year": 2014, "month": 13}])
def test_calendar_bad_month_falls_back_to_the_opening_month(meetings, anon_client, query):
    response = anon_client.get(reverse("meetings:calendar"), query)
    assert response.status_code == 200
    # As when no month is asked: the month of the latest meeting (test_calendar_opening).
    opening = anon_client.get(reverse("meetings:calendar")).context["month"]
    assert response.context["month"] == opening


def test_french_title_shown_when_present(meetings, anon_client):
    paris = meetings[0]
    paris.description_fr = "Échanges sur la migration légale et la mobilité."
    paris.save()
    anon_client.cookies["django_language"] = "fr"
    html = anon_client.get(paris.get_absolute_url()).content.decode()
    assert '<html lang="fr"' in html
    assert escape("Réunion thématique sur la migration légale") in html
    assert escape(paris.title_en) not in html
    assert 'class="lang-fallback"' not in html  # nothing on this page is shown in English


def test_english_only_title_marked_as_fallback(meetings, anon_client):
    malabo = meetings[1]
    anon_client.cookies["django_language"] = "fr"
    html = anon_client.get(malabo.get_absolute_url()).content.decode()
    assert escape("Senior Officials Meeting in Malabo") in html
    assert 'class="lang-fallback"' in html
    assert '<h1 lang="en">Senior Officials Meeting in Malabo</h1>' in html
    if (Path(settings.LOCALE_PATHS[0]) / "fr" / "LC_MESSAGES" / "django.mo").exists():
        assert "(en anglais)" in html
    # In English, there is nothing to mark.
    anon_client.cookies["django_language"] = "en"
    html = anon_client.get(malabo.get_absolute_url()).content.decode()
    assert 'class="lang-fallback"' not in html


def test_list_shows_french_titles(meetings, anon_client):
    anon_client.cookies["django_language"] = "fr"
    html = anon_client.get(reverse("meetings:list")).content.decode()
    assert escape("Réunion thématique sur la migration légale") in html
    assert "Senior Officials Meeting in Malabo" in html


def test_meeting_page_shows_recommendations_with_sub_points(meetings, anon_client):
    paris = meetings[0]
    one = RecommendationFactory(meeting=paris, number="1", text_en="Create a network.", order=1)
    RecommendationFactory(meeting=paris, parent=one, number="a", text_en="Meet yearly.", order=2)
    RecommendationFactory(meeting=paris, number="2", text_en="Share data.", order=3)
    response = anon_client.get(paris.get_absolute_url())
    recs = response.context["recommendations"]
    assert [r.number for r in recs] == ["1", "2"]
    assert [s.number for s in recs[0].subpoints.all()] == ["a"]
    html = response.content.decode()
    assert html.index("Create a network.") < html.index("Meet yearly.") < html.index("Share data.")


def test_unknown_meeting_is_404(anon_client):
    assert anon_client.get(reverse("meetings:detail", kwargs={"slug": "nope"})).status_code == 404


def test_calendar_with_an_invalid_filter_shows_no_meeting(client):
    import datetime

    from meetings.tests.factories import MeetingFactory

    MeetingFactory(title_en="Workshop on visas", start_date=datetime.date(2014, 4, 24))
    ok = client.get("/meetings/calendar/?year=2014&month=4").content.decode()
    assert "Workshop on visas" in ok
    bad = client.get("/meetings/calendar/?year=2014&month=4&kind=banquet")
    assert bad.status_code == 200
    assert bad.context["meetings"] == []

"""The calendar opens on the month of the latest meeting, not on an empty current month
(issue 14, point 7), unless the address asks for a month."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import DatePrecision
from meetings.choices import MeetingStatus
from meetings.tests.factories import MeetingFactory

CALENDAR = "/meetings/calendar/"


@pytest.fixture
def reference(db):
    call_command("load_reference", verbosity=0)


def month_list(html) -> str:
    """The page's list of the month's meetings."""
    start = html.index('id="month-list-heading"')
    return html[start : html.index("</section>", start)]


def test_the_calendar_opens_on_a_month_with_a_meeting(reference, anon_client):
    response = anon_client.get(CALENDAR)
    html = response.content.decode()
    assert "No meeting recorded this month." not in html
    assert response.context["meetings"], response.context["month"]
    assert 'href="/meetings/' in month_list(html)
    # On the reference data: the Abuja SOM of January 2026, the latest meeting held (the
    # Chairmanship passed to Switzerland there, history.json).
    today = timezone.localdate()
    if today >= datetime.date(2026, 1, 28):
        assert response.context["month"] == datetime.date(2026, 1, 1)
        assert "/meetings/2026-01-abuja-senior-officials-meeting/" in month_list(html)


def test_a_month_asked_in_the_address_is_shown(reference, anon_client):
    response = anon_client.get(CALENDAR, {"year": 2030, "month": 3})
    assert response.context["month"] == datetime.date(2030, 3, 1)
    html = response.content.decode()
    assert "No meeting recorded this month." in html
    # The list's period filter is not offered on a page that shows one month.
    assert 'name="year_from"' not in html and 'name="year_to"' not in html


@pytest.mark.django_db
def test_the_opening_month_is_the_latest_meeting_on_or_before_today(anon_client):
    today = timezone.localdate()
    MeetingFactory(start_date=datetime.date(2019, 3, 5), status=MeetingStatus.HELD)
    latest = MeetingFactory(start_date=datetime.date(2021, 6, 9), status=MeetingStatus.HELD)
    # Neither a postponed meeting nor a year-only date names the month to open on.
    MeetingFactory(start_date=datetime.date(2022, 10, 20), status=MeetingStatus.POSTPONED)
    MeetingFactory(
        start_date=datetime.date(2023, 1, 1),
        status=MeetingStatus.HELD,
        date_precision=DatePrecision.YEAR,
    )
    MeetingFactory(start_date=today + datetime.timedelta(days=400), status=MeetingStatus.PLANNED)
    response = anon_client.get(CALENDAR)
    assert response.context["month"] == datetime.date(2021, 6, 1)
    assert list(response.context["meetings"]) == [latest]
    # "This month" still leads to the current month.
    assert f"year={today.year}&amp;month={today.month}" in response.content.decode()


@pytest.mark.django_db
def test_without_a_past_meeting_the_calendar_opens_on_the_next_planned_one(anon_client):
    coming = timezone.localdate() + datetime.timedelta(days=100)
    MeetingFactory(start_date=coming, status=MeetingStatus.PLANNED)
    response = anon_client.get(CALENDAR)
    assert response.context["month"] == coming.replace(day=1)


@pytest.mark.django_db
def test_the_opening_month_follows_the_filters(anon_client):
    from partners.tests.factories import CountryFactory

    mali = CountryFactory(iso2="ML", name_en="Mali")
    MeetingFactory(start_date=datetime.date(2018, 2, 7), country=mali)
    MeetingFactory(start_date=datetime.date(2024, 9, 3))
    response = anon_client.get(CALENDAR, {"country": "ML"})
    assert response.context["month"] == datetime.date(2018, 2, 1)

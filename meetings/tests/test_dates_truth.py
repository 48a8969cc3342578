"""Dates known only to the month or the year are never shown as exact days (issue 14)."""

import datetime

from meetings.tests.factories import MeetingFactory


def test_the_calendar_feed_leaves_out_meetings_without_a_day_and_cancels_postponed_ones(
    db, anon_client
):
    MeetingFactory(slug="2017-02-month-only", start_date=datetime.date(2017, 2, 1),
                   end_date=datetime.date(2017, 2, 1), date_precision="month")  # fmt: skip
    MeetingFactory(slug="2020-10-postponed", start_date=datetime.date(2020, 10, 20),
                   end_date=datetime.date(2020, 10, 21), status="postponed")  # fmt: skip
    feed = anon_client.get("/meetings/feed.ics").content.decode()
    assert "2017-02-month-only" not in feed  # not an event on 1 February
    [event] = [e for e in feed.split("BEGIN:VEVENT") if "2020-10-postponed@" in e]
    assert "STATUS:CANCELLED" in event


def test_a_meeting_page_shows_a_month_only_date_as_a_month(db, anon_client):
    day = datetime.date(2017, 2, 1)
    meeting = MeetingFactory(
        slug="2017-02-month-only", start_date=day, end_date=day, date_precision="month"
    )
    html = anon_client.get(meeting.get_absolute_url()).content.decode()
    assert '<time datetime="2017-02">February 2017</time>' in html
    assert "1 February 2017" not in html

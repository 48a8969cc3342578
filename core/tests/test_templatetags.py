"""Template helpers users see on every page: date ranges, partial dates, query strings."""

import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from core.templatetags.rabat import date_range, precise_date, query_with

d = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected"),
    [
        (d(2014, 4, 24), d(2014, 4, 25), "day", "24–25 April 2014"),
        (d(2014, 6, 26), d(2014, 6, 26), "day", "26 June 2014"),
        (d(2019, 1, 30), d(2019, 2, 2), "day", "30 January 2019 – 2 February 2019"),
        (d(2017, 5, 1), d(2017, 5, 1), "month", "May 2017"),
        (d(2006, 1, 1), d(2006, 1, 1), "year", "2006"),
        (None, None, "day", ""),
    ],
)
def test_date_range_in_english(start, end, precision, expected):
    with translation.override("en"):
        assert date_range(start, end, precision) == expected


def test_date_range_in_french():
    with translation.override("fr"):
        assert date_range(d(2021, 11, 17), d(2021, 11, 18)) == "17–18 novembre 2021"
        assert precise_date(d(2021, 11, 17), "month") == "novembre 2021"


def test_query_with_replaces_and_drops_parameters():
    request = RequestFactory().get("/meetings/", {"year": "2014", "page": "3"})
    context = Context({"request": request})
    assert query_with(context, page="") == "?year=2014"
    assert query_with(context, export="csv", page="") == "?year=2014&export=csv"
    assert query_with(Context({"request": RequestFactory().get("/")}), page="") == "?"


def test_fallback_filter_only_in_other_languages():
    from meetings.models import Meeting

    meeting = Meeting(title_en="Senior Officials' Meeting", title_fr="")
    template = Template('{% load rabat %}{% if m|fallback:"title" %}EN{% else %}OK{% endif %}')
    with translation.override("fr"):
        assert template.render(Context({"m": meeting})) == "EN"
    with translation.override("en"):
        assert template.render(Context({"m": meeting})) == "OK"
    meeting.title_fr = "Réunion des hauts fonctionnaires"
    with translation.override("fr"):
        assert template.render(Context({"m": meeting})) == "OK"
        assert meeting.title == "Réunion des hauts fonctionnaires"

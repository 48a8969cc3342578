"""The report says what happened (issue 14): only held meetings count as held, dates are shown
as precisely as they are known, an empty framework says so, and the counts are labelled so that
they do not contradict each other. On the reference data as ``make run`` loads them."""

import pytest
from django.core.management import call_command

from .test_report import overview_count, part


@pytest.fixture
def reference(db):
    call_command("load_reference", verbosity=0)


def report(client, framework, start, end, lang="en"):
    response = client.get(f"/stocktaking/{framework}/?from={start}&to={end}&lang={lang}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_postponed_paris_som_of_2020_is_not_reported_as_held(reference, anon_client):
    html = report(anon_client, "marrakesh-2018", 2018, 2022)
    overview = part(html, "overview", "implementation")
    held = overview.split("Meetings of the period that were not held")[0]
    assert "/meetings/2020-10-paris-senior-officials-meeting/" not in held
    not_held = overview.split("Meetings of the period that were not held")[1]
    assert "/meetings/2020-10-paris-senior-officials-meeting/" in not_held
    assert "<td>Postponed</td>" in not_held
    # The workshop of December 2020 is only announced: apart, "Not confirmed", to the month.
    assert "<td>December 2020</td>" in not_held and "<td>Not confirmed</td>" in not_held
    assert "1 December 2020" not in html


def test_a_meeting_known_to_the_month_is_not_printed_as_a_day(reference, anon_client):
    html = report(anon_client, "jvap-2015", 2015, 2020)
    overview = part(html, "overview", "implementation")
    assert "<td>February 2017</td>" in overview  # the Valletta JVAP SOM, month only
    assert "1 February 2017" not in html and "February 1, 2017" not in html


def test_the_meetings_counted_in_the_overview_say_what_they_count(reference, anon_client):
    html = report(anon_client, "marrakesh-2018", 2018, 2022)
    overview = part(html, "overview", "implementation")
    # The table counts records linked to the plan's items; the heading counts every meeting
    # held: both say so, instead of "Meetings 1" next to "19 meetings held".
    assert "Records linked to the framework's items" in overview
    linked = int(overview_count(overview, "Meetings"))
    held = int(overview.split(" meetings of the Dialogue held in the period")[0].rsplit(">", 1)[1])
    assert linked <= held


def test_a_framework_without_items_says_so(reference, anon_client):
    # The Paris programme (2009-2011) has no items in the reference data (the Rome Programme
    # and the Dakar Strategy have theirs since issue 14).
    html = report(anon_client, "paris-2008", 2009, 2011)
    spots = part(html, "white-spots", "recommendations")
    assert "This framework has no items on the platform" in spots
    assert "Every item has at least one activity" not in html


def test_postponed_meetings_are_not_activities_of_the_items(stock, anon_client):
    from meetings.tests.factories import MeetingFactory

    MeetingFactory(
        slug="2020-06-postponed-meeting",
        title_en="A postponed meeting",
        start_date=stock.meeting.start_date.replace(year=2020),
        status="postponed",
        framework_items=[stock.plans["marrakesh-2018/A12"]],
    )
    html = report(anon_client, "marrakesh-2018", 2018, 2022)
    domains = part(html, "implementation", "white-spots")
    assert "A postponed meeting" not in domains
    assert overview_count(part(html, "overview", "implementation"), "Meetings") == "1"
    spots = part(html, "white-spots", "recommendations")
    assert "/frameworks/marrakesh-2018/A12/" in spots or "A12" in spots


def test_the_report_is_reachable_from_monitoring_the_action_plans_and_the_menu(
    reference, anon_client
):
    plan = anon_client.get("/action-plans/marrakesh-2018/").content.decode()
    assert 'href="/stocktaking/marrakesh-2018/"' in plan
    dashboard = anon_client.get("/monitoring/").content.decode()
    assert 'href="/stocktaking/' in dashboard
    menu = dashboard[dashboard.index('aria-label="Main"') :].split("</nav>")[0]
    for address in ("/stocktaking/", "/library/", "/follow-up/", "/monitoring/"):
        assert f'href="{address}"' in menu

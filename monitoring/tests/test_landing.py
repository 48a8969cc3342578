"""Monitoring opens on the action plan in force and its period, with headline figures and a
chart (issue 14, point 6), on the reference data as ``make run`` loads them."""

import re

import pytest
from django.core.management import call_command

from frameworks.selectors import plan_in_force


@pytest.fixture
def reference(db):
    call_command("load_reference", verbosity=0)


def headline(html) -> dict:
    """``{figure key: (value, total or None, link)}`` as the page shows them."""
    part = html[html.index("data-headline") : html.index("</ul>", html.index("data-headline"))]
    found = {}
    for url, key, value, total in re.findall(
        r'<a href="([^"]*)" data-figure="([a-z_]+)"><strong class="num">(\d+)</strong>'
        r"(?: of (\d+))?",
        part,
    ):
        found[key] = (int(value), int(total) if total else None, url.replace("&amp;", "&"))
    return found


def test_monitoring_opens_on_the_plan_in_force_and_its_period(reference, anon_client):
    plan = plan_in_force()
    html = anon_client.get("/monitoring/").content.decode()
    # The selector shows what the page shows: the plan in force and its years.
    assert f'<option value="{plan.slug}" selected>' in html
    assert f'name="year_from" value="{plan.period_start}"' in html
    assert f'name="year_to" value="{plan.period_end}"' in html
    heading = html[html.index('id="headline-title"') : html.index("</h2>", html.index("headline"))]
    assert str(plan) in heading and f"{plan.period_start}–{plan.period_end}" in heading
    assert "No framework to show." not in html


def test_the_headline_figures_are_not_all_zero_and_count_what_they_link_to(reference, anon_client):
    plan = plan_in_force()
    html = anon_client.get("/monitoring/").content.decode()
    figures = headline(html)
    assert set(figures) == {
        "meetings_held",
        "actions_with_activity",
        "initiatives",
        "labelled_activities",
        "open_follow_ups",
    }
    held, _total, url = figures["meetings_held"]
    assert held > 0  # the SOMs of 2024, 2025 and 2026 were held under the Cádiz plan
    assert url == f"/meetings/?status=held&year_from={plan.period_start}&year_to={plan.period_end}"
    # The list the figure links to holds as many meetings (its API twin, same filters).
    api = anon_client.get("/api/meetings/?" + url.split("?")[1]).json()
    assert api["count"] == held
    open_follow_ups, _total, url = figures["open_follow_ups"]
    assert open_follow_ups > 0 and url == "/follow-up/?status=open"
    assert anon_client.get("/api/follow-ups/", {"status": "open"}).json()["count"] == (
        open_follow_ups
    )
    covered, actions, url = figures["actions_with_activity"]
    assert actions == plan.items.filter(kind="action").count() and covered <= actions
    assert url == (
        f"/monitoring/?framework={plan.slug}&year_from={plan.period_start}"
        f"&year_to={plan.period_end}#coverage-title"
    )
    assert 'id="coverage-title"' in html


def test_the_landing_has_a_chart_of_meetings_held_per_year_without_javascript(
    reference, anon_client
):
    plan = plan_in_force()
    html = anon_client.get("/monitoring/").content.decode()
    chart = html[html.index('aria-labelledby="meetings-svg-title"') :]
    chart = chart[: chart.index("</svg>")]
    bars = re.findall(r"<title>(\d{4}): (\d+)</title>", chart)
    assert [int(year) for year, _n in bars] == list(range(plan.period_start, plan.period_end + 1))
    assert sum(int(n) for _year, n in bars) == headline(html)["meetings_held"][0] > 0
    # Each year's row links to the list of the meetings it counts; the chart is an image
    # (no links inside it: an image holds no controls).
    table = html[html.index('aria-labelledby="meetings-per-year-title"') :]
    assert '<a href="/meetings/?status=held&amp;year=2024">' in table
    assert "<a " not in chart


def test_another_plan_and_period_can_still_be_chosen(reference, anon_client):
    html = anon_client.get(
        "/monitoring/", {"framework": "marrakesh-2018", "year_from": 2018, "year_to": 2022}
    ).content.decode()
    assert '<option value="marrakesh-2018" selected>' in html
    figures = headline(html)
    assert figures["meetings_held"][0] > 0
    assert figures["meetings_held"][2].endswith("year_from=2018&year_to=2022")


def test_the_headline_figures_have_their_json_twins(reference, anon_client):
    plan = plan_in_force()
    page = headline(anon_client.get("/monitoring/").content.decode())
    query = {"framework": plan.slug, "year_from": plan.period_start, "year_to": plan.period_end}
    api = anon_client.get("/api/initiatives/coverage/", query).json()["headline"]
    assert {row["key"]: row["value"] for row in api} == {k: v[0] for k, v in page.items()}
    export = anon_client.get("/monitoring/", {**query, "export": "json", "table": "headline"})
    assert export.json() == api

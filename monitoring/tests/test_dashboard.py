"""The coverage dashboard: counts per item rolled up the tree, budgets, white spots, the
country x domain matrix, trends, crosswalks, visibility, CSV/JSON twins and the API."""

import datetime
from decimal import Decimal

import pytest

from frameworks.tests.factories import CrosswalkFactory, FrameworkFactory, FrameworkItemFactory
from monitoring.dashboard import tables

from .conftest import client_for
from .factories import InitiativeCountryFactory, InitiativeFactory


@pytest.fixture
def plan(db):
    framework = FrameworkFactory(slug="marrakesh-2018", adopted_date=datetime.date(2018, 5, 2))
    d1 = FrameworkItemFactory(framework=framework, kind="domain", code="D1", number="1")
    o1 = FrameworkItemFactory(
        framework=framework, kind="objective", code="O1", number="1", parent=d1
    )
    a1 = FrameworkItemFactory(framework=framework, kind="action", code="A1", number="1", parent=o1)
    d2 = FrameworkItemFactory(framework=framework, kind="domain", code="D2", number="2")
    return framework, {"D1": d1, "O1": o1, "A1": a1, "D2": d2}


def make(country, items, **kwargs):
    ini = InitiativeFactory(country=country, **kwargs)
    ini.framework_items.set(items)
    InitiativeCountryFactory(initiative=ini, country=country, share=100)
    return ini


def coverage_by_uid(figures):
    return {row["uid"]: row for row in figures["coverage"]}


def test_counts_roll_up_once_per_initiative_with_budgets(plan, country, other_country):
    framework, items = plan
    make(country, [items["A1"], items["O1"]], budget=Decimal("100"), currency="EUR")
    make(other_country, [items["A1"]], budget=Decimal("50"), currency="USD")
    make(country, [items["D1"]], visibility="partners", budget=Decimal("7"), currency="EUR")
    make(country, [items["A1"]], record_state="draft")
    rows = coverage_by_uid(tables(framework, None))
    assert rows["marrakesh-2018/A1"]["initiatives"] == 2
    assert rows["marrakesh-2018/O1"]["initiatives"] == 2  # the first one is counted once
    assert rows["marrakesh-2018/D1"]["initiatives"] == 2
    assert rows["marrakesh-2018/D1"]["budget"] == {"EUR": "100", "USD": "50"}
    assert rows["marrakesh-2018/D2"]["white_spot"] is True
    assert rows["marrakesh-2018/D1"]["white_spot"] is False


def test_partners_see_partners_only_records_in_figures(plan, country, focal):
    framework, items = plan
    make(country, [items["D1"]], visibility="partners")
    assert coverage_by_uid(tables(framework, None))["marrakesh-2018/D1"]["initiatives"] == 0
    assert coverage_by_uid(tables(framework, focal))["marrakesh-2018/D1"]["initiatives"] == 1
    body = client_for(None).get("/api/initiatives/coverage/?framework=marrakesh-2018").json()
    assert {r["uid"]: r["initiatives"] for r in body["coverage"]}["marrakesh-2018/D1"] == 0
    body = client_for(focal).get("/api/initiatives/coverage/?framework=marrakesh-2018").json()
    assert {r["uid"]: r["initiatives"] for r in body["coverage"]}["marrakesh-2018/D1"] == 1


def test_period_filter(plan, country):
    framework, items = plan
    make(
        country,
        [items["A1"]],
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2020, 6, 1),
    )
    make(country, [items["A1"]], start_date=datetime.date(2023, 1, 1), end_date=None)
    figures = tables(framework, None, year_from=2021, year_to=2024)
    assert coverage_by_uid(figures)["marrakesh-2018/A1"]["initiatives"] == 1
    assert figures["trend"] == [{"year": 2023, "initiatives": 1}]
    assert [r["initiatives"] for r in tables(framework, None)["trend"]] == [1, 1]


def test_matrix_and_participation(plan, country, other_country):
    framework, items = plan
    make(country, [items["A1"], items["D1"]])
    make(other_country, [items["D2"]])
    figures = tables(framework, None)
    assert figures["matrix"] == [
        {"country": "ML", "name": "Mali", "marrakesh-2018/D1": 1, "marrakesh-2018/D2": 0},
        {"country": "SN", "name": "Senegal", "marrakesh-2018/D1": 0, "marrakesh-2018/D2": 1},
    ]
    by_country = {r["iso2"]: r for r in figures["participation"]}
    assert by_country["ML"]["reported"] == 1 and by_country["ML"]["concerned"] == 1


def test_crosswalks_on_request(plan, country):
    framework, items = plan
    older = FrameworkItemFactory(framework__slug="rome-2014", kind="domain", code="P1")
    CrosswalkFactory(source_item=older, target_item=items["D2"], relation="continues")
    make(country, [older])
    assert coverage_by_uid(tables(framework, None))["marrakesh-2018/D2"]["initiatives"] == 0
    with_crosswalks = tables(framework, None, crosswalks=True)
    assert coverage_by_uid(with_crosswalks)["marrakesh-2018/D2"]["initiatives"] == 1


def test_page_and_twins(plan, country):
    framework, items = plan
    make(country, [items["A1"]], budget=Decimal("1000"), currency="EUR")
    client = client_for(None)
    page = client.get("/monitoring/?framework=marrakesh-2018")
    text = page.content.decode()
    assert page.status_code == 200 and "white spot" in text and "1\u202f000 EUR" in text
    csv = client.get("/monitoring/?framework=marrakesh-2018&export=csv&table=coverage")
    lines = csv.content.decode().splitlines()
    assert lines[0].startswith("uid,kind,depth,title")
    assert any(line.startswith("marrakesh-2018/A1,action,2,") for line in lines)
    data = client.get("/monitoring/?framework=marrakesh-2018&export=json&table=trend").json()
    assert data == [{"year": 2024, "initiatives": 1}]
    api = client.get("/api/initiatives/coverage/?framework=marrakesh-2018").json()
    assert api["trend"] == data
    assert client.get("/monitoring/?export=csv&table=nothing").status_code == 404
    assert client.get("/api/initiatives/coverage/?framework=unknown").status_code == 400


def test_maps_link_countries_and_count_visible_meetings(plan, country, other_country):
    from meetings.tests.factories import MeetingFactory
    from monitoring.maps import choropleth, classes

    framework, items = plan
    Country = type(country)
    Country.objects.filter(pk=country.pk).update(numeric="466")  # Mali's ISO numeric code
    make(country, [items["A1"]])
    MeetingFactory(country=country)
    page = client_for(None).get("/monitoring/?framework=marrakesh-2018").content.decode()
    assert 'href="/partners/ML/"' in page or country.get_absolute_url() in page
    assert "Mali: 1" in page  # the country's title in the choropleth and the venues map
    venues = client_for(None).get("/monitoring/?export=json&table=venues").json()
    assert venues == [{"country": "ML", "name": "Mali", "meetings": 1}]
    country.refresh_from_db()
    shaded = choropleth({"ML": 1})
    mali = next(p for p in shaded["paths"] if p["country"] and p["country"].iso2 == "ML")
    assert mali["fill"] != shaded["none_fill"]
    assert classes([0, 10]) == [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]
    assert classes([]) == []

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


def test_country_x_action_matrix_and_participation(plan, country, other_country, focal):
    from meetings.models import Participation
    from meetings.tests.factories import MeetingFactory, MeetingRoleFactory
    from partners.tests.factories import CountryFactory

    framework, items = plan
    a2 = FrameworkItemFactory(
        framework=framework, kind="action", code="A2", number="2", parent=items["O1"]
    )
    make(country, [items["A1"], items["D1"]])
    make(other_country, [items["D2"]])
    make(country, [a2], visibility="partners")
    attended = MeetingFactory(country=country, start_date=datetime.date(2021, 3, 1))
    # Attendance is Participation rows; a country the sources only name does not count.
    for present in (country, other_country):
        Participation.objects.create(meeting=attended, country=present, source="test list")
    attended.participating_countries.add(CountryFactory(iso2="NE", name_en="Niger"))
    MeetingRoleFactory(meeting=attended, kind="chair", country=other_country)
    figures = tables(framework, None)
    # Domain D1 (the first, by default): its actions A1 and A2; Senegal works on D2 only.
    assert figures["domain"] == "marrakesh-2018/D1"
    assert figures["matrix"] == [
        {"country": "ML", "name": "Mali", "marrakesh-2018/A1": 1, "marrakesh-2018/A2": 0},
    ]
    partners = tables(framework, focal)["matrix"]
    assert partners == [
        {"country": "ML", "name": "Mali", "marrakesh-2018/A1": 1, "marrakesh-2018/A2": 1},
    ]
    # D2 has no action below it: an empty table, not an error.
    assert tables(framework, None, domain="marrakesh-2018/D2")["matrix"] == []
    by_country = {r["iso2"]: r for r in figures["participation"]}
    assert by_country["ML"]["reported"] == 1 and by_country["ML"]["concerned"] == 1
    assert by_country["ML"]["meetings_attended"] == 1 and by_country["ML"]["roles_held"] == 0
    assert by_country["SN"]["meetings_attended"] == 1 and by_country["SN"]["roles_held"] == 1
    assert by_country.get("NE", {}).get("meetings_attended", 0) == 0  # named, not present
    partner_rows = {r["iso2"]: r for r in tables(framework, focal)["participation"]}
    assert partner_rows["ML"]["reported"] == 2
    # Twins and API, for a visitor and for a partner, with the domain chosen.
    url = "/monitoring/?framework=marrakesh-2018&domain=marrakesh-2018/D1&export="
    csv = client_for(None).get(url + "csv&table=matrix").content.decode().splitlines()
    assert csv == ["country,name,marrakesh-2018/A1,marrakesh-2018/A2", "ML,Mali,1,0"]
    assert client_for(focal).get(url + "json&table=matrix").json() == partners
    api = "/api/initiatives/coverage/?framework=marrakesh-2018&domain=marrakesh-2018/D1"
    assert client_for(None).get(api).json()["matrix"] == figures["matrix"]
    assert client_for(focal).get(api).json()["matrix"] == partners
    # Outside the period: nothing.
    assert tables(framework, None, year_from=2030)["matrix"] == []
    assert {r["iso2"]: r for r in tables(framework, None, year_to=2020)["participation"]}["SN"][
        "meetings_attended"
    ] == 0
    page = client_for(None).get("/monitoring/?framework=marrakesh-2018").content.decode()
    assert "Initiatives per country and action" in page
    assert 'hx-get="/monitoring/matrix/?framework=marrakesh-2018"' in page  # loaded after
    # The table: a fragment for htmx whose domain links reload it, a page without JavaScript.
    matrix_url = "/monitoring/matrix/?framework=marrakesh-2018&domain=marrakesh-2018/D1"
    fragment = client_for(focal).get(matrix_url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "Mali" in fragment
    assert 'hx-target="#dashboard-matrix"' in fragment and "domain=marrakesh-2018/D2" in fragment
    full = client_for(None).get(matrix_url + "&year_from=2030").content.decode()
    assert "<html" in full and "No initiative linked to the actions of this domain." in full
    assert client_for(None).get("/monitoring/matrix/?framework=nothing").status_code == 404


def test_period_applies_to_every_kind(plan, country, focal):
    from assistance.tests.factories import AssistanceRequestFactory
    from core.signals import bulk_written
    from documents.tests.factories import DocumentFactory
    from labels.tests.factories import LabelApplicationFactory, LinkedActionFactory
    from meetings.tests.factories import MeetingFactory, RecommendationFactory

    framework, items = plan
    a1 = items["A1"]
    for year in (2019, 2023):
        meeting = MeetingFactory(
            country=country, start_date=datetime.date(year, 5, 1), framework_items=[a1]
        )
        RecommendationFactory(meeting=meeting, framework_items=[a1])
        DocumentFactory(date=datetime.date(year, 5, 2), framework_items=[a1])
        application = LabelApplicationFactory(
            state="labelled",
            start_date=datetime.date(year, 6, 1),
            end_date=datetime.date(year, 6, 2),
        )
        LinkedActionFactory(application=application, item=a1)
        request = AssistanceRequestFactory(state="approved", framework_items=[a1])
        type(request).objects.filter(pk=request.pk).update(
            created_at=datetime.datetime(year, 7, 1, tzinfo=datetime.UTC)
        )
        # A write without signals says so, and the dashboard's figures follow.
        bulk_written.send(sender=type(request), instances=[request])
    # Partners-only document of 2023: never counted for visitors.
    DocumentFactory(date=datetime.date(2023, 5, 3), framework_items=[a1], partners_only=True)
    keys = ("meetings", "recommendations", "documents", "labels", "assistance")
    everything = coverage_by_uid(tables(framework, None))["marrakesh-2018/A1"]
    assert {k: everything[k] for k in keys} == dict.fromkeys(keys, 2)
    recent = coverage_by_uid(tables(framework, None, year_from=2021, year_to=2024))
    assert {k: recent["marrakesh-2018/A1"][k] for k in keys} == dict.fromkeys(keys, 1)
    # Rolled up to the objective and the domain, in the period too.
    assert recent["marrakesh-2018/D1"]["documents"] == 1
    partners = coverage_by_uid(tables(framework, focal, year_from=2021, year_to=2024))
    assert partners["marrakesh-2018/A1"]["documents"] == 2
    old = coverage_by_uid(tables(framework, None, year_to=2020))["marrakesh-2018/A1"]
    assert {k: old[k] for k in keys} == dict.fromkeys(keys, 1)
    # The CSV twin and the API give the same period-limited figures.
    query = "framework=marrakesh-2018&year_from=2021&year_to=2024"
    rows = client_for(None).get(f"/monitoring/?{query}&export=json&table=coverage").json()
    assert {r["uid"]: r for r in rows}["marrakesh-2018/A1"]["documents"] == 1
    api = client_for(focal).get(f"/api/initiatives/coverage/?{query}").json()
    assert {r["uid"]: r for r in api["coverage"]}["marrakesh-2018/A1"]["documents"] == 2
    page = client_for(None).get(f"/monitoring/?{query}")
    assert page.status_code == 200
    bad = client_for(None).get("/monitoring/?year_from=2024&year_to=2020")
    assert "cannot be before its start" in bad.content.decode()


def test_recommendations_by_follow_up_status(plan, country):
    from core.signals import bulk_written
    from followup.models import FollowUp
    from meetings.tests.factories import MeetingFactory, RecommendationFactory

    framework, items = plan
    meeting = MeetingFactory(country=country, start_date=datetime.date(2022, 1, 10))
    later = MeetingFactory(country=country, start_date=datetime.date(2025, 1, 10))
    implemented = RecommendationFactory(meeting=meeting, framework_items=[items["A1"]])
    FollowUp.objects.filter(recommendation=implemented).update(status="implemented")
    bulk_written.send(
        sender=FollowUp, instances=FollowUp.objects.filter(recommendation=implemented)
    )
    in_progress = RecommendationFactory(meeting=meeting, framework_items=[items["O1"], items["A1"]])
    FollowUp.objects.filter(recommendation=in_progress).update(status="in_progress")
    bulk_written.send(
        sender=FollowUp, instances=FollowUp.objects.filter(recommendation=in_progress)
    )
    RecommendationFactory(meeting=later, framework_items=[items["D1"]])  # open
    untracked = RecommendationFactory(meeting=later, framework_items=[items["D1"]])
    FollowUp.objects.filter(recommendation=untracked).delete()  # no follow-up record
    rows = {r["uid"]: r for r in tables(framework, None)["recommendations"]}
    a1, d1 = rows["marrakesh-2018/A1"], rows["marrakesh-2018/D1"]
    assert (a1["implemented"], a1["in_progress"], a1["open"], a1["none"]) == (1, 1, 0, 0)
    # The domain counts each recommendation once (in_progress is linked twice below it).
    assert (d1["implemented"], d1["in_progress"], d1["open"], d1["none"]) == (1, 1, 1, 1)
    coverage = coverage_by_uid(tables(framework, None))
    assert coverage["marrakesh-2018/D1"]["recommendations"] == 4
    assert coverage["marrakesh-2018/A1"]["recommendations"] == 2
    assert rows["marrakesh-2018/D2"]["open"] == 0
    in_2022 = {r["uid"]: r for r in tables(framework, None, year_to=2023)["recommendations"]}
    assert (in_2022["marrakesh-2018/D1"]["open"], in_2022["marrakesh-2018/D1"]["none"]) == (0, 0)
    csv = client_for(None).get(
        "/monitoring/?framework=marrakesh-2018&export=csv&table=recommendations"
    )
    lines = csv.content.decode().splitlines()
    assert lines[0] == "uid,depth,title,open,in_progress,implemented,superseded,dropped,none"
    assert lines[1].startswith("marrakesh-2018/D1,0,") and lines[1].endswith(",1,1,1,0,0,1")
    api = client_for(None).get("/api/initiatives/coverage/?framework=marrakesh-2018").json()
    assert {r["uid"]: r for r in api["recommendations"]}["marrakesh-2018/A1"] == a1
    page = client_for(None).get("/monitoring/?framework=marrakesh-2018").content.decode()
    assert "Recommendations by follow-up status" in page


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
    assert 'hx-get="/monitoring/maps/?framework=marrakesh-2018"' in page  # loaded after
    # The maps: a fragment for htmx, a page of its own without JavaScript.
    maps = client_for(None).get(
        "/monitoring/maps/?framework=marrakesh-2018", HTTP_HX_REQUEST="true"
    )
    fragment = maps.content.decode()
    assert "<html" not in fragment and "choropleth-svg-title" in fragment
    assert 'href="/partners/ML/"' in fragment or country.get_absolute_url() in fragment
    assert "Mali: 1" in fragment  # the country's title in the choropleth and the venues map
    # Each map's table twin comes with it (computed once, for the maps and their tables).
    participation = fragment[fragment.index('id="participation-title"') :]
    assert '<a href="/monitoring/initiatives/?country=ML">1</a>' in participation
    venues_table = fragment[fragment.index('id="venues-title"') :]
    assert '<a href="/meetings/?country=ML">1</a>' in venues_table
    assert "/monitoring/?framework=marrakesh-2018&amp;export=csv&amp;table=venues" in venues_table
    assert 'id="participation-title"' not in page and 'id="venues-title"' not in page
    full = client_for(None).get("/monitoring/maps/?year_from=2030").content.decode()
    assert "<html" in full and "Mali: 1" not in full  # the period applies
    venues = client_for(None).get("/monitoring/?export=json&table=venues").json()
    assert venues == [{"country": "ML", "name": "Mali", "meetings": 1}]
    country.refresh_from_db()
    shaded = choropleth({"ML": 1})
    mali = next(p for p in shaded["paths"] if p["country"] and p["country"].iso2 == "ML")
    assert mali["fill"] != shaded["none_fill"]
    assert classes([0, 10]) == [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]
    assert classes([]) == []


def test_concentrations_rank_the_busiest_actions(plan, country):
    """Hand-computed: A1 has 3 initiatives and a meeting, A2 one initiative, A3 nothing;
    4 + 1 + 0 = 5 in all, an average of 5/3 per action."""
    from meetings.tests.factories import MeetingFactory

    framework, items = plan
    a2 = FrameworkItemFactory(
        framework=framework,
        kind="action",
        code="A2",
        number="2",
        parent=items["O1"],
        title_en='Return <script>alert("x")</script> & reintegration',
    )
    FrameworkItemFactory(
        framework=framework, kind="action", code="A3", number="3", parent=items["O1"]
    )
    for _n in range(3):
        make(country, [items["A1"]])
    make(country, [a2])
    make(country, [a2], visibility="partners")  # not for visitors
    MeetingFactory(country=country, framework_items=[items["A1"]])
    ranked = tables(framework, None)["concentrations"]
    assert [(c["code"], c["total"], c["share_percent"], c["times_average"]) for c in ranked] == [
        ("A1", 4, 80.0, 2.4),
        ("A2", 1, 20.0, 0.6),
    ]
    assert ranked[0]["meetings"] == 1 and ranked[0]["initiatives"] == 3
    assert tables(framework, None, year_from=2040)["concentrations"] == []
    client = client_for(None)
    csv = client.get("/monitoring/?framework=marrakesh-2018&export=csv&table=concentrations")
    assert csv.content.decode().splitlines()[1].startswith("marrakesh-2018/A1,A1,")
    page = client.get("/monitoring/?framework=marrakesh-2018").content.decode()
    assert "Where the work concentrates" in page and "80.0" in page
    # The coverage table links each item to its page; titles are escaped.
    assert f'<a href="{items["A1"].get_absolute_url()}"><code>A1</code></a>' in page
    assert "<script>" not in page
    assert "Return &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; reintegration" in page
    french = client.get("/monitoring/?framework=marrakesh-2018", HTTP_ACCEPT_LANGUAGE="fr")
    assert "80,0" in french.content.decode()  # decimal comma in French
    api = client.get("/api/initiatives/coverage/?framework=marrakesh-2018").json()
    assert api["concentrations"] == ranked

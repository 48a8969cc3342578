"""Pages: add and edit initiatives (formsets, versions), rounds, open data and dictionary."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from frameworks.tests.factories import FrameworkItemFactory
from monitoring.models import Initiative, Round
from monitoring.services import round_open

from .conftest import client_for
from .factories import InitiativeCountryFactory, InitiativeFactory, RoundFactory


def management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def form_data(country, **changes):
    data = {
        "country": country.pk,
        "kind": "project",
        "status": "ongoing",
        "visibility": "public",
        "title_en": "Youth employment",
        "budget": "5000",
        "currency": "EUR",
        "start_date": "2025-01-01",
        "end_date": "2026-01-01",
        "framework_item_uids": "",
        "version": "1",
    }
    for prefix in ("countries", "organisations", "results", "sources"):
        data.update(management(prefix))
    data.update(changes)
    return data


def test_secretariat_adds_an_initiative_with_rows(secretariat, country, other_country):
    item = FrameworkItemFactory(framework__slug="gcm-2018", code="O1", kind="objective")
    client = client_for(secretariat)
    assert client.get("/monitoring/initiatives/new/").status_code == 200
    data = form_data(
        country,
        framework_item_uids="gcm-2018/O1",
        **management("countries", 2),
        **{
            "countries-0-country": country.pk,
            "countries-0-share": "70",
            "countries-1-country": other_country.pk,
            "countries-1-share": "40",
        },
    )
    response = client.post("/monitoring/initiatives/new/", data)
    assert response.status_code == 200
    assert "more than 100%" in response.content.decode()
    assert not Initiative.objects.exists()
    data["countries-1-share"] = "30"
    response = client.post("/monitoring/initiatives/new/", data)
    record = Initiative.objects.get()
    assert response.status_code == 302 and response.url == record.get_absolute_url()
    assert record.record_state == "validated"
    assert list(record.framework_items.all()) == [item]
    assert sorted(c.share for c in record.countries.all()) == [30, 70]


def test_focal_point_adds_only_while_its_round_is_open(secretariat, country, focal):
    client = client_for(focal)
    response = client.post("/monitoring/initiatives/new/", form_data(country))
    assert response.status_code == 200 and "while a round is open" in response.content.decode()
    round_open(round=RoundFactory(), by=secretariat, countries=[country])
    response = client.post("/monitoring/initiatives/new/", form_data(country))
    assert response.status_code == 302
    assert Initiative.objects.get().record_state == "draft"


def test_edit_detects_a_conflict(secretariat, country):
    record = InitiativeFactory(country=country)
    client = client_for(secretariat)
    url = f"/monitoring/initiatives/{record.pk}/edit/"
    assert client.get(url).status_code == 200
    Initiative.objects.filter(pk=record.pk).update(version=2, title_en="Changed elsewhere")
    response = client.post(url, form_data(country, title_en="Mine", version="1"))
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    record.refresh_from_db()
    assert record.title_en == "Changed elsewhere"
    response = client.post(url, form_data(country, title_en="Mine", version="2"))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.title_en == "Mine" and record.version == 3
    assert record.history.count() >= 2


def test_round_pages(secretariat, country, focal):
    client = client_for(secretariat)
    response = client.post(
        "/monitoring/rounds/new/",
        {"title": "Round 2026", "opens": "2026-03-01", "deadline": "2026-02-01"},
    )
    assert response.status_code == 200 and not Round.objects.exists()
    response = client.post(
        "/monitoring/rounds/new/",
        {"title": "Round 2026", "opens": "2026-03-01", "deadline": "2026-04-01"},
    )
    round = Round.objects.get()
    assert response.status_code == 302
    assert client_for(focal).get(round.get_absolute_url()).status_code == 404  # draft round
    client.post(f"/monitoring/rounds/{round.pk}/open/")
    round.refresh_from_db()
    assert round.state == "open" and round.submissions.filter(country=country).exists()
    page = client_for(focal).get("/monitoring/rounds/").content.decode()
    assert "Round 2026 — Mali" in page


def test_list_queries_do_not_grow_with_rows(country, other_country):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client_for(None).get("/monitoring/initiatives/").status_code == 200
        return len(queries)

    for _ in range(3):
        InitiativeCountryFactory(initiative=InitiativeFactory(country=country), country=country)
    few = count()
    for _ in range(12):
        InitiativeCountryFactory(
            initiative=InitiativeFactory(country=country), country=other_country
        )
    assert count() == few


def test_list_rows_show_the_reporting_country_and_framework_items(country):
    item = FrameworkItemFactory(framework__slug="gcm-2018", code="O7", kind="objective")
    initiative = InitiativeFactory(country=country, title_en="Border health posts")
    initiative.framework_items.add(item)
    page = client_for(None).get("/monitoring/initiatives/").content.decode()
    row = page[page.index(initiative.uid) :]
    row = row[: row.index("</tr>")]
    assert "Border health posts" in row and str(country) in row
    assert f'<code class="item-code">{item.uid}</code>' in row


def test_open_data_pages(country):
    InitiativeFactory(country=country, title_en="Open record")
    client = client_for(None)
    page = client.get("/monitoring/data/").content.decode()
    for key in ("initiatives", "meetings", "recommendations", "documents", "countries",
                "organisations", "framework-items", "crosswalks"):  # fmt: skip
        assert f"/monitoring/data/{key}.csv" in page, key
        assert client.get(f"/monitoring/data/{key}.json").status_code == 200, key
    assert client.get("/monitoring/data/nothing.csv").status_code == 404
    assert client.get("/monitoring/data/initiatives.pdf").status_code == 404
    countries = client.get("/monitoring/data/countries.json").json()["rows"]
    assert any(c.get("iso2") == "ML" for c in countries)
    dictionary = client.get("/monitoring/data/dictionary/").content.decode()
    assert "Stable public identifier" in dictionary
    assert "Identifiant public stable" in dictionary  # the French column


@pytest.mark.parametrize("language", ["en", "fr"])
def test_pages_render_in_both_languages(secretariat, country, language):
    record = InitiativeFactory(country=country)
    round = RoundFactory()
    client = client_for(secretariat)
    client.cookies["django_language"] = language
    for url in (
        "/monitoring/initiatives/",
        record.get_absolute_url(),
        "/monitoring/rounds/",
        round.get_absolute_url(),
        f"/monitoring/completeness/{round.pk}/",
        "/monitoring/initiatives/import/",
        "/monitoring/data/",
    ):
        assert client.get(url).status_code == 200, url

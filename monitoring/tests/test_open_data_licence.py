"""The open data carry their licence (issue 14, point 7): the page, every file (CSV, JSON,
XLSX) and the DCAT catalogue state it, machine-readable where the format allows."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from monitoring.opendata import datasets

CC_BY = "https://creativecommons.org/licenses/by/4.0/"


@pytest.fixture
def reference(db):
    call_command("load_reference", verbosity=0)


def licence_link(response) -> bool:
    return f'<{CC_BY}>; rel="license"' in response.get("Link", "")


def test_every_open_data_download_carries_the_licence(reference, anon_client):
    from openpyxl import load_workbook

    keys = [d.key for d in datasets()]
    assert "meetings" in keys
    for key in keys:
        for fmt in ("csv", "json", "xlsx"):
            response = anon_client.get(f"/monitoring/data/{key}.{fmt}")
            assert response.status_code == 200, (key, fmt)
            assert licence_link(response), (key, fmt)
            assert 'rel="describedby"' in response["Link"], (key, fmt)
        document = anon_client.get(f"/monitoring/data/{key}.json").json()
        assert document["licence"] == {
            "id": "CC-BY-4.0",
            "name": "Creative Commons Attribution 4.0 International",
            "url": CC_BY,
        }
        assert document["dataset"] == key and isinstance(document["rows"], list)
        workbook = load_workbook(
            io.BytesIO(anon_client.get(f"/monitoring/data/{key}.xlsx").content)
        )
        assert workbook.sheetnames[1] == "Licence", key
        notes = {row[0]: row[1] for row in workbook["Licence"].iter_rows(values_only=True)}
        assert notes["Licence text"] == CC_BY
        assert "CC-BY-4.0" in notes["Licence"]
    meetings = anon_client.get("/monitoring/data/meetings.json").json()["rows"]
    assert meetings  # the reference meetings are in the file, under the licence


def test_the_open_data_page_states_the_licence(reference, anon_client):
    response = anon_client.get("/monitoring/data/")
    html = response.content.decode()
    assert "Licence: Creative Commons Attribution 4.0 International (CC-BY-4.0)." in html
    assert f'<a href="{CC_BY}" rel="license">' in html
    assert licence_link(response)


def test_the_catalogue_gives_each_dataset_and_file_its_licence(reference, anon_client):
    catalogue = anon_client.get("/monitoring/data/catalog.jsonld")
    assert catalogue["Content-Type"].startswith("application/ld+json")
    data = catalogue.json()
    assert data["@type"] == "dcat:Catalog" and data["dct:license"] == {"@id": CC_BY}
    entries = {d["dct:identifier"]: d for d in data["dcat:dataset"]}
    assert set(entries) == {d.key for d in datasets()}
    for entry in entries.values():
        assert entry["dct:license"] == {"@id": CC_BY}
        files = entry["dcat:distribution"]
        assert {f["dct:format"] for f in files} == {"CSV", "JSON", "XLSX"}
        assert all(f["dct:license"] == {"@id": CC_BY} for f in files)
        for f in files:  # every address in the catalogue is a download that works
            url = f["dcat:downloadURL"]["@id"].removeprefix("http://testserver")
            assert anon_client.get(url).status_code == 200, url


@override_settings(
    RABAT_OPEN_DATA_LICENCE={
        "id": "CC0-1.0",
        "name": "CC0 1.0 Universal",
        "url": "https://creativecommons.org/publicdomain/zero/1.0/",
    }
)
def test_the_licence_is_a_setting(reference, anon_client):
    response = anon_client.get("/monitoring/data/countries.csv")
    assert '<https://creativecommons.org/publicdomain/zero/1.0/>; rel="license"' in response["Link"]
    assert anon_client.get("/monitoring/data/countries.json").json()["licence"]["id"] == "CC0-1.0"
    assert "CC0 1.0 Universal (CC0-1.0)" in anon_client.get("/monitoring/data/").content.decode()


def test_the_dashboard_downloads_carry_the_licence(reference, anon_client):
    for table in ("headline", "coverage", "trend"):
        for fmt in ("csv", "json"):
            response = anon_client.get("/monitoring/", {"export": fmt, "table": table})
            assert response.status_code == 200 and licence_link(response), (table, fmt)

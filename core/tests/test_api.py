"""The read API: every endpoint answers and paginates, filters mean what they mean on the
HTML lists, CSV works, the OpenAPI schema is valid."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from frameworks.tests.factories import build_plans
from meetings.choices import MeetingKind
from meetings.tests.factories import MeetingFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

# Public lists that the site data fills (each answers and paginates for visitors).
ENDPOINTS = {
    "countries", "organisations", "people", "governance-roles", "networks", "frameworks",
    "framework-items", "crosswalks", "reference-countries", "meetings", "recommendations",
    "speakers", "documents", "focal-points", "follow-ups",
}  # fmt: skip
# Public lists of the workflows, empty in the site data (their apps test them with records).
EMPTY_PUBLIC = {
    "assistance-requests", "follow-up-entries", "initiatives", "labels", "library/documents",
    "library/figures", "reference-country-reports", "reference-country-themes",
}  # fmt: skip
# Lists that exist only for signed-in roles (the Secretariat's queues, applications, rounds).
SIGNED_IN_ONLY = {
    "labels/applications", "evaluation-forms", "library/drafts", "library/ingest-items",
    "rounds", "round-submissions", "tag-suggestions",
}  # fmt: skip
NOT_A_LIST = {"search"}  # /api/search/?q=... (search/tests)


def test_api_root_lists_every_endpoint(anon_client):
    response = anon_client.get("/api/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert set(response.json()) == ENDPOINTS | EMPTY_PUBLIC | SIGNED_IN_ONLY | NOT_A_LIST


def test_signed_in_only_endpoints_refuse_visitors(anon_client):
    root = anon_client.get("/api/", HTTP_ACCEPT="application/json").json()
    for name in SIGNED_IN_ONLY:
        response = anon_client.get(root[name], HTTP_ACCEPT="application/json")
        assert response.status_code in (401, 403, 404), name


def test_every_endpoint_answers_and_paginates(site, anon_client):
    root = anon_client.get("/api/", HTTP_ACCEPT="application/json").json()
    for name, url in root.items():
        if name in SIGNED_IN_ONLY | NOT_A_LIST:
            continue
        response = anon_client.get(url, {"page_size": 1}, HTTP_ACCEPT="application/json")
        assert response.status_code == 200, name
        page = response.json()
        assert set(page) == {"count", "next", "previous", "results"}, name
        if name in EMPTY_PUBLIC:
            continue
        assert page["count"] >= 1, f"{name}: the site data should hold at least one record"
        assert len(page["results"]) == 1, name
        assert (page["next"] is not None) is (page["count"] > 1), name
        if page["next"]:
            second = anon_client.get(page["next"], HTTP_ACCEPT="application/json").json()
            assert second["results"] != page["results"], name
            assert second["previous"] is not None, name


def test_every_endpoint_detail_answers(site, anon_client):
    """The first record of each list can be looked up by the key the API exposes."""
    keys = {"countries": "iso2", "organisations": "slug", "networks": "slug",
            "frameworks": "slug", "framework-items": "id", "meetings": "slug",
            "documents": "slug"}  # fmt: skip
    root = anon_client.get("/api/", HTTP_ACCEPT="application/json").json()
    for name, url in root.items():
        if name not in ENDPOINTS:
            continue
        first = anon_client.get(url, HTTP_ACCEPT="application/json").json()["results"][0]
        key = first[keys.get(name, "id")]
        response = anon_client.get(f"{url}{key}/", HTTP_ACCEPT="application/json")
        assert response.status_code == 200, name
        assert response.json()[keys.get(name, "id")] == key, name


def test_page_size_is_capped(site, anon_client):
    response = anon_client.get("/api/countries/", {"page_size": 100_000})
    assert response.status_code == 200
    assert len(response.json()["results"]) == response.json()["count"]  # 2 <= cap of 500


def test_api_is_read_only(site, anon_client, partner_client):
    for client in (anon_client, partner_client):
        response = client.post("/api/meetings/", {"slug": "x"})
        assert response.status_code in (403, 405)
        response = client.delete(f"/api/meetings/{site.meeting.slug}/")
        assert response.status_code in (403, 405)
    assert MeetingFactory._meta.model.objects.filter(slug=site.meeting.slug).exists()


def test_framework_item_by_uid(site, anon_client):
    response = anon_client.get("/api/framework-items/marrakesh-2018/D3/")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == "marrakesh-2018/D3"
    assert data["framework"] == "marrakesh-2018"
    assert data["kind"] == "domain"
    objective = anon_client.get("/api/framework-items/marrakesh-2018/O5/").json()
    assert objective["parent"] == "marrakesh-2018/D3"
    unknown = anon_client.get("/api/framework-items/marrakesh-2018/A10/").json()
    assert unknown["title_known"] is False  # never invented
    assert anon_client.get("/api/framework-items/marrakesh-2018/D9/").status_code == 404


def test_framework_item_filters(site, anon_client):
    rows = anon_client.get("/api/framework-items/", {"parent": "marrakesh-2018/D3"}).json()
    assert {r["id"] for r in rows["results"]} == {"marrakesh-2018/O5", "marrakesh-2018/O6"}
    rows = anon_client.get("/api/framework-items/", {"framework": "cadiz-2022"}).json()
    assert [r["id"] for r in rows["results"]] == ["cadiz-2022/D3"]
    rows = anon_client.get("/api/crosswalks/", {"item": "cadiz-2022/D3"}).json()
    assert [(r["source_item"], r["relation"], r["target_item"]) for r in rows["results"]] == [
        ("marrakesh-2018/D3", "continues", "cadiz-2022/D3")
    ]


def test_meeting_detail_has_sessions(site, anon_client):
    data = anon_client.get(f"/api/meetings/{site.meeting.slug}/").json()
    assert [s["title_en"] for s in data["sessions"]] == ["Labour migration"]
    assert set(data["framework_items"]) == {"marrakesh-2018/A11", "marrakesh-2018/A12"}
    assert {(r["kind"], r["country"] or r["organisation"]) for r in data["roles"]} == {
        ("host", "FR"), ("co_chair", "MA"), ("organiser", "icmpd"),
    }  # fmt: skip


def test_recommendations_carry_sub_points(site, anon_client):
    rows = anon_client.get("/api/recommendations/", {"top_level": "true"}).json()["results"]
    assert len(rows) == 1
    assert rows[0]["number"] == "1"
    assert [s["number"] for s in rows[0]["subpoints"]] == ["a"]


# --------------------------------------------------------------- UI and API in step


@pytest.fixture
def meetings_2014(db):
    plans = build_plans()
    d = datetime.date
    specs = [
        ("2014-04-paris-thematic", MeetingKind.THEMATIC_MEETING, d(2014, 4, 24), "A11"),
        ("2014-10-dakar-thematic", MeetingKind.THEMATIC_MEETING, d(2014, 10, 1), "O6"),
        ("2014-06-rabat-som", MeetingKind.SENIOR_OFFICIALS_MEETING, d(2014, 6, 26), "D3"),
        ("2015-03-madrid-thematic", MeetingKind.THEMATIC_MEETING, d(2015, 3, 3), "A13"),
        ("2013-11-brussels-thematic", MeetingKind.THEMATIC_MEETING, d(2013, 11, 5), None),
    ]
    for slug, kind, start, code in specs:
        items = [plans[f"marrakesh-2018/{code}"]] if code else []
        meeting = MeetingFactory(slug=slug, kind=kind, start_date=start, framework_items=items)
        RecommendationFactory(meeting=meeting, number="1", framework_items=items)
    # A meeting linked to two actions of D3 is one meeting, not two.
    MeetingFactory(
        slug="2016-01-bamako-workshop",
        kind=MeetingKind.TECHNICAL_WORKSHOP,
        start_date=d(2016, 1, 10),
        framework_items=[plans["marrakesh-2018/A11"], plans["marrakesh-2018/A12"]],
    )
    return plans


def ui_and_api_slugs(client, path, api, params):
    """The slugs on the HTML list (its page context), its JSON export, and the API list."""
    html = client.get(path, params)
    assert html.status_code == 200
    html_slugs = [obj.slug for obj in html.context["object_list"]]
    export = client.get(path, {**params, "export": "json"})
    export_slugs = [row["slug"] for row in json.loads(export.content)]
    rows = client.get(api, {**params, "page_size": 500}).json()["results"]
    api_slugs = [row["slug"] for row in rows]
    return html_slugs, export_slugs, api_slugs


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"year": "2014", "kind": "thematic_meeting"},
            ["2014-10-dakar-thematic", "2014-04-paris-thematic"],
        ),
        (
            {"year": "2014"},
            ["2014-10-dakar-thematic", "2014-06-rabat-som", "2014-04-paris-thematic"],
        ),
        (
            {"framework_item": "marrakesh-2018/D3"},
            [
                "2016-01-bamako-workshop",
                "2014-10-dakar-thematic",
                "2014-06-rabat-som",
                "2014-04-paris-thematic",
            ],
        ),
        (
            {"framework_item": "marrakesh-2018/O5"},
            ["2016-01-bamako-workshop", "2014-04-paris-thematic"],
        ),
        ({"framework_item": "marrakesh-2018/D4"}, ["2015-03-madrid-thematic"]),
        ({"q": "no such meeting"}, []),
    ],
    ids=["year+kind", "year", "domain", "objective", "other-domain", "no-match"],
)
def test_meeting_filters_same_on_ui_and_api(meetings_2014, anon_client, params, expected):
    html, export, api = ui_and_api_slugs(anon_client, "/meetings/", "/api/meetings/", params)
    assert html == export == api == expected


def test_invalid_filter_gives_nothing_not_everything(meetings_2014, anon_client):
    """A mistyped filter must not silently return the whole list (UI and API agree: 400,
    with the reason; core/tests/test_bad_filters.py probes every list)."""
    html = anon_client.get("/meetings/", {"kind": "banquet"})
    assert html.status_code == 400
    assert list(html.context["object_list"]) == []
    assert "Select a valid choice." in html.content.decode()
    export = anon_client.get("/meetings/", {"kind": "banquet", "export": "json"})
    assert export.status_code == 400
    assert "Select a valid choice." in export.content.decode()
    assert anon_client.get("/api/meetings/", {"kind": "banquet"}).status_code == 400


def test_recommendation_filter_by_framework_item(meetings_2014, anon_client):
    def meetings_of(rows):
        return sorted(r["meeting"] for r in rows)

    api = anon_client.get("/api/recommendations/", {"framework_item": "marrakesh-2018/D3"})
    export = anon_client.get(
        "/meetings/recommendations/",
        {"framework_item": "marrakesh-2018/D3", "export": "json"},
    )
    expected = ["2014-04-paris-thematic", "2014-06-rabat-som", "2014-10-dakar-thematic"]
    assert meetings_of(api.json()["results"]) == expected
    assert meetings_of(json.loads(export.content)) == expected


def test_csv_format(site, anon_client):
    response = anon_client.get("/api/meetings/", {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["slug"] for r in rows} == {site.meeting.slug, site.english_only.slug}
    paris = next(r for r in rows if r["slug"] == site.meeting.slug)
    assert paris["title_en"] == "Thematic meeting on legal migration"
    assert paris["country"] == "FR"
    assert json.loads(paris["framework_items"]) == ["marrakesh-2018/A11", "marrakesh-2018/A12"]
    # The HTML list's CSV download has the API's columns.
    export = anon_client.get(reverse("meetings:list"), {"export": "csv"})
    header = export.content.decode().splitlines()[0]
    assert header == response.content.decode().splitlines()[0]


def test_openapi_schema_validates(anon_client):
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    paths = schema["paths"]
    assert "/api/meetings/" in paths
    params = {p["name"] for p in paths["/api/meetings/"]["get"]["parameters"]}
    assert {"year", "kind", "country", "framework_item", "page", "page_size"} <= params
    response = anon_client.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Rabat Process platform API"


def test_spectacular_command_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/framework-items/{uid}/" in out.read_text()


def test_api_docs_page(anon_client):
    response = anon_client.get(reverse("api-docs"))
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()

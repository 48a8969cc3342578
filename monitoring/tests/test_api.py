"""The initiatives API: writes by permitted users, optimistic locking (409), validation."""

import pytest

from monitoring.models import Initiative
from monitoring.services import round_open

from .conftest import client_for
from .factories import InitiativeFactory, RoundFactory


@pytest.fixture
def submission(country, secretariat):
    return round_open(round=RoundFactory(), by=secretariat, countries=[country])[0]


def post(client, url, data, method="post"):
    return getattr(client, method)(url, data, content_type="application/json")


def test_focal_point_creates_a_draft_in_its_submission(submission, focal, other_focal):
    data = {"country": "ML", "kind": "policy", "status": "planned", "title_en": "New policy"}
    response = post(client_for(focal), "/api/initiatives/", data)
    assert response.status_code == 201, response.content
    record = Initiative.objects.get(title_en="New policy")
    assert record.record_state == "draft" and record.submission == submission
    assert response.json()["uid"] == record.uid
    assert post(client_for(other_focal), "/api/initiatives/", data).status_code == 403
    assert post(client_for(None), "/api/initiatives/", data).status_code == 403


def test_secretariat_creates_validated_and_validation_errors(secretariat, country):
    client = client_for(secretariat)
    data = {
        "country": "ML",
        "kind": "project",
        "status": "ongoing",
        "title_en": "Project",
        "budget": "100.00",
        "currency": "",
        "start_date": "2025-01-01",
        "end_date": "2024-01-01",
    }
    response = post(client, "/api/initiatives/", data)
    assert response.status_code == 400
    assert set(response.json()) >= {"currency", "end_date"}
    data.update(currency="eur", end_date="2026-01-01")
    response = post(client, "/api/initiatives/", data)
    assert response.status_code == 201
    assert response.json()["record_state"] == "validated"
    assert response.json()["currency"] == "EUR"


def test_stale_version_is_409_with_current_values(secretariat, country):
    record = InitiativeFactory(country=country)
    client = client_for(secretariat)
    url = f"/api/initiatives/{record.pk}/"
    first = post(client, url, {"title_en": "First", "version": 1}, method="patch")
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = post(client, url, {"title_en": "Second", "version": 1}, method="patch")
    assert stale.status_code == 409
    assert stale.json()["current"]["title_en"] == "First"
    record.refresh_from_db()
    assert record.title_en == "First"


def test_focal_point_cannot_change_validated_records(submission, focal, country):
    record = InitiativeFactory(country=country)
    url = f"/api/initiatives/{record.pk}/"
    response = post(client_for(focal), url, {"title_en": "X", "version": 1}, method="patch")
    assert response.status_code == 404


def test_rounds_api_for_partners(submission, focal, other_focal, secretariat):
    assert client_for(None).get("/api/rounds/").status_code == 403
    data = client_for(focal).get("/api/rounds/").json()
    assert [s["country"] for s in data["results"][0]["submissions"]] == ["ML"]
    assert client_for(other_focal).get("/api/rounds/").json()["results"][0]["submissions"] == []
    url = f"/api/round-submissions/{submission.pk}/transition/"
    payload = {"transition": "submit", "version": submission.version}
    assert post(client_for(other_focal), url, payload).status_code == 404
    response = post(client_for(focal), url, payload)
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    validate = {"transition": "validate", "version": response.json()["version"]}
    assert post(client_for(focal), url, validate).status_code == 404
    response = post(client_for(secretariat), url, validate)
    assert response.status_code == 200 and response.json()["state"] == "validated"

"""The labelling API: the public list, applications with versioned writes and steps."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from labels.models import LabelApplication
from labels.tests.helpers import client_for

LIST = "/api/labels/applications/"


def payload(lab, **overrides):
    data = {
        "title": "Training of judges on trafficking cases",
        "kind": "project",
        "description": "Two trainings for judges and police.",
        "lead_country": lab.country.iso2,
        "co_organising_countries": [lab.other_country.iso2],
        "funders": "European Union",
        "start_date": "2026-05-01",
        "end_date": "2026-12-31",
        "format": "hybrid",
        "city": "Niamey",
        "budget": "120000.00",
        "actions": [{"action": lab.action2.uid, "justification": "Judges trained on THB."}],
        "expected_results": "Sixty judges trained.",
        "contact_name": "Moussa Issa",
        "contact_email": "moussa@example.org",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_create_read_update_and_step_through_the_api(lab):
    api = client_for(lab.applicant)
    response = api.post(LIST, payload(lab), content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "draft" and body["version"] == 1
    assert body["actions"] == [
        {"action": "cadiz-2022/A2", "justification": "Judges trained on THB."}
    ]
    assert body["co_organising_countries"] == ["NE"]
    assert set(body["transitions"]) == {"submit", "withdraw"}
    url = f"{LIST}{body['id']}/"

    response = api.patch(
        url, {"title": "Trainings of judges", "version": 1}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["version"] == 2

    response = api.post(
        url + "transition/", {"transition": "submit", "version": 2}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["state"] == "submitted"

    # Not editable any more, and not the Secretariat's step for an applicant.
    response = api.patch(
        url, {"title": "Late change", "version": 3}, content_type="application/json"
    )
    assert response.status_code == 400
    response = api.post(
        url + "transition/",
        {"transition": "open_review", "version": 3},
        content_type="application/json",
    )
    assert response.status_code == 404
    staff = client_for(lab.secretariat)
    response = staff.post(
        url + "transition/",
        {"transition": "open_review", "version": 3},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["silence_deadline"] is not None


@pytest.mark.django_db
def test_a_stale_version_is_a_409_with_the_current_record(lab, make_application):
    application = make_application()
    url = f"{LIST}{application.pk}/"
    first, second = client_for(lab.applicant), client_for(lab.secretariat)
    assert (
        first.patch(
            url, {"title": "First title", "version": 1}, content_type="application/json"
        ).status_code
        == 200
    )
    response = second.patch(
        url, {"title": "Second title", "version": 1}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["current"]["title"] == "First title"
    assert response.json()["current"]["version"] == 2
    application.refresh_from_db()
    assert application.title == "First title"
    # A step with a stale version is refused the same way.
    response = second.post(
        url + "transition/",
        {"transition": "withdraw", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 404  # the Secretariat does not withdraw
    response = first.post(
        url + "transition/",
        {"transition": "withdraw", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 409
    application.refresh_from_db()
    assert application.state == "draft"


@pytest.mark.django_db
def test_an_update_without_version_is_refused(lab, make_application):
    application = make_application()
    response = client_for(lab.applicant).put(
        f"{LIST}{application.pk}/", payload(lab), content_type="application/json"
    )
    assert response.status_code == 400 and "version" in response.json()


@pytest.mark.django_db
def test_other_partners_and_visitors_do_not_see_applications(lab, make_application):
    application = make_application()
    url = f"{LIST}{application.pk}/"
    assert client_for(lab.other_applicant).get(url).status_code == 404
    assert (
        client_for(lab.other_applicant)
        .patch(url, {"title": "x", "version": 1}, content_type="application/json")
        .status_code
        == 404
    )
    assert client_for(lab.other_applicant).get(LIST).json()["count"] == 0
    assert client_for(None).get(LIST).status_code == 403
    assert client_for(lab.public).get(LIST).json()["count"] == 0
    assert client_for(lab.secretariat).get(LIST).json()["count"] == 1


@pytest.mark.django_db
def test_a_focal_point_cannot_apply_for_another_partner(lab):
    response = client_for(lab.other_applicant).post(
        LIST, payload(lab), content_type="application/json"
    )
    assert response.status_code == 403
    assert not LabelApplication.objects.exists()


@pytest.mark.django_db
def test_the_public_api_lists_labelled_activities_with_the_pages_filters(lab, make_application):
    labelled = make_application(
        state="labelled", kind="project", report_due=datetime.date(2026, 5, 10)
    )
    make_application(state="review", review_opened_at=timezone.now())
    other = make_application(
        state="reported",
        kind="event",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 1, 2),
    )
    api = client_for(None)
    rows = api.get("/api/labels/").json()["results"]
    assert {r["id"] for r in rows} == {labelled.pk, other.pk}
    assert api.get("/api/labels/?kind=project").json()["count"] == 1
    assert api.get("/api/labels/?year=2024").json()["results"][0]["id"] == other.pk
    assert api.get("/api/labels/?partner=sn").json()["count"] == 2
    assert api.get("/api/labels/?partner=NE").json()["count"] == 0
    # A domain matches the activities linked to the actions under it.
    assert api.get(f"/api/labels/?action={lab.domain.uid}").json()["count"] == 2
    assert api.get(f"/api/labels/?action={lab.action2.uid}").json()["count"] == 0
    row = api.get(f"/api/labels/{labelled.pk}/").json()
    assert row["report_overdue"] is True and "contact_email" not in row
    # The page and its exports use the same filters.
    page = api.get(reverse("labels:list") + "?kind=project&export=json").json()
    assert [r["id"] for r in page] == [labelled.pk]
    csv = api.get(reverse("labels:list") + "?export=csv").content.decode()
    assert csv.splitlines()[0].startswith("id,title,kind")
    assert api.get(f"/api/labels/{make_application().pk}/").status_code == 404

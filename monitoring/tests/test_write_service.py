"""One write path for initiatives, rounds and submissions (issue 13): the pages, the API and the
admin write through ``monitoring.services.InitiativeWrites`` / ``RoundWrites`` /
``RoundSubmissionWrites``, so the same input gets the same result or the same refusal."""

import pytest

from core.tests.factories import UserFactory, signed_in_client
from monitoring.models import CoverageEntry, Initiative, Round
from monitoring.services import round_open
from partners.tests.factories import FocalPointFactory, PersonFactory
from workflows.writes import OWNER_IMMUTABLE, VERSION_MISSING, writes_for

from .conftest import client_for
from .factories import InitiativeFactory, RoundFactory
from .test_pages import form_data, management

NO_ROUND = "Initiatives are added in your country’s submission while a round is open."
DRAFT_STAYS = "A draft stays with the country of its round submission."
END_BEFORE_START = "The end cannot be before the start."


@pytest.fixture
def submission(country, secretariat):
    return round_open(round=RoundFactory(), by=secretariat, countries=[country])[0]


@pytest.fixture
def draft(submission, country):
    return InitiativeFactory(
        country=country, submission=submission, record_state="draft", title_en="Our draft"
    )


@pytest.fixture
def two_country_focal(focal, other_country):
    """The focal point of Mali who also acts for Senegal: the form lets it pick either, so
    only the write service can keep its Malian draft Malian."""
    FocalPointFactory(country=other_country, user=focal, person=PersonFactory())
    return focal


@pytest.fixture
def admin_client(db):
    from reference.roles import ensure_roles

    ensure_roles()
    return signed_in_client(UserFactory(is_staff=True, role="Secretariat"))


def patch(client, record, data):
    return client.patch(f"/api/initiatives/{record.pk}/", data, content_type="application/json")


def page_errors(response) -> str:
    assert response.status_code == 200, response.status_code  # the form again, not a redirect
    return response.content.decode()


def unchanged(record, **expected):
    stored = Initiative.objects.get(pk=record.pk)
    for name, value in {"version": record.version, **expected}.items():
        assert getattr(stored, name) == value, (name, getattr(stored, name))


# -- F4: owner fields are immutable for partners ------------------------------------------


def test_F4_focal_point_cannot_move_its_initiative_to_another_country_api(
    draft, focal, country, other_country
):
    response = patch(client_for(focal), draft, {"country": "SN", "version": draft.version})
    assert response.status_code == 400
    assert response.json()["country"] == [str(OWNER_IMMUTABLE)]
    unchanged(draft, country=country, submission=draft.submission)
    # Nor with a title riding along: nothing of the request is written.
    response = patch(
        client_for(focal), draft, {"country": "SN", "title_en": "Moved", "version": draft.version}
    )
    assert response.status_code == 400
    unchanged(draft, country=country, title_en="Our draft")


def test_F4_focal_point_cannot_move_its_initiative_to_another_country_page(
    draft, two_country_focal, country, other_country
):
    client = client_for(two_country_focal)
    url = f"/monitoring/initiatives/{draft.pk}/edit/"
    data = form_data(other_country, title_en="Moved", version=str(draft.version))
    page = page_errors(client.post(url, data))
    assert str(OWNER_IMMUTABLE) in page
    unchanged(draft, country=country, title_en="Our draft")
    # Its own country kept, the same edit is written.
    response = client.post(url, form_data(country, title_en="Kept", version=str(draft.version)))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title_en == "Kept" and draft.country == country and draft.version == 2


def test_F4_the_secretariat_moves_a_validated_initiative(secretariat, country, other_country):
    record = InitiativeFactory(country=country)
    response = patch(client_for(secretariat), record, {"country": "SN", "version": 1})
    assert response.status_code == 200, response.content
    record.refresh_from_db()
    assert record.country == other_country and record.version == 2


# -- F10: a PATCH without the version is refused ------------------------------------------


def test_F10_patch_without_version_is_400(draft, focal, secretariat):
    for user in (focal, secretariat):
        response = patch(client_for(user), draft, {"title_en": "Blind write"})
        assert response.status_code == 400
        assert response.json()["version"] == [str(VERSION_MISSING)]
    unchanged(draft, title_en="Our draft")


def test_F10_page_edit_without_version_is_refused(draft, focal, country):
    data = form_data(country, title_en="Blind write")
    del data["version"]
    page = page_errors(client_for(focal).post(f"/monitoring/initiatives/{draft.pk}/edit/", data))
    assert str(VERSION_MISSING) in page
    unchanged(draft, title_en="Our draft")


# -- framework items through PATCH (was a 500) --------------------------------------------


def test_patch_framework_items_goes_through_the_service(tree, draft, focal, secretariat, country):
    _framework, items = tree
    record = InitiativeFactory(country=country)
    response = patch(
        client_for(secretariat),
        record,
        {"framework_items": ["marrakesh-2018/A1"], "version": record.version},
    )
    assert response.status_code == 200, response.content
    assert response.json()["framework_items"] == ["marrakesh-2018/A1"]
    assert response.json()["version"] == record.version + 1
    record.refresh_from_db()
    assert list(record.framework_items.all()) == [items["A1"]]
    assert record.history.first().history_user == secretariat
    # The coverage figures follow: A1 and the items above it count the validated record.
    counted = set(
        CoverageEntry.objects.filter(initiative=record, dimension="item").values_list(
            "key", flat=True
        )
    )
    assert counted == {items["A1"].pk, items["O1"].pk, items["D1"].pk}
    # A focal point sets its draft's items the same way; an unknown item is a 400.
    response = patch(
        client_for(focal), draft, {"framework_items": ["marrakesh-2018/A2"], "version": 1}
    )
    assert response.status_code == 200, response.content
    assert list(draft.framework_items.all()) == [items["A2"]]
    response = patch(client_for(focal), draft, {"framework_items": ["nope"], "version": 2})
    assert response.status_code == 400 and "framework_items" in response.json()


# -- the same refusal on the page, the API and the admin ----------------------------------


def api_create(user, country, **changes):
    data = {"country": country.iso2, "kind": "project", "status": "ongoing", "title_en": "T"}
    data.update(changes)
    return client_for(user).post("/api/initiatives/", data, content_type="application/json")


def test_same_refusal_on_page_and_api_no_open_round(focal, country):
    page = page_errors(client_for(focal).post("/monitoring/initiatives/new/", form_data(country)))
    response = api_create(focal, country)
    assert NO_ROUND in page
    assert response.status_code == 400 and response.json()["non_field_errors"] == [NO_ROUND]
    assert not Initiative.objects.exists()


def test_same_refusal_on_page_and_api_end_before_start(secretariat, country):
    dates = {"start_date": "2026-01-01", "end_date": "2025-01-01"}
    page = page_errors(
        client_for(secretariat).post("/monitoring/initiatives/new/", form_data(country, **dates))
    )
    response = api_create(secretariat, country, **dates)
    assert END_BEFORE_START in page
    assert response.status_code == 400 and response.json()["end_date"] == [END_BEFORE_START]
    assert not Initiative.objects.exists()


def test_same_refusal_on_page_api_and_admin_a_draft_stays_with_its_submission(
    draft, secretariat, country, other_country, admin_client
):
    page = page_errors(
        client_for(secretariat).post(
            f"/monitoring/initiatives/{draft.pk}/edit/",
            form_data(other_country, version=str(draft.version)),
        )
    )
    assert DRAFT_STAYS in page
    response = patch(client_for(secretariat), draft, {"country": "SN", "version": 1})
    assert response.status_code == 400 and response.json()["country"] == [DRAFT_STAYS]
    response = admin_client.post(
        f"/admin/monitoring/initiative/{draft.pk}/change/",
        admin_data(draft, country=other_country.pk),
    )
    assert DRAFT_STAYS in page_errors(response)
    unchanged(draft, country=country)


# -- the admin writes through the service -------------------------------------------------


def admin_data(record, **changes):
    data = {
        "country": record.country_id,
        "submission": record.submission_id or "",
        "record_state": record.record_state,
        "visibility": record.visibility,
        "kind": record.kind,
        "status": record.status,
        "title_en": record.title_en,
        "title_fr": record.title_fr,
        "description_en": record.description_en,
        "description_fr": record.description_fr,
        "budget": record.budget or "",
        "currency": record.currency,
        "start_date": record.start_date or "",
        "end_date": record.end_date or "",
        "expected_version": record.version,
    }
    for prefix in ("countries", "organisations", "results", "sources"):
        data.update(management(prefix))
    data.update(changes)
    return data


def test_admin_initiative_writes_through_the_service(tree, country, admin_client):
    _framework, items = tree
    record = InitiativeFactory(country=country)
    url = f"/admin/monitoring/initiative/{record.pk}/change/"
    response = admin_client.post(
        url, admin_data(record, title_en="From the admin", framework_items=[items["A1"].pk])
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    record.refresh_from_db()
    assert record.title_en == "From the admin" and record.version == 2
    assert list(record.framework_items.all()) == [items["A1"]]
    assert CoverageEntry.objects.filter(initiative=record, key=items["A1"].pk).exists()
    # The model's rule, from the service, on the admin's form: nothing written.
    page = page_errors(
        admin_client.post(url, admin_data(record, start_date="2026-01-01", end_date="2025-01-01"))
    )
    assert END_BEFORE_START in page
    unchanged(record, title_en="From the admin")


def test_admin_adds_an_initiative_as_the_service_does(country, submission, admin_client):
    blank = Initiative(country=country, kind="policy", status="planned", title_en="Added")
    response = admin_client.post(
        "/admin/monitoring/initiative/add/",
        admin_data(blank, submission=submission.pk, record_state="validated", version=""),
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    record = Initiative.objects.get(title_en="Added")
    # In a submission it is a draft, whatever the form said (the service's rule).
    assert record.record_state == "draft" and record.submission == submission


def test_round_page_and_admin_write_through_the_service(secretariat, focal, admin_client):
    assert writes_for(Round).__class__.__name__ == "RoundWrites"
    client = client_for(secretariat)
    data = {"title": "Round 2027", "opens": "2027-03-01", "deadline": "2027-04-01"}
    assert client.post("/monitoring/rounds/new/", data).status_code == 302
    round = Round.objects.get()
    assert round.state == "draft" and round.history.first().history_user == secretariat
    assert client_for(focal).post("/monitoring/rounds/new/", data).status_code == 404
    # The admin cannot open a round by an edit: the state is the steps' (read only).
    response = admin_client.post(
        f"/admin/monitoring/round/{round.pk}/change/",
        {**data, "title": "Renamed", "state": "open", **management("submissions")},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    round.refresh_from_db()
    assert round.title == "Renamed" and round.state == "draft"


def test_round_state_moves_only_by_its_steps(secretariat):
    round = RoundFactory()
    round.state = "open"
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        writes_for(Round).update(record=round, by=secretariat, values={"title": "X"})
    assert "state" in refused.value.message_dict
    round.refresh_from_db()
    assert round.state == "draft" and round.title != "X"


def test_admin_neither_adds_a_submission_nor_edits_its_fields(
    submission, other_country, admin_client
):
    assert admin_client.get("/admin/monitoring/roundsubmission/add/").status_code == 403
    response = admin_client.post(
        f"/admin/monitoring/roundsubmission/{submission.pk}/change/",
        {"country": other_country.pk, "state": "validated", "expected_version": 1},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    submission.refresh_from_db()
    assert submission.country.iso2 == "ML" and submission.state == "in_progress"

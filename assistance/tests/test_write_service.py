"""One write path for technical-assistance requests (issue 13): the request page, the API and
the admin all write through ``AssistanceRequestWrites``, so the same input gets the same
record or the same refusal everywhere. F4: a focal point cannot move its request to another
partner; F10: an API update without ``version`` is a 400."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from assistance.models import AssistanceRequest, SecretariatNote
from assistance.services import NOT_OWN_PARTNER
from core.tests.factories import UserFactory
from partners.models import Organisation
from workflows.engine import history
from workflows.writes import OWNER_IMMUTABLE, VERSION_MISSING

from .conftest import client_for

pytestmark = pytest.mark.django_db

MOVE_REFUSED = str(OWNER_IMMUTABLE)


def api(client, method, url, payload):
    return getattr(client, method)(url, json.dumps(payload), content_type="application/json")


def page_data(world, **overrides):
    data = {
        "title": "Eco-villages strategy",
        "requesting_country": world.niger.pk,
        "kind": "study",
        "need": "A study on an eco-villages strategy for returnees.",
        "framework_items": [world.action.pk],
        "beneficiaries": "Returnees in three regions",
        "timing": "2027",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def api_payload(world, **overrides):
    data = {
        "title": "Eco-villages strategy",
        "requesting_country": world.niger.iso2,
        "kind": "study",
        "need": "A study on an eco-villages strategy for returnees.",
        "framework_items": [world.action.uid],
        "beneficiaries": "Returnees in three regions",
        "timing": "2027",
    }
    data.update(overrides)
    return data


def edit_page(world, record, **overrides):
    record.refresh_from_db()
    data = page_data(world, title=record.title, version=record.version)
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def unchanged(record, *, country, version=1):
    record.refresh_from_db()
    return (record.requesting_country, record.requesting_organisation, record.version) == (
        country,
        None,
        version,
    )


def the_focal_points_organisation():
    # UserFactory(partner=True) makes the account a focal point of this organisation too.
    return Organisation.objects.get(slug="test-partner-organisation")


# -- F4: owner fields are the Secretariat's ----------------------------------------------
def test_F4_focal_point_cannot_move_its_request_to_another_partner_api(ta):
    url = f"/api/assistance-requests/{ta.request.pk}/"
    to_mali = api(ta.clients["focal"], "patch", url, {"requesting_country": "ML", "version": 1})
    assert to_mali.status_code == 400, to_mali.content
    assert to_mali.json()["requesting_country"] == [MOVE_REFUSED]
    # Not even to another partner it acts for (its organisation).
    to_own_organisation = api(
        ta.clients["focal"],
        "patch",
        url,
        {
            "requesting_country": None,
            "requesting_organisation": the_focal_points_organisation().slug,
            "version": 1,
        },
    )
    assert to_own_organisation.status_code == 400
    assert MOVE_REFUSED in to_own_organisation.json()["requesting_country"]
    assert unchanged(ta.request, country=ta.niger)
    assert ta.request.history.count() == 1


def test_F4_the_secretariat_moves_a_request_api(ta):
    url = f"/api/assistance-requests/{ta.request.pk}/"
    moved = api(ta.clients["secretariat"], "patch", url, {"requesting_country": "ML", "version": 1})
    assert moved.status_code == 200, moved.content
    assert moved.json()["requesting_country"] == "ML"
    assert unchanged(ta.request, country=ta.mali, version=2)


def test_F4_focal_point_cannot_move_its_request_to_another_partner_page(ta):
    url = reverse("assistance:edit", kwargs={"pk": ta.request.pk})
    organisation = the_focal_points_organisation()
    # To another partner it acts for: the form offers it, the service refuses it.
    response = ta.clients["focal"].post(
        url,
        edit_page(ta, ta.request, requesting_country="", requesting_organisation=organisation.pk),
    )
    assert response.status_code == 200
    assert MOVE_REFUSED in response.context["form"].errors["requesting_country"]
    # To a partner it does not act for: the same words.
    response = ta.clients["focal"].post(
        url, edit_page(ta, ta.request, requesting_country=ta.mali.pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["requesting_country"] == [MOVE_REFUSED]
    assert unchanged(ta.request, country=ta.niger)
    # The Secretariat may.
    response = ta.clients["secretariat"].post(
        url, edit_page(ta, ta.request, requesting_country=ta.mali.pk)
    )
    assert response.status_code == 302
    assert unchanged(ta.request, country=ta.mali, version=2)


# -- F10: the version is required ---------------------------------------------------------
def test_F10_patch_without_version_is_400(ta):
    url = f"/api/assistance-requests/{ta.request.pk}/"
    response = api(ta.clients["focal"], "patch", url, {"timing": "Spring 2030"})
    assert response.status_code == 400, response.content
    assert response.json()["version"] == [str(VERSION_MISSING)]
    ta.request.refresh_from_db()
    assert (ta.request.timing, ta.request.version) == ("First half of 2027", 1)


# -- the same record, the same refusal ----------------------------------------------------
def as_written(record):
    return {
        "title": record.title,
        "partner": (record.requesting_country, record.requesting_organisation),
        "kind": record.kind,
        "need": record.need,
        "actions": list(record.framework_items.all()),
        "beneficiaries": record.beneficiaries,
        "timing": record.timing,
        "state": record.state,
        "submitted_by": record.submitted_by,
        "version": record.version,
        "steps": [(s.transition, s.actor) for s in history(record)],
        "history": [(h.history_type, h.history_user) for h in record.history.all()],
    }


def test_create_via_page_and_api_give_the_same_record(ta):
    page = ta.clients["focal"].post(reverse("assistance:create"), page_data(ta))
    assert page.status_code == 302
    created = api(ta.clients["focal"], "post", "/api/assistance-requests/", api_payload(ta))
    assert created.status_code == 201, created.content
    by_api = AssistanceRequest.objects.get(pk=created.json()["id"])
    by_page = AssistanceRequest.objects.exclude(pk__in=[ta.request.pk, by_api.pk]).get()
    assert page["Location"] == by_page.get_absolute_url()
    assert as_written(by_page) == as_written(by_api)
    assert as_written(by_api)["steps"] == [("submit", ta.focal)]
    assert as_written(by_api)["submitted_by"] == ta.focal
    # Each told the Secretariat once.
    assert [m.to for m in mail.outbox] == [["secretariat@example.org"]] * 2


def test_a_focal_point_creating_for_another_partner_is_refused_the_same_on_page_and_api(ta):
    page = ta.clients["focal"].post(
        reverse("assistance:create"), page_data(ta, requesting_country=ta.mali.pk)
    )
    assert page.status_code == 200
    assert page.context["form"].errors["requesting_country"] == [str(NOT_OWN_PARTNER)]
    refused = api(
        ta.clients["focal"],
        "post",
        "/api/assistance-requests/",
        api_payload(ta, requesting_country="ML"),
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == str(NOT_OWN_PARTNER)
    assert AssistanceRequest.objects.count() == 1
    assert mail.outbox == []


def test_a_request_without_partner_is_refused_the_same_on_page_api_and_admin(ta, admin_client):
    rule = "Name the requesting partner: one country or one organisation."
    page = ta.clients["focal"].post(
        reverse("assistance:create"), page_data(ta, requesting_country=None)
    )
    assert page.status_code == 200 and rule in page.content.decode()
    refused = api(
        ta.clients["focal"],
        "post",
        "/api/assistance-requests/",
        api_payload(ta, requesting_country=None),
    )
    assert refused.status_code == 400
    assert rule in refused.json()["non_field_errors"]
    admin = admin_client.post(
        reverse("admin:assistance_assistancerequest_add"), admin_data(ta, requesting_country="")
    )
    assert admin.status_code == 200 and rule in admin.content.decode()
    assert AssistanceRequest.objects.count() == 1
    assert mail.outbox == []


def test_a_request_without_actions_is_refused_on_the_api(ta):
    refused = api(
        ta.clients["focal"],
        "post",
        "/api/assistance-requests/",
        api_payload(ta, framework_items=[]),
    )
    assert refused.status_code == 400
    assert refused.json()["framework_items"] == ["Link the request to at least one action."]
    url = f"/api/assistance-requests/{ta.request.pk}/"
    emptied = api(ta.clients["focal"], "patch", url, {"framework_items": [], "version": 1})
    assert emptied.status_code == 400
    assert list(ta.request.framework_items.all()) == [ta.action]


# -- the admin writes through the service -------------------------------------------------
NOTES = "secretariat_notes"


def admin_data(world, record=None, notes=(), **overrides):
    data = {
        "title": "Eco-villages strategy",
        "requesting_country": world.niger.pk,
        "requesting_organisation": "",
        "kind": "study",
        "need": "A study on an eco-villages strategy for returnees.",
        "framework_items": [world.action.pk],
        "beneficiaries": "Returnees in three regions",
        "timing": "2027",
        "presented_at": "",
        "results": "",
        f"{NOTES}-TOTAL_FORMS": str(len(notes)),
        f"{NOTES}-INITIAL_FORMS": "0",
        f"{NOTES}-MIN_NUM_FORMS": "0",
        f"{NOTES}-MAX_NUM_FORMS": "1000",
    }
    for n, text in enumerate(notes):
        data[f"{NOTES}-{n}-text"] = text
    if record is not None:
        record.refresh_from_db()
        data.update(title=record.title, expected_version=record.version)
    data.update(overrides)
    return data


def test_an_admin_created_request_is_submitted_logged_and_announced(
    ta, superuser, admin_client, django_capture_on_commit_callbacks
):
    client = admin_client
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:assistance_assistancerequest_add"),
            admin_data(ta, notes=["Ask for the budget"]),
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = AssistanceRequest.objects.get(title="Eco-villages strategy")
    assert (record.state, record.submitted_by) == ("submitted", superuser)
    assert [(s.transition, s.actor) for s in history(record)] == [("submit", superuser)]
    assert "secretariat@example.org" in mail.outbox[0].to
    # The inline note went through its service too: its author is the writer.
    note = SecretariatNote.objects.get(request=record)
    assert (note.text, note.author) == ("Ask for the budget", superuser)


def test_an_admin_change_writes_history_with_the_user(ta, superuser, admin_client):
    client = admin_client
    url = reverse("admin:assistance_assistancerequest_change", args=[ta.request.pk])
    response = client.post(url, admin_data(ta, ta.request, timing="Autumn 2027"))
    assert response.status_code == 302
    ta.request.refresh_from_db()
    assert (ta.request.timing, ta.request.version) == ("Autumn 2027", 2)
    latest = ta.request.history.first()
    assert (latest.timing, latest.history_user) == ("Autumn 2027", superuser)


def test_a_stale_expected_version_in_the_admin_is_a_conflict(ta, admin_client):
    client = admin_client
    url = reverse("admin:assistance_assistancerequest_change", args=[ta.request.pk])
    read = admin_data(ta, ta.request)  # the admin opened the page at version 1
    moved_on = api(
        ta.clients["focal"],
        "patch",
        f"/api/assistance-requests/{ta.request.pk}/",
        {"timing": "Spring 2027", "version": 1},
    )
    assert moved_on.status_code == 200
    response = client.post(url, {**read, "timing": "Autumn 2027"})
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    ta.request.refresh_from_db()
    assert (ta.request.timing, ta.request.version) == ("Spring 2027", 2)


# -- Secretariat notes --------------------------------------------------------------------
def test_a_note_from_the_page_is_written_by_its_service(ta):
    response = ta.clients["secretariat"].post(
        reverse("assistance:note", kwargs={"pk": ta.request.pk}), {"text": "Call the ministry"}
    )
    assert response.status_code == 302
    note = SecretariatNote.objects.get()
    assert (note.text, note.author, note.request) == (
        "Call the ministry",
        ta.secretariat,
        ta.request,
    )
    assert note.history.first().history_user == ta.secretariat


def test_only_the_secretariat_writes_notes_even_a_steering_committee_member(ta):
    member = UserFactory(role="Steering Committee")
    AssistanceRequest.objects.filter(pk=ta.request.pk).update(state="approved")  # visible to them
    response = client_for(member).post(
        reverse("assistance:note", kwargs={"pk": ta.request.pk}), {"text": "mine"}
    )
    assert response.status_code == 404
    assert not SecretariatNote.objects.exists()


def test_only_the_secretariat_writes_the_results_api(ta):
    url = f"/api/assistance-requests/{ta.request.pk}/"
    refused = api(ta.clients["focal"], "patch", url, {"results": "great", "version": 1})
    assert refused.status_code == 400
    assert refused.json()["results"] == ["Only the Secretariat writes the results."]
    written = api(
        ta.clients["secretariat"], "patch", url, {"results": "40 judges trained", "version": 1}
    )
    assert written.status_code == 200
    ta.request.refresh_from_db()
    assert (ta.request.results, ta.request.version) == ("40 judges trained", 2)
    # A focal point's edit that leaves the results alone still goes through.
    kept = api(ta.clients["focal"], "patch", url, {"timing": "2028", "version": 2})
    assert kept.status_code == 200 and kept.json()["results"] == "40 judges trained"


def test_admin_inline_notes_are_changed_and_deleted_through_their_service(ta, admin_client):
    keep = SecretariatNote.objects.create(request=ta.request, text="Budget line 4")
    drop = SecretariatNote.objects.create(request=ta.request, text="Obsolete")
    url = reverse("admin:assistance_assistancerequest_change", args=[ta.request.pk])
    data = admin_data(ta, ta.request)
    data.update({f"{NOTES}-TOTAL_FORMS": "2", f"{NOTES}-INITIAL_FORMS": "2"})
    for n, (note, text) in enumerate([(keep, "Budget line 4 is spent"), (drop, "Obsolete")]):
        data.update(
            {
                f"{NOTES}-{n}-id": note.pk,
                f"{NOTES}-{n}-request": ta.request.pk,
                f"{NOTES}-{n}-text": text,
            }
        )
    data[f"{NOTES}-1-DELETE"] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(SecretariatNote.objects.values_list("text", flat=True)) == [
        "Budget line 4 is spent"
    ]
    assert keep.history.first().history_user.is_superuser


def test_admin_delete_goes_through_the_service(ta, admin_client):
    url = reverse("admin:assistance_assistancerequest_delete", args=[ta.request.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not AssistanceRequest.objects.exists()
    assert ta.request.history.first().history_type == "-"

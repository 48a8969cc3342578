"""One write path for the follow-up (issue 13): pages, the API and the admin write through
``followup.services.FollowUpWrites`` and ``FollowUpEntryWrites``, give the same refusal for
the same bad input, require the version (F10) and an entry raises the follow-up's version
(R1)."""

import datetime
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from followup.models import FollowUp, FollowUpEntry
from workflows.writes import writes_for

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
FUTURE = (TODAY + datetime.timedelta(days=3)).isoformat()
ONE_OWNER = "A recommendation has one owner"
NOT_FUTURE = "The date of an entry cannot be in the future."


def api(client, method, url, payload):
    return getattr(client, method)(url, json.dumps(payload), content_type="application/json")


def own(fu, **fields):
    FollowUp.objects.filter(pk=fu.follow_up.pk).update(owner_country=fu.morocco, **fields)
    fu.follow_up.refresh_from_db()


def detail_url(fu):
    return f"/api/follow-ups/{fu.follow_up.pk}/"


def read(fu, who="focal"):
    return fu.clients[who].get(detail_url(fu)).json()


def page_entry(client, follow_up, **data):
    payload = {"date": TODAY.isoformat(), "text": "The network met in Rabat.", **data}
    return client.post(reverse("followup:entry", kwargs={"pk": follow_up.pk}), payload)


def api_entry(client, follow_up, **data):
    payload = {"follow_up": follow_up.pk, "text": "The network met in Rabat.", **data}
    return api(client, "post", "/api/follow-up-entries/", payload)


# -- F10 ------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["focal", "secretariat"])
def test_F10_patch_without_version_is_400(fu, who):
    own(fu)
    response = api(fu.clients[who], "patch", detail_url(fu), {"status": "in_progress"})
    assert response.status_code == 400, response.content
    assert "version" in response.json()
    fu.follow_up.refresh_from_db()
    assert (fu.follow_up.status, fu.follow_up.version) == ("open", 1)


def test_F10_patch_with_the_version_read_goes_through(fu):
    own(fu)
    version = read(fu)["version"]
    response = api(
        fu.clients["focal"], "patch", detail_url(fu), {"status": "in_progress", "version": version}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"
    assert response.json()["version"] == version + 1


# -- an entry raises the follow-up's version (R1, one request after the other) ---------------
@pytest.mark.parametrize("path", ["page", "api"])
def test_an_entry_raises_the_version_so_an_edit_that_read_before_it_is_a_409(fu, path):
    own(fu, last_entry_on=TODAY - datetime.timedelta(days=30))
    before = read(fu)
    if path == "page":
        added = page_entry(fu.clients["focal"], fu.follow_up, date=TODAY.isoformat())
        assert added.status_code == 302
    else:
        added = api_entry(fu.clients["focal"], fu.follow_up, date=TODAY.isoformat())
        assert added.status_code == 201, added.content
    after = read(fu)
    assert after["version"] == before["version"] + 1
    assert after["last_entry_on"] == TODAY.isoformat()
    # An edit carrying the version read before the entry: a conflict, not the old date back.
    stale = api(
        fu.clients["secretariat"], "patch", detail_url(fu),
        {"status": "in_progress", "version": before["version"]},
    )  # fmt: skip
    assert stale.status_code == 409
    assert stale.json()["current"]["last_entry_on"] == TODAY.isoformat()
    fu.follow_up.refresh_from_db()
    assert fu.follow_up.last_entry_on == TODAY and fu.follow_up.status == "open"
    # The page's edit form with the old version: the same conflict, nothing written.
    response = fu.clients["secretariat"].post(
        reverse("followup:edit", kwargs={"pk": fu.follow_up.pk}),
        {"status": "dropped", "version": before["version"]},
    )
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    fu.follow_up.refresh_from_db()
    assert fu.follow_up.status == "open" and fu.follow_up.last_entry_on == TODAY


def test_an_older_entry_keeps_the_later_last_entry_date(fu):
    own(fu, last_entry_on=TODAY)
    older = (TODAY - datetime.timedelta(days=40)).isoformat()
    assert api_entry(fu.clients["focal"], fu.follow_up, date=older).status_code == 201
    after = read(fu)
    assert after["last_entry_on"] == TODAY.isoformat() and after["version"] == 2


def test_the_entry_and_the_follow_ups_change_are_in_its_history(fu):
    own(fu)
    assert page_entry(fu.clients["focal"], fu.follow_up).status_code == 302
    last = fu.follow_up.history.first()
    assert (last.last_entry_on, last.version, last.history_user) == (TODAY, 2, fu.focal)


# -- the same refusal on the page, the API and the admin -------------------------------------
def test_a_future_entry_gets_the_same_refusal_on_page_and_api(fu):
    own(fu)
    page = page_entry(fu.clients["focal"], fu.follow_up, date=FUTURE)
    assert page.status_code == 200
    assert page.context["form"].errors["date"] == [NOT_FUTURE]
    response = api_entry(fu.clients["focal"], fu.follow_up, date=FUTURE)
    assert response.status_code == 400
    assert response.json()["date"] == [NOT_FUTURE]
    assert not FollowUpEntry.objects.exists()
    fu.follow_up.refresh_from_db()
    assert fu.follow_up.version == 1 and fu.follow_up.last_entry_on is None


def test_two_owners_get_the_same_refusal_on_page_api_and_admin(fu, admin_client):
    version = fu.follow_up.version
    page = fu.clients["secretariat"].post(
        reverse("followup:edit", kwargs={"pk": fu.follow_up.pk}),
        {"owner_country": fu.morocco.pk, "owner_secretariat": "on", "status": "open",
         "version": version},
    )  # fmt: skip
    assert page.status_code == 200
    page_errors = list(page.context["form"].non_field_errors())
    assert page_errors[0].startswith(ONE_OWNER)
    response = api(
        fu.clients["secretariat"], "patch", detail_url(fu),
        {"owner_country": "MA", "owner_secretariat": True, "version": version},
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == page_errors
    admin = admin_client.post(
        reverse("admin:followup_followup_change", args=[fu.follow_up.pk]),
        admin_data(fu, owner_country=fu.morocco.pk, owner_secretariat="on"),
    )
    assert admin.status_code == 200
    assert list(admin.context["adminform"].form.non_field_errors()) == page_errors
    fu.follow_up.refresh_from_db()
    assert fu.follow_up.owner_kind == "none" and fu.follow_up.version == version


def test_an_owner_partner_may_not_set_the_due_date_through_the_service(fu):
    own(fu)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        writes_for(FollowUp).update(
            record=FollowUp.objects.get(pk=fu.follow_up.pk),
            by=fu.focal,
            values={"due_date": TODAY},
            expected_version=1,
        )
    assert refused.value.message_dict == {
        "due_date": ["Only the Secretariat changes the owner and the due date."]
    }
    # The API shows the owner partner the due date as read-only: not applied.
    response = api(
        fu.clients["focal"], "patch", detail_url(fu), {"due_date": "2020-01-01", "version": 1}
    )
    assert response.status_code == 200 and response.json()["due_date"] is None


# -- the admin writes through the services ---------------------------------------------------
def admin_data(fu, entries=(), **values):
    follow_up = FollowUp.objects.get(pk=fu.follow_up.pk)
    data = {
        "recommendation": follow_up.recommendation_id,
        "owner_country": follow_up.owner_country_id or "",
        "owner_organisation": follow_up.owner_organisation_id or "",
        "status": follow_up.status,
        "due_date": follow_up.due_date.isoformat() if follow_up.due_date else "",
        "expected_version": follow_up.version,
        "entries-TOTAL_FORMS": len(entries),
        "entries-INITIAL_FORMS": 0,
        "entries-MIN_NUM_FORMS": 0,
        "entries-MAX_NUM_FORMS": 1000,
    }
    if follow_up.owner_secretariat:
        data["owner_secretariat"] = "on"
    for n, entry in enumerate(entries):
        data.update({f"entries-{n}-{k}": v for k, v in entry.items()})
        data[f"entries-{n}-follow_up"] = follow_up.pk
    data.update(values)
    return data


def test_the_admin_changes_the_owner_who_is_told(
    fu, admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:followup_followup_change", args=[fu.follow_up.pk]),
            admin_data(fu, owner_country=fu.morocco.pk),
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    fu.follow_up.refresh_from_db()
    assert fu.follow_up.owner_country == fu.morocco and fu.follow_up.version == 2
    assert [m.to for m in mail.outbox] == [["focal@morocco.example.org"]]


def test_an_admin_entry_locks_the_follow_up_and_sets_its_date(fu, admin_client):
    own(fu)
    day = TODAY - datetime.timedelta(days=2)
    response = admin_client.post(
        reverse("admin:followup_followup_change", args=[fu.follow_up.pk]),
        admin_data(fu, entries=[{"date": day.isoformat(), "text": "Workshop held"}]),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = FollowUpEntry.objects.get()
    assert entry.text == "Workshop held"
    fu.follow_up.refresh_from_db()
    # The follow-up's own save, then the entry's lock on it: two versions up.
    assert (fu.follow_up.last_entry_on, fu.follow_up.version) == (day, 3)
    # Removing the entry in the admin (its own page) takes the date back, through the service.
    deleted = admin_client.post(
        reverse("admin:followup_followupentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 302
    fu.follow_up.refresh_from_db()
    assert (fu.follow_up.last_entry_on, fu.follow_up.version) == (None, 4)


def test_an_admin_entry_in_the_future_gets_the_same_refusal(fu, admin_client):
    own(fu)
    response = admin_client.post(
        reverse("admin:followup_followup_change", args=[fu.follow_up.pk]),
        admin_data(fu, entries=[{"date": FUTURE, "text": "Workshop to come"}]),
    )
    assert response.status_code == 200
    [formset] = response.context["inline_admin_formsets"]
    assert formset.formset.errors[0]["date"] == [NOT_FUTURE]
    assert not FollowUpEntry.objects.exists()
    fu.follow_up.refresh_from_db()
    assert fu.follow_up.version == 1

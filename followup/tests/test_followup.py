"""Recommendation follow-up end to end: pages, API, permissions, evidence visibility."""

import datetime
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from followup.models import FollowUp, FollowUpEntry
from followup.services import follow_ups_ensure

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def api(client, method, url, payload):
    return getattr(client, method)(url, json.dumps(payload), content_type="application/json")


def own(fu, **fields):
    FollowUp.objects.filter(pk=fu.follow_up.pk).update(owner_country=fu.morocco, **fields)
    fu.follow_up.refresh_from_db()


def test_every_recommendation_has_an_open_unowned_follow_up(fu):
    assert FollowUp.objects.count() == 3
    assert fu.follow_up.status == "open" and fu.follow_up.owner_kind == "none"
    FollowUp.objects.all().delete()
    assert follow_ups_ensure() == 3
    assert follow_ups_ensure() == 0


# -- the Secretariat assigns -----------------------------------------------------------
def edit(client, follow_up, **data):
    follow_up.refresh_from_db()
    payload = {"status": follow_up.status, "version": follow_up.version, **data}
    return client.post(reverse("followup:edit", kwargs={"pk": follow_up.pk}), payload)


def test_the_secretariat_assigns_an_owner_who_is_told(fu):
    response = edit(
        fu.clients["secretariat"], fu.follow_up, owner_country=fu.morocco.pk, due_date="2027-06-30"
    )
    assert response.status_code == 302
    fu.follow_up.refresh_from_db()
    assert fu.follow_up.owner_country == fu.morocco
    assert fu.follow_up.due_date == datetime.date(2027, 6, 30)
    assert [m.to for m in mail.outbox] == [["focal@morocco.example.org"]]
    assert "Create a network of contact points" in mail.outbox[0].body
    assert fu.follow_up.history.count() == 2


def test_two_owners_are_refused(fu):
    response = edit(
        fu.clients["secretariat"], fu.follow_up, owner_country=fu.morocco.pk, owner_secretariat="on"
    )
    assert response.status_code == 200
    assert "one owner" in response.content.decode()
    fu.follow_up.refresh_from_db()
    assert fu.follow_up.owner_kind == "none"


def test_the_owner_changes_the_status_only(fu):
    own(fu)
    url = reverse("followup:edit", kwargs={"pk": fu.follow_up.pk})
    form = fu.clients["focal"].get(url).context["form"]
    assert set(form.fields) == {"status", "version"}
    response = edit(fu.clients["focal"], fu.follow_up, status="in_progress", due_date="2020-01-01")
    assert response.status_code == 302
    fu.follow_up.refresh_from_db()
    assert fu.follow_up.status == "in_progress" and fu.follow_up.due_date is None


@pytest.mark.parametrize("who", ["other", "public"])
def test_others_may_not_change(fu, who):
    own(fu)
    assert edit(fu.clients[who], fu.follow_up, status="dropped").status_code == 404
    fu.follow_up.refresh_from_db()
    assert fu.follow_up.status == "open"


def test_an_edit_conflict_shows_the_current_values(fu):
    own(fu)
    stale = fu.follow_up.version
    edit(fu.clients["secretariat"], fu.follow_up, owner_country=fu.morocco.pk, status="implemented")
    response = fu.clients["focal"].post(
        reverse("followup:edit", kwargs={"pk": fu.follow_up.pk}),
        {"status": "dropped", "version": stale},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this record" in page and "Implemented" in page
    fu.follow_up.refresh_from_db()
    assert fu.follow_up.status == "implemented"


# -- entries ---------------------------------------------------------------------------
def add_entry(client, follow_up, **data):
    payload = {"date": TODAY.isoformat(), "text": "The network met in Rabat.", **data}
    return client.post(reverse("followup:entry", kwargs={"pk": follow_up.pk}), payload)


def test_the_owner_adds_an_entry_with_evidence(fu):
    own(fu)
    response = add_entry(
        fu.clients["focal"], fu.follow_up,
        evidence_meeting=fu.meeting.slug, evidence_document=fu.public_doc.slug,
        evidence_url="https://example.org/report",
    )  # fmt: skip
    assert response.status_code == 302
    entry = FollowUpEntry.objects.get()
    assert entry.author == fu.focal and entry.evidence_document == fu.public_doc
    fu.follow_up.refresh_from_db()
    assert fu.follow_up.last_entry_on == TODAY
    page = fu.clients["anonymous"].get(fu.follow_up.get_absolute_url()).content.decode()
    assert "The network met in Rabat." in page and fu.public_doc.title in page


def test_an_entry_cites_a_labelled_activity_but_not_an_application(fu):
    from labels.tests.factories import LabelApplicationFactory

    own(fu)
    labelled = LabelApplicationFactory(lead_country=fu.morocco, state="labelled")
    draft = LabelApplicationFactory(lead_country=fu.morocco, title="Secret draft workshop")
    refused = add_entry(fu.clients["focal"], fu.follow_up, evidence_label=draft.pk)
    assert refused.status_code == 200 and not FollowUpEntry.objects.exists()
    response = add_entry(fu.clients["focal"], fu.follow_up, evidence_label=labelled.pk)
    assert response.status_code == 302
    assert FollowUpEntry.objects.get().evidence_label == labelled
    page = fu.clients["anonymous"].get(fu.follow_up.get_absolute_url()).content.decode()
    assert labelled.title in page and labelled.public_url in page


@pytest.mark.parametrize("who", ["other", "public"])
def test_others_may_not_add_entries(fu, who):
    own(fu)
    assert add_entry(fu.clients[who], fu.follow_up).status_code == 404
    assert not FollowUpEntry.objects.exists()


def test_bad_entries_are_refused_and_nothing_saved(fu):
    own(fu)
    client = fu.clients["focal"]
    future = (TODAY + datetime.timedelta(days=3)).isoformat()
    for data, field in [
        ({"text": ""}, "text"),
        ({"text": "x" * 4001}, "text"),
        ({"date": future}, "date"),
        ({"date": ""}, "date"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url"),
    ]:
        response = add_entry(client, fu.follow_up, **data)
        assert response.status_code == 200, data
        assert field in response.context["form"].errors, data
    assert not FollowUpEntry.objects.exists()


def test_entry_text_is_escaped(fu):
    own(fu)
    add_entry(fu.clients["focal"], fu.follow_up, text="<script>alert('x')</script>")
    page = fu.clients["anonymous"].get(fu.follow_up.get_absolute_url()).content.decode()
    assert "<script>alert('x')</script>" not in page
    assert "&lt;script&gt;" in page


def test_a_partners_only_document_as_evidence_is_hidden_from_the_public(fu):
    own(fu)
    add_entry(fu.clients["focal"], fu.follow_up, evidence_document=fu.partners_doc.slug)
    title = fu.partners_doc.title
    for who in ("anonymous", "public"):
        client = fu.clients[who]
        for url in (
            fu.follow_up.get_absolute_url(),
            reverse("followup:meeting", kwargs={"slug": fu.meeting.slug}),
            "/api/follow-up-entries/",
        ):
            body = client.get(url).content.decode()
            assert title not in body and fu.partners_doc.slug not in body, (who, url)
        assert (
            "The network met in Rabat."
            in client.get(fu.follow_up.get_absolute_url()).content.decode()
        )
    assert title in fu.clients["other"].get(fu.follow_up.get_absolute_url()).content.decode()
    data = fu.clients["other"].get("/api/follow-up-entries/").json()["results"]
    assert data[0]["evidence_document"] == fu.partners_doc.slug


# -- public views ----------------------------------------------------------------------
def test_the_meeting_page_lists_its_recommendations_with_follow_up(fu):
    own(fu, status="in_progress")
    response = fu.clients["anonymous"].get(
        reverse("followup:meeting", kwargs={"slug": fu.meeting.slug})
    )
    assert response.status_code == 200
    rows = list(response.context["object_list"])
    assert {f.recommendation for f in rows} == {fu.rec, fu.other_rec}
    page = response.content.decode()
    assert "Morocco" in page and "In progress" in page
    assert (
        fu.clients["anonymous"]
        .get(reverse("followup:meeting", kwargs={"slug": "nope"}))
        .status_code
        == 404
    )


def test_the_item_page_includes_the_items_below_it(fu):
    for uid in (fu.domain.uid, fu.action.uid):
        response = fu.clients["anonymous"].get(reverse("followup:item", kwargs={"uid": uid}))
        assert response.status_code == 200
        assert [f.recommendation for f in response.context["object_list"]] == [fu.rec]
    assert fu.clients["anonymous"].get("/follow-up/item/nope/X1/").status_code == 404


def test_the_list_filters_overdue_like_the_api_and_exports(fu):
    own(fu, due_date=TODAY - datetime.timedelta(days=1))
    FollowUp.objects.filter(recommendation=fu.other_rec).update(
        due_date=TODAY - datetime.timedelta(days=5), status="implemented"
    )
    page = fu.clients["anonymous"].get(reverse("followup:list") + "?overdue=true")
    assert [f.pk for f in page.context["object_list"]] == [fu.follow_up.pk]
    assert "Overdue" in page.content.decode()
    api_rows = fu.clients["anonymous"].get("/api/follow-ups/?overdue=true").json()["results"]
    assert [r["id"] for r in api_rows] == [fu.follow_up.pk] and api_rows[0]["overdue"] is True
    owner = fu.clients["anonymous"].get(reverse("followup:list") + "?owner=MA&export=json")
    assert [r["id"] for r in json.loads(owner.content)] == [fu.follow_up.pk]
    csv = fu.clients["anonymous"].get(reverse("followup:list") + "?status=implemented&export=csv")
    assert csv.content.decode().count("\n") == 2


def test_list_queries_do_not_grow_with_the_rows(fu):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.tests.factories import RecommendationFactory

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert fu.clients["secretariat"].get(url).status_code == 200
        return len(queries)

    meeting_url = reverse("followup:meeting", kwargs={"slug": fu.meeting.slug})
    before = count(reverse("followup:list")), count(meeting_url)
    for n in range(5):
        RecommendationFactory(meeting=fu.meeting, number=str(10 + n))
    assert (count(reverse("followup:list")), count(meeting_url)) == before


# -- the Secretariat's list and reminders ----------------------------------------------
def test_the_stale_list_is_for_the_secretariat(fu):
    assert fu.clients["secretariat"].get(reverse("followup:stale")).status_code == 200
    assert fu.clients["focal"].get(reverse("followup:stale")).status_code == 403
    assert fu.clients["anonymous"].get(reverse("followup:stale")).status_code == 302


def test_overdue_and_stale(fu, settings):
    settings.RABAT_FOLLOWUP_STALE_DAYS = 30
    own(fu, due_date=TODAY - datetime.timedelta(days=1))
    old = timezone.now() - datetime.timedelta(days=40)
    FollowUp.objects.filter(recommendation=fu.other_rec).update(
        created_at=old, owner_secretariat=True
    )
    FollowUp.objects.filter(recommendation=fu.other_meeting_rec).update(
        created_at=old, last_entry_on=TODAY - datetime.timedelta(days=10)
    )
    response = fu.clients["secretariat"].get(reverse("followup:stale"))
    assert [f.pk for f in response.context["overdue"]] == [fu.follow_up.pk]
    assert [f.recommendation for f in response.context["stale"]] == [fu.other_rec]


def test_the_reminder_command_mails_each_owner_once_per_period(fu, settings, capsys):
    settings.RABAT_FOLLOWUP_STALE_DAYS = 30
    own(fu, due_date=TODAY - datetime.timedelta(days=1))
    old = timezone.now() - datetime.timedelta(days=40)
    FollowUp.objects.filter(recommendation=fu.other_rec).update(
        created_at=old, owner_secretariat=True
    )
    call_command("followup_stale")
    out = capsys.readouterr().out
    assert sorted(m.to[0] for m in mail.outbox) == [
        "focal@morocco.example.org",
        "secretariat@example.org",
    ]
    assert "Morocco: reminded focal@morocco.example.org of 1" in out
    assert "overdue since" in next(
        m.body for m in mail.outbox if m.to == ["focal@morocco.example.org"]
    )
    call_command("followup_stale")
    assert len(mail.outbox) == 2
    assert "nothing to remind" in capsys.readouterr().out
    later = (TODAY + datetime.timedelta(days=31)).isoformat()
    call_command("followup_stale", today=later)
    assert len(mail.outbox) == 4


def test_closed_follow_ups_are_never_reminded(fu):
    own(fu, due_date=TODAY - datetime.timedelta(days=1), status="implemented")
    call_command("followup_stale")
    assert mail.outbox == []


# -- API -------------------------------------------------------------------------------
def test_api_update_by_owner_and_secretariat_with_conflict(fu):
    own(fu)
    url = f"/api/follow-ups/{fu.follow_up.pk}/"
    version = fu.follow_up.version
    ok = api(fu.clients["focal"], "patch", url, {"status": "in_progress", "version": version})
    assert ok.status_code == 200 and ok.json()["status"] == "in_progress"
    conflict = api(fu.clients["focal"], "patch", url, {"status": "dropped", "version": version})
    assert conflict.status_code == 409 and conflict.json()["current"]["status"] == "in_progress"
    ignored = api(
        fu.clients["focal"], "patch", url, {"due_date": "2020-01-01", "version": version + 1}
    )
    assert ignored.json()["due_date"] is None
    staff = api(
        fu.clients["secretariat"], "patch", url,
        {"owner_country": None, "owner_secretariat": True, "due_date": "2027-01-01",
         "version": version + 2},
    )  # fmt: skip
    assert staff.status_code == 200, staff.content
    assert staff.json()["owner_kind"] == "secretariat"
    assert (
        api(fu.clients["other"], "patch", url, {"status": "dropped", "version": 9}).status_code
        == 404
    )
    assert api(
        fu.clients["anonymous"], "patch", url, {"status": "dropped", "version": 9}
    ).status_code in (403, 404)
    bad = api(
        fu.clients["secretariat"], "patch", url, {"status": "finished", "version": version + 3}
    )
    assert bad.status_code == 400
    fu.follow_up.refresh_from_db()
    assert fu.follow_up.status == "in_progress"


def test_api_entries(fu):
    own(fu)
    payload = {
        "follow_up": fu.follow_up.pk,
        "text": "Terms of reference adopted",
        "evidence_meeting": fu.meeting.slug,
    }
    created = api(fu.clients["focal"], "post", "/api/follow-up-entries/", payload)
    assert created.status_code == 201, created.content
    assert created.json()["date"] == TODAY.isoformat()
    assert api(fu.clients["other"], "post", "/api/follow-up-entries/", payload).status_code == 404
    assert (
        api(fu.clients["anonymous"], "post", "/api/follow-up-entries/", payload).status_code == 403
    )
    too_long = api(
        fu.clients["focal"], "post", "/api/follow-up-entries/", {**payload, "text": "x" * 4001}
    )
    assert too_long.status_code == 400
    assert FollowUpEntry.objects.count() == 1
    listed = (
        fu.clients["anonymous"].get(f"/api/follow-up-entries/?follow_up={fu.follow_up.pk}").json()
    )
    assert [e["text"] for e in listed["results"]] == ["Terms of reference adopted"]


def test_sub_points_have_their_own_follow_up(fu):
    from meetings.tests.factories import RecommendationFactory

    sub = RecommendationFactory(meeting=fu.meeting, parent=fu.rec, number="a")
    page = fu.clients["anonymous"].get(
        reverse("followup:meeting", kwargs={"slug": fu.meeting.slug})
    )
    assert sub.follow_up in page.context["object_list"]
    assert "No. 1.a" in page.content.decode()


def test_the_pages_speak_french(fu):
    client = fu.clients["anonymous"]
    client.cookies["django_language"] = "fr"
    own(fu, status="in_progress")
    page = client.get(
        reverse("followup:meeting", kwargs={"slug": fu.meeting.slug})
    ).content.decode()
    assert "Suivi des recommandations de la réunion" in page and "En cours" in page

"""Technical-assistance requests end to end: pages, API, workflow steps, privacy."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from assistance.models import AssistanceRequest, SecretariatNote
from workflows.engine import history

from .factories import AssistanceRequestFactory

pytestmark = pytest.mark.django_db


def form_data(world, **overrides):
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


def step(client, record, name, **extra):
    record.refresh_from_db()
    return client.post(
        reverse("assistance:transition", kwargs={"pk": record.pk, "transition": name}),
        {"version": record.version, "reason": "", **extra},
        follow=True,
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# -- creating --------------------------------------------------------------------------
def test_a_focal_point_submits_a_request_and_the_secretariat_is_told(ta):
    response = ta.clients["focal"].post(reverse("assistance:create"), form_data(ta), follow=True)
    record = AssistanceRequest.objects.get(title="Eco-villages strategy")
    assert response.redirect_chain[-1][0] == record.get_absolute_url()
    assert record.state == "submitted" and record.submitted_by == ta.focal
    assert list(record.framework_items.all()) == [ta.action]
    assert [m.to for m in mail.outbox] == [["secretariat@example.org"]]
    assert "Eco-villages strategy" in mail.outbox[0].body
    assert [s.transition for s in history(record)] == ["submit"]


def test_a_focal_point_cannot_request_for_another_partner(ta):
    response = ta.clients["focal"].post(
        reverse("assistance:create"), form_data(ta, requesting_country=ta.mali.pk)
    )
    assert response.status_code == 200
    assert "requesting_country" in response.context["form"].errors
    assert not AssistanceRequest.objects.filter(title="Eco-villages strategy").exists()


@pytest.mark.parametrize("missing", ["title", "need", "framework_items", "kind", "timing"])
def test_missing_fields_are_named_and_nothing_is_saved(ta, missing):
    response = ta.clients["focal"].post(
        reverse("assistance:create"), form_data(ta, **{missing: None})
    )
    assert response.status_code == 200
    assert missing in response.context["form"].errors
    assert AssistanceRequest.objects.count() == 1
    assert mail.outbox == []


def test_no_partner_or_two_partners_is_refused(ta):
    response = ta.clients["secretariat"].post(
        reverse("assistance:create"), form_data(ta, requesting_country=None)
    )
    assert "Name the requesting partner" in response.content.decode()
    assert AssistanceRequest.objects.count() == 1


def test_oversized_text_is_refused(ta):
    response = ta.clients["focal"].post(
        reverse("assistance:create"), form_data(ta, need="x" * 5001)
    )
    assert "need" in response.context["form"].errors
    assert AssistanceRequest.objects.count() == 1


def test_html_in_a_request_is_shown_as_text(ta):
    ta.clients["focal"].post(
        reverse("assistance:create"),
        form_data(ta, title="<script>alert(1)</script> study", need="<b>bold</b>"),
    )
    record = AssistanceRequest.objects.get(title__endswith="study")
    page = ta.clients["focal"].get(record.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; study" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


@pytest.mark.parametrize("who", ["public", "secretariat"])
def test_the_form_is_for_focal_points_and_the_secretariat(ta, who):
    status = ta.clients[who].get(reverse("assistance:create")).status_code
    assert status == (200 if who == "secretariat" else 403)


def test_visitors_are_sent_to_sign_in(ta):
    response = ta.clients["anonymous"].get(reverse("assistance:create"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# -- seeing ----------------------------------------------------------------------------
def test_a_pending_request_is_seen_by_its_partner_and_the_secretariat_only(ta):
    url = ta.request.get_absolute_url()
    assert ta.clients["focal"].get(url).status_code == 200
    assert ta.clients["secretariat"].get(url).status_code == 200
    for who in ("anonymous", "public", "other"):
        assert ta.clients[who].get(url).status_code == 404, who
        listed = ta.clients[who].get(reverse("assistance:list")).content.decode()
        assert ta.request.title not in listed, who
        api = ta.clients[who].get("/api/assistance-requests/").json()
        assert api["count"] == 0, who
        assert ta.clients[who].get(f"/api/assistance-requests/{ta.request.pk}/").status_code == 404


def test_approved_requests_are_public_with_their_meeting(ta):
    presented = AssistanceRequestFactory(
        requesting_country=ta.mali, state="presented", presented_at=ta.meeting,
        framework_items=[ta.action], title="Trainings for judges",
    )  # fmt: skip
    page = ta.clients["anonymous"].get(reverse("assistance:list")).content.decode()
    assert "Trainings for judges" in page and ta.meeting.title in page
    assert ta.request.title not in page
    data = ta.clients["anonymous"].get("/api/assistance-requests/").json()
    assert [r["id"] for r in data["results"]] == [presented.pk]
    assert data["results"][0]["presented_at"] == ta.meeting.slug


def test_secretariat_notes_are_private(ta):
    secretariat = ta.clients["secretariat"]
    secretariat.post(
        reverse("assistance:note", kwargs={"pk": ta.request.pk}),
        {"text": "Budget line 4 is nearly spent"},
    )
    assert SecretariatNote.objects.get().text == "Budget line 4 is nearly spent"
    AssistanceRequest.objects.filter(pk=ta.request.pk).update(state="approved")
    url = ta.request.get_absolute_url()
    assert "Budget line 4" in secretariat.get(url).content.decode()
    for who in ("anonymous", "public", "focal", "other"):
        client = ta.clients[who]
        assert "Budget line 4" not in client.get(url).content.decode(), who
        for address in (
            reverse("assistance:list"),
            reverse("assistance:list") + "?export=csv",
            reverse("assistance:list") + "?export=json",
            "/api/assistance-requests/",
            f"/api/assistance-requests/{ta.request.pk}/",
            reverse("assistance:list") + "?q=Budget",
        ):
            assert "Budget line 4" not in client.get(address).content.decode(), (who, address)
        assert client.get(reverse("assistance:list") + "?q=Budget").context is None or (
            ta.request.title
            not in client.get(reverse("assistance:list") + "?q=Budget").content.decode()
        )
    # Only the Secretariat writes notes.
    response = ta.clients["focal"].post(
        reverse("assistance:note", kwargs={"pk": ta.request.pk}), {"text": "mine"}
    )
    assert response.status_code == 404
    assert SecretariatNote.objects.count() == 1


# -- the workflow ----------------------------------------------------------------------
def test_the_whole_workflow_through_the_pages(ta):
    record, secretariat = ta.request, ta.clients["secretariat"]
    assert messages_of(step(secretariat, record, "assess")) == ["Assessed"]
    assert mail.outbox[-1].to == ["focal@niger.example.org"]
    response = step(secretariat, record, "approve")
    assert messages_of(response) == ["Please give a reason."]
    record.refresh_from_db()
    assert record.state == "assessed"
    step(secretariat, record, "approve", reason="Fits action 12")
    step(secretariat, record, "start_delivery")
    step(secretariat, record, "mark_delivered")
    response = step(secretariat, record, "record_presentation")
    assert messages_of(response) == ["Choose the meeting at which the results were presented."]
    record.refresh_from_db()
    assert record.state == "delivered" and record.presented_at is None
    step(secretariat, record, "record_presentation", meeting=ta.meeting.slug)
    record.refresh_from_db()
    assert record.state == "presented" and record.presented_at == ta.meeting
    assert [s.transition for s in history(record)] == [
        "assess", "approve", "start_delivery", "mark_delivered", "record_presentation",
    ]  # fmt: skip
    assert history(record)[1].reason == "Fits action 12"
    # Every step told the requesting partner.
    assert all(m.to == ["focal@niger.example.org"] for m in mail.outbox)
    assert len(mail.outbox) == 5
    page = ta.clients["anonymous"].get(record.get_absolute_url()).content.decode()
    assert ta.meeting.title in page and "Fits action 12" not in page


def test_decline_needs_a_reason_and_is_final(ta):
    secretariat = ta.clients["secretariat"]
    step(secretariat, ta.request, "decline", reason="Outside the action plan")
    ta.request.refresh_from_db()
    assert ta.request.state == "declined"
    response = step(secretariat, ta.request, "approve", reason="changed my mind")
    assert messages_of(response) == ["“Approve” is not possible while the record is “Declined”."]
    ta.request.refresh_from_db()
    assert ta.request.state == "declined"


@pytest.mark.parametrize(
    "state,name",
    [
        ("submitted", "approve"),
        ("submitted", "start_delivery"),
        ("assessed", "mark_delivered"),
        ("approved", "assess"),
        ("in_delivery", "record_presentation"),
        ("presented", "decline"),
        ("approved", "withdraw"),
    ],
)
def test_steps_not_allowed_from_a_state_say_so_and_change_nothing(ta, state, name):
    AssistanceRequest.objects.filter(pk=ta.request.pk).update(state=state, presented_at=ta.meeting)
    client = ta.clients["focal" if name == "withdraw" else "secretariat"]
    response = step(client, ta.request, name, reason="because", meeting=ta.meeting.slug)
    assert "is not possible while the record is" in messages_of(response)[0]
    ta.request.refresh_from_db()
    assert ta.request.state == state
    assert mail.outbox == []


def test_the_requester_withdraws_before_approval_and_the_secretariat_is_told(ta):
    step(ta.clients["focal"], ta.request, "withdraw")
    ta.request.refresh_from_db()
    assert ta.request.state == "withdrawn"
    assert mail.outbox[-1].to == ["secretariat@example.org"]


@pytest.mark.parametrize(
    "state,name",
    [
        ("submitted", "assess"),
        ("assessed", "approve"),
        ("submitted", "decline"),
        ("approved", "start_delivery"),
        ("in_delivery", "mark_delivered"),
        ("delivered", "record_presentation"),
    ],
)
def test_the_requester_cannot_take_the_secretariat_steps(ta, state, name):
    AssistanceRequest.objects.filter(pk=ta.request.pk).update(state=state)
    response = step(ta.clients["focal"], ta.request, name, reason="x", meeting=ta.meeting.slug)
    assert response.status_code == 404
    ta.request.refresh_from_db()
    assert ta.request.state == state
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["anonymous", "public", "other"])
def test_others_cannot_withdraw(ta, who):
    response = step(ta.clients[who], ta.request, "withdraw")
    assert response.status_code == 404
    ta.request.refresh_from_db()
    assert ta.request.state == "submitted"


def test_a_stale_version_of_a_step_is_refused(ta):
    version = ta.request.version
    step(ta.clients["secretariat"], ta.request, "assess")
    response = ta.clients["focal"].post(
        reverse("assistance:transition", kwargs={"pk": ta.request.pk, "transition": "withdraw"}),
        {"version": version},
        follow=True,
    )
    assert "Someone else changed this record" in messages_of(response)[0]
    ta.request.refresh_from_db()
    assert ta.request.state == "assessed"


# -- editing ---------------------------------------------------------------------------
def edit_data(world, record, **overrides):
    data = form_data(world, title=record.title, version=record.version)
    data.update(overrides)
    return data


def test_the_requester_edits_while_submitted_only(ta):
    url = reverse("assistance:edit", kwargs={"pk": ta.request.pk})
    response = ta.clients["focal"].post(url, edit_data(ta, ta.request, timing="Spring 2027"))
    assert response.status_code == 302
    ta.request.refresh_from_db()
    assert ta.request.timing == "Spring 2027" and ta.request.version == 2
    AssistanceRequest.objects.filter(pk=ta.request.pk).update(state="assessed")
    assert ta.clients["focal"].get(url).status_code == 403
    assert ta.clients["secretariat"].get(url).status_code == 200
    assert ta.clients["other"].get(url).status_code == 404


def test_an_edit_conflict_shows_the_current_values_and_saves_nothing(ta):
    url = reverse("assistance:edit", kwargs={"pk": ta.request.pk})
    stale = ta.request.version
    ta.clients["secretariat"].post(url, edit_data(ta, ta.request, timing="Autumn 2027"))
    response = ta.clients["focal"].post(
        url, edit_data(ta, ta.request, timing="Spring 2027", version=stale)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this record" in page and "Autumn 2027" in page
    ta.request.refresh_from_db()
    assert ta.request.timing == "Autumn 2027"


# -- API -------------------------------------------------------------------------------
def api(client, method, url, payload):
    return getattr(client, method)(url, json.dumps(payload), content_type="application/json")


def test_api_create_update_conflict_and_steps(ta):
    payload = {
        "title": "Equipment for border posts",
        "requesting_country": "NE",
        "kind": "equipment",
        "need": "Document readers",
        "framework_items": [ta.action.uid],
        "beneficiaries": "Border police",
        "timing": "2027",
    }
    created = api(ta.clients["focal"], "post", "/api/assistance-requests/", payload)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["state"] == "submitted" and body["version"] == 1
    assert "secretariat_notes" not in body and "notes" not in body
    url = f"/api/assistance-requests/{body['id']}/"
    ok = api(ta.clients["focal"], "patch", url, {"timing": "2028", "version": 1})
    assert ok.status_code == 200 and ok.json()["version"] == 2
    conflict = api(ta.clients["focal"], "patch", url, {"timing": "2029", "version": 1})
    assert conflict.status_code == 409
    assert conflict.json()["current"]["timing"] == "2028"
    assert AssistanceRequest.objects.get(pk=body["id"]).timing == "2028"
    # Another country's focal point does not see it; may not create for Niger.
    assert ta.clients["other"].get(url).status_code == 404
    assert api(ta.clients["other"], "patch", url, {"timing": "x", "version": 2}).status_code == 404
    refused = api(ta.clients["other"], "post", "/api/assistance-requests/", payload)
    assert refused.status_code == 403
    assert (
        api(ta.clients["anonymous"], "post", "/api/assistance-requests/", payload).status_code
        == 403
    )
    # Steps.
    step_url = url + "transition/"
    wrong = api(
        ta.clients["secretariat"],
        "post",
        step_url,
        {"transition": "approve", "version": 2, "reason": "ok"},
    )
    assert wrong.status_code == 400
    assert "not possible" in wrong.json()["transition"][0]
    assessed = api(
        ta.clients["secretariat"], "post", step_url, {"transition": "assess", "version": 2}
    )
    assert assessed.status_code == 200 and assessed.json()["state"] == "assessed"
    stale = api(
        ta.clients["secretariat"],
        "post",
        step_url,
        {"transition": "decline", "version": 2, "reason": "x"},
    )
    assert stale.status_code == 409 and stale.json()["current"]["state"] == "assessed"
    by_requester = api(
        ta.clients["focal"],
        "post",
        step_url,
        {"transition": "approve", "version": 3, "reason": "x"},
    )
    assert by_requester.status_code == 404


def test_api_presentation_needs_a_meeting(ta):
    AssistanceRequest.objects.filter(pk=ta.request.pk).update(state="delivered")
    url = f"/api/assistance-requests/{ta.request.pk}/transition/"
    missing = api(
        ta.clients["secretariat"], "post", url, {"transition": "record_presentation", "version": 1}
    )
    assert missing.status_code == 400
    assert "meeting" in missing.json()["transition"][0]
    done = api(
        ta.clients["secretariat"], "post", url,
        {"transition": "record_presentation", "version": 1, "meeting": ta.meeting.slug},
    )  # fmt: skip
    assert done.status_code == 200 and done.json()["presented_at"] == ta.meeting.slug


def test_api_bad_input(ta):
    payload = {"title": "", "requesting_country": "NE", "kind": "party", "need": "x" * 5001,
               "framework_items": [], "beneficiaries": "b", "timing": "t"}  # fmt: skip
    response = api(ta.clients["focal"], "post", "/api/assistance-requests/", payload)
    assert response.status_code == 400
    assert {"title", "kind", "need"} <= set(response.json())
    assert AssistanceRequest.objects.count() == 1


def test_the_secretariat_writes_results_a_focal_point_cannot(ta):
    url = f"/api/assistance-requests/{ta.request.pk}/"
    api(ta.clients["focal"], "patch", url, {"results": "great", "version": 1})
    ta.request.refresh_from_db()
    assert ta.request.results == ""
    api(
        ta.clients["secretariat"],
        "patch",
        url,
        {"results": "40 judges trained", "version": ta.request.version},
    )
    ta.request.refresh_from_db()
    assert ta.request.results == "40 judges trained"


def test_the_list_filters_like_the_api_and_exports(ta):
    AssistanceRequestFactory(
        requesting_country=ta.mali, state="approved", kind="event", title="Mali event"
    )
    AssistanceRequestFactory(
        requesting_country=ta.niger, state="approved", kind="study", title="Niger study"
    )
    page = ta.clients["anonymous"].get(reverse("assistance:list") + "?kind=event")
    assert [r.title for r in page.context["object_list"]] == ["Mali event"]
    assert [
        r["title"]
        for r in ta.clients["anonymous"]
        .get("/api/assistance-requests/?kind=event")
        .json()["results"]
    ] == ["Mali event"]
    csv = (
        ta.clients["anonymous"]
        .get(reverse("assistance:list") + "?country=NE&export=csv")
        .content.decode()
    )
    assert "Niger study" in csv and "Mali event" not in csv and ta.request.title not in csv


def test_framework_browser_and_country_profile_count_public_requests_only(ta):
    from core.registry import country_sections, framework_links

    kind = next(k for k in framework_links if k.key == "assistance")
    assert list(kind.pairs([ta.action.pk], ta.secretariat)) == []
    AssistanceRequest.objects.filter(pk=ta.request.pk).update(state="approved")
    assert list(kind.pairs([ta.action.pk], None)) == [(ta.action.pk, ta.request.pk)]
    section = next(s for s in country_sections if s.key == "assistance")
    context = section.context(ta.niger, None)
    assert context["requests_count"]() == 1


def test_list_queries_do_not_grow_with_the_rows(ta):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert ta.clients["secretariat"].get(reverse("assistance:list")).status_code == 200
        return len(queries)

    one = count()
    for _n in range(5):
        AssistanceRequestFactory(
            requesting_country=ta.mali, state="approved", framework_items=[ta.action]
        )
    assert count() == one


def test_the_user_guide_shows_the_workflow_as_defined():
    from pathlib import Path

    from assistance.choices import WORKFLOW

    guide = Path(__file__).resolve().parents[2] / "docs/guide/technical-assistance.md"
    assert f"```mermaid\n{WORKFLOW.mermaid()}\n```" in guide.read_text(encoding="utf-8")


def test_the_pages_speak_french(ta):
    AssistanceRequest.objects.filter(pk=ta.request.pk).update(state="in_delivery")
    client = ta.clients["anonymous"]
    client.cookies["django_language"] = "fr"
    page = client.get(ta.request.get_absolute_url()).content.decode()
    assert "Partenaire demandeur" in page and "En cours de réalisation" in page

"""The labelling workflow end to end through the pages, as each role sees it."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from labels.models import LabelApplication
from labels.tests.helpers import client_for, form_data, step
from workflows.engine import history


@pytest.mark.django_db(transaction=True)  # e-mails leave after the commit
def test_one_application_from_draft_to_labelled_and_reported(lab):
    applicant = client_for(lab.applicant)
    secretariat = client_for(lab.secretariat)

    response = applicant.get(reverse("labels:create"))
    assert response.status_code == 200
    response = applicant.post(reverse("labels:create"), form_data(lab))
    application = LabelApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == application.get_absolute_url()
    assert application.state == "draft" and application.created_by == lab.applicant
    assert [link.item for link in application.links.all()] == [lab.action1]

    page = applicant.get(application.get_absolute_url())
    assert "Submit the application" in page.content.decode()

    response = step(applicant, application, "submit")
    application.refresh_from_db()
    assert application.state == "submitted" and application.submitted_at is not None
    assert "secretariat@example.org" in sum((m.to for m in mail.outbox), [])

    # The Secretariat sends it back: a reason is required.
    response = step(secretariat, application, "request_changes")
    application.refresh_from_db()
    assert application.state == "submitted"
    assert "Please give a reason." in response.content.decode()
    mail.outbox.clear()
    step(secretariat, application, "request_changes", reason="Name the funders precisely.")
    application.refresh_from_db()
    assert application.state == "changes_requested"
    assert [m.to for m in mail.outbox] == [["senegal-fp@example.org"]]
    assert "Name the funders precisely." in mail.outbox[0].body

    # The applicant edits it (the version rises) and submits again.
    edit = applicant.get(reverse("labels:edit", kwargs={"pk": application.pk}))
    assert edit.status_code == 200
    version = application.version
    response = applicant.post(
        reverse("labels:edit", kwargs={"pk": application.pk}),
        form_data(lab, funders="France (Ministry of the Interior)", version=version),
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.funders == "France (Ministry of the Interior)"
    assert application.version == version + 1
    step(applicant, application, "submit")

    # Eligible: the Steering Committee review opens with its no-objection deadline.
    mail.outbox.clear()
    before = timezone.now()
    step(secretariat, application, "open_review")
    application.refresh_from_db()
    assert application.state == "review"
    assert application.silence_deadline - before >= datetime.timedelta(days=10)
    assert application.silence_deadline - before < datetime.timedelta(days=10, minutes=1)
    recipients = sorted(sum((m.to for m in mail.outbox), []))
    assert "steering@example.org" in recipients and "senegal-fp@example.org" in recipients

    # The Steering Committee sees it now; nobody objects; the command grants it afterwards.
    assert client_for(lab.steering).get(application.get_absolute_url()).status_code == 200
    call_command(
        "labels_silence",
        at=(application.silence_deadline - datetime.timedelta(minutes=1)).isoformat(),
    )
    application.refresh_from_db()
    assert application.state == "review"
    call_command("labels_silence", at=application.silence_deadline.isoformat())
    application.refresh_from_db()
    assert application.state == "labelled"
    assert application.label_start == application.silence_deadline.date()
    assert application.report_due == datetime.date(2026, 3, 11) + datetime.timedelta(days=60)

    # Public now, for everyone.
    anonymous = client_for(None)
    listing = anonymous.get(reverse("labels:list")).content.decode()
    assert application.title in listing
    detail = anonymous.get(application.public_url)
    assert detail.status_code == 200
    assert "cadiz-2022/A1" in detail.content.decode()

    # The activity ended: the applicant sends the outcome report.
    response = applicant.post(
        reverse("labels:report", kwargs={"pk": application.pk}),
        {"text": "Forty participants from twelve countries.", "version": application.version},
        follow=True,
    )
    application.refresh_from_db()
    assert application.state == "reported"
    assert "Forty participants" in anonymous.get(application.public_url).content.decode()

    # In the order taken (the silence step carries the command's frozen clock, in the future).
    log = [(s.transition, s.actor_label) for s in history(application).order_by("id")]
    assert log == [
        ("submit", "senegal-fp"),
        ("request_changes", "secretariat"),
        ("submit", "senegal-fp"),
        ("open_review", "secretariat"),
        ("grant_by_silence", "system"),
        ("report_outcome", "senegal-fp"),
    ]
    # The Secretariat reads the history on the page, with the reasons.
    page = secretariat.get(application.get_absolute_url()).content.decode()
    assert "Name the funders precisely." in page and "History" in page


@pytest.mark.django_db(transaction=True)
def test_an_objection_sends_the_application_to_the_chair(lab, make_application):
    application = make_application(state="submitted")
    secretariat, steering, chair = (
        client_for(lab.secretariat),
        client_for(lab.steering),
        client_for(lab.chair),
    )
    step(secretariat, application, "open_review")
    response = step(steering, application, "object")
    application.refresh_from_db()
    assert application.state == "review"
    assert "Please give a reason." in response.content.decode()
    mail.outbox.clear()
    step(steering, application, "object", reason="It duplicates a project under way.")
    application.refresh_from_db()
    assert application.state == "objected"
    assert "chair@example.org" in sum((m.to for m in mail.outbox), [])
    # The silence procedure no longer applies.
    call_command("labels_silence", at=(timezone.now() + datetime.timedelta(days=30)).isoformat())
    application.refresh_from_db()
    assert application.state == "objected"
    # The applicant may still withdraw, until decided; the Chair decides with a reason.
    step(chair, application, "decline", reason="Decided at the Steering Committee of 3 May.")
    application.refresh_from_db()
    assert application.state == "declined"
    assert application.decided_at is not None
    response = step(client_for(lab.applicant), application, "withdraw")
    application.refresh_from_db()
    assert application.state == "declined"
    assert "is not possible while the record is" in response.content.decode()


@pytest.mark.django_db
def test_the_secretariat_may_record_the_chairs_decision_to_grant(lab, make_application):
    application = make_application(state="objected", review_opened_at=timezone.now())
    step(client_for(lab.secretariat), application, "grant", reason="Chair's decision of 3 May.")
    application.refresh_from_db()
    assert application.state == "labelled" and application.label_start is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state, allowed",
    [
        ("draft", {"submit", "withdraw"}),
        ("submitted", {"withdraw"}),
        ("changes_requested", {"submit", "withdraw"}),
        ("review", {"withdraw"}),
        ("objected", {"withdraw"}),
        ("labelled", set()),
        ("declined", set()),
        ("withdrawn", set()),
    ],
)
def test_every_step_of_the_applicant_is_allowed_or_refused_by_state(
    lab, make_application, state, allowed
):
    names = [
        "submit", "request_changes", "open_review", "declare_ineligible", "object", "grant",
        "decline", "withdraw", "grant_by_silence",
    ]  # fmt: skip
    for name in names:
        application = make_application(state=state)
        step(client_for(lab.applicant), application, name, reason="because")
        application.refresh_from_db()
        moved = application.state != state
        assert moved == (name in allowed), (state, name)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "user_attr, name, allowed",
    [
        ("secretariat", "request_changes", True),
        ("secretariat", "open_review", True),
        ("secretariat", "declare_ineligible", True),
        ("steering", "open_review", False),
        ("chair", "request_changes", False),
        ("applicant", "open_review", False),
    ],
)
def test_only_the_secretariat_checks_eligibility(lab, make_application, user_attr, name, allowed):
    application = make_application(state="submitted")
    step(client_for(getattr(lab, user_attr)), application, name, reason="checked")
    application.refresh_from_db()
    assert (application.state != "submitted") == allowed


@pytest.mark.django_db
@pytest.mark.parametrize(
    "user_attr, name, allowed",
    [
        ("steering", "object", True),
        ("chair", "object", False),
        ("secretariat", "object", False),
        ("secretariat", "grant_by_silence", False),
        ("steering", "grant", False),
    ],
)
def test_only_steering_committee_members_object(lab, make_application, user_attr, name, allowed):
    application = make_application(
        state="review",
        review_opened_at=timezone.now(),
        silence_deadline=timezone.now() - datetime.timedelta(days=1),
    )
    step(client_for(getattr(lab, user_attr)), application, name, reason="reason")
    application.refresh_from_db()
    assert (application.state != "review") == allowed


@pytest.mark.django_db
def test_another_countrys_focal_point_gets_404_everywhere(lab, make_application):
    application = make_application(state="draft")
    other = client_for(lab.other_applicant)
    urls = [
        reverse("labels:application", kwargs={"pk": application.pk}),
        reverse("labels:edit", kwargs={"pk": application.pk}),
        application.public_url,
    ]
    for url in urls:
        assert other.get(url).status_code == 404, url
    response = other.post(
        reverse("labels:transition", kwargs={"pk": application.pk, "transition": "withdraw"}),
        {"version": application.version},
    )
    assert response.status_code == 404
    response = other.post(reverse("labels:edit", kwargs={"pk": application.pk}), form_data(lab))
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.state == "draft" and application.version == 1
    listing = other.get(reverse("labels:applications")).content.decode()
    assert application.title not in listing


@pytest.mark.django_db
def test_steering_committee_sees_only_applications_whose_review_opened(lab, make_application):
    draft = make_application(state="submitted")
    reviewed = make_application(state="review", review_opened_at=timezone.now())
    steering = client_for(lab.steering)
    assert steering.get(draft.get_absolute_url()).status_code == 404
    assert steering.get(reviewed.get_absolute_url()).status_code == 200
    listing = steering.get(reverse("labels:applications")).content.decode()
    assert reviewed.title in listing and draft.title not in listing


@pytest.mark.django_db
def test_visitors_see_only_labelled_activities(lab, make_application):
    draft = make_application(state="draft", title="A draft nobody sees")
    labelled = make_application(state="labelled", title="A labelled workshop")
    for user in (None, lab.public, lab.steering):
        client = client_for(user)
        listing = client.get(reverse("labels:list")).content.decode()
        assert "A labelled workshop" in listing and "A draft nobody sees" not in listing
        assert client.get(draft.public_url).status_code == 404
        assert client.get(labelled.public_url).status_code == 200
    assert client_for(None).get(reverse("labels:applications")).status_code == 302
    assert client_for(lab.public).get(reverse("labels:create")).status_code == 403


@pytest.mark.django_db
def test_the_history_is_for_the_secretariat_and_the_applicant(lab, make_application):
    application = make_application(state="submitted")
    step(client_for(lab.secretariat), application, "open_review")
    steering_page = client_for(lab.steering).get(application.get_absolute_url()).content.decode()
    assert 'id="history-title"' not in steering_page
    staff_page = client_for(lab.secretariat).get(application.get_absolute_url()).content.decode()
    assert 'id="history-title"' in staff_page and "secretariat" in staff_page

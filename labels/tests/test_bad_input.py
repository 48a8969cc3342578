"""Bad input gets a clear message and saves nothing, on the pages and in the API."""

import pytest
from django.urls import reverse

from labels.models import LabelApplication
from labels.tests.helpers import client_for, form_data, step
from labels.tests.test_api import LIST, payload


def post_form(lab, **overrides):
    return client_for(lab.applicant).post(reverse("labels:create"), form_data(lab, **overrides))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"title": ""}, "This field is required."),
        ({"contact_email": "not-an-address"}, "Enter a valid email address."),
        (
            {"start_date": "2026-05-10", "end_date": "2026-05-01"},
            "The end date is before the start date.",
        ),
        ({"title": "x" * 301}, "Ensure this value has at most 300 characters"),
        ({"description": "x" * 5001}, "Ensure this value has at most 5000 characters"),
        (
            {"links-0-item": "", "links-0-justification": ""},
            "Link at least one action of the current action plan.",
        ),
        ({"links-0-justification": ""}, "Say how the activity contributes to “cadiz-2022/A1”."),
        ({"links-0-item": "999999"}, "Select a valid choice."),
        (
            {"city": "", "place_country": ""},
            "Give the place (city or country), or choose “Online”.",
        ),
        ({"budget": "-5"}, "Ensure this value is greater than or equal to 0."),
    ],
)
def test_the_form_refuses_bad_input_and_saves_nothing(lab, overrides, message):
    response = post_form(lab, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LabelApplication.objects.exists()


@pytest.mark.django_db
def test_an_action_of_an_earlier_plan_or_an_objective_is_refused(lab):
    for item in (lab.old_action, lab.objective):
        response = post_form(lab, **{"links-0-item": item.pk})
        assert response.status_code == 400
        assert "Select a valid choice." in response.content.decode()
    response = client_for(lab.applicant).post(
        LIST,
        payload(lab, actions=[{"action": lab.old_action.uid, "justification": "old"}]),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "not an action of the current action plan" in str(response.json()["actions"])
    response = client_for(lab.applicant).post(
        LIST,
        payload(lab, actions=[{"action": "cadiz-2022/A99", "justification": "?"}]),
        content_type="application/json",
    )
    assert response.status_code == 400 and "actions" in response.json()
    assert not LabelApplication.objects.exists()


@pytest.mark.django_db
def test_the_api_refuses_bad_input_with_messages(lab):
    api = client_for(lab.applicant)
    cases = [
        (payload(lab, end_date="2026-01-01"), "end_date"),
        (payload(lab, title="x" * 301), "title"),
        (payload(lab, actions=[]), "actions"),
        (payload(lab, actions=[{"action": lab.action1.uid, "justification": ""}]), "actions"),
        ({"title": "Only a title"}, "description"),
        (payload(lab, expected_results="y" * 5001), "expected_results"),
    ]
    for data, field in cases:
        response = api.post(LIST, data, content_type="application/json")
        assert response.status_code == 400, (field, response.content)
        assert field in response.json(), (field, response.json())
    assert not LabelApplication.objects.exists()


@pytest.mark.django_db
def test_html_and_script_in_free_text_are_shown_as_text(lab, make_application):
    script = '<script>alert("x")</script><b>bold</b>'
    application = make_application(state="labelled", title=f"Workshop {script}", description=script)
    for url in (application.public_url, reverse("labels:list")):
        html = client_for(None).get(url).content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    html = client_for(lab.secretariat).get(application.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.django_db
def test_a_step_not_allowed_from_the_current_state_is_refused_with_a_message(lab, make_application):
    application = make_application(state="draft")
    response = step(client_for(lab.applicant), application, "report_outcome")
    assert "Send the outcome report with its form." in response.content.decode()
    response = step(client_for(lab.secretariat), application, "open_review")
    application.refresh_from_db()
    assert application.state == "draft" and application.version == 1
    assert "is not possible while the record is" in response.content.decode()
    response = step(client_for(lab.applicant), application, "no_such_step")
    assert "Unknown action" in response.content.decode()
    application.refresh_from_db()
    assert application.state == "draft" and application.version == 1


@pytest.mark.django_db
def test_a_draft_without_justification_cannot_be_submitted(lab, make_application):
    application = make_application(state="draft")
    application.links.update(justification="")
    response = step(client_for(lab.applicant), application, "submit")
    assert "Justify every linked action before submitting." in response.content.decode()
    application.refresh_from_db()
    assert application.state == "draft"


@pytest.mark.django_db
def test_the_outcome_report_waits_for_the_end_and_needs_text(lab, make_application):
    import datetime

    from django.utils import timezone

    future = timezone.localdate() + datetime.timedelta(days=30)
    application = make_application(state="labelled", start_date=future, end_date=future)
    client = client_for(lab.applicant)
    url = reverse("labels:report", kwargs={"pk": application.pk})
    response = client.post(url, {"text": "Done", "version": application.version}, follow=True)
    assert "once the activity has ended" in response.content.decode()
    application.refresh_from_db()
    assert application.state == "labelled"
    response = client.post(url, {"text": "", "version": application.version}, follow=True)
    assert "This field is required." in response.content.decode()

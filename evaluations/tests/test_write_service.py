"""Evaluation forms and their questions have one write path each (``EvaluationFormWrites``,
``QuestionWrites``): the pages and the admin give the same result or the same refusal."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import EvaluationForm, Question
from evaluations.services import QUESTIONS_FROZEN
from meetings.tests.factories import MeetingFactory

from .factories import survey

pytestmark = pytest.mark.django_db


def question_data(question, **values):
    data = {"kind": question.kind, "text": question.text, "help_text": "", "required": "on",
            "choices_text": "\n".join(question.choices)}  # fmt: skip
    data.update(values)
    return data


def test_page_and_admin_refuse_to_change_a_question_of_an_open_form_alike(
    staff_client, admin_client, open_survey
):
    question = open_survey.questions.order_by("position").first()
    page = staff_client.post(
        reverse("evaluations:question-edit", args=[open_survey.pk, question.pk]),
        question_data(question, text="Changed on the page"),
    )
    assert page.status_code == 400
    assert page.context["form"].non_field_errors() == [str(QUESTIONS_FROZEN)]
    admin = admin_client.post(
        reverse("admin:evaluations_question_change", args=[question.pk]),
        {"form": open_survey.pk, "position": question.position, "kind": question.kind,
         "text": "Changed in the admin", "help_text": "", "required": "on",
         "choices": "[]" if not question.choices else str(question.choices).replace("'", '"')},
    )  # fmt: skip
    assert admin.status_code == 200
    assert str(QUESTIONS_FROZEN) in admin.content.decode()
    question.refresh_from_db()
    assert question.text not in ("Changed on the page", "Changed in the admin")
    # Deleting it is refused the same way.
    delete = admin_client.post(
        reverse("admin:evaluations_question_delete", args=[question.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()


def test_a_question_added_raises_the_forms_version(staff_client):
    form = survey()
    read = form.version  # the Secretariat reads the form, then a question is added
    staff_client.post(
        reverse("evaluations:question-add", args=[form.pk]), {"kind": "text", "text": "More?"}
    )
    form.refresh_from_db()
    assert form.version == read + 1
    # Opening the form as it was read (without the new question) is a conflict.
    response = staff_client.post(
        reverse("evaluations:transition", args=[form.pk, "open"]), {"version": read}, follow=True
    )
    assert "Someone else changed this record" in response.content.decode()
    form.refresh_from_db()
    assert form.state == "draft"


def test_admin_save_goes_through_the_service(admin_client, superuser):
    meeting = MeetingFactory()
    closes = (timezone.localtime() + datetime.timedelta(days=10)).replace(microsecond=0)
    data = {
        "meeting": meeting.pk, "title": "Evaluation", "intro": "", "language": "en",
        "closes_at_0": closes.strftime("%Y-%m-%d"), "closes_at_1": closes.strftime("%H:%M:%S"),
        "questions-TOTAL_FORMS": "1", "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0", "questions-MAX_NUM_FORMS": "1000",
        "questions-0-position": "1", "questions-0-kind": "rating",
        "questions-0-text": "Useful?", "questions-0-required": "on", "questions-0-choices": "[]",
    }  # fmt: skip
    response = admin_client.post(reverse("admin:evaluations_evaluationform_add"), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    form = EvaluationForm.objects.get()
    assert form.created_by == superuser
    assert form.history.first().history_user == superuser
    assert [q.text for q in form.questions.all()] == ["Useful?"]
    question = form.questions.get()
    assert question.history.get().history_user == superuser
    # A stale version is a conflict: nothing is written.
    change = reverse("admin:evaluations_evaluationform_change", args=[form.pk])
    stale = {**data, "title": "Stale", "expected_version": form.version - 1,
             "questions-INITIAL_FORMS": "1", "questions-0-id": question.pk,
             "questions-0-form": form.pk}  # fmt: skip
    response = admin_client.post(change, stale)
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    form.refresh_from_db()
    assert form.title == "Evaluation"

"""A participant answers through a personal link, once, until the form closes."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluations.choices import TEXT_ANSWER_MAX
from evaluations.models import Answer, EvaluationForm, Invitation, Response, hash_token

from .factories import survey, tokens

pytestmark = pytest.mark.django_db


def answer_url(token):
    return reverse("evaluations:answer", args=[token])


def valid(form, **overrides):
    q = {question.position: f"q{question.pk}" for question in form.questions.all()}
    data = {q[1]: "4", q[2]: "Right", q[3]: ["Opening", "Return"], q[4]: "More breaks"}
    data.update({q[int(k[1:])]: v for k, v in overrides.items()})
    return data


def test_a_participant_answers_once(open_survey):
    token = tokens(open_survey)[0]
    client = Client()
    page = client.get(answer_url(token))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Overall, how useful was it?" in html and 'type="radio"' in html
    done = client.post(answer_url(token), valid(open_survey))
    assert done.status_code == 200 and "your answers were recorded" in done.content.decode()
    response = Response.objects.get()
    assert {
        a.question.position: (a.rating, a.selected, a.text) for a in response.answers.all()
    } == {
        1: (4, [], ""),
        2: (None, ["Right"], ""),
        3: (None, ["Opening", "Return"], ""),
        4: (None, [], "More breaks"),
    }
    assert Invitation.objects.get().used_at is not None
    again = client.post(answer_url(token), valid(open_survey, q1="1"))
    assert "already been used" in again.content.decode()
    assert Response.objects.count() == 1
    assert "already been used" in Client().get(answer_url(token)).content.decode()


def test_the_visitors_page_cache_does_not_keep_the_form_of_a_used_link(open_survey):
    token = tokens(open_survey)[0]
    client = Client()
    assert "Send my answers" in client.get(answer_url(token)).content.decode()
    client.post(answer_url(token), valid(open_survey))
    assert "already been used" in client.get(answer_url(token)).content.decode()


def test_unknown_or_draft_links_are_404():
    draft = survey()
    assert Client().get(answer_url("x" * 32)).status_code == 404
    assert Client().get(answer_url(tokens(draft)[0])).status_code == 404


def test_after_the_closing_date_the_form_is_closed(open_survey):
    token = tokens(open_survey)[0]
    EvaluationForm.objects.filter(pk=open_survey.pk).update(
        closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    page = Client().get(answer_url(token))
    assert "This evaluation form is closed" in page.content.decode()
    Client().post(answer_url(token), valid(open_survey))
    assert Response.objects.count() == 0 and Invitation.objects.get().used_at is None


def test_a_closed_form_refuses_answers(open_survey):
    token = tokens(open_survey)[0]
    EvaluationForm.objects.filter(pk=open_survey.pk).update(state="closed")
    page = Client().post(answer_url(token), valid(open_survey))
    assert "This evaluation form is closed" in page.content.decode()
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"q1": "7"}, "Select a valid choice"),
        ({"q1": "0"}, "Select a valid choice"),
        ({"q1": ""}, "This question needs an answer."),
        ({"q2": "Maybe"}, "Select a valid choice"),
        ({"q2": ""}, "This question needs an answer."),
        ({"q3": ["Opening", "Lunch"]}, "Select a valid choice"),
        ({"q4": "x" * (TEXT_ANSWER_MAX + 1)}, "Your answer is too long"),
    ],
)
def test_invalid_answers_are_refused_and_nothing_is_saved(open_survey, overrides, message):
    token = tokens(open_survey)[0]
    response = Client().post(answer_url(token), valid(open_survey, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Response.objects.count() == 0 and Answer.objects.count() == 0
    assert Invitation.objects.get(token_hash=hash_token(token)).used_at is None


def test_optional_questions_may_stay_empty(open_survey):
    token = tokens(open_survey)[0]
    Client().post(answer_url(token), valid(open_survey, q3=[], q4=""))
    assert Answer.objects.count() == 2


def test_the_page_is_in_the_forms_language():
    form = survey(state="open", language="fr")
    page = Client().get(answer_url(tokens(form)[0]))
    assert 'lang="fr"' in page.content.decode()


def test_the_service_refuses_what_the_form_would(open_survey):
    from django.core.exceptions import ValidationError

    from evaluations.services import evaluation_answer_submit

    invitation = Invitation.objects.get(token_hash=hash_token(tokens(open_survey)[0]))
    rating = open_survey.questions.get(position=1)
    with pytest.raises(ValidationError):
        evaluation_answer_submit(invitation=invitation, answers={rating: 6})
    with pytest.raises(ValidationError):
        evaluation_answer_submit(invitation=invitation, answers={rating: "5 "})
    assert Response.objects.count() == 0

import pytest
from django.test import Client

from evaluations.models import Invitation, hash_token
from evaluations.services import evaluation_answer_submit

from .factories import survey, tokens

pytestmark = pytest.mark.django_db


def test_staff_reads_aggregated_results(staff_client, open_survey):
    questions = list(open_survey.questions.order_by("position"))
    for rating in (2, 4):
        invitation = Invitation.objects.get(token_hash=hash_token(tokens(open_survey)[0]))
        evaluation_answer_submit(
            invitation=invitation, answers={questions[0]: rating, questions[1]: "Right"}
        )
    listing = staff_client.get("/api/evaluation-forms/").json()
    assert listing["count"] == 1 and listing["results"][0]["used"] == 2
    detail = staff_client.get(f"/api/evaluation-forms/{open_survey.pk}/").json()
    assert detail["results"]["responses"] == 2
    first = detail["results"]["questions"][0]
    assert first["mean"] == 3.0
    assert first["counts"] == [
        {"value": "1", "count": 0},
        {"value": "2", "count": 1},
        {"value": "3", "count": 0},
        {"value": "4", "count": 1},
        {"value": "5", "count": 0},
    ]


def test_results_api_is_404_for_others(partner_client, open_survey):
    assert partner_client.get("/api/evaluation-forms/").status_code == 404
    assert Client().get(f"/api/evaluation-forms/{open_survey.pk}/").status_code == 404


def test_committee_api_hides_drafts(committee_client):
    draft, opened = survey(), survey(state="open")
    ids = [row["id"] for row in committee_client.get("/api/evaluation-forms/").json()["results"]]
    assert ids == [opened.pk]
    assert committee_client.get(f"/api/evaluation-forms/{draft.pk}/").status_code == 404

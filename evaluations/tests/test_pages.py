"""The Secretariat builds, opens and reads an evaluation form through its pages."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from evaluations.models import (
    Answer,
    EvaluationForm,
    Invitation,
    Question,
    Response,
    hash_token,
)
from evaluations.services import evaluation_answer_submit, forms_close_due
from meetings.tests.factories import MeetingFactory
from workflows.engine import history

from .factories import QuestionFactory, survey, tokens

pytestmark = pytest.mark.django_db


def closes(days=10):
    return (timezone.localtime() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def test_staff_builds_a_form_question_by_question(staff_client):
    meeting = MeetingFactory()
    response = staff_client.post(
        reverse("evaluations:create"),
        {"meeting": meeting.pk, "title": "Evaluation", "language": "en", "closes_at": closes()},
    )
    form = EvaluationForm.objects.get()
    assert response.status_code == 302 and response["Location"] == form.get_absolute_url()
    assert form.state == "draft" and form.meeting == meeting
    add = reverse("evaluations:question-add", args=[form.pk])
    staff_client.post(add, {"kind": "rating", "text": "Overall?", "required": "on"})
    staff_client.post(
        add, {"kind": "single", "text": "Length?", "choices_text": "Short\nRight\n\nLong"}
    )
    staff_client.post(add, {"kind": "text", "text": "Comments?"})
    assert [(q.position, q.kind, q.required, q.choices) for q in form.questions.all()] == [
        (1, "rating", True, []),
        (2, "single", False, ["Short", "Right", "Long"]),
        (3, "text", False, []),
    ]
    page = staff_client.get(form.get_absolute_url())
    assert page.status_code == 200
    assert b"Length?" in page.content and b"Short \xc2\xb7 Right \xc2\xb7 Long" in page.content


def test_a_choice_question_needs_two_distinct_choices(staff_client):
    form = survey()
    before = form.questions.count()
    add = reverse("evaluations:question-add", args=[form.pk])
    one = staff_client.post(add, {"kind": "single", "text": "Pick", "choices_text": "Only"})
    assert one.status_code == 400 and "at least two choices" in one.content.decode()
    same = staff_client.post(add, {"kind": "multiple", "text": "Pick", "choices_text": "A\nA"})
    assert same.status_code == 400 and "must be different" in same.content.decode()
    rating = staff_client.post(add, {"kind": "rating", "text": "Rate", "choices_text": "A\nB"})
    assert rating.status_code == 400 and "Only choice questions" in rating.content.decode()
    assert form.questions.count() == before


def test_questions_are_edited_moved_and_deleted_while_draft(staff_client):
    form = survey()
    first, second = form.questions.order_by("position")[:2]
    staff_client.post(
        reverse("evaluations:question-move", args=[form.pk, second.pk]), {"direction": "up"}
    )
    assert list(form.questions.order_by("position").values_list("pk", flat=True)[:2]) == [
        second.pk,
        first.pk,
    ]
    staff_client.post(
        reverse("evaluations:question-edit", args=[form.pk, first.pk]),
        {"kind": "rating", "text": "Overall, was it worth it?", "required": "on"},
    )
    first.refresh_from_db()
    assert first.text == "Overall, was it worth it?"
    staff_client.post(reverse("evaluations:question-delete", args=[form.pk, first.pk]))
    assert not Question.objects.filter(pk=first.pk).exists()


def test_opening_needs_a_question_then_freezes_the_questions(staff_client):
    form = survey()
    empty = EvaluationForm.objects.create(
        meeting=form.meeting, title="Empty", closes_at=form.closes_at
    )
    step = reverse("evaluations:transition", args=[empty.pk, "open"])
    response = staff_client.post(step, {"version": empty.version}, follow=True)
    assert "Add at least one question" in response.content.decode()
    empty.refresh_from_db()
    assert empty.state == "draft"

    step = reverse("evaluations:transition", args=[form.pk, "open"])
    staff_client.post(step, {"version": form.version})
    form.refresh_from_db()
    assert form.state == "open"
    assert [s.transition for s in history(form)] == ["open"]
    late = staff_client.post(
        reverse("evaluations:question-add", args=[form.pk]), {"kind": "text", "text": "More?"}
    )
    assert late.status_code == 400 and "only while the form is a draft" in late.content.decode()
    assert form.questions.count() == 4


def test_opening_with_a_past_closing_date_is_refused(staff_client):
    form = survey(closes_at=timezone.now() - datetime.timedelta(hours=1))
    response = staff_client.post(
        reverse("evaluations:transition", args=[form.pk, "open"]),
        {"version": form.version},
        follow=True,
    )
    assert "closing date is past" in response.content.decode()
    form.refresh_from_db()
    assert form.state == "draft"


def test_stale_edit_is_refused_with_the_current_values(staff_client):
    form = survey()
    url = reverse("evaluations:edit", args=[form.pk])
    data = {
        "meeting": form.meeting.pk,
        "title": "Mine",
        "language": "en",
        "closes_at": closes(),
        "version": form.version,
    }
    EvaluationForm.objects.filter(pk=form.pk).update(title="Theirs", version=form.version + 1)
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    form.refresh_from_db()
    assert form.title == "Theirs"


def test_links_are_shown_once_and_only_their_hash_is_kept(staff_client, open_survey):
    url = reverse("evaluations:links", args=[open_survey.pk])
    response = staff_client.post(url, {"count": 2, "emails": "a@example.org\nb@example.org"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    links = response.context["created"]
    assert len(links) == 4 and [label for label, _ in links] == [
        "",
        "",
        "a@example.org",
        "b@example.org",
    ]
    stored = set(Invitation.objects.filter(form=open_survey).values_list("token_hash", flat=True))
    for _label, link in links:
        token = link.rstrip("/").rsplit("/", 1)[-1]
        assert len(token) >= 32 and hash_token(token) in stored
        assert not Invitation.objects.filter(token_hash=token).exists()
    assert staff_client.get(url).context["created"] is None  # never shown again


def test_links_download_as_csv(staff_client, open_survey):
    response = staff_client.post(
        reverse("evaluations:links", args=[open_survey.pk]), {"count": 3, "format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["label", "link"] and len(rows) == 4
    assert all("/evaluations/answer/" in row[1] for row in rows[1:])


def test_links_form_refuses_nothing_or_bad_addresses(staff_client, open_survey):
    url = reverse("evaluations:links", args=[open_survey.pk])
    assert staff_client.post(url, {"count": 0}).status_code == 400
    bad = staff_client.post(url, {"emails": "not-an-address"})
    assert bad.status_code == 400 and "is not an e-mail address" in bad.content.decode()
    too_many = staff_client.post(url, {"count": 501})
    assert too_many.status_code == 400
    assert Invitation.objects.filter(form=open_survey).count() == 0


def test_results_page_has_a_chart_and_a_table_per_question(staff_client, open_survey):
    questions = list(open_survey.questions.order_by("position"))
    for rating, length, sessions, text in (
        (5, "Right", ["Opening"], "More time for questions"),
        (4, "Right", ["Opening", "Return"], "<script>alert(1)</script>"),
        (5, "Too long", [], ""),
    ):
        invitation = Invitation.objects.get(
            pk=Invitation.objects.create(
                form=open_survey, token_hash=hash_token(f"t{rating}{length}")
            ).pk
        )
        evaluation_answer_submit(
            invitation=invitation,
            answers=dict(zip(questions, [rating, length, sessions, text], strict=True)),
        )
    page = staff_client.get(reverse("evaluations:results", args=[open_survey.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('<svg role="img"') == 3  # rating, single, multiple; text is listed
    assert f'<title id="chart-q{questions[0].pk}-title">Overall, how useful was it?</title>' in html
    assert "5: 2 (67 %)" in html and "4: 1 (33 %)" in html  # the description reads the values
    assert "Right: 2 (67 %)" in html and "Too long: 1 (33 %)" in html
    assert "average 4.67 out of 5" in html
    assert "More time for questions" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    results = {r.question.pk: r for r in page.context["questions"]}
    assert [b.value for b in results[questions[2].pk].bars] == [2, 0, 1]


def test_answers_export_as_csv_without_any_link_or_time(staff_client, open_survey):
    questions = list(open_survey.questions.order_by("position"))
    for token in tokens(open_survey, 2):
        invitation = Invitation.objects.get(token_hash=hash_token(token))
        evaluation_answer_submit(
            invitation=invitation, answers={questions[0]: 3, questions[1]: "Right"}
        )
    response = staff_client.get(
        reverse("evaluations:results", args=[open_survey.pk]) + "?export=csv"
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 2
    assert list(rows[0]) == [
        "response",
        "Q1. Overall, how useful was it?",
        "Q2. Was the length right?",
        "Q3. Which sessions did you attend?",
        "Q4. What should change next time?",
    ]
    assert {r["Q1. Overall, how useful was it?"] for r in rows} == {"3"}


def test_steering_committee_reads_results_but_not_drafts_or_links(committee_client):
    draft, opened = survey(), survey(state="open")
    listing = committee_client.get(reverse("evaluations:list"))
    assert list(listing.context["object_list"]) == [opened]
    assert committee_client.get(opened.get_results_url()).status_code == 200
    assert committee_client.get(draft.get_results_url()).status_code == 404
    assert committee_client.get(opened.get_absolute_url()).status_code == 404
    assert committee_client.get(reverse("evaluations:links", args=[opened.pk])).status_code == 404


def test_focal_points_and_visitors_see_no_evaluation(partner_client, anon_client, open_survey):
    assert partner_client.get(reverse("evaluations:list")).status_code == 404
    assert partner_client.get(open_survey.get_results_url()).status_code == 404
    assert anon_client.get(reverse("evaluations:list")).status_code == 302


def test_scheduled_command_closes_forms_past_their_date(open_survey):
    later = survey(state="open")
    EvaluationForm.objects.filter(pk=open_survey.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    out = io.StringIO()
    call_command("close_evaluation_forms", stdout=out)
    open_survey.refresh_from_db()
    later.refresh_from_db()
    assert open_survey.state == "closed" and later.state == "open"
    assert "1 evaluation form(s) closed" in out.getvalue()
    assert [(s.transition, s.actor_label) for s in history(open_survey)] == [("close", "system")]
    assert forms_close_due() == 0


def test_list_exports_csv(staff_client, open_survey):
    response = staff_client.get(reverse("evaluations:list") + "?export=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert open_survey.title in response.content.decode()


def test_list_query_count_does_not_grow_with_forms(staff_client, django_assert_max_num_queries):
    for _ in range(5):
        survey(state="open")
    with django_assert_max_num_queries(12):
        assert staff_client.get(reverse("evaluations:list")).status_code == 200


def test_no_link_between_answers_and_invitations():
    """Anonymity by construction: neither a response nor an answer points at a link or a user,
    and a response carries no time."""
    for model in (Response, Answer):
        targets = {f.related_model for f in model._meta.get_fields() if f.is_relation}
        assert Invitation not in targets
        assert not any(
            getattr(t, "_meta", None) and t._meta.label == "accounts.User" for t in targets if t
        )
        assert not any(
            f.get_internal_type() in ("DateTimeField", "DateField")
            for f in model._meta.concrete_fields
        )
    assert Response._meta.pk.get_internal_type() == "UUIDField"


def test_question_factory_positions_are_unique_per_form():
    form = survey()
    QuestionFactory(form=form, position=9)
    assert form.questions.count() == 5


def test_admin_add_generates_a_link_shown_once(admin_client, open_survey):
    response = admin_client.post(
        reverse("admin:evaluations_invitation_add"),
        {"form": open_survey.pk, "label": "delegate@example.org"},
        follow=True,
    )
    assert response.status_code == 200
    invitation = Invitation.objects.get()
    shown = [str(m) for m in response.context["messages"] if "/evaluations/answer/" in str(m)]
    token = shown[0].rstrip("/").rsplit("/", 1)[-1]
    assert hash_token(token) == invitation.token_hash and invitation.label == "delegate@example.org"

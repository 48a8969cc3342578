"""The data-collection round: open (pre-filled), submit, return, validate (publish), completeness
and reminders."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from monitoring.choices import RecordState, RoundState
from monitoring.models import Initiative, Reminder
from monitoring.services import (
    completeness,
    round_open,
    send_reminders,
    submission_step,
)
from workflows.engine import TransitionNotAllowed, history
from workflows.locking import Conflict

from .conftest import client_for
from .factories import (
    InitiativeCountryFactory,
    InitiativeFactory,
    ResultFactory,
    RoundFactory,
)


@pytest.fixture
def opened(country, other_country, secretariat, focal, other_focal):
    previous = InitiativeFactory(country=country, title_en="Border management support")
    InitiativeCountryFactory(initiative=previous, country=country, share=60)
    ResultFactory(initiative=previous)
    round = RoundFactory(title="Round 2026")
    submissions = round_open(round=round, by=secretariat, countries=[country, other_country])
    return round, {s.country.iso2: s for s in submissions}, previous


def test_opening_prefills_drafts_from_the_validated_records(opened):
    round, submissions, previous = opened
    assert round.state == RoundState.OPEN
    drafts = list(submissions["ML"].initiatives.all())
    assert [d.uid for d in drafts] == [previous.uid]
    draft = drafts[0]
    assert draft.pk != previous.pk and draft.record_state == RecordState.DRAFT
    assert draft.countries.get().share == 60
    assert draft.results.get().indicator == "Returnees reintegrated"
    assert submissions["SN"].initiatives.count() == 0


def test_only_the_secretariat_opens_a_round(country, focal):
    with pytest.raises(PermissionDenied):
        round_open(round=RoundFactory(), by=focal, countries=[country])


def test_a_round_opens_once(opened, secretariat):
    round, _subs, _prev = opened
    with pytest.raises(Exception, match="draft round"):
        round_open(round=round, by=secretariat)


def test_submit_validate_publishes_and_supersedes(
    opened, focal, secretariat, django_capture_on_commit_callbacks
):
    _round, submissions, previous = opened
    submission = submissions["ML"]
    draft = submission.initiatives.get()
    draft.title_en = "Border management support, phase 2"
    draft.save()
    anon = client_for(None)
    assert "phase 2" not in anon.get("/monitoring/initiatives/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        submission_step(submission=submission, transition="submit", by=focal)
    assert submission.state == "submitted"
    assert mail.outbox and "secretariat@example.org" in mail.outbox[-1].to

    with django_capture_on_commit_callbacks(execute=True):
        submission_step(submission=submission, transition="validate", by=secretariat)
    draft.refresh_from_db()
    previous.refresh_from_db()
    assert draft.record_state == RecordState.VALIDATED
    assert previous.record_state == RecordState.SUPERSEDED
    assert "focal@ml.example.org" in mail.outbox[-1].to
    page = anon.get("/monitoring/initiatives/").content.decode()
    assert "phase 2" in page
    assert Initiative.objects.filter(uid=previous.uid, record_state="validated").count() == 1
    assert [s.transition for s in history(submission)] == ["submit", "validate"]


def test_return_needs_a_reason_and_reopens_editing(
    opened, focal, secretariat, django_capture_on_commit_callbacks
):
    _round, submissions, _prev = opened
    submission = submissions["ML"]
    submission_step(submission=submission, transition="submit", by=focal)
    assert not submission.editable
    with pytest.raises(TransitionNotAllowed):
        submission_step(submission=submission, transition="return", by=secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        submission_step(
            submission=submission, transition="return", by=secretariat, reason="Budget missing"
        )
    assert submission.state == "returned" and submission.editable
    assert "Budget missing" in mail.outbox[-1].body
    submission_step(submission=submission, transition="submit", by=focal)
    assert submission.state == "submitted"


def test_a_focal_point_cannot_validate_nor_act_for_another_country(opened, focal, other_focal):
    _round, submissions, _prev = opened
    submission_step(submission=submissions["ML"], transition="submit", by=focal)
    with pytest.raises(PermissionDenied):
        submission_step(submission=submissions["ML"], transition="validate", by=focal)
    with pytest.raises(PermissionDenied):
        submission_step(submission=submissions["SN"], transition="submit", by=focal)


def test_stale_version_is_a_conflict(opened, focal):
    _round, submissions, _prev = opened
    submission = submissions["ML"]
    with pytest.raises(Conflict):
        submission_step(submission=submission, transition="submit", by=focal, version=99)
    submission.refresh_from_db()
    assert submission.state == "in_progress"


def test_submission_page_steps_and_404_for_another_country(opened, focal, other_focal):
    _round, submissions, _prev = opened
    submission = submissions["ML"]
    assert client_for(other_focal).get(submission.get_absolute_url()).status_code == 404
    client = client_for(focal)
    page = client.get(submission.get_absolute_url())
    assert page.status_code == 200 and "Submit to the Secretariat" in page.content.decode()
    response = client.post(
        f"/monitoring/submissions/{submission.pk}/step/submit/",
        {"version": submission.version, "reason": ""},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == "submitted"
    refused = client_for(other_focal).post(
        f"/monitoring/submissions/{submission.pk}/step/validate/", {"version": submission.version}
    )
    assert refused.status_code == 404


def test_completeness_counts(opened, focal, secretariat):
    round, submissions, _prev = opened
    data = completeness(round)
    assert data["counts"] == {"total": 2, "reported": 0, "not_reported": 2, "validated": 0}
    submission_step(submission=submissions["ML"], transition="submit", by=focal)
    data = completeness(round)
    assert data["counts"] == {"total": 2, "reported": 1, "not_reported": 1, "validated": 0}
    submission_step(submission=submissions["ML"], transition="validate", by=secretariat)
    data = completeness(round)
    assert data["counts"] == {"total": 2, "reported": 1, "not_reported": 1, "validated": 1}
    page = client_for(secretariat).get(f"/monitoring/completeness/{round.pk}/")
    assert "1 of 2 partners have reported" in page.content.decode()
    csv = client_for(secretariat).get(f"/monitoring/completeness/{round.pk}/?export=csv")
    lines = csv.content.decode().splitlines()
    assert lines[0] == "country,name,state,reported,initiatives"
    assert "ML,Mali,validated,True,1" in lines and "SN,Senegal,in_progress,False,0" in lines
    assert client_for(focal).get(f"/monitoring/completeness/{round.pk}/").status_code == 404


def test_reminders_go_to_partners_not_submitted_once_a_day(
    opened, focal, secretariat, django_capture_on_commit_callbacks
):
    round, submissions, _prev = opened
    submission_step(submission=submissions["ML"], transition="submit", by=focal)
    mail.outbox.clear()
    day = datetime.date(2026, 3, 10)
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_reminders(round=round, by=secretariat, today=day)
    assert [r.country.iso2 for r in sent] == ["SN"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["focal@sn.example.org"]
    assert "Round 2026" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(round=round, by=secretariat, today=day) == []
    assert len(mail.outbox) == 1
    assert len(send_reminders(round=round, by=None, today=day + datetime.timedelta(days=1))) == 1
    assert Reminder.objects.count() == 2


def test_reminders_command_and_page(opened, secretariat, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    round, _subs, _prev = opened
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("monitoring_reminders", stdout=out)
    assert "2 reminder(s) sent" in out.getvalue()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(secretariat).post(f"/monitoring/completeness/{round.pk}/")
    assert response.status_code == 302
    assert len(mail.outbox) == 2  # nothing more on the same day


def test_focal_point_edits_only_its_open_drafts(opened, focal, other_focal, secretariat):
    _round, submissions, previous = opened
    draft = submissions["ML"].initiatives.get()
    assert Initiative.objects.restrict(focal, "change").filter(pk=draft.pk).exists()
    assert not Initiative.objects.restrict(focal, "change").filter(pk=previous.pk).exists()
    assert not Initiative.objects.restrict(other_focal, "change").filter(pk=draft.pk).exists()
    assert client_for(other_focal).get(f"/monitoring/initiatives/{draft.pk}/").status_code == 404
    submission_step(submission=submissions["ML"], transition="submit", by=focal)
    assert not Initiative.objects.restrict(focal, "change").filter(pk=draft.pk).exists()

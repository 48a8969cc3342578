"""The scheduled commands: the silence procedure and the overdue reports, with a frozen clock
(``--at``), idempotent, with their e-mails."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from labels.services import application_transition, labels_silence
from workflows.engine import history

T0 = datetime.datetime(2026, 4, 1, 9, 0, tzinfo=datetime.UTC)


def run(command, at) -> str:
    out = StringIO()
    call_command(command, at=at.isoformat(), stdout=out)
    return out.getvalue()


def in_review(lab, make_application, at=T0):
    application = make_application(state="submitted")
    application_transition(application=application, name="open_review", by=lab.secretariat, at=at)
    return application


@pytest.mark.django_db(transaction=True)
def test_the_silence_procedure_grants_after_n_days_once(lab, make_application):
    application = in_review(lab, make_application)
    assert application.silence_deadline == T0 + datetime.timedelta(days=10)
    assert "0 label(s) granted" in run("labels_silence", T0 + datetime.timedelta(days=9, hours=23))
    application.refresh_from_db()
    assert application.state == "review"

    mail.outbox.clear()
    out = run("labels_silence", T0 + datetime.timedelta(days=10))
    assert f"granted #{application.pk}" in out and "1 label(s) granted" in out
    application.refresh_from_db()
    assert application.state == "labelled"
    assert application.decided_at == T0 + datetime.timedelta(days=10)
    assert application.label_start == datetime.date(2026, 4, 11)
    step = list(history(application))[-1]
    assert (step.transition, step.actor, step.actor_label) == ("grant_by_silence", None, "system")
    told = sorted(sum((m.to for m in mail.outbox), []))
    assert told == ["secretariat@example.org", "senegal-fp@example.org", "steering@example.org"]

    # A second run does nothing and sends nothing.
    mail.outbox.clear()
    assert "0 label(s) granted" in run("labels_silence", T0 + datetime.timedelta(days=11))
    assert mail.outbox == []
    assert len(history(application)) == 2


@pytest.mark.django_db
@override_settings(RABAT_LABEL_SILENCE_DAYS=3)
def test_the_period_is_configurable(lab, make_application):
    application = in_review(lab, make_application)
    assert application.silence_deadline == T0 + datetime.timedelta(days=3)
    assert labels_silence(at=T0 + datetime.timedelta(days=3)) == [application]


@pytest.mark.django_db
def test_one_objection_stops_the_silence_procedure(lab, make_application):
    application = in_review(lab, make_application)
    application_transition(
        application=application,
        name="object",
        by=lab.steering,
        reason="Overlaps with an existing project.",
        at=T0 + datetime.timedelta(days=2),
    )
    assert labels_silence(at=T0 + datetime.timedelta(days=30)) == []
    application.refresh_from_db()
    assert application.state == "objected"


@pytest.mark.django_db
def test_the_system_cannot_grant_before_the_deadline(lab, make_application):
    from django.core.exceptions import ValidationError

    application = in_review(lab, make_application)
    with pytest.raises(ValidationError, match="no-objection period has not ended"):
        application_transition(
            application=application,
            name="grant_by_silence",
            by=None,
            at=T0 + datetime.timedelta(days=1),
        )


@pytest.mark.django_db(transaction=True)
def test_overdue_reports_are_flagged_and_reminded_once(lab, make_application):
    application = make_application(
        state="labelled",
        start_date=datetime.date(2026, 1, 10),
        end_date=datetime.date(2026, 1, 12),
        report_due=datetime.date(2026, 3, 13),
    )
    reported = make_application(
        state="reported",
        start_date=datetime.date(2026, 1, 10),
        end_date=datetime.date(2026, 1, 12),
        report_due=datetime.date(2026, 3, 13),
    )
    on_time = datetime.datetime(2026, 3, 13, 12, tzinfo=datetime.UTC)
    assert "0 overdue report(s); 0 reminder(s) sent." in run("labels_overdue", on_time)
    late = on_time + datetime.timedelta(days=1)
    mail.outbox.clear()
    out = run("labels_overdue", late)
    assert f"reminded #{application.pk}" in out and "1 overdue report(s); 1 reminder(s)" in out
    assert f"#{reported.pk}" not in out
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["secretariat@example.org", "senegal-fp@example.org"]
    assert "2026-03-13" in mail.outbox[0].body
    application.refresh_from_db()
    assert application.report_reminder_sent_at == late
    # Idempotent: flagged still, not reminded twice.
    mail.outbox.clear()
    out = run("labels_overdue", late + datetime.timedelta(days=5))
    assert "1 overdue report(s); 0 reminder(s) sent." in out and mail.outbox == []


@pytest.mark.django_db
def test_overdue_is_shown_in_lists_and_on_the_page(lab, make_application):
    from django.urls import reverse

    from labels.tests.helpers import client_for

    past = timezone.localdate() - datetime.timedelta(days=100)
    application = make_application(
        state="labelled",
        start_date=past,
        end_date=past,
        report_due=past + datetime.timedelta(days=60),
    )
    for url in (reverse("labels:list"), application.public_url):
        assert "overdue" in client_for(None).get(url).content.decode().lower(), url
    page = client_for(lab.secretariat).get(reverse("labels:applications")).content.decode()
    assert "Overdue" in page

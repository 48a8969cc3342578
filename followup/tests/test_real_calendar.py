"""Follow-up runs on the real calendar (issue 14, point 4): the stale clock starts at the
meeting's date, or at the due date when one is set, never when the data were loaded. On the
reference data as ``make run`` loads them."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.tests.factories import UserFactory, committing_client_for
from followup.models import FollowUp
from followup.services import follow_up_entry_add, follow_up_update
from partners.models import Country
from partners.tests.factories import FocalPointFactory

PARIS_2014 = "2014-04-paris-thematic-meeting-migrants-crisis-context"
TODAY = timezone.localdate()


@pytest.fixture
def reference(db):
    call_command("load_reference", verbosity=0)
    secretariat = UserFactory(role="Secretariat", email="secretariat@example.org")
    return secretariat, committing_client_for(secretariat)


def paris(number="1") -> FollowUp:
    return FollowUp.objects.get(
        recommendation__meeting__slug=PARIS_2014,
        recommendation__parent=None,
        recommendation__number=number,
    )


def stale_page(client) -> list[int]:
    response = client.get(reverse("followup:stale"))
    assert response.status_code == 200
    return [f.pk for f in response.context["stale"]]


def test_a_2014_recommendation_with_no_entry_is_stale(reference):
    _secretariat, client = reference
    follow_up = paris()
    assert follow_up.last_entry_on is None and follow_up.due_date is None
    assert follow_up in FollowUp.objects.stale()
    # The list's filter and the API say the same.
    listed = client.get(reverse("followup:list") + f"?stale=true&meeting={PARIS_2014}")
    assert follow_up in listed.context["object_list"]
    api = client.get(f"/api/follow-ups/{follow_up.pk}/").json()
    assert api["stale"] is True


def test_the_stale_page_lists_it_with_its_meeting_date(reference):
    _secretariat, client = reference
    follow_up = paris()
    assert follow_up.pk in stale_page(client)
    html = client.get(reverse("followup:stale")).content.decode()
    assert "24 Apr 2014" in html  # no news since the meeting


def test_a_recommendation_with_a_recent_entry_is_not_stale(reference):
    secretariat, client = reference
    follow_up = paris()
    follow_up_entry_add(
        follow_up=follow_up,
        by=secretariat,
        date=TODAY - datetime.timedelta(days=10),
        text="The partners discussed it again.",
    )
    assert follow_up.pk not in stale_page(client)
    assert paris("2").pk in stale_page(client)
    api = client.get(f"/api/follow-ups/{follow_up.pk}/").json()
    assert api["stale"] is False
    listed = client.get(reverse("followup:list") + f"?stale=false&meeting={PARIS_2014}")
    assert follow_up in listed.context["object_list"]
    assert paris("2") not in listed.context["object_list"]


def test_the_due_date_wins_when_set(reference):
    secretariat, client = reference
    later = paris()
    follow_up_update(
        follow_up=later,
        by=secretariat,
        expected_version=later.version,
        due_date=TODAY + datetime.timedelta(days=90),
    )
    recent = paris("2")
    follow_up_update(
        follow_up=recent,
        by=secretariat,
        expected_version=recent.version,
        due_date=TODAY - datetime.timedelta(days=30),
    )
    stale = stale_page(client)
    # Not due yet, although the meeting was in 2014: not stale.
    assert later.pk not in stale
    # Due a month ago: overdue, but its clock started at the due date, so not stale yet.
    assert recent.pk not in stale
    assert recent.pk in [f.pk for f in client.get(reverse("followup:stale")).context["overdue"]]
    # The due date of long ago: stale again.
    follow_up_update(
        follow_up=recent,
        by=secretariat,
        expected_version=FollowUp.objects.get(pk=recent.pk).version,
        due_date=datetime.date(2015, 1, 1),
    )
    assert recent.pk in stale_page(client)


def test_the_first_reminder_run_on_old_data_sends_one_short_mail_per_owner(reference, capsys):
    secretariat, _client = reference
    france = Country.objects.get(iso2="FR")
    FocalPointFactory(country=france, user=UserFactory(partner=True, email="fp@france.example"))
    owned = FollowUp.objects.filter(recommendation__meeting__slug=PARIS_2014)
    owned.update(owner_country=france)
    count = owned.count()
    unowned_stale = FollowUp.objects.stale().exclude(owner_country=france).count()
    assert count > 10 and unowned_stale > 0

    call_command("followup_stale")
    out = capsys.readouterr().out
    assert [m.to for m in mail.outbox] == [["fp@france.example"]]
    assert f"France: reminded fp@france.example of {count} recommendation(s)." in out
    assert f"{unowned_stale} stale or overdue without an owner" in out
    body = mail.outbox[0].body
    assert "/follow-up/stale/" not in body  # the owner's own list, not the Secretariat's page
    assert "/follow-up/?owner=FR&stale=true" in body

    call_command("followup_stale")  # idempotent
    assert len(mail.outbox) == 1
    assert "nothing to remind" in capsys.readouterr().out


def test_a_reminder_raises_the_version_so_an_edit_read_before_it_is_a_conflict(reference):
    secretariat, client = reference
    france = Country.objects.get(iso2="FR")
    FocalPointFactory(country=france, user=UserFactory(partner=True, email="fp@france.example"))
    follow_up = paris()
    FollowUp.objects.filter(pk=follow_up.pk).update(owner_country=france)
    read = FollowUp.objects.get(pk=follow_up.pk).version
    call_command("followup_stale")
    reminded = FollowUp.objects.get(pk=follow_up.pk)
    assert reminded.reminded_at is not None and reminded.version == read + 1
    response = client.patch(
        f"/api/follow-ups/{follow_up.pk}/",
        {"status": "in_progress", "version": read},
        content_type="application/json",
    )
    assert response.status_code == 409  # not a silent return of the old reminder date
    assert FollowUp.objects.get(pk=follow_up.pk).reminded_at == reminded.reminded_at


def test_the_stocktaking_report_marks_old_open_recommendations_stale(reference, anon_client):
    html = anon_client.get("/stocktaking/rome-2014/?from=2014&to=2014&lang=en").content.decode()
    assert (
        html.count("<td>Open (stale)</td>")
        == FollowUp.objects.filter(recommendation__meeting__start_date__year=2014).count()
    )

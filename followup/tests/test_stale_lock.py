"""Duplicate e-mails (issue 15): ``rabat followup_stale`` started three times at once.

Three runs, each in its own thread with its own database connection (as three cron lines on
three hosts), on a SQLite file database (production's settings: WAL, IMMEDIATE, busy timeout)
or on PostgreSQL. Before the job lease (``core.joblock``) each run read the same due
follow-ups and e-mailed their owners: most owners got two or three reminders. Now each owner
is e-mailed once, and the runs that found the lease taken say so.
"""

import datetime
import threading
from collections import Counter
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from core.models import JobLease
from core.tests.factories import UserFactory
from followup.models import FollowUp
from followup.tests.test_race import database_for_threads, run_in_threads
from meetings.tests.factories import RecommendationFactory
from partners.tests.factories import CountryFactory, FocalPointFactory

OWNERS = 25
RUNS = 3


@pytest.mark.django_db(transaction=True)
def test_followup_stale_started_three_times_at_once_mails_each_owner_once(fu, tmp_path):
    late = timezone.localdate() - datetime.timedelta(days=1)
    addresses = []
    for n in range(OWNERS):
        country = CountryFactory()
        focal = UserFactory(partner=True, email=f"focal{n}@example.org")
        FocalPointFactory(country=country, user=focal)
        rec = RecommendationFactory(meeting=fu.meeting, number=str(10 + n), text_en=f"Do {n}.")
        FollowUp.objects.filter(recommendation=rec).update(owner_country=country, due_date=late)
        addresses.append(focal.email)

    with database_for_threads(tmp_path):
        start = threading.Barrier(RUNS)

        def run():
            out = StringIO()
            start.wait()
            call_command("followup_stale", stdout=out)
            return out.getvalue()

        outputs = run_in_threads(*[run] * RUNS)
        leases_left = JobLease.objects.count()

    failures = [o for o in outputs if isinstance(o, BaseException)]
    assert failures == []
    mailed = Counter(address for message in mail.outbox for address in message.to)
    twice = {address: n for address, n in mailed.items() if n > 1}
    assert twice == {}, f"{len(twice)} owners mailed more than once: {twice}"
    assert sorted(mailed) == sorted(addresses)
    # The other runs either found the lease held or (when they came after it) nothing due.
    assert sum("reminded" in o and "nothing to remind" not in o for o in outputs) == 1, outputs
    assert leases_left == 0  # released when the run ended


@pytest.mark.django_db
def test_a_lease_left_by_a_killed_run_expires(fu, settings):
    """A run that died keeps the job's lease only until it expires; then the job runs."""
    FollowUp.objects.filter(pk=fu.follow_up.pk).update(
        owner_country=fu.morocco, due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    now = timezone.now()
    dead = JobLease.objects.create(
        name="followup_stale", holder="gone:1:x", acquired_at=now,
        expires_at=now + datetime.timedelta(minutes=5),
    )  # fmt: skip
    out = StringIO()
    call_command("followup_stale", stdout=out)
    assert mail.outbox == []
    assert "another run holds the job's lease (gone:1:x" in out.getvalue()

    JobLease.objects.filter(pk=dead.pk).update(expires_at=now - datetime.timedelta(seconds=1))
    call_command("followup_stale", stdout=out)
    assert [m.to for m in mail.outbox] == [["focal@morocco.example.org"]]
    assert not JobLease.objects.exists()

"""Every scheduled job (the cron lines of docs/workflows.md) holds its lease (core.joblock).

A run started while another holds the job's lease does nothing and says so; ``rabat
ingest_worker`` is not one of them: several workers share the queue, each claiming its own
items. The three-runs-at-once drill is ``followup/tests/test_stale_lock.py``.
"""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.joblock import Lease
from core.models import JobLease

SCHEDULED = [
    "labels_silence",
    "labels_overdue",
    "followup_stale",
    "close_evaluation_forms",
    "monitoring_reminders",
]


@pytest.mark.django_db
@pytest.mark.parametrize("job", SCHEDULED)
def test_a_scheduled_job_skips_while_another_run_holds_its_lease(job):
    now = timezone.now()
    JobLease.objects.create(
        name=job, holder="web2:4242:abc", acquired_at=now,
        expires_at=now + datetime.timedelta(minutes=10),
    )  # fmt: skip
    out = StringIO()
    call_command(job, stdout=out)
    assert out.getvalue().startswith(f"{job}: another run holds the job's lease (web2:4242:abc")
    assert mail.outbox == []
    assert JobLease.objects.get(name=job).holder == "web2:4242:abc"  # not taken, not freed


@pytest.mark.django_db
def test_a_scheduled_job_frees_its_lease_also_when_it_fails():
    with pytest.raises(CommandError, match="not a date"):
        call_command("followup_stale", today="someday", stdout=StringIO())
    assert not JobLease.objects.exists()
    out = StringIO()
    call_command("followup_stale", stdout=out)
    assert "nothing to remind" in out.getvalue()


@pytest.mark.django_db
def test_a_run_that_lost_its_lease_stops():
    lease = Lease("followup_stale", seconds=60)
    assert lease.acquire()
    assert not Lease("followup_stale").acquire()
    JobLease.objects.filter(name="followup_stale").update(holder="someone-else")
    with pytest.raises(CommandError, match="another run took it"):
        lease.renew()

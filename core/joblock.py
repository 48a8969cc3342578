"""Scheduled jobs hold a lease, so that two runs started at once do their work once.

Cron on two hosts, a slow run overlapping the next, an operator starting a job by hand while
cron does: each would read the same due records and act on them twice (issue 15: three
``rabat followup_stale`` at once e-mailed each owner twice). A run first takes the job's lease,
a ``core.JobLease`` row (one per job name, unique): in the database, so it works across
processes and hosts, on SQLite and PostgreSQL alike, with no file lock. A run that finds the
lease held says so and does nothing (exit 0: the holder is doing the work).

The lease expires (``RABAT_JOB_LEASE_SECONDS``, default 900 s, docs/configuration.md), so a
run that was killed frees its job without anyone's help; a long run calls ``renew()`` as it
goes and stops if it lost the lease. A run releases its lease when it ends, also on failure.

    @scheduled_job("followup_stale")
    def handle(self, *args, **options):
        ...
        self.lease.renew()  # in a long loop

The lease is taken and released in autocommit, outside any transaction of the job, so the
job's writes are committed before another run may start.
"""

from __future__ import annotations

import datetime
import functools
import os
import socket
import uuid

from django.conf import settings
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import JobLease

DEFAULT_LEASE_SECONDS = 900


def lease_seconds() -> int:
    return int(getattr(settings, "RABAT_JOB_LEASE_SECONDS", DEFAULT_LEASE_SECONDS))


class Lease:
    """The lease of one job, held by this run (``held``) or not."""

    def __init__(self, name: str, seconds: int | None = None):
        self.name = name
        self.seconds = seconds or lease_seconds()
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
        self.held = False

    def _until(self) -> tuple[datetime.datetime, datetime.datetime]:
        now = timezone.now()
        return now, now + datetime.timedelta(seconds=self.seconds)

    def acquire(self) -> bool:
        """Take the lease if it is free or expired; False if another run holds it."""
        now, until = self._until()
        try:
            with transaction.atomic():
                JobLease.objects.create(
                    name=self.name, holder=self.holder, acquired_at=now, expires_at=until
                )
            self.held = True
        except IntegrityError:
            # The row exists: take it over only if it expired (its holder died). The WHERE
            # is re-checked under the row's write lock, so of two runs only one wins.
            self.held = bool(
                JobLease.objects.filter(name=self.name, expires_at__lte=now).update(
                    holder=self.holder, acquired_at=now, expires_at=until
                )
            )
        return self.held

    def renew(self) -> None:
        """Push the expiry forward; raise CommandError if another run took the lease."""
        _now, until = self._until()
        renewed = JobLease.objects.filter(name=self.name, holder=self.holder).update(
            expires_at=until
        )
        if not renewed:
            self.held = False
            raise CommandError(
                f"{self.name}: the job's lease expired and another run took it; stopping "
                "(raise RABAT_JOB_LEASE_SECONDS if runs last longer)."
            )

    def release(self) -> None:
        if self.held:
            JobLease.objects.filter(name=self.name, holder=self.holder).delete()
            self.held = False

    def current(self) -> JobLease | None:
        return JobLease.objects.filter(name=self.name).first()


def scheduled_job(name: str, *, seconds: int | None = None):
    """Decorate a management command's ``handle``: run it only while holding the job's lease.

    The lease is on ``self.lease`` during the run (``self.lease.renew()`` in long loops).
    """

    def decorate(handle):
        @functools.wraps(handle)
        def run(self, *args, **options):
            lease = Lease(name, seconds)
            if not lease.acquire():
                other = lease.current()
                held_by = (
                    f" ({other.holder}, until {other.expires_at:%Y-%m-%d %H:%M:%S %Z})"
                    if other
                    else ""
                )
                self.stdout.write(
                    f"{name}: another run holds the job's lease{held_by}; skipped "
                    "(that run does the work)."
                )
                return None
            self.lease = lease
            try:
                return handle(self, *args, **options)
            finally:
                lease.release()

        return run

    return decorate

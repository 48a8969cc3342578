"""``rabat labels_overdue``: remind the applicants of overdue outcome reports, once each.

Cron (daily; idempotent, a report is reminded once)::

    30 6 * * * cd /srv/rabat && .venv/bin/rabat labels_overdue
"""

from django.core.management.base import BaseCommand
from django.utils.dateparse import parse_datetime

from core.joblock import scheduled_job
from labels.models import LabelApplication
from labels.services import labels_overdue


class Command(BaseCommand):
    help = "List overdue outcome reports of labelled activities and send one reminder for each."

    def add_arguments(self, parser):
        parser.add_argument("--at", help="Act as if it were this time (ISO 8601, for tests).")

    @scheduled_job("labels_overdue")  # two runs at once do the work once
    def handle(self, *args, at=None, **options):
        from django.utils import timezone

        moment = parse_datetime(at) if at else timezone.now()
        reminded = labels_overdue(at=moment)
        for application in reminded:
            self.stdout.write(f"reminded #{application.pk}: {application.title}")
        overdue = LabelApplication.objects.report_overdue(timezone.localdate(moment)).count()
        self.stdout.write(f"{overdue} overdue report(s); {len(reminded)} reminder(s) sent.")

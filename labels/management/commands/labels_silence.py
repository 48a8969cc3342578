"""``rabat labels_silence``: grant the labels whose no-objection period ended.

Cron (every hour; idempotent, a second run does nothing)::

    15 * * * * cd /srv/rabat && .venv/bin/rabat labels_silence
"""

from django.core.management.base import BaseCommand
from django.utils.dateparse import parse_datetime

from core.joblock import scheduled_job
from labels.services import labels_silence


class Command(BaseCommand):
    help = "Grant the labels whose Steering Committee no-objection period ended without objection."

    def add_arguments(self, parser):
        parser.add_argument("--at", help="Act as if it were this time (ISO 8601, for tests).")

    @scheduled_job("labels_silence")  # two runs at once do the work once
    def handle(self, *args, at=None, **options):
        moment = parse_datetime(at) if at else None
        granted = labels_silence(at=moment)
        for application in granted:
            self.stdout.write(f"granted #{application.pk}: {application.title}")
        self.stdout.write(f"{len(granted)} label(s) granted by silence procedure.")

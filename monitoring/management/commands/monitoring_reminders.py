"""Daily reminders to partners that have not submitted in an open round.

Cron (every day at 07:00 UTC)::

    0 7 * * * cd /srv/rabat && .venv/bin/rabat monitoring_reminders
"""

from django.core.management.base import BaseCommand

from core.joblock import scheduled_job
from monitoring.choices import RoundState
from monitoring.models import Round
from monitoring.services import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail the focal points of partners that have not submitted in open rounds (once a day)."
    )

    @scheduled_job("monitoring_reminders")  # two runs at once do the work once
    def handle(self, *args, **options):
        total = 0
        for round in Round.objects.filter(state=RoundState.OPEN):
            sent = send_reminders(round=round, by=None)
            total += len(sent)
            self.stdout.write(f"{round}: {len(sent)} reminder(s)")
        self.stdout.write(f"{total} reminder(s) sent")

from django.core.management.base import BaseCommand

from core.joblock import scheduled_job
from evaluations.services import forms_close_due


class Command(BaseCommand):
    help = "Close the open evaluation forms whose closing date is past (run every few minutes)."

    @scheduled_job("close_evaluation_forms")  # two runs at once do the work once
    def handle(self, *args, **options):
        closed = forms_close_due()
        self.stdout.write(f"{closed} evaluation form(s) closed.")

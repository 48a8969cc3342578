"""Recompute the dashboard's denormalised figures of initiatives from the initiatives."""

from django.core.management.base import BaseCommand

from monitoring.coverage import rebuild


class Command(BaseCommand):
    help = (
        "Recompute the monitoring dashboard's coverage entries and figures from the validated "
        "initiatives (they are kept up to date on every write; this repairs or fills them)."
    )

    def handle(self, *args, **options):
        found = rebuild(say=self.stdout.write if options["verbosity"] > 1 else None)
        self.stdout.write(
            f"{found['initiatives']} validated initiatives: {found['entries']} entries, "
            f"{found['figures']} figures."
        )

"""Recompute the dashboard's denormalised figures of initiatives from the initiatives."""

from django.core.management.base import BaseCommand

from core.cache import bump_content_version
from monitoring import tallies
from monitoring.coverage import rebuild


class Command(BaseCommand):
    help = (
        "Recompute the monitoring dashboard's coverage entries and figures from the validated "
        "initiatives, and the figures of every other kind linked to framework items (meetings, "
        "recommendations, documents...) from their links (both are kept up to date on every "
        "write; this repairs or fills them, e.g. after a bulk import)."
    )

    def handle(self, *args, **options):
        found = rebuild(say=self.stdout.write if options["verbosity"] > 1 else None)
        self.stdout.write(
            f"{found['initiatives']} validated initiatives: {found['entries']} entries, "
            f"{found['figures']} figures."
        )
        counted = tallies.rebuild(say=self.stdout.write if options["verbosity"] > 1 else None)
        self.stdout.write(
            "Linked records counted: " + ", ".join(f"{key} {n}" for key, n in counted.items()) + "."
        )
        # The figures are derived rows that raise no version of their own: cached pages that
        # read them are retired here.
        bump_content_version()

"""Import initiatives from a CSV, XLSX or IATI XML file (all rows or none)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from monitoring.io.rows import ImportFailed
from monitoring.models import RoundSubmission
from monitoring.services import initiatives_import


class Command(BaseCommand):
    help = "Import initiatives from FILE (.csv, .xlsx or IATI .xml); nothing is saved on error."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--submission", type=int, help="Import as drafts of this round submission (id)."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        submission = None
        if options.get("submission"):
            submission = RoundSubmission.objects.filter(pk=options["submission"]).first()
            if submission is None:
                raise CommandError("No such submission.")
        try:
            records, unmapped = initiatives_import(
                name=path.name, data=path.read_bytes(), by=None, submission=submission
            )
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(error)
            raise CommandError(f"Nothing imported: {len(failure.errors)} error(s).") from failure
        for line in unmapped:
            self.stdout.write(f"unmapped: {line}")
        self.stdout.write(f"{len(records)} initiative(s) imported")

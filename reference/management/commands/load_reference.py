"""``rabat load_reference [--data-dir DIR]``: load the reference data files (idempotent)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reference.errors import ReferenceDataError
from reference.loaders import DEFAULT_DATA_DIR, load_all
from reference.upsert import STATUSES


class Command(BaseCommand):
    help = (
        "Load countries, organisations, frameworks, governance, meetings, the corpus meetings "
        "with their documents, and the roles from the reference data files. Running it again "
        "changes only what differs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DEFAULT_DATA_DIR,
            help=f"Directory holding the JSON files (default: {DEFAULT_DATA_DIR}).",
        )

    def handle(self, *args, data_dir: Path, **options):
        if not data_dir.is_dir():
            raise CommandError(f"No such directory: {data_dir}")
        verbose = options["verbosity"] > 1
        started = time.perf_counter()
        try:
            counts = load_all(data_dir=data_dir, stdout=self.stdout if verbose else None)
        except ReferenceDataError as exc:
            raise CommandError(f"Reference data not loaded (nothing was changed): {exc}") from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(self._table(counts))
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded in {elapsed:.1f} s."))

    @staticmethod
    def _table(counts: dict[str, dict[str, int]]) -> str:
        width = max([len("Total"), *map(len, counts)])
        header = f"{'model':<{width}}  " + "  ".join(f"{s:>9}" for s in STATUSES)
        lines = [header, "-" * len(header)]
        for label, row in counts.items():
            lines.append(f"{label:<{width}}  " + "  ".join(f"{row[s]:>9}" for s in STATUSES))
        totals = {s: sum(row[s] for row in counts.values()) for s in STATUSES}
        lines.append("-" * len(header))
        lines.append(f"{'Total':<{width}}  " + "  ".join(f"{totals[s]:>9}" for s in STATUSES))
        return "\n".join(lines)

"""``rabat ingest_corpus``: the documents shipped with the platform through the pipeline."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from knowledge import worker
from knowledge.choices import ItemStatus
from knowledge.services import corpus_ingest
from reference.loaders import CORPUS_DIR_NAME, DEFAULT_DATA_DIR


class Command(BaseCommand):
    requires_system_checks: list = []
    help = (
        "Bring the documents shipped in reference/data/corpus (loaded by `rabat "
        "load_reference`) through the knowledge pipeline: passages in the search index and an "
        "extraction draft each. Idempotent; `make run` calls it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--folder",
            default=str(Path(DEFAULT_DATA_DIR) / CORPUS_DIR_NAME),
            help="folder of the documents (default: reference/data/corpus)",
        )

    def handle(self, *args, folder, **options):
        started = time.perf_counter()
        try:
            items = corpus_ingest(folder=Path(folder))
        finally:
            worker.shutdown()
        elapsed = time.perf_counter() - started
        if not items:
            self.stdout.write(
                f"Corpus: every document already has its passages and draft ({elapsed:.1f} s)."
            )
            return
        for item in items:
            if item.status == ItemStatus.REJECTED:
                detail = f"rejected: {item.reason_text}"
            elif item.failed_step:
                detail = f"{item.get_failed_step_display()} failed: {item.error}"
            else:
                detail = f"{item.passages} passages, draft ready"
            self.stdout.write(f"  {item.filename}: {detail}")
        self.stdout.write(
            f"Corpus: {len(items)} documents through the pipeline in {elapsed:.1f} s."
        )
        failed = [i for i in items if i.failed_step or i.status == ItemStatus.REJECTED]
        if failed:
            raise CommandError(
                f"{len(failed)} corpus documents failed (logged with the traceback); see "
                "/library/jobs/."
            )

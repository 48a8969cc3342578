"""``rabat ingest_worker``: drain the ingestion queue (for cron or systemd in production)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from knowledge import worker
from knowledge.services import queue_drain


class Command(BaseCommand):
    requires_system_checks: list = []  # a batch job; `rabat check` runs the checks
    help = (
        "Process the queued uploads of the knowledge library, then exit (or keep polling "
        "with --loop). Items left running by a dead worker are retried or given up."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep polling the queue")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between polls")

    def handle(self, *args, **options):
        try:
            while True:
                done = queue_drain()
                if done:
                    self.stdout.write(f"{done} files processed")
                if not options["loop"]:
                    break
                time.sleep(options["interval"])
        except KeyboardInterrupt:
            pass
        finally:
            worker.shutdown()

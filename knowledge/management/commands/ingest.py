"""``rabat ingest PATH...``: files or folders into the knowledge library."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Sum

from core.models import Visibility
from knowledge import worker
from knowledge.choices import ItemStatus
from knowledge.models import IngestItem
from knowledge.services import batch_create, queue_drain


def collect(paths: list[str]) -> list[Path]:
    """Files named, and the files of folders named (recursively, hidden ones skipped)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and not any(part.startswith(".") for part in p.parts[-1:])
                    and p.name != "manifest.json"
                )
            )
        elif path.exists():
            found.append(path)
        else:
            raise CommandError(f"No such file or folder: {raw}")
    return found


class Command(BaseCommand):
    requires_system_checks: list = []  # a batch job; `rabat check` runs the checks
    help = (
        "Ingest documents (PDF, DOCX, HTML, Markdown, plain text; files or folders) into the "
        "knowledge library: text with its structure, language, an extraction draft to review."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument(
            "--visibility",
            choices=Visibility.values,
            default=Visibility.PARTNERS,
            help="visibility of the new documents (default: partners only, until reviewed)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        files = collect(options["paths"])
        if not files:
            raise CommandError("No files to ingest.")
        batch = batch_create(
            paths=[(p.resolve(), str(p)) for p in files],
            source="command",
            visibility=options["visibility"],
        )
        total = len(files)
        started = time.perf_counter()
        show = not options["no_progress"]
        count = [0]

        def progress(item):
            count[0] += 1
            if show:
                width = 30
                filled = int(width * count[0] / total)
                name = item.filename[-40:]
                sys.stderr.write(
                    f"\r[{'#' * filled}{' ' * (width - filled)}] {count[0]}/{total} {name:<40}"
                )
                sys.stderr.flush()

        try:
            # Only this batch: a shared queue may hold uploads that the web process drains.
            queue_drain(on_item=progress, batch=batch)
        finally:
            worker.shutdown()
        if show:
            sys.stderr.write("\n")
        elapsed = time.perf_counter() - started
        self.print_summary(batch, elapsed)

    def print_summary(self, batch, elapsed: float) -> None:
        items = list(IngestItem.objects.filter(batch=batch).order_by("id"))
        rows = [("file", "status", "pages", "passages", "lang", "document / reason")]
        for item in items:
            if item.status == ItemStatus.REJECTED:
                detail = item.reason_text
            elif item.failed_step:
                detail = (
                    f"{item.document.slug}: {item.get_failed_step_display()} failed: {item.error}"
                )
            elif item.document_id:
                detail = item.document.slug
            else:
                detail = ""
            rows.append(
                (
                    item.filename[-50:],
                    item.status,
                    "" if item.pages is None else str(item.pages),
                    "" if item.passages is None else str(item.passages),
                    item.language or "-",
                    detail,
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        for index, row in enumerate(rows):
            line = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:5]))
            self.stdout.write(f"{line}  {row[5]}")
            if index == 0:
                self.stdout.write("-" * (sum(widths) + 10 + len(rows[0][5])))
        counts = dict.fromkeys(ItemStatus.values, 0)
        for item in items:
            counts[item.status] += 1
        pages = (
            IngestItem.objects.filter(batch=batch, status=ItemStatus.DONE).aggregate(
                n=Sum("pages")
            )["n"]
            or 0
        )
        self.stdout.write(
            f"\n{len(items)} files in {elapsed:.1f} s: {counts['done']} ingested, "
            f"{counts['duplicate']} duplicates, {counts['rejected']} rejected"
            f" ({pages} pages, {pages / elapsed if elapsed else 0:.0f} pages/s)"
        )
        failed = [item for item in items if item.failed_step]
        if failed:
            raise CommandError(
                f"{len(failed)} of the ingested files have a failed step (see above; logged with "
                "the traceback). Their text is kept: run the extraction again from their "
                "review page (/library/review/)."
            )

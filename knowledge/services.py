"""Writes of the knowledge library: ingesting a file (one transaction per file), the queue.

A file becomes a ``documents.Document`` (through ``document_save``), its blocks ``Passage``
rows and its extraction an ``ExtractionDraft``, all in one transaction: a file that is
rejected, or fails while being stored, leaves no document, passage, draft or stored file.
"""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from documents.choices import DocumentKind, Language
from documents.models import Document
from documents.services import document_save

from . import worker
from .choices import ItemStatus
from .models import ExtractionDraft, IngestBatch, IngestItem, Passage
from .parsers import mb
from .reasons import Rejected
from .text import HEADING, ParsedText

log = logging.getLogger(__name__)

EXTENSIONS = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/html": ".html",
    "text/markdown": ".md",
    "text/plain": ".txt",
}


def _setting(name: str, default):
    return getattr(settings, name, default)


def max_bytes() -> int:
    return _setting("RABAT_INGEST_MAX_BYTES", _setting("DOCUMENT_MAX_UPLOAD_SIZE", 50 << 20))


def spool_dir() -> Path:
    folder = Path(_setting("RABAT_INGEST_SPOOL_DIR", Path(settings.MEDIA_ROOT).parent / "spool"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# -- batches -------------------------------------------------------------------------------


@transaction.atomic
def batch_create(*, paths: list[tuple[Path, str]], user=None, source: str, visibility: str):
    """A batch with one queued item per (path, display name)."""
    batch = IngestBatch.objects.create(created_by=user, source=source, visibility=visibility)
    IngestItem.objects.bulk_create(
        IngestItem(batch=batch, filename=name[:255], spool_path=str(path)) for path, name in paths
    )
    return batch


def batch_create_from_uploads(*, files, user, visibility: str) -> IngestBatch:
    """Spool uploaded files (outside MEDIA_ROOT) and queue them; the worker picks them up."""
    folder = spool_dir()
    spooled: list[tuple[Path, str]] = []
    try:
        for upload in files:
            target = folder / f"{time.time_ns()}-{slugify(Path(upload.name).stem)[:60] or 'file'}"
            with open(target, "wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            spooled.append((target, Path(upload.name).name))
        return batch_create(paths=spooled, user=user, source="upload", visibility=visibility)
    except Exception:
        for path, _name in spooled:
            path.unlink(missing_ok=True)
        raise


# -- one item ------------------------------------------------------------------------------


def item_claim(item: IngestItem) -> bool:
    """Mark a queued item running; False when another worker got it first."""
    now = timezone.now()
    claimed = IngestItem.objects.filter(pk=item.pk, status=ItemStatus.QUEUED).update(
        status=ItemStatus.RUNNING, started_at=now, attempts=F("attempts") + 1
    )
    if claimed:
        item.refresh_from_db()
    return bool(claimed)


def item_process(*, item: IngestItem, parse=worker.parse) -> IngestItem:
    """Ingest a claimed (running) item: duplicate, rejected, or done with its document."""
    started = time.perf_counter()
    if _prepare(item):
        _finish(item, _timed_parse(parse, Path(item.spool_path)))
    return _close(item, started)


def _timed_parse(parse, path: Path):
    """``(ParsedText or Rejected, seconds)``: safe to run in another thread (no database)."""
    started = time.perf_counter()
    try:
        result = parse(path)
    except Rejected as exc:
        result = exc
    return result, round(time.perf_counter() - started, 4)


def _close(item: IngestItem, started: float) -> IngestItem:
    if item.batch.source == "upload":
        Path(item.spool_path).unlink(missing_ok=True)
    item.total_seconds = round(time.perf_counter() - started, 4)
    item.finished_at = timezone.now()
    fields = [f.name for f in IngestItem._meta.concrete_fields if f.name not in ("id", "batch")]
    # An UPDATE rather than save(): the queue's bookkeeping is not content (no cache bump).
    IngestItem.objects.filter(pk=item.pk).update(**{f: getattr(item, f) for f in fields})
    return item


def _reject(item: IngestItem, exc: Rejected) -> IngestItem:
    item.status = ItemStatus.REJECTED
    item.reason = exc.code
    item.reason_params = exc.params
    return item


def _duplicate_of(item: IngestItem) -> bool:
    existing = Document.objects.filter(sha256=item.sha256).order_by("pk").first()
    if existing is None:
        return False
    item.status, item.document = ItemStatus.DUPLICATE, existing
    return True


def _prepare(item: IngestItem) -> bool:
    """Checks before parsing (size, hash, duplicate); True when the file must be parsed."""
    path = Path(item.spool_path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        _reject(item, Rejected("unreadable", detail=exc.strerror or "missing"))
        return False
    item.size = size
    if size == 0:
        _reject(item, Rejected("empty"))
        return False
    if size > max_bytes():
        _reject(item, Rejected("too_large", size_mb=mb(size), limit_mb=mb(max_bytes())))
        return False
    item.sha256 = file_sha256(path)
    return not _duplicate_of(item)


def _finish(item: IngestItem, parse_result) -> IngestItem:
    parsed, item.parse_seconds = parse_result
    if isinstance(parsed, Rejected):
        return _reject(item, parsed)
    if _duplicate_of(item):  # the same content earlier in this run
        return item
    item.mime, item.language = parsed.mime, parsed.language or ""
    item.pages, item.passages = parsed.pages, len(parsed.blocks)
    try:
        item.document = document_from_parsed(
            path=Path(item.spool_path),
            filename=item.filename,
            sha256=item.sha256,
            parsed=parsed,
            visibility=item.batch.visibility,
        )
    except Exception as exc:  # noqa: BLE001 - the file is refused, nothing kept
        log.exception("ingestion of %s failed while storing", item.filename)
        item.document = None
        return _reject(item, Rejected("storage_failed", detail=type(exc).__name__))
    item.status = ItemStatus.DONE
    return item


def _unique_slug(base: str, sha256: str) -> str:
    base = slugify(base)[:100].strip("-") or "document"
    for length in (8, 16, 64):
        slug = f"{base}-{sha256[:length]}"
        if not Document.objects.filter(slug=slug).exists():
            return slug
    raise Rejected("storage_failed", detail="slug")


def run_extraction(parsed: ParsedText) -> dict:
    from .extract import empty_extraction, extract

    try:
        return extract(parsed)
    except Exception as exc:  # noqa: BLE001 - a bug in extraction must not lose the text
        log.exception("extraction failed")
        data = empty_extraction()
        data["error"] = type(exc).__name__
        return data


def document_from_parsed(
    *, path: Path, filename: str, sha256: str, parsed: ParsedText, visibility: str
) -> Document:
    """Document, passages and extraction draft of one parsed file, in one transaction.

    The stored file is removed again if anything in the transaction fails.
    """
    data = run_extraction(parsed)
    stem = Path(filename).stem or "document"
    title = (data.get("title") or parsed.title or stem).strip()[:400]
    kind = data.get("document_kind")
    language = parsed.language if parsed.language in Language.values else None
    stored_name = None
    try:
        with transaction.atomic():
            document = Document(
                slug=_unique_slug(title, sha256),
                title_en=title,
                kind=kind if kind in DocumentKind.values else DocumentKind.OTHER,
                language=language or _setting("RABAT_INGEST_DEFAULT_LANGUAGE", "en"),
                visibility=visibility,
                source=f"Ingested from {filename}"[:1000],
            )
            extension = EXTENSIONS.get(parsed.mime, ".txt")
            with open(path, "rb") as handle:
                document.file.save(
                    f"{slugify(stem)[:80] or 'document'}{extension}", File(handle), save=False
                )
            stored_name = document.file.name
            document_save(document=document)
            Passage.objects.bulk_create(passages_of(document, parsed))
            ExtractionDraft.objects.create(document=document, data=data)
    except Exception:
        if stored_name:
            default_storage.delete(stored_name)
        raise
    return document


def passages_of(document: Document, parsed: ParsedText) -> list[Passage]:
    rows = []
    section = ""
    for position, block in enumerate(parsed.blocks):
        if block.kind == HEADING:
            section = block.text[:500]
        rows.append(
            Passage(
                document=document,
                position=position,
                kind=block.kind,
                level=min(block.level, 30000),
                marker=block.marker[:12],
                page=block.page,
                heading=section,
                text=block.text,
                language=block.language or "",
            )
        )
    return rows


# -- the queue -----------------------------------------------------------------------------


def queue_requeue_stale(*, now=None) -> int:
    """Items left ``running`` by a worker that died: queued again, or given up after 3 tries."""
    now = now or timezone.now()
    limit = now - timedelta(seconds=_setting("RABAT_INGEST_STALE_SECONDS", 900))
    stale = IngestItem.objects.filter(status=ItemStatus.RUNNING, started_at__lt=limit)
    given_up = stale.filter(attempts__gte=3).update(
        status=ItemStatus.REJECTED, reason="worker_lost", reason_params={}, finished_at=now
    )
    retried = stale.filter(attempts__lt=3).update(status=ItemStatus.QUEUED, started_at=None)
    return given_up + retried


def _next(queued) -> IngestItem | None:
    while True:
        item = queued.select_related("batch").order_by("queued_at", "id").first()
        if item is None or item_claim(item):
            return item


def queue_drain(*, limit: int | None = None, parse=worker.parse, on_item=None, batch=None) -> int:
    """Process queued items (of ``batch``, or all), oldest first, until none is left.

    Pipelined: while this thread stores one file (database, storage), a helper thread has the
    parser child read the next one, so parsing and storing overlap.
    """
    from concurrent.futures import ThreadPoolExecutor

    done = 0
    queue_requeue_stale()
    queued = IngestItem.objects.filter(status=ItemStatus.QUEUED)
    if batch is not None:
        queued = queued.filter(batch=batch)

    def start(item, pool):
        if item is None:
            return None
        started = time.perf_counter()
        future = pool.submit(_timed_parse, parse, Path(item.spool_path)) if _prepare(item) else None
        return item, started, future

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="rabat-parse") as pool:
        try:
            current = start(_next(queued), pool)
            while current is not None:
                item, started, future = current
                done += 1
                more = limit is None or done < limit
                current = start(_next(queued), pool) if more else None
                if future is not None:
                    _finish(item, future.result())
                _close(item, started)
                if on_item is not None:
                    on_item(item)
        finally:
            pool.submit(worker.shutdown).result()
    return done

"""Writes of the knowledge library: ingesting a file (one transaction per file), the queue.

A file becomes a ``documents.Document`` (through ``document_save``), its blocks ``Passage``
rows and its extraction an ``ExtractionDraft``, all in one transaction: a file that is
rejected, or fails while being stored, leaves no document, passage, draft or stored file.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.roles import roles_of
from core.signals import bulk_written
from core.tasks import process_gone, worker_id
from documents.choices import DocumentKind, Language
from documents.models import Document
from documents.services import document_save
from workflows.locking import save_versioned

from . import worker
from .choices import DraftState, ItemStatus, Step
from .figures import quoted_figures_from_draft
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


def lease_seconds() -> int:
    return _setting("RABAT_INGEST_LEASE_SECONDS", 30)


def item_claim(item: IngestItem) -> bool:
    """Mark a queued item running, leased to this process; False when another worker got it.

    The lease (``RABAT_INGEST_LEASE_SECONDS``) is renewed while the item is worked on
    (``lease_renewal``); ``queue_requeue_stale`` queues an item again once it ran out.
    """
    now = timezone.now()
    claimed = IngestItem.objects.filter(pk=item.pk, status=ItemStatus.QUEUED).update(
        status=ItemStatus.RUNNING,
        started_at=now,
        attempts=F("attempts") + 1,
        lease_owner=worker_id(),
        lease_until=now + timedelta(seconds=lease_seconds()),
        not_before=None,
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
    item.lease_owner, item.lease_until = "", None
    if item.status == ItemStatus.QUEUED:  # to be tried again (``_retry_later``)
        IngestItem.objects.filter(pk=item.pk).update(
            status=item.status,
            reason=item.reason,
            reason_params=item.reason_params,
            not_before=item.not_before,
            lease_owner="",
            lease_until=None,
            parse_seconds=item.parse_seconds,
        )
        return item
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


# Reasons that say nothing about the file (its parser was stopped from outside): the file is
# tried again, after 1, 2, 4 ... times RABAT_INGEST_RETRY_SECONDS, at most
# RABAT_INGEST_MAX_ATTEMPTS times in all, then rejected with the last reason.
RETRIED_REASONS = frozenset({"killed"})


def max_attempts() -> int:
    return _setting("RABAT_INGEST_MAX_ATTEMPTS", 3)


def _retry_later(item: IngestItem, exc: Rejected) -> bool:
    """Queue ``item`` again after a backoff when ``exc`` may pass on another try."""
    if exc.code not in RETRIED_REASONS or item.attempts >= max_attempts():
        return False
    delay = _setting("RABAT_INGEST_RETRY_SECONDS", 10) * 2 ** max(item.attempts - 1, 0)
    item.status = ItemStatus.QUEUED
    item.reason, item.reason_params = exc.code, exc.params
    item.not_before = timezone.now() + timedelta(seconds=delay)
    from core.tasks import task_backends

    from .tasks import ingest_queue_drain

    drain = ingest_queue_drain
    if task_backends["default"].supports_defer:
        drain = drain.using(run_after=item.not_before)
    drain.enqueue()  # "immediate" cannot defer: the next drain after not_before takes it
    log.warning("%s: %s; tried again in %s s", item.filename, exc.code, delay)
    return True


def _finish(item: IngestItem, parse_result) -> IngestItem:
    parsed, item.parse_seconds = parse_result
    if isinstance(parsed, Rejected):
        if _retry_later(item, parsed):
            return item
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
            item=item,
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


def run_extraction(parsed: ParsedText) -> tuple[dict, str]:
    """``(extraction, "")``, or ``(empty extraction, error)`` when the extraction failed.

    A failure is not hidden: it is logged with its traceback, and the caller records it on the
    ingest item (``failed_step``), where the jobs and review pages show it with an action to
    run the extraction again. The text and its passages are kept.
    """
    from .extract import empty_extraction, extract

    try:
        return extract(parsed), ""
    except Exception as exc:  # noqa: BLE001 - recorded on the item and shown, never silent
        log.exception("extraction failed")
        return empty_extraction(), f"{type(exc).__name__}: {exc}"[:2000]


def _record_failure(item: IngestItem | None, step: str, error: str) -> None:
    if item is not None:
        item.failed_step, item.error = (step, error) if error else ("", "")


def document_from_parsed(
    *,
    path: Path,
    filename: str,
    sha256: str,
    parsed: ParsedText,
    visibility: str,
    item: IngestItem | None = None,
) -> Document:
    """Document, passages and extraction draft of one parsed file, in one transaction.

    The stored file is removed again if anything in the transaction fails. A failed extraction
    keeps the document and its passages, with an empty draft; the failure is recorded on
    ``item``.
    """
    data, error = run_extraction(parsed)
    _record_failure(item, Step.EXTRACTION, error)
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
            passages_store(document=document, parsed=parsed)
            draft = ExtractionDraft.objects.create(document=document, data=data)
            quoted_figures_from_draft(draft=draft)
    except Exception:
        if stored_name:
            default_storage.delete(stored_name)
        raise
    return document


def passages_store(*, document: Document, parsed: ParsedText) -> list[Passage]:
    """Write the passages of ``document`` (which has none yet), and announce them, so the
    search index (``search.signals``) takes them in the same transaction."""
    rows = Passage.objects.bulk_create(passages_of(document, parsed), batch_size=1000)
    bulk_written.send(sender=Passage, instances=rows)
    return rows


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
    """Items left ``running`` by a worker that died: queued again, or given up after
    ``RABAT_INGEST_MAX_ATTEMPTS`` tries.

    A worker is known dead when its item's lease ran out (it renews the lease while it works,
    on any host) or, on this host, when its process is gone; items claimed before leases
    existed fall back to ``RABAT_INGEST_STALE_SECONDS``.
    """
    now = now or timezone.now()
    limit = now - timedelta(seconds=_setting("RABAT_INGEST_STALE_SECONDS", 900))
    running = IngestItem.objects.filter(status=ItemStatus.RUNNING)
    gone = [
        owner
        for owner in running.exclude(lease_owner="").values_list("lease_owner", flat=True)
        if process_gone(owner)
    ]
    stale = running.filter(
        Q(lease_until__lt=now)
        | Q(lease_owner__in=set(gone))
        | Q(lease_until__isnull=True, started_at__lt=limit)
    )
    given_up = stale.filter(attempts__gte=max_attempts()).update(
        status=ItemStatus.REJECTED,
        reason="worker_lost",
        reason_params={},
        finished_at=now,
        lease_owner="",
        lease_until=None,
    )
    retried = stale.filter(attempts__lt=max_attempts()).update(
        status=ItemStatus.QUEUED, started_at=None, lease_owner="", lease_until=None
    )
    return given_up + retried


def queue_recover() -> int:
    """Requeue the items of dead workers and make sure a drain task will take the queue.

    Registered with ``core.tasks.register_recovery``: every worker runs it when it starts and
    then every few seconds, so a file whose worker died is taken up again within the lease.
    """
    recovered = queue_requeue_stale()
    ready = Q(not_before__isnull=True) | Q(not_before__lte=timezone.now())
    if IngestItem.objects.filter(ready, status=ItemStatus.QUEUED).exists():
        from .tasks import ingest_queue_drain_enqueue

        ingest_queue_drain_enqueue(on_commit=False)
    return recovered


class lease_renewal:
    """While open, a thread renews the lease of this process's running items.

    Each renewal is one UPDATE on its own connection; one that fails (a locked SQLite file) is
    logged and tried again at the next beat, well before the lease runs out.
    """

    def __init__(self):
        self.stop = threading.Event()
        self.owner = worker_id()
        self.thread = threading.Thread(target=self._beat, name="rabat-lease", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stop.set()
        self.thread.join(timeout=10)

    def _beat(self) -> None:
        from django.db import OperationalError, connection

        every = max(lease_seconds() / 3, 0.5)
        try:
            while not self.stop.wait(every):
                try:
                    IngestItem.objects.filter(
                        status=ItemStatus.RUNNING, lease_owner=self.owner
                    ).update(lease_until=timezone.now() + timedelta(seconds=lease_seconds()))
                except OperationalError:
                    log.warning("ingestion lease not renewed; trying again", exc_info=True)
        finally:
            connection.close()


def _next(queued) -> IngestItem | None:
    while True:
        ready = queued.filter(Q(not_before__isnull=True) | Q(not_before__lte=timezone.now()))
        item = ready.select_related("batch").order_by("queued_at", "id").first()
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

    with (
        lease_renewal(),
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="rabat-parse") as pool,
    ):
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


# -- running the extraction again ----------------------------------------------------------


def document_parse(document: Document) -> ParsedText:
    """Read a stored document again, in the parser child process (``knowledge.worker``)."""
    with tempfile.TemporaryDirectory(prefix="rabat-reparse-") as folder:
        copy = Path(folder) / Path(document.file.name).name
        with document.file.open("rb") as source, open(copy, "wb") as target:
            for chunk in iter(lambda: source.read(1 << 20), b""):
                target.write(chunk)
        return worker.parse(copy)


def draft_extract_again(*, draft: ExtractionDraft, by, expected_version=None) -> str:
    """Read the draft's document again and replace its proposal by a new extraction.

    For a pending draft whose extraction failed (or is out of date). The outcome is recorded on
    the document's latest ingest item: a new failure, or none. Returns the error ("" when the
    extraction succeeded). Passages the document lacks are stored (and indexed) too.
    """
    if not roles_of(by).staff:
        raise PermissionDenied
    if not draft.document.file:
        raise ValidationError(_("This document has no stored file to read again."))
    if draft.state != DraftState.PENDING:
        raise ValidationError(
            _("Only a draft that is still to be reviewed can be extracted again.")
        )
    document = draft.document
    try:
        parsed = document_parse(document)
    except Rejected as exc:
        raise ValidationError(
            _("The document could not be read again: %(reason)s") % {"reason": exc}
        ) from exc
    data, error = run_extraction(parsed)
    with transaction.atomic():
        if not document.passages.exists():
            passages_store(document=document, parsed=parsed)
        save_versioned(draft, expected_version, data=data)
        quoted_figures_from_draft(draft=draft)
        IngestItem.objects.filter(
            pk__in=IngestItem.objects.filter(document=document).order_by("-id").values("pk")[:1]
        ).update(failed_step=Step.EXTRACTION if error else "", error=error)
    return error


# -- the documents shipped with the platform -----------------------------------------------


def corpus_ingest(*, folder: Path, parse=worker.parse) -> list[IngestItem]:
    """The documents shipped in ``folder`` (``reference/data/corpus``) through the pipeline.

    Each file ends with a document, its passages (in the search index) and an extraction
    draft. A document that ``rabat load_reference`` already holds (same SHA-256) gets what it
    lacks and keeps its hand-read title, kind and meeting; any other file is ingested as an
    upload would be (public). Idempotent: a document that has its passages and a draft is not
    read again, so a rerun takes a fraction of a second. Returns the items processed now (one
    batch, listed on the jobs page), failures recorded on them.
    """
    files = sorted(
        p for p in Path(folder).iterdir() if p.is_file() and p.suffix in (".txt", ".md", ".pdf")
    )
    todo: list[tuple[Path, Document | None]] = []
    done: list[Document] = []
    for path in files:
        document = Document.objects.filter(sha256=file_sha256(path)).order_by("pk").first()
        if document is None or not (document.passages.exists() and document.drafts.exists()):
            todo.append((path, document))
        else:
            done.append(document)
    # Figures follow each draft (a database built before they were records gets them; a
    # rerun with nothing to change writes nothing).
    for document in done:
        quoted_figures_from_draft(draft=document.drafts.order_by("-id").first())
    if not todo:
        return []
    batch = batch_create(
        paths=[(path.resolve(), path.name) for path, _document in todo],
        source="corpus",
        visibility="public",
    )
    items = list(batch.items.order_by("id"))
    for item, (_path, document) in zip(items, todo, strict=True):
        if not item_claim(item):
            continue
        if document is None:
            item_process(item=item, parse=parse)
        else:
            _complete(item, document, parse)
    return items


def _complete(item: IngestItem, document: Document, parse) -> None:
    """Passages and a draft for a document stored without them (reference data)."""
    started = time.perf_counter()
    path = Path(item.spool_path)
    item.size, item.sha256 = path.stat().st_size, document.sha256
    parsed, item.parse_seconds = _timed_parse(parse, path)
    if isinstance(parsed, Rejected):
        _reject(item, parsed)
    else:
        data, error = run_extraction(parsed)
        _record_failure(item, Step.EXTRACTION, error)
        with transaction.atomic():
            if not document.passages.exists():
                passages_store(document=document, parsed=parsed)
            if not document.drafts.exists():
                ExtractionDraft.objects.create(document=document, data=data)
        item.mime, item.language = parsed.mime, parsed.language or ""
        item.pages, item.passages = parsed.pages, len(parsed.blocks)
        item.status, item.document = ItemStatus.DONE, document
        quoted_figures_from_draft(draft=document.drafts.order_by("-id").first())
    _close(item, started)

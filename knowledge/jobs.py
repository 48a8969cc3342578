"""The embedded default: a background thread of the web process drains the ingestion queue.

No extra server is needed: after an upload, ``kick()`` starts one daemon thread (if none is
running) that processes queued files and stops when the queue is empty. The parsing itself
still happens in the parser child process (``knowledge.worker``). In production,
``rabat ingest_worker`` (cron or systemd) can drain the queue instead; set
``RABAT_INGEST_BACKGROUND = False`` then.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection

log = logging.getLogger(__name__)

_lock = threading.Lock()
_thread: threading.Thread | None = None
_pending = False


def kick() -> bool:
    """Make sure a drainer runs; True when a new thread was started."""
    global _thread, _pending
    if not getattr(settings, "RABAT_INGEST_BACKGROUND", True):
        return False
    with _lock:
        _pending = True
        if _thread is not None and _thread.is_alive():
            return False
        _thread = threading.Thread(target=_run, name="rabat-ingest", daemon=True)
        _thread.start()
        return True


def _run() -> None:
    global _thread, _pending
    from . import worker
    from .services import queue_drain

    try:
        while True:
            with _lock:
                _pending = False
            close_old_connections()
            try:
                queue_drain()
            except Exception:  # noqa: BLE001 - keep the web process serving
                log.exception("ingestion queue failed")
            with _lock:
                if not _pending:
                    _thread = None
                    return
    finally:
        worker.shutdown()
        connection.close()


def running() -> bool:
    thread = _thread
    return thread is not None and thread.is_alive()

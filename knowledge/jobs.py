"""After an upload: make sure a background task drains the ingestion queue.

The web process no longer ingests anything itself: ``kick()`` (run once the upload's
transaction committed) enqueues ``knowledge.tasks.ingest_queue_drain`` unless one is already
waiting, and a worker (``rabat db_worker``, started by ``make run``) runs it. A web process that
is killed or restarted therefore loses nothing, and several web servers share one queue.
"""

from __future__ import annotations


def kick() -> None:
    """Enqueue a drain of the ingestion queue (unless one is waiting to start)."""
    from .tasks import ingest_queue_drain_enqueue

    ingest_queue_drain_enqueue(on_commit=False)

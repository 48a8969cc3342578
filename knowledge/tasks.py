"""The knowledge library's background tasks (Django's tasks API, through ``core.tasks``).

An upload enqueues ``ingest_queue_drain`` once its transaction commits; a worker
(``rabat db_worker``) runs it. The task is idempotent: it drains whatever is queued, claiming
each file on its own, so two drains at once, or a drain run again after its worker died, never
ingest a file twice. The parsing itself happens in the parser child (``knowledge.worker``).
"""

from __future__ import annotations

from core.tasks import enqueue_on_commit, task


@task()
def ingest_queue_drain() -> int:
    """Ingest every queued file (oldest first); the number of files processed."""
    from . import worker
    from .services import queue_drain

    try:
        return queue_drain()
    finally:
        worker.shutdown()


def ingest_queue_drain_enqueue(*, on_commit: bool = True) -> None:
    """Make sure a drain will run: enqueue one unless one is already waiting to start.

    A drain that is running may already have passed a file queued now, so only a drain that
    has not started yet makes a new one unnecessary.
    """
    if _drain_waiting():
        return
    if on_commit:
        enqueue_on_commit(ingest_queue_drain)
    else:
        ingest_queue_drain.enqueue()


def _drain_waiting() -> bool:
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from core.tasks import task_backends

    if not isinstance(task_backends["default"], DatabaseBackend):
        return False
    return DBTaskResult.objects.ready().filter(task_path=ingest_queue_drain.module_path).exists()

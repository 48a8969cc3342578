"""Background work on Django's tasks API: the one place that imports it.

Django 6 ships the API as ``django.tasks``; on Django 5.2 the ``django-tasks`` backport provides
it as ``django_tasks``. Every module of the platform imports ``task``, ``task_backends`` and
``TaskResultStatus`` from here, so moving to Django 6 changes this import and nothing else.

The embedded backend is the database one (``django_tasks_db``): ``rabat db_worker`` runs the
tasks (``make run`` starts one beside the web server). A worker that dies leaves its task
"running"; ``tasks_recover()`` (run by ``rabat task_worker`` between tasks) puts the tasks of
workers that are gone back in the queue, and runs the recovery hooks that apps register (the
ingestion queue requeues files whose lease ran out).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable

from django.db import transaction

try:  # Django 6
    from django.tasks import TaskResultStatus, task, task_backends  # type: ignore[import-not-found]
except ImportError:  # Django 5.2: the backport
    from django_tasks import TaskResultStatus, task, task_backends

__all__ = [
    "TaskResultStatus",
    "enqueue_on_commit",
    "register_recovery",
    "task",
    "task_backends",
    "task_failed_list",
    "task_retry",
    "tasks_recover",
    "worker_id",
]

log = logging.getLogger(__name__)

_recovery_hooks: list[Callable[[], int]] = []


def worker_id() -> str:
    """``host:pid``: names the process that claims work, so a dead one can be recognised."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def process_gone(owner: str) -> bool:
    """True when ``owner`` (a ``worker_id()``) is a process of this host that no longer runs.

    Workers of other hosts cannot be checked from here; their work is recovered by its lease.
    """
    host, _sep, pid = owner.rpartition(":")
    pid = pid.split("-", 1)[0]  # a worker id may add "-<random>" to the pid
    if host != socket.gethostname()[:40] or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return _is_zombie(int(pid))


def _is_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def enqueue_on_commit(task_, *args, **kwargs) -> None:
    """Enqueue ``task_`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: task_.enqueue(*args, **kwargs))


def register_recovery(hook: Callable[[], int]) -> None:
    """Register a function that recovers an app's work left by a dead worker (returns a count).

    Apps call this from ``AppConfig.ready()``; ``tasks_recover()`` runs every hook.
    """
    if hook not in _recovery_hooks:
        _recovery_hooks.append(hook)


def _db_results():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects


def _uses_database_backend() -> bool:
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def tasks_recover() -> int:
    """Requeue tasks claimed by workers of this host that are gone, and run the apps' hooks.

    Tasks are idempotent, so running one again after its worker died is safe.
    """
    recovered = 0
    if _uses_database_backend():
        for result in _db_results().filter(status=TaskResultStatus.RUNNING):
            owner = result.worker_ids[-1] if result.worker_ids else ""
            if owner and process_gone(owner):
                recovered += (
                    _db_results()
                    .filter(pk=result.pk, status=TaskResultStatus.RUNNING)
                    .update(status=TaskResultStatus.READY, started_at=None)
                )
                log.warning("task %s of the gone worker %s queued again", result.pk, owner)
    for hook in _recovery_hooks:
        recovered += hook()
    return recovered


def task_failed_list(limit: int = 200):
    """The failed tasks of the database backend, newest first."""
    return _db_results().filter(status=TaskResultStatus.FAILED).order_by("-finished_at")[:limit]


def task_retry(*, result_id) -> str:
    """Enqueue the failed task ``result_id`` again, with the same arguments; the new id.

    The failed result is kept (it is the record of what happened); the retry is a new task.
    """
    from django.utils.module_loading import import_string

    result = _db_results().get(pk=result_id, status=TaskResultStatus.FAILED)
    new = import_string(result.task_path).enqueue(
        *result.args_kwargs["args"], **result.args_kwargs["kwargs"]
    )
    return str(new.id)

"""``rabat db_worker``: the database backend's worker, which also recovers dead workers' work.

It is django-tasks-db's ``db_worker`` (same options; core comes before django_tasks_db in
INSTALLED_APPS, so this one answers to the name) with two additions:

- its worker id is ``host:pid-random``, so a task it leaves "running" when it dies is known to
  be orphaned once that process is gone (``core.tasks.tasks_recover``);
- when it starts, and then every ``RABAT_TASKS_RECOVER_SECONDS`` (10 s) from a helper thread,
  it runs ``tasks_recover()``: the tasks of dead workers on this host are queued again, and the
  apps' recovery hooks run (the ingestion queue requeues files whose lease ran out, on any
  host). So a task whose worker dies is picked up again within the lease (30 s by default).

Several workers, on one host or several, may run at once (``docs/configuration.md``).
"""

from __future__ import annotations

import logging
import signal
import threading

from django.conf import settings
from django.db import OperationalError, connection
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands import db_worker

from core.tasks import tasks_recover, worker_id

log = logging.getLogger(__name__)


def _recover_forever(stop: threading.Event, every: float) -> None:
    try:
        while not stop.wait(every):
            try:
                tasks_recover()
            except OperationalError:  # a locked SQLite file: the next round tries again
                log.warning("recovery of dead workers' tasks postponed", exc_info=True)
    finally:
        connection.close()


class Command(db_worker.Command):
    help = "Run a database background worker (and requeue the work of workers that died)"

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=f"{worker_id()}-{get_random_string(8)}"[:64])

    def handle(self, *args, **options) -> None:
        if options.get("reload"):
            # The reloader runs the worker in a child process, whose pid the id must name.
            options["reload"] = False
        tasks_recover()
        stop = threading.Event()
        every = float(getattr(settings, "RABAT_TASKS_RECOVER_SECONDS", 10))
        thread = threading.Thread(
            target=_recover_forever, args=(stop, every), name="rabat-recover", daemon=True
        )
        thread.start()
        # The worker installs its own signal handlers; give the caller's back (a test, or
        # `call_command` from a script) when it returns.
        signals = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
        handlers = {sig: signal.getsignal(sig) for sig in signals}
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
            for sig, handler in handlers.items():
                signal.signal(sig, handler)

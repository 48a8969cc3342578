"""Ingestion as a background task: a dead worker's file is taken up again within the lease, a
parser child killed from outside is named as such and retried with backoff (issue 15)."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.tests.factories import UserFactory
from knowledge.models import IngestItem
from knowledge.reasons import Rejected
from knowledge.services import batch_create, queue_drain, queue_requeue_stale
from knowledge.worker import ParserChild, WorkerLimits, shutdown

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
MARKDOWN = (
    b"# Conclusions of the meeting\n\nThe partners of the Dialogue agreed on the plan.\n\n"
    b"1. Create a network of contact points on return\n"
)


@pytest.fixture(autouse=True)
def _stop_child():
    yield
    shutdown()


def _kill_when_started(child: ParserChild) -> None:
    """Stop the child as soon as it exists (before it can answer), then SIGKILL it, as the
    kernel's OOM killer or an operator would."""
    deadline = time.monotonic() + 30
    while child.process is None and time.monotonic() < deadline:
        time.sleep(0.001)
    process = child.process
    os.kill(process.pid, signal.SIGSTOP)
    time.sleep(0.2)
    os.kill(process.pid, signal.SIGKILL)


def killed_parse(path):
    """The real parser child, killed from outside while it reads ``path``."""
    child = ParserChild(WorkerLimits())
    killer = threading.Thread(target=_kill_when_started, args=(child,))
    killer.start()
    try:
        return child.parse(path)
    finally:
        killer.join()
        child.close()


def test_a_parser_child_killed_from_outside_is_reported_as_stopped_not_memory(tmp_path):
    path = tmp_path / "notes.md"
    path.write_bytes(MARKDOWN)
    with pytest.raises(Rejected) as caught:
        killed_parse(path)
    assert caught.value.code == "killed"
    assert "parser process was stopped" in str(caught.value)
    assert "memory" not in str(caught.value)


def _secretariat_client() -> Client:
    client = Client()
    client.force_login(UserFactory(role="Secretariat"))
    return client


def test_a_file_whose_parser_is_killed_is_retried_with_backoff_then_rejected_as_stopped(
    settings, tmp_path
):
    settings.RABAT_INGEST_RETRY_SECONDS = 60
    settings.RABAT_INGEST_MAX_ATTEMPTS = 3
    path = tmp_path / "notes.md"
    path.write_bytes(MARKDOWN)
    batch = batch_create(paths=[(path, "notes.md")], source="upload", visibility="public")
    item = batch.items.get()

    waits = []
    for attempt in (1, 2):
        before = timezone.now()
        assert queue_drain(parse=killed_parse) == 1
        item.refresh_from_db()
        assert (item.status, item.attempts, item.reason) == ("queued", attempt, "killed")
        waits.append((item.not_before - before).total_seconds())
        assert path.exists()  # the spooled upload is kept for the next try
        # Not tried again before its time...
        assert queue_drain(parse=killed_parse) == 0
        # ...and a drain task is waiting for that time.
        assert DBTaskResult.objects.filter(
            task_path="knowledge.tasks.ingest_queue_drain", run_after=item.not_before
        ).exists()
        IngestItem.objects.filter(pk=item.pk).update(not_before=timezone.now())
    assert 59 <= waits[0] <= 61 and 119 <= waits[1] <= 121  # backoff: 60 s, then 120 s

    assert queue_drain(parse=killed_parse) == 1
    item.refresh_from_db()
    assert (item.status, item.attempts, item.reason) == ("rejected", 3, "killed")
    assert not path.exists()
    page = _secretariat_client().get(f"/library/jobs/?batch={batch.pk}")
    assert "The parser process was stopped" in page.content.decode()


def test_a_killed_parser_is_retried_and_the_file_then_ingested(settings, tmp_path):
    settings.RABAT_INGEST_RETRY_SECONDS = 0
    path = tmp_path / "notes.md"
    path.write_bytes(MARKDOWN)
    batch = batch_create(paths=[(path, "notes.md")], source="command", visibility="public")
    calls = []

    def killed_once(file):
        from knowledge import worker

        calls.append(file)
        return killed_parse(file) if len(calls) == 1 else worker.parse(file)

    queue_drain(parse=killed_once)
    item = batch.items.get()
    assert (item.status, item.reason) == ("queued", "killed")
    queue_drain(parse=killed_once)  # the drain task enqueued for the retry
    item.refresh_from_db()
    assert (item.status, item.attempts, len(calls)) == ("done", 2, 2)


def test_an_item_whose_lease_ran_out_is_queued_again_whatever_its_host(tmp_path):
    path = tmp_path / "notes.md"
    path.write_bytes(MARKDOWN)
    item = batch_create(paths=[(path, "n.md")], source="command", visibility="public").items.get()
    now = timezone.now()
    IngestItem.objects.filter(pk=item.pk).update(
        status="running",
        started_at=now - datetime.timedelta(seconds=40),
        attempts=1,
        lease_owner="another-host:4242",
        lease_until=now + datetime.timedelta(seconds=5),
    )
    assert queue_requeue_stale() == 0  # its worker still renews the lease
    IngestItem.objects.filter(pk=item.pk).update(lease_until=now - datetime.timedelta(seconds=1))
    assert queue_requeue_stale() == 1
    item.refresh_from_db()
    assert (item.status, item.lease_owner) == ("queued", "")


# -- a worker killed while it holds an upload: separate processes on a SQLite file --------

DEAD_WORKER = """
import os, shutil, sys, time
from pathlib import Path
from core.tasks import worker_id
from django_tasks_db.models import DBTaskResult
from knowledge.services import batch_create_from_uploads, item_claim
from knowledge.tasks import ingest_queue_drain
from django.core.files.uploadedfile import SimpleUploadedFile

batch = batch_create_from_uploads(
    files=[SimpleUploadedFile("notes.md", Path(sys.argv[-1]).read_bytes())],
    user=None, visibility="public",
)
# What a worker running the drain task does: claim the task, then the file...
result = ingest_queue_drain.enqueue()
DBTaskResult.objects.get(pk=result.id).claim(worker_id())
assert item_claim(batch.items.get())
print("claimed", flush=True)
time.sleep(600)  # ...and is killed while it reads it.
"""

STATUS = """
from django_tasks_db.models import DBTaskResult
from knowledge.models import IngestItem
item = IngestItem.objects.get()
print(item.status, item.attempts, item.document_id is not None)
print(sorted(DBTaskResult.objects.values_list("status", flat=True)))
"""


@pytest.mark.django_db(transaction=True)
def test_an_upload_claimed_by_a_killed_worker_is_completed_within_the_lease(tmp_path):
    folder = tmp_path / "var"
    folder.mkdir()
    sample = tmp_path / "notes.md"
    sample.write_bytes(MARKDOWN)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "RABAT_VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'drill.sqlite3'}",
        "RABAT_TASKS_BACKEND": "database",
        "RABAT_INGEST_LEASE_SECONDS": "30",
    }
    rabat = str(Path(sys.executable).parent / "rabat")

    def run(*args, **kwargs):
        return subprocess.run(
            [rabat, *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=300,
            **kwargs,
        )  # fmt: skip

    migrated = run("migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr

    dead = subprocess.Popen(
        [sys.executable, "-c", _shell(DEAD_WORKER), str(sample)],
        env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        line = dead.stdout.readline()
        assert line.strip() == "claimed", dead.stderr.read()
    finally:
        os.kill(dead.pid, signal.SIGKILL)
        dead.communicate(timeout=30)
    killed_at = time.monotonic()

    worker = run("db_worker", "--batch", "--no-startup-delay", "--verbosity=0")
    assert worker.returncode == 0, worker.stderr
    took = time.monotonic() - killed_at
    status = run("shell", "--no-imports", "-c", textwrap.dedent(STATUS))
    assert status.returncode == 0, status.stderr
    item_line, tasks_line = status.stdout.strip().splitlines()
    assert item_line == "done 2 True"  # claimed twice: by the dead worker, then by the new one
    assert tasks_line == "['SUCCESSFUL']"  # the dead worker's task was run again, not left
    print(f"dead worker's upload completed {took:.1f} s after the kill")
    assert took < 30  # within the lease: nobody waited for it to run out


def _shell(code: str) -> str:
    """``python -c`` text that sets Django up, then runs ``code``."""
    return "import django; django.setup()\n" + textwrap.dedent(code)

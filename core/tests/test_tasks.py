"""Failed background tasks: the Secretariat sees them and runs one again with one button; a
focal point is refused (permission from ``core.roles``)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from core.tests.factories import UserFactory
from knowledge.tasks import ingest_queue_drain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def failed_task(monkeypatch):
    """A drain task that really failed in the worker: the queue's database call raised."""
    from knowledge import services

    def broken(**kwargs):
        raise RuntimeError("the spool directory is not mounted")

    original = services.queue_drain
    monkeypatch.setattr(services, "queue_drain", broken)
    result = ingest_queue_drain.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", "--verbosity=0")
    monkeypatch.setattr(services, "queue_drain", original)
    assert DBTaskResult.objects.get(pk=result.id).status == "FAILED"
    return result.id


def test_the_secretariat_sees_a_failed_task_and_runs_it_again(failed_task):
    client = Client()
    client.force_login(UserFactory(role="Secretariat"))
    page = client.get("/tasks/failed/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "knowledge.tasks.ingest_queue_drain" in html
    assert "RuntimeError: the spool directory is not mounted" in html
    assert f"/tasks/failed/{failed_task}/retry/" in html

    response = client.post(f"/tasks/failed/{failed_task}/retry/", follow=True)
    assert "The task was queued again." in response.content.decode()
    retried = DBTaskResult.objects.exclude(pk=failed_task).get()
    assert (retried.task_path, retried.status) == ("knowledge.tasks.ingest_queue_drain", "READY")
    call_command("db_worker", "--batch", "--no-startup-delay", "--verbosity=0")
    retried.refresh_from_db()
    assert retried.status == "SUCCESSFUL"
    assert DBTaskResult.objects.get(pk=failed_task).status == "FAILED"  # the record stays


def test_a_focal_point_neither_sees_nor_retries_failed_tasks(failed_task, partner_client):
    assert partner_client.get("/tasks/failed/").status_code == 403
    assert partner_client.post(f"/tasks/failed/{failed_task}/retry/").status_code == 403
    assert DBTaskResult.objects.count() == 1  # nothing was queued

"""The shared engine on a throw-away model: optimistic locking, steps, log, e-mails."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models

from core.tests.factories import UserFactory
from workflows.api import ConflictError
from workflows.engine import TransitionNotAllowed, Workflow, history
from workflows.locking import Conflict, save_versioned
from workflows.models import TransitionLog, VersionedModel

AT = datetime.datetime(2026, 2, 1, 12, 0, tzinfo=datetime.UTC)

FLOW = Workflow.from_dict(
    {
        "name": "demo",
        "initial": "open",
        "states": {
            "open": {"en": "Open", "fr": "Ouvert"},
            "closed": {"en": "Closed", "fr": "Fermé"},
            "refused": {"en": "Refused", "fr": "Refusé"},
        },
        "final": ["closed", "refused"],
        "transitions": [
            {"name": "close", "from": ["open"], "to": "closed", "by": ["owner"],
             "notify": ["owner", "watcher"], "label": {"en": "Close", "fr": "Fermer"}},
            {"name": "refuse", "from": ["open"], "to": "refused", "by": ["boss", "system"],
             "reason": True},
        ],
    }
)  # fmt: skip


class Ticket(VersionedModel):
    """A throw-away workflow record (table created for these tests only)."""

    state = models.CharField(max_length=20, default="open")
    title = models.CharField(max_length=50)
    owner = models.CharField(max_length=50)
    closable = models.BooleanField(default=True)

    class Meta:
        app_label = "workflows"

    def __str__(self):
        return self.title

    def workflow_actors(self, user):
        actors = set()
        if user.username == self.owner:
            actors.add("owner")
        if user.username == "boss":
            actors.add("boss")
        return actors

    def workflow_recipients(self, actor):
        return {"owner": [f"{self.owner}@example.org"], "watcher": ["watch@example.org", ""]}.get(
            actor, []
        )

    def check_transition(self, transition, user, *, at=None):
        if transition.name == "close" and not self.closable:
            raise ValidationError("Not closable yet.")
        self.checked_at = at


@pytest.fixture
def ticket(transactional_db):
    with connection.schema_editor() as editor:
        editor.create_model(Ticket)
    try:
        yield Ticket.objects.create(title="First", owner="ann")
    finally:
        TransitionLog.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.delete_model(Ticket)


def test_a_save_raises_the_version(ticket):
    save_versioned(ticket, 1, title="Second")
    ticket.refresh_from_db()
    assert (ticket.title, ticket.version) == ("Second", 2)


def test_a_stale_version_is_a_conflict_and_nothing_is_written(ticket):
    other = Ticket.objects.get(pk=ticket.pk)
    save_versioned(other, 1, title="By the other")
    with pytest.raises(Conflict) as caught:
        save_versioned(ticket, 1, title="Mine")
    assert caught.value.current.title == "By the other"
    assert caught.value.current_values()["version"] == 2
    ticket.refresh_from_db()
    assert (ticket.title, ticket.version) == ("By the other", 2)


def test_a_step_is_checked_logged_and_notified_after_the_commit(ticket):
    ann = UserFactory(username="ann")
    FLOW.perform(ticket, "close", user=ann, reason="  Done.  ", expected_version=1, at=AT)
    assert ticket.checked_at == AT  # the check saw the step's (frozen) time
    ticket.refresh_from_db()
    assert (ticket.state, ticket.version) == ("closed", 2)
    [step] = history(ticket)
    assert (step.transition, step.from_state, step.to_state) == ("close", "open", "closed")
    assert (step.actor, step.actor_label, step.at, step.reason) == (ann, "ann", AT, "Done.")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ann@example.org", "watch@example.org"]
    assert "Closed" in mail.outbox[0].subject and "Done." in mail.outbox[0].body
    [labelled] = FLOW.history(ticket)
    assert (labelled.transition_label, labelled.to_label) == ("Close", "Closed")


def test_refused_steps_write_nothing(ticket):
    ann, bob, boss = (UserFactory(username=n) for n in ("ann", "bob", "boss"))
    with pytest.raises(PermissionDenied):
        FLOW.perform(ticket, "close", user=bob, expected_version=1)
    with pytest.raises(TransitionNotAllowed, match="Please give a reason"):
        FLOW.perform(ticket, "refuse", user=boss, reason="   ", expected_version=1)
    with pytest.raises(TransitionNotAllowed, match="Unknown action"):
        FLOW.perform(ticket, "reopen", user=ann, expected_version=1)
    Ticket.objects.filter(pk=ticket.pk).update(closable=False)
    ticket.refresh_from_db()
    with pytest.raises(ValidationError, match="Not closable yet"):
        FLOW.perform(ticket, "close", user=ann, expected_version=1)
    ticket.refresh_from_db()
    assert (ticket.state, ticket.version) == ("open", 1)
    assert not history(ticket).exists() and mail.outbox == []


def test_a_step_from_a_final_state_is_refused(ticket):
    FLOW.perform(ticket, "refuse", user=None, reason="Scheduled", expected_version=1)
    ticket.refresh_from_db()
    assert history(ticket).get().actor_label == "system"
    with pytest.raises(TransitionNotAllowed, match="is not possible while the record is"):
        FLOW.perform(ticket, "close", user=UserFactory(username="ann"))


def test_a_step_on_a_stale_version_is_a_conflict(ticket):
    stale = Ticket.objects.get(pk=ticket.pk)
    save_versioned(ticket, 1, title="Renamed")
    with pytest.raises(Conflict):
        FLOW.perform(stale, "close", user=UserFactory(username="ann"))
    ticket.refresh_from_db()
    assert ticket.state == "open" and not history(ticket).exists()


def test_available_steps_follow_state_and_actor(ticket):
    ann, boss = UserFactory(username="ann"), UserFactory(username="boss")
    assert [t.name for t in FLOW.available(ticket, ann)] == ["close"]
    assert [t.name for t in FLOW.available(ticket, boss)] == ["refuse"]
    assert [t.name for t in FLOW.available(ticket, None)] == ["refuse"]


def test_a_conflict_answer_keeps_the_current_values_typed():
    error = ConflictError({"detail": "changed", "current": {"version": 3, "title": "x"}})
    assert error.detail["current"] == {"version": 3, "title": "x"}
    assert str(error.detail["detail"]) == "changed"

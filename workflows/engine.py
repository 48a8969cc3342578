"""Workflows whose states and transitions are data (a JSON file per workflow).

A definition file, e.g. ``labels/workflow.json``::

    {"name": "labelling", "initial": "draft",
     "states": {"draft": {"en": "Draft", "fr": "Brouillon"}, ...},
     "final": ["labelled", "declined", "withdrawn"],
     "transitions": [
        {"name": "submit", "from": ["draft"], "to": "submitted", "by": ["applicant"],
         "reason": false, "notify": ["secretariat"],
         "label": {"en": "Submit", "fr": "Soumettre"}}]}

``by`` names actors. The record's model says who the actors are for a user
(``workflow_actors(user) -> set[str]``); scheduled commands act as ``"system"`` (``user=None``).
``notify`` names actors whose e-mail addresses the model returns from
``workflow_recipients(actor) -> list[str]``. A model may define
``check_transition(transition, user)`` that raises ``ValidationError`` to refuse a step
(e.g. an application without any linked action cannot be submitted); if it also accepts an
``at`` keyword it receives the time of the step (scheduled commands pass a frozen clock).

``Workflow.perform`` is the only way a state changes: one transaction that checks the step,
the actor and the version (optimistic locking), saves, logs who/when/why in
``TransitionLog`` and queues the notifications for after the commit.
"""

from __future__ import annotations

import inspect
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .locking import save_versioned
from .models import TransitionLog

SYSTEM = "system"


class TransitionNotAllowed(ValidationError):
    """The step does not exist or is not possible from the record's current state."""


def _label(labels: dict | str) -> str:
    if isinstance(labels, str):
        return labels
    language = (get_language() or "en")[:2]
    return labels.get(language) or labels.get("en") or ""


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    actors: tuple[str, ...]
    needs_reason: bool
    notify: tuple[str, ...]
    labels: dict

    @property
    def label(self) -> str:
        return _label(self.labels)


@dataclass(frozen=True)
class Workflow:
    name: str
    initial: str
    states: dict
    final: tuple[str, ...]
    transitions: tuple[Transition, ...]

    @classmethod
    def from_file(cls, path: str | Path) -> Workflow:
        return _load(str(path))

    @classmethod
    def from_dict(cls, data: dict) -> Workflow:
        states = data["states"]
        transitions = tuple(
            Transition(
                name=t["name"],
                sources=tuple(t["from"]),
                target=t["to"],
                actors=tuple(t["by"]),
                needs_reason=bool(t.get("reason", False)),
                notify=tuple(t.get("notify", ())),
                labels=t.get("label", {"en": t["name"]}),
            )
            for t in data["transitions"]
        )
        workflow = cls(
            name=data["name"],
            initial=data["initial"],
            states=states,
            final=tuple(data.get("final", ())),
            transitions=transitions,
        )
        workflow.validate()
        return workflow

    def validate(self) -> None:
        problems = []
        if self.initial not in self.states:
            problems.append(f"initial state {self.initial!r} is not a state")
        names = [t.name for t in self.transitions]
        if len(names) != len(set(names)):
            problems.append("transition names repeat")
        for t in self.transitions:
            for state in (*t.sources, t.target):
                if state not in self.states:
                    problems.append(f"{t.name}: unknown state {state!r}")
        for state in self.final:
            if state not in self.states:
                problems.append(f"final state {state!r} is not a state")
        if problems:
            raise ValueError(f"workflow {self.name}: " + "; ".join(problems))

    # -- reading -------------------------------------------------------------------------
    def state_label(self, state: str) -> str:
        return _label(self.states.get(state, state))

    def state_choices(self) -> list[tuple[str, str]]:
        return [(key, _label(labels)) for key, labels in self.states.items()]

    def transition(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    def actors_of(self, record, user) -> set[str]:
        if user is None:
            return {SYSTEM}
        return set(record.workflow_actors(user))

    def available(self, record, user) -> list[Transition]:
        """The steps ``user`` may take on ``record`` now (for buttons and the API)."""
        actors = self.actors_of(record, user)
        return [
            t
            for t in self.transitions
            if record.state in t.sources and actors.intersection(t.actors)
        ]

    def history(self, record) -> list:
        """The log of ``record`` (oldest first), each step carrying ``transition_label``,
        ``from_label`` and ``to_label`` in the active language, for ``_history.html``."""
        steps = list(history(record))
        for step in steps:
            transition = self.transition(step.transition)
            step.transition_label = transition.label if transition else step.transition
            step.from_label = self.state_label(step.from_state)
            step.to_label = self.state_label(step.to_state)
        return steps

    def mermaid(self) -> str:
        """The states diagram, for the user guide."""
        lines = ["stateDiagram-v2", f"    [*] --> {self.initial}"]
        for t in self.transitions:
            for source in t.sources:
                lines.append(f"    {source} --> {t.target}: {t.name} ({', '.join(t.actors)})")
        for state in self.final:
            lines.append(f"    {state} --> [*]")
        return "\n".join(lines)

    # -- writing -------------------------------------------------------------------------
    def perform(
        self,
        record,
        name: str,
        *,
        user,
        reason: str = "",
        expected_version: int | None = None,
        changes: dict | None = None,
        at=None,
    ):
        """Take step ``name`` on ``record``. Raises ``TransitionNotAllowed`` (unknown step, wrong
        state, missing reason), ``PermissionDenied`` (not this user's step) or
        ``workflows.locking.Conflict`` (the record changed since it was read)."""
        transition = self.transition(name)
        if transition is None:
            raise TransitionNotAllowed(_("Unknown action “%(name)s”.") % {"name": name})
        at = at or timezone.now()
        with transaction.atomic():
            # Who first: a step that is never the user's is refused the same way in any
            # state (views answer 404), so the refusal says nothing about the record's state.
            if not self.actors_of(record, user).intersection(transition.actors):
                raise PermissionDenied(_("You may not do this."))
            if record.state not in transition.sources:
                raise TransitionNotAllowed(
                    _("“%(action)s” is not possible while the record is “%(state)s”.")
                    % {"action": transition.label, "state": self.state_label(record.state)}
                )
            reason = (reason or "").strip()
            if transition.needs_reason and not reason:
                raise TransitionNotAllowed(_("Please give a reason."))
            check = getattr(record, "check_transition", None)
            if check is not None:
                if "at" in inspect.signature(check).parameters:
                    check(transition, user, at=at)
                else:
                    check(transition, user)
            from_state = record.state
            save_versioned(record, expected_version, state=transition.target, **(changes or {}))
            TransitionLog.objects.create(
                content_type=ContentType.objects.get_for_model(type(record)),
                object_id=record.pk,
                workflow=self.name,
                transition=transition.name,
                from_state=from_state,
                to_state=transition.target,
                actor=user,
                actor_label=(user.get_username() if user is not None else SYSTEM),
                at=at,
                reason=reason,
            )
            recipients = self._recipients(record, transition)
            if recipients:
                subject = _("[Rabat Process] %(record)s: %(state)s") % {
                    "record": str(record)[:120],
                    "state": self.state_label(transition.target),
                }
                body = self._body(record, transition, user, reason)
                transaction.on_commit(
                    lambda: send_mail(
                        subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True
                    )
                )
        return record

    def _recipients(self, record, transition) -> list[str]:
        emails: list[str] = []
        for actor in transition.notify:
            for email in record.workflow_recipients(actor):
                if email and email not in emails:
                    emails.append(email)
        return emails

    def _body(self, record, transition, user, reason) -> str:
        lines = [
            _("%(record)s is now “%(state)s”.")
            % {"record": record, "state": self.state_label(transition.target)},
            _("Step: %(action)s, by %(actor)s.")
            % {"action": transition.label, "actor": user.get_username() if user else SYSTEM},
        ]
        if reason:
            lines.append(_("Reason: %(reason)s") % {"reason": reason})
        url = getattr(record, "get_absolute_url", None)
        if url is not None:
            lines.append(settings.SITE_URL.rstrip("/") + url())
        return "\n\n".join(lines)


@cache
def _load(path: str) -> Workflow:
    with open(path, encoding="utf-8") as handle:
        return Workflow.from_dict(json.load(handle))


def history(record):
    """The transition log of ``record``, oldest first."""
    return TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk
    ).select_related("actor")


__all__ = ["SYSTEM", "Transition", "TransitionNotAllowed", "Workflow", "history"]

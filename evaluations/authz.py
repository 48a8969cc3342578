"""Authorisation cases of the evaluation pages and API (see core/authz.py).

The Secretariat (and administrators) manage forms; the Steering Committee reads the results
of forms that are open or closed; the participants' page is reached by its token alone.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.authz import EVERYONE, STAFF, Case

RESULTS = STAFF | {"steering_committee"}


def setup(world) -> None:
    from meetings.tests.factories import MeetingFactory

    from .tests.factories import survey, tokens

    world.evaluation_meeting = MeetingFactory()
    world.evaluation_draft = survey(meeting=world.evaluation_meeting)
    world.evaluation_question = world.evaluation_draft.questions.order_by("position")[1]
    world.evaluation_open = survey(state="open", meeting=world.evaluation_meeting)
    world.evaluation_token = tokens(world.evaluation_open)[0]


def _draft(world):
    return {"pk": world.evaluation_draft.pk}


def _question(world):
    return {"pk": world.evaluation_draft.pk, "question": world.evaluation_question.pk}


def _open(world):
    return {"pk": world.evaluation_open.pk}


def _new_form(world):
    closes = timezone.localtime() + datetime.timedelta(days=10)
    return {
        "meeting": world.evaluation_meeting.pk,
        "title": "Evaluation of the workshop",
        "intro": "",
        "language": "en",
        "closes_at": closes.strftime("%Y-%m-%dT%H:%M"),
    }


def _edit_form(world):
    return {**_new_form(world), "version": world.evaluation_draft.version}


QUESTION = {"kind": "rating", "text": "Was the venue suitable?", "required": "on"}

CASES = [
    Case("evaluations:list", "list", RESULTS),
    Case("evaluations:list", "export", RESULTS, query="?export=csv"),
    Case("evaluations:create", "create", STAFF),
    Case("evaluations:create", "create", STAFF, method="POST", data=_new_form),
    Case("evaluations:detail", "view", STAFF, kwargs=_draft),
    Case("evaluations:edit", "change", STAFF, kwargs=_draft),
    Case("evaluations:edit", "change", STAFF, kwargs=_draft, method="POST", data=_edit_form),
    Case("evaluations:question-add", "create", STAFF, kwargs=_draft),
    Case("evaluations:question-add", "create", STAFF, kwargs=_draft, method="POST", data=QUESTION),
    Case("evaluations:question-edit", "change", STAFF, kwargs=_question),
    Case(
        "evaluations:question-edit",
        "change",
        STAFF,
        kwargs=_question,
        method="POST",
        data=QUESTION,
    ),
    Case("evaluations:question-delete", "delete", STAFF, kwargs=_question),
    Case("evaluations:question-delete", "delete", STAFF, kwargs=_question, method="POST"),
    Case(
        "evaluations:question-move",
        "change",
        STAFF,
        kwargs=_question,
        method="POST",
        data={"direction": "up"},
    ),
    Case("evaluations:links", "view", STAFF, kwargs=_draft),
    Case("evaluations:links", "create", STAFF, kwargs=_draft, method="POST", data={"count": 2}),
    Case(
        "evaluations:transition",
        "change",
        STAFF,
        kwargs=lambda w: {"pk": w.evaluation_draft.pk, "transition": "open"},
        method="POST",
        data=lambda w: {"version": w.evaluation_draft.version, "reason": ""},
    ),
    Case("evaluations:results", "view", RESULTS, kwargs=_open),
    Case("evaluations:results", "export", RESULTS, kwargs=_open, query="?export=csv"),
    Case("evaluations:answer", "view", EVERYONE, kwargs=lambda w: {"token": w.evaluation_token}),
    Case("api:evaluation-form-list", "list", RESULTS),
    Case("api:evaluation-form-detail", "view", RESULTS, kwargs=_open),
]

"""Writes for evaluation forms. Views, the admin, commands and tests all call these."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.cache import bump_content_version
from workflows.writes import WriteService, parent_touch, writes_for

from .choices import MAX_LINKS_PER_BATCH, FormState
from .models import WORKFLOW, Answer, EvaluationForm, Invitation, Question, Response, hash_token
from .validation import validate_answer


class AlreadyUsed(Exception):
    """The link was used already: one set of answers per link."""


class FormClosed(Exception):
    """The form does not accept answers (not open, or past its closing date)."""


QUESTIONS_FROZEN = gettext_lazy(
    "Questions can be changed only while the form is a draft: answers must match them."
)


def _require_draft(form: EvaluationForm) -> None:
    if not form.editable:
        raise ValidationError(QUESTIONS_FROZEN)


class EvaluationFormWrites(WriteService):
    """Create and edit an evaluation form (the Secretariat: ``restrict(user, "change")``);
    its state changes only through ``workflow.json``'s steps."""

    def prepare(self, record, *, by, creating: bool) -> None:
        if creating and record.created_by_id is None and getattr(by, "is_authenticated", False):
            record.created_by = by


class QuestionWrites(WriteService):
    """Add, edit and delete a question of a draft form (answers must match the questions).

    Who: whoever may change the form (``QuestionQuerySet.restrict`` follows the form's). A
    question write locks and raises the form's version first (``parent_touch``, parent
    before child), so a step taken on a form read before the question changed (opening it)
    is a conflict. A new question goes at the end. The choices' rules are the model's.
    """

    def may_create(self, by, values: dict) -> bool:
        form = values.get("form")
        return form is not None and (
            EvaluationForm.objects.restrict(by, "change").filter(pk=form.pk).exists()
        )

    def prepare(self, record, *, by, creating: bool) -> None:
        if creating and record.position is None and record.form_id:
            last = Question.objects.filter(form_id=record.form_id).aggregate(last=Max("position"))[
                "last"
            ]
            record.position = (last or 0) + 1
        if record.choices is not None:
            record.choices = list(record.choices)

    def clean(self, record, *, by, creating: bool, m2m: dict) -> None:
        if record.form_id:
            _require_draft(EvaluationForm._base_manager.get(pk=record.form_id))

    def before_delete(self, record, *, by) -> None:
        _require_draft(EvaluationForm._base_manager.get(pk=record.form_id))

    def create(self, *, by, values: dict, record=None):
        with transaction.atomic():
            self._touch_form(values.get("form") or getattr(record, "form", None), by)
            return super().create(by=by, values=values, record=record)

    def update(self, *, record, by, values: dict, expected_version=None):
        with transaction.atomic():
            self._touch_form(record.form, by)
            return super().update(
                record=record, by=by, values=values, expected_version=expected_version
            )

    def delete(self, *, record, by, expected_version=None) -> None:
        with transaction.atomic():
            self._touch_form(record.form, by)
            super().delete(record=record, by=by, expected_version=expected_version)

    @staticmethod
    def _touch_form(form, by) -> None:
        # A refused write rolls the touch back with it (one transaction).
        if form is not None and form.pk is not None:
            parent_touch(form, by=by)


def evaluation_form_create(
    *, meeting, title: str, closes_at, intro: str = "", language: str = "en", by=None
) -> EvaluationForm:
    """A new draft form (``EvaluationFormWrites``)."""
    return writes_for(EvaluationForm).create(
        by=by,
        values={
            "meeting": meeting,
            "title": title,
            "intro": intro,
            "language": language,
            "closes_at": closes_at,
        },
    )


def question_add(
    *,
    form: EvaluationForm,
    kind: str,
    text: str,
    required: bool = True,
    choices: Iterable[str] = (),
    help_text: str = "",
    by=None,
) -> Question:
    """Add a question at the end of a draft form (``QuestionWrites``)."""
    return writes_for(Question).create(
        by=by,
        values={
            "form": form,
            "kind": kind,
            "text": text,
            "help_text": help_text,
            "required": required,
            "choices": list(choices),
        },
    )


def question_update(*, question: Question, by=None, **changes) -> Question:
    """Change a question of a draft form (``QuestionWrites``)."""
    return writes_for(Question).update(record=question, by=by, values=changes)


def question_delete(*, question: Question, by=None) -> None:
    """Delete a question of a draft form (``QuestionWrites``)."""
    writes_for(Question).delete(record=question, by=by)


@transaction.atomic
def question_move(*, question: Question, offset: int) -> None:
    """Swap a question with its neighbour above (-1) or below (+1)."""
    parent_touch(question.form)  # the form first: the lock order of workflows.writes
    _require_draft(question.form)
    siblings = list(question.form.questions.order_by("position", "id"))
    index = siblings.index(question)
    other_index = index + offset
    if not 0 <= other_index < len(siblings):
        return
    other = siblings[other_index]
    a, b = question.position, other.position
    # Through a free position: the unique (form, position) constraint holds at every step.
    free = max(q.position for q in siblings) + 1
    Question.objects.filter(pk=question.pk).update(position=free)
    Question.objects.filter(pk=other.pk).update(position=a)
    Question.objects.filter(pk=question.pk).update(position=b)


class InvitationWrites(WriteService):
    """A participant's link: made with a fresh token, of which only the hash is stored (the
    token is on the new record as ``token``, for the writer to show once). Who: whoever may
    change the form; not on a closed form. Nothing else of a link is edited but its label."""

    def may_create(self, by, values: dict) -> bool:
        form = values.get("form")
        return form is not None and (
            EvaluationForm.objects.restrict(by, "change").filter(pk=form.pk).exists()
        )

    def prepare(self, record, *, by, creating: bool) -> None:
        if creating and not record.token_hash:
            record.token = secrets.token_urlsafe(24)  # 192 random bits
            record.token_hash = hash_token(record.token)
        record.label = (record.label or "").strip()[:254]

    def clean(self, record, *, by, creating: bool, m2m: dict) -> None:
        if creating and record.form_id:
            form = EvaluationForm._base_manager.get(pk=record.form_id)
            if form.state == FormState.CLOSED:
                raise ValidationError(LINKS_CLOSED)


LINKS_CLOSED = gettext_lazy("The form is closed: reopen it before adding links.")


@transaction.atomic
def invitations_generate(
    *, form: EvaluationForm, count: int = 0, labels: Iterable[str] = (), by
) -> list[tuple[Invitation, str]]:
    """Create links (``InvitationWrites``): ``count`` unlabelled ones, plus one per label
    (e.g. an e-mail address).

    Returns ``(invitation, token)`` pairs; the tokens exist only in this return value.
    """
    if form.state == FormState.CLOSED:
        raise ValidationError(LINKS_CLOSED)
    labels = [label.strip() for label in labels if label.strip()]
    total = count + len(labels)
    if total < 1:
        raise ValidationError(_("Ask for at least one link."))
    if total > MAX_LINKS_PER_BATCH:
        raise ValidationError(_("At most %(max)d links at a time.") % {"max": MAX_LINKS_PER_BATCH})
    writes = writes_for(Invitation)
    created = []
    for label in [""] * count + labels:
        invitation = writes.create(by=by, values={"form": form, "label": label})
        created.append((invitation, invitation.token))
    return created


def invitation_for_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("form__meeting")
        .filter(token_hash=hash_token(token))
        .first()
    )


def evaluation_answer_submit(*, invitation: Invitation, answers: dict, at=None) -> Response:
    """Record one participant's answers, once per link.

    ``answers`` maps each ``Question`` to its value (an int for ratings, a string for single
    choice and free text, a list for multiple choice, ``None`` when left empty). Everything is
    validated before anything is written; the link is claimed with a conditional update, so
    two simultaneous submissions with the same link cannot both succeed.
    """
    at = at or timezone.now()
    form = invitation.form
    questions = list(form.questions.all())
    cleaned = {}
    errors = {}
    for question in questions:
        try:
            cleaned[question] = validate_answer(question, answers.get(question))
        except ValidationError as error:
            errors[f"q{question.pk}"] = error.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if not form.accepts_answers(at):
            raise FormClosed
        claimed = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
            used_at=at
        )
        if not claimed:
            raise AlreadyUsed
        # The participant's page may be in the visitors' page cache: a new version retires it.
        bump_content_version()
        response = Response.objects.create(form=form)
        rows = []
        for question, value in cleaned.items():
            if value in (None, "", []):
                continue
            answer = Answer(response=response, question=question)
            if question.kind == "rating":
                answer.rating = value
            elif question.kind == "single":
                answer.selected = [value]
            elif question.kind == "multiple":
                answer.selected = list(value)
            else:
                answer.text = value
            rows.append(answer)
        Answer.objects.bulk_create(rows)
    return response


def forms_close_due(*, at=None) -> int:
    """Close every open form whose closing date is past (run by a scheduled command)."""
    at = at or timezone.now()
    closed = 0
    for form in EvaluationForm.objects.filter(state=FormState.OPEN, closes_at__lte=at):
        WORKFLOW.perform(form, "close", user=None, reason="closing date reached", at=at)
        closed += 1
    return closed

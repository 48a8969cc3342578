"""Evaluation forms of meetings: questions, anonymous per-participant links and answers.

Anonymity by construction: an ``Invitation`` records only that its link was used; the
``Response`` it produced carries no link to the invitation, the user or the time of answer,
and has a random identifier, so that neither the database's foreign keys nor the order of
identifiers tie answers to a link (see docs/guide/evaluation-forms.md).
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import RestrictedQuerySet, TimeStampedModel
from core.roles import roles_of
from meetings.models import Meeting
from workflows.engine import Workflow
from workflows.models import VersionedModel

from .choices import CHOICE_KINDS, MAX_CHOICES, FormLanguage, FormState, QuestionKind

MAX_CHOICE_LENGTH = 200

WORKFLOW = Workflow.from_file(Path(__file__).with_name("workflow.json"))


def hash_token(token: str) -> str:
    """The stored form of a link's token: only its SHA-256 is kept, never the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class EvaluationFormQuerySet(RestrictedQuerySet):
    write_service = "evaluations.services.EvaluationFormWrites"

    def restrict(self, user, action: str = "view"):
        """The Secretariat manages every form; the Steering Committee reads the results of
        forms that are open or closed (never drafts, never links); nobody else sees any."""
        roles = roles_of(user)
        if roles.staff:
            return self
        if action in ("view", "results") and roles.steering_committee:
            return self.exclude(state=FormState.DRAFT)
        return self.none()


class EvaluationForm(VersionedModel, TimeStampedModel):
    """A questionnaire that the participants of one meeting fill in anonymously."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        related_name="evaluation_forms",
    )
    title = models.CharField(_("title"), max_length=255)
    intro = models.TextField(_("introduction"), blank=True, max_length=4000)
    language = models.CharField(
        _("language"), max_length=2, choices=FormLanguage.choices, default=FormLanguage.EN
    )
    closes_at = models.DateTimeField(_("closes at"))
    state = models.CharField(
        _("state"), max_length=10, choices=FormState.choices, default=FormState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = EvaluationFormQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation form")
        verbose_name_plural = _("evaluation forms")
        ordering = ["-closes_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["draft", "open", "closed"]), name="evaluationform_state"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evaluations:detail", kwargs={"pk": self.pk})

    def get_results_url(self):
        return reverse("evaluations:results", kwargs={"pk": self.pk})

    @property
    def state_label(self) -> str:
        return WORKFLOW.state_label(self.state)

    def accepts_answers(self, at=None) -> bool:
        """Open and before its closing date: the state and the clock must both agree."""
        return self.state == FormState.OPEN and (at or timezone.now()) < self.closes_at

    @property
    def editable(self) -> bool:
        """Questions change only while the form is a draft: answers must match the questions."""
        return self.state == FormState.DRAFT

    # -- workflow hooks -------------------------------------------------------------------
    def workflow_actors(self, user) -> set[str]:
        return {"secretariat"} if roles_of(user).staff else set()

    def workflow_recipients(self, actor) -> list[str]:
        return []

    def check_transition(self, transition, user) -> None:
        if transition.target == FormState.OPEN:
            if not self.questions.exists():
                raise ValidationError(_("Add at least one question before opening the form."))
            if self.closes_at <= timezone.now():
                raise ValidationError(
                    _("The closing date is past: set a later closing date before opening.")
                )


class QuestionQuerySet(RestrictedQuerySet):
    """A question follows its form: seen and changed by whoever sees or changes the form."""

    write_service = "evaluations.services.QuestionWrites"

    def restrict(self, user, action: str = "view"):
        return self.filter(form__in=EvaluationForm.objects.restrict(user, action))


class Question(TimeStampedModel):
    """One question of an evaluation form, written in the form's language."""

    form = models.ForeignKey(
        EvaluationForm, verbose_name=_("form"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("explanation"), max_length=500, blank=True)
    required = models.BooleanField(_("answer required"), default=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    history = HistoricalRecords()

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["form", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["form", "position"], name="question_unique_position"),
            models.CheckConstraint(
                condition=Q(kind__in=["rating", "single", "multiple", "text"]),
                name="question_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.text}"

    @property
    def has_choices(self) -> bool:
        return self.kind in CHOICE_KINDS

    def clean(self):
        """The choices' rules, for the page, the admin and the write service alike."""
        choices = self.choices or []
        if self.has_choices:
            if len(choices) < 2:
                raise ValidationError(
                    {"choices": _("A choice question needs at least two choices.")}
                )
            if len(choices) > MAX_CHOICES:
                raise ValidationError(
                    {"choices": _("At most %(max)d choices.") % {"max": MAX_CHOICES}}
                )
            if len(set(choices)) != len(choices):
                raise ValidationError({"choices": _("Each choice must be different.")})
            if any(len(str(choice)) > MAX_CHOICE_LENGTH for choice in choices):
                raise ValidationError(
                    {
                        "choices": _("A choice may have at most %(max)d characters.")
                        % {"max": MAX_CHOICE_LENGTH}
                    }
                )
        elif choices:
            raise ValidationError({"choices": _("Only choice questions have choices.")})


class InvitationQuerySet(RestrictedQuerySet):
    """Links are the form managers' only (the Steering Committee never sees them)."""

    write_service = "evaluations.services.InvitationWrites"

    def restrict(self, user, action: str = "view"):
        return self.filter(form__in=EvaluationForm.objects.restrict(user, "change"))


class Invitation(models.Model):
    """One participant's link to a form: the token's hash, and whether it was used.

    The token itself is shown once, when the link is generated, and never stored.
    """

    form = models.ForeignKey(
        EvaluationForm,
        verbose_name=_("form"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    label = models.CharField(
        _("label"), max_length=254, blank=True, help_text=_("e.g. the participant's e-mail")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True, editable=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation link")
        verbose_name_plural = _("invitation links")
        ordering = ["form", "id"]

    def __str__(self):
        return self.label or f"#{self.pk}"


class Response(models.Model):
    """One anonymous set of answers: no invitation, no user, no time; a random identifier."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    form = models.ForeignKey(
        EvaluationForm, verbose_name=_("form"), on_delete=models.CASCADE, related_name="responses"
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["id"]

    def __str__(self):
        return str(self.id)


class Answer(models.Model):
    """The answer to one question within one anonymous response."""

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    selected = models.JSONField(_("choices selected"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="answer_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.rating or self.selected or self.text[:40]}"

"""The knowledge library: the text of each document passage by passage, the ingestion queue,
and the extraction drafts the Secretariat reviews."""

from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import RestrictedQuerySet
from core.roles import roles_of
from documents.models import Document
from workflows.engine import Workflow
from workflows.models import VersionedModel

from .choices import DraftState, ItemStatus, Step
from .reasons import reason_message

WORKFLOW_FILE = Path(__file__).resolve().parent / "workflow.json"


def review_workflow() -> Workflow:
    return Workflow.from_file(WORKFLOW_FILE)


class DocumentPartQuerySet(RestrictedQuerySet):
    """A part of a document (a passage, a figure it quotes) is visible when its document is (so a
    figure from a partners-only document is partners-only); changes are the Secretariat's."""

    def restrict(self, user, action: str = "view"):
        if action != "view":
            return self if roles_of(user).staff else self.none()
        return self.filter(document__in=Document.objects.restrict(user, "view"))


class StaffOnlyQuerySet(RestrictedQuerySet):
    """Ingestion records are the Secretariat's working material: staff only."""

    def restrict(self, user, action: str = "view"):
        return self if roles_of(user).staff else self.none()


class Passage(models.Model):
    """One block (heading, paragraph, list item) of a document's text, in reading order.

    Search indexes passages; tagging suggests framework items per passage. Fields may be added,
    never renamed.
    """

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="passages"
    )
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=12)
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    marker = models.CharField(_("marker"), max_length=12, blank=True)
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    heading = models.CharField(_("section"), max_length=500, blank=True)
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=8, blank=True)

    objects = DocumentPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("passage")
        verbose_name_plural = _("passages")
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="passage_unique_position")
        ]

    def __str__(self):
        return f"{self.document_id}#{self.position}"


class IngestBatch(models.Model):
    """Files sent together to the library (one upload, one ``rabat ingest`` run)."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=20, default="upload")
    visibility = models.CharField(_("visibility of the documents"), max_length=10)

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("ingestion batch")
        verbose_name_plural = _("ingestion batches")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"#{self.pk} ({self.created_at:%Y-%m-%d %H:%M})"


class IngestItem(models.Model):
    """One file of a batch and what became of it: queued, running, done (a document),
    duplicate (of an existing document) or rejected (with the reason)."""

    batch = models.ForeignKey(
        IngestBatch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="items"
    )
    filename = models.CharField(_("file name"), max_length=255)
    spool_path = models.CharField(_("waiting file"), max_length=500, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.QUEUED
    )
    reason = models.CharField(_("reason"), max_length=40, blank=True)
    reason_params = models.JSONField(_("reason details"), default=dict, blank=True)
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ingest_items",
    )
    mime = models.CharField(_("detected type"), max_length=100, blank=True)
    language = models.CharField(_("detected language"), max_length=8, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    passages = models.PositiveIntegerField(_("passages"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)
    # The worker that holds a running item ("host:pid") and until when; it renews the lease
    # while it works, so an item whose lease ran out (or whose worker is gone) is queued again.
    lease_owner = models.CharField(_("worker"), max_length=80, blank=True)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    # A queued item retried after a failure waits until then (backoff).
    not_before = models.DateTimeField(_("retry after"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    parse_seconds = models.FloatField(_("reading time (s)"), null=True, blank=True)
    total_seconds = models.FloatField(_("total time (s)"), null=True, blank=True)
    failed_step = models.CharField(
        _("failed step"),
        max_length=12,
        choices=Step.choices,
        blank=True,
        help_text=_("A step that failed after the text was stored; it can be run again."),
    )
    error = models.TextField(_("error"), blank=True)

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("ingested file")
        verbose_name_plural = _("ingested files")
        ordering = ["-batch_id", "id"]
        indexes = [models.Index(fields=["status", "queued_at"], name="ingestitem_queue_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""), name="ingestitem_rejected_reason"
            ),
        ]

    def __str__(self):
        return self.filename

    @property
    def reason_text(self) -> str:
        return reason_message(self.reason, self.reason_params) if self.reason else ""


class ExtractionDraft(VersionedModel):
    """What extraction proposes a document states (meeting, people, recommendations...), as
    JSON, until the Secretariat accepts it (creating the records) or rejects it."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="drafts"
    )
    data = models.JSONField(_("proposed fields"), default=dict)
    state = models.CharField(
        _("status"), max_length=10, choices=DraftState.choices, default=DraftState.PENDING
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("extraction draft")
        verbose_name_plural = _("extraction drafts")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.document} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("knowledge:review", kwargs={"pk": self.pk})

    # -- workflow hooks ------------------------------------------------------------------
    def workflow_actors(self, user) -> set[str]:
        return {"secretariat"} if roles_of(user).staff else set()

    def workflow_recipients(self, actor: str) -> list[str]:
        return []


class QuotedFigure(models.Model):
    """A figure a document quotes ("301,027 persons internally displaced", "95 participants"),
    kept with the sentence that states it and the passage it comes from."""

    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="quoted_figures",
        help_text=_("The document that quotes the figure."),
    )
    passage = models.ForeignKey(
        Passage,
        verbose_name=_("passage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quoted_figures",
        help_text=_("The passage of the document in which the sentence stands."),
    )
    value = models.DecimalField(
        _("value"),
        max_digits=24,
        decimal_places=4,
        help_text=_("The number, without separators (9.8 million is 9800000)."),
    )
    unit = models.CharField(
        _("unit"), max_length=20, blank=True, help_text=_("%, a currency, or empty for a count.")
    )
    text = models.CharField(
        _("figure as written"), max_length=100, help_text=_("As the document writes it.")
    )
    counts = models.CharField(
        _("what it counts"),
        max_length=200,
        blank=True,
        help_text=_("The words that follow the figure (persons, participants...)."),
    )
    sentence = models.TextField(_("sentence"), help_text=_("The sentence as quoted."))
    sentence_key = models.CharField(
        _("sentence key"),
        max_length=64,
        editable=False,
        help_text=_("SHA-256 of the sentence (and of which time the figure comes in it)."),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quoted_figures",
        help_text=_("The meeting the document reports on."),
    )
    country = models.ForeignKey(
        "partners.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quoted_figures",
        help_text=_("The country the sentence names, when it names exactly one."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = DocumentPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("quoted figure")
        verbose_name_plural = _("quoted figures")
        ordering = ["document", "passage__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "sentence_key", "text"], name="quotedfigure_unique_in_sentence"
            ),
            models.CheckConstraint(
                condition=~Q(text="") & ~Q(sentence=""), name="quotedfigure_text_and_sentence"
            ),
            models.CheckConstraint(
                condition=Q(sentence_key__regex=r"^[0-9a-f]{64}$"), name="quotedfigure_sentence_key"
            ),
        ]
        indexes = [models.Index(fields=["country", "document"], name="quotedfigure_country_idx")]

    def __str__(self):
        return f"{self.text} {self.counts}".strip()

    def get_absolute_url(self):
        """The sentence's passage in the document's text (the text itself when unplaced)."""
        url = reverse("knowledge:document", kwargs={"pk": self.document_id})
        return url + (f"#p{self.passage.position}" if self.passage_id else "")

import hashlib
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import (
    TimeStampedModel,
    TranslatableMixin,
    TranslatedField,
    Visibility,
    VisibilityQuerySet,
)
from frameworks.models import FrameworkItem
from meetings.models import Meeting
from partners.models import Country

from .choices import CONTENT_TYPES, DocumentKind, Language


def document_upload_to(instance, filename: str) -> str:
    return f"documents/{instance.date.year if instance.date else 'undated'}/{filename}"


def validate_extension(file) -> None:
    suffix = PurePath(file.name).suffix.lower()
    if suffix not in CONTENT_TYPES:
        raise ValidationError(
            _("Files of type %(suffix)s are not accepted; use PDF, DOCX, HTML, TXT or MD."),
            params={"suffix": suffix or "?"},
            code="file_type",
        )


class DocumentQuerySet(VisibilityQuerySet):
    write_service = "documents.services.DocumentWrites"

    def for_list(self):
        return self.select_related("meeting")


class Document(TranslatableMixin, TimeStampedModel):
    """A file of the Dialogue (summary of debates, conclusions, agenda, report...) with metadata.

    Partners-only documents do not exist for anonymous visitors (absent from lists, 404).
    """

    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=400)
    title_fr = models.CharField(_("title (French)"), max_length=400, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    file = models.FileField(
        _("file"), upload_to=document_upload_to, blank=True, validators=[validate_extension]
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True, editable=False)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    framework_items = models.ManyToManyField(
        FrameworkItem, verbose_name=_("framework items"), blank=True, related_name="documents"
    )
    countries = models.ManyToManyField(
        Country,
        verbose_name=_("countries mentioned"),
        blank=True,
        related_name="documents_mentioning",
    )
    source = models.TextField(_("source"), blank=True)
    history = HistoricalRecords()

    title = TranslatedField("title")
    description = TranslatedField("description")
    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = [models.F("date").desc(nulls_last=True), "slug"]
        indexes = [models.Index(fields=["date"], name="document_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256="") | Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="document_sha256_format",
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=["public", "partners"]),
                name="document_visibility_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:detail", kwargs={"slug": self.slug})

    def get_download_url(self):
        return reverse("documents:file", kwargs={"slug": self.slug})

    @property
    def extension(self) -> str:
        return PurePath(self.file.name).suffix.lower() if self.file else ""

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.extension, "application/octet-stream")

    def compute_file_facts(self) -> None:
        """Fill ``sha256`` and ``size`` from the attached file."""
        if not self.file:
            self.sha256, self.size = "", None
            return
        digest = hashlib.sha256()
        self.file.open("rb")
        try:
            for chunk in self.file.chunks():
                digest.update(chunk)
        finally:
            self.file.seek(0)
        self.sha256 = digest.hexdigest()
        self.size = self.file.size

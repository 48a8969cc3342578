from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import RestrictedQuerySet, TimeStampedModel, TranslatableMixin, TranslatedField
from frameworks.models import FrameworkItem

from .meetings import Meeting


class RecommendationQuerySet(RestrictedQuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)


class Recommendation(TranslatableMixin, TimeStampedModel):
    """A numbered conclusion or recommendation agreed at a meeting.

    Sub-points are recommendations whose ``parent`` is the numbered point they belong to.
    """

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("sub-point of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subpoints",
    )
    number = models.CharField(_("number"), max_length=12)
    order = models.PositiveIntegerField(_("order"), default=0)
    heading_en = models.CharField(_("heading (English)"), max_length=400, blank=True)
    heading_fr = models.CharField(_("heading (French)"), max_length=400, blank=True)
    text_en = models.TextField(_("text (English)"))
    text_fr = models.TextField(_("text (French)"), blank=True)
    addressee = models.CharField(_("addressed to"), max_length=255, blank=True)
    source_section = models.CharField(_("section of the document"), max_length=255, blank=True)
    framework_items = models.ManyToManyField(
        FrameworkItem,
        verbose_name=_("framework items"),
        blank=True,
        related_name="recommendations",
    )
    history = HistoricalRecords()

    heading = TranslatedField("heading")
    text = TranslatedField("text")
    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["meeting", "order"]
        constraints = [
            # Documents restart numbering per section (Malabo 2021), hence the section.
            models.UniqueConstraint(
                fields=["meeting", "source_section", "number"],
                condition=Q(parent__isnull=True),
                name="recommendation_unique_top_number",
            ),
            models.UniqueConstraint(
                fields=["parent", "number"],
                condition=Q(parent__isnull=False),
                name="recommendation_unique_subpoint_number",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")), name="recommendation_not_own_parent"
            ),
        ]

    def __str__(self):
        return f"{self.meeting.slug} #{self.full_number}"

    def clean(self):
        super().clean()
        # A sub-point belongs to its parent's meeting, one level deep ("3.a", never "3.a.i").
        if self.parent_id is None:
            return
        if self.parent.parent_id is not None:
            raise ValidationError(
                {"parent": _("A sub-point must belong to a numbered point, not to a sub-point.")}
            )
        if self.meeting_id is not None and self.parent.meeting_id != self.meeting_id:
            raise ValidationError(
                {"parent": _("A sub-point must belong to a point of the same meeting.")}
            )

    @property
    def full_number(self) -> str:
        if self.parent_id:
            return f"{self.parent.number}.{self.number}"
        return self.number

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"slug": self.meeting.slug}) + f"#rec-{self.pk}"

"""The knowledge library: the text of each document, passage by passage."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.models import Document


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

    class Meta:
        verbose_name = _("passage")
        verbose_name_plural = _("passages")
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="passage_unique_position")
        ]

    def __str__(self):
        return f"{self.document_id}#{self.position}"

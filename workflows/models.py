"""What every workflow shares: the transition log and the optimistic-locking version."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionedModel(models.Model):
    """A record edited by several people: ``version`` rises by one on every write.

    Writers say which version they read (a hidden form field, the API's ``version`` field);
    ``workflows.locking.save_versioned`` refuses the write when the record moved on.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class TransitionLog(models.Model):
    """One step of a workflow: who moved which record from which state to which, when and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    workflow = models.CharField(_("workflow"), max_length=40)
    transition = models.CharField(_("transition"), max_length=40)
    from_state = models.CharField(_("from"), max_length=40)
    to_state = models.CharField(_("to"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(
        _("by (as written)"), max_length=150, blank=True, help_text=_("Kept if the account goes.")
    )
    at = models.DateTimeField(_("at"), db_index=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.workflow}: {self.from_state} → {self.to_state}"

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    DUPLICATE = "duplicate", _("Duplicate")
    REJECTED = "rejected", _("Rejected")


class Step(models.TextChoices):
    """The steps a file goes through after it was read; a failed one is recorded on its item."""

    EXTRACTION = "extraction", _("Extraction")


FINISHED_STATUSES = (ItemStatus.DONE, ItemStatus.DUPLICATE, ItemStatus.REJECTED)


class DraftState(models.TextChoices):
    PENDING = "pending", _("Pending review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")

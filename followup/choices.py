from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPLEMENTED = "implemented", _("Implemented")
    SUPERSEDED = "superseded", _("Superseded")
    DROPPED = "dropped", _("Dropped")


# A recommendation in one of these states needs no more follow-up: never overdue nor stale.
CLOSED_STATUSES = (FollowUpStatus.IMPLEMENTED, FollowUpStatus.SUPERSEDED, FollowUpStatus.DROPPED)


class OwnerKind(models.TextChoices):
    COUNTRY = "country", _("Partner country")
    ORGANISATION = "organisation", _("Organisation")
    SECRETARIAT = "secretariat", _("Secretariat")
    NONE = "none", _("Not assigned")

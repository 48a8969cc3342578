"""Kinds, statuses and roles of initiatives; states of data-collection rounds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InitiativeKind(models.TextChoices):
    PROJECT = "project", _("Project")
    POLICY = "policy", _("Policy")
    LEGISLATION = "legislation", _("Legislation")
    STRATEGY = "strategy", _("Strategy")


class InitiativeStatus(models.TextChoices):
    """Each status maps to one IATI activity-status code (see ``IATI_STATUS``)."""

    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    SUSPENDED = "suspended", _("Suspended")


IATI_STATUS = {"planned": "1", "ongoing": "2", "completed": "4", "cancelled": "5", "suspended": "6"}


class OrganisationRole(models.TextChoices):
    """The IATI organisation roles (codes 1-4)."""

    FUNDING = "funding", _("Funding")
    ACCOUNTABLE = "accountable", _("Accountable")
    EXTENDING = "extending", _("Extending")
    IMPLEMENTING = "implementing", _("Implementing")


IATI_ROLE = {"funding": "1", "accountable": "2", "extending": "3", "implementing": "4"}


class RecordState(models.TextChoices):
    """Where an initiative record stands: a draft in a round, the validated (public) record,
    or a validated record replaced by a later round's validated version. ``IMPORTING``: a new
    record of an import that is still being written (``monitoring.io.rows``); no query of the
    default manager returns it, and it becomes a draft or a validated record only when the
    whole file is in."""

    DRAFT = "draft", _("Draft")
    VALIDATED = "validated", _("Validated")
    SUPERSEDED = "superseded", _("Superseded")
    IMPORTING = "importing", _("Being imported")


class RoundState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


ROUND_TRANSITIONS = {RoundState.DRAFT: {RoundState.OPEN}, RoundState.OPEN: {RoundState.CLOSED}}

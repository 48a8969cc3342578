"""Choices of the labelling workflow. The states and their transitions are data:
``labels/workflow.json`` (loaded by ``labels.workflow.WORKFLOW``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    PROJECT = "project", _("Project")
    EVENT = "event", _("Event")


class ActivityFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


# States in which the applicant (and the Secretariat) may still edit the application.
EDITABLE_STATES = ("draft", "changes_requested")
# States of a labelled activity: shown on the public pages and counted in the framework browser.
LABELLED_STATES = ("labelled", "reported")
# States reached only after the Steering Committee review opened (its members see these).
UNDECIDED_STATES = ("draft", "submitted", "changes_requested", "review", "objected")

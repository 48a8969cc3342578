"""Kinds of technical assistance and the workflow's states (the states are data: workflow.json)."""

from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.engine import Workflow

WORKFLOW_FILE = Path(__file__).resolve().parent / "workflow.json"
WORKFLOW = Workflow.from_file(WORKFLOW_FILE)

# What the public sees: a request once the Secretariat approved it (declined, withdrawn and
# pending requests stay between the requesting partner and the Secretariat).
PUBLIC_STATES = ("approved", "in_delivery", "delivered", "presented")
# The requester may still change the request's content.
EDITABLE_STATES = ("submitted",)


class AssistanceKind(models.TextChoices):
    TRAINING = "training", _("Training")
    EXPERTISE = "expertise", _("Expertise")
    STUDY = "study", _("Study")
    EQUIPMENT = "equipment", _("Equipment")
    EVENT = "event", _("Event")


def state_choices():
    """The workflow's states, labelled in the current language (for filters and forms)."""
    return WORKFLOW.state_choices()

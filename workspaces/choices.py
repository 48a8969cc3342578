from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    ROADMAP = "roadmap", _("Roadmap")
    FINAL_REPORT = "final_report", _("Final report")


class ThemeState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    RETAINED = "retained", _("Retained")
    NOT_RETAINED = "not_retained", _("Not retained")
    ADDRESSED = "addressed", _("Addressed")
    WITHDRAWN = "withdrawn", _("Withdrawn")

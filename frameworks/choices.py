from django.db import models
from django.utils.translation import gettext_lazy as _


class FrameworkKind(models.TextChoices):
    ACTION_PLAN = "action_plan", _("Action plan of the Rabat Process")
    JOINT_ACTION_PLAN = "joint_action_plan", _("Joint action plan")
    GLOBAL_COMPACT = "global_compact", _("Global compact")


class ItemKind(models.TextChoices):
    DOMAIN = "domain", _("Domain")
    OBJECTIVE = "objective", _("Objective")
    ACTION = "action", _("Action")
    PRIORITY = "priority", _("Cross-cutting priority")


# Display order of item kinds in a framework tree.
ITEM_KIND_ORDER = {
    ItemKind.DOMAIN: 0,
    ItemKind.OBJECTIVE: 1,
    ItemKind.ACTION: 2,
    ItemKind.PRIORITY: 3,
}


class CrosswalkRelation(models.TextChoices):
    CONTINUES = "continues", _("continues")
    OVERLAPS = "overlaps", _("overlaps")
    RELATES = "relates", _("relates to")

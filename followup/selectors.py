"""Read helpers other apps use (the stocktaking report)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .choices import FollowUpStatus
from .models import FollowUp

STALE_STATUS = _("%(status)s (stale)")


def stocktaking_statuses(recommendation_ids, user) -> dict:
    """``{recommendation id: status label}`` for the given recommendations, read through
    ``FollowUp.objects.restrict(user)`` (labels in the active language). An open
    recommendation without news is marked stale by the one rule, ``FollowUpQuerySet.stale``."""
    labels = dict(FollowUpStatus.choices)
    rows = (
        FollowUp.objects.restrict(user, "view")
        .filter(recommendation_id__in=list(recommendation_ids))
        .with_stale()
        .values_list("recommendation_id", "status", "is_stale")
    )
    return {
        recommendation_id: STALE_STATUS % {"status": labels[status]} if stale else labels[status]
        for recommendation_id, status, stale in rows
    }

"""Read helpers other apps use (the stocktaking report)."""

from __future__ import annotations

from .choices import FollowUpStatus
from .models import FollowUp


def stocktaking_statuses(recommendation_ids, user) -> dict:
    """``{recommendation id: status label}`` for the given recommendations, read through
    ``FollowUp.objects.restrict(user)`` (labels in the active language)."""
    labels = dict(FollowUpStatus.choices)
    rows = (
        FollowUp.objects.restrict(user, "view")
        .filter(recommendation_id__in=list(recommendation_ids))
        .values_list("recommendation_id", "status")
    )
    return {recommendation_id: labels[status] for recommendation_id, status in rows}

"""E-mail addresses for notifications: the Secretariat and a partner's focal points."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q

from core.roles import SECRETARIAT


def secretariat_emails() -> list[str]:
    users = get_user_model().objects.filter(
        Q(groups__name=SECRETARIAT) | Q(is_superuser=True), is_active=True
    )
    return sorted({email for email in users.values_list("email", flat=True) if email})


def partner_emails(*, country_id=None, organisation_id=None) -> list[str]:
    """The accounts of the partner's current focal points."""
    from partners.models import FocalPoint

    if country_id is None and organisation_id is None:
        return []
    condition = Q(country_id=country_id) if country_id else Q(organisation_id=organisation_id)
    points = (
        FocalPoint.objects.current()
        .filter(condition, user__isnull=False, user__is_active=True)
        .values_list("user__email", flat=True)
    )
    return sorted({email for email in points if email})

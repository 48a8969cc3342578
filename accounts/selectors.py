"""What the "My account" page shows: the roles, partners and domains of an account."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.roles import roles_of

from .twofactor import backup_codes_left, confirmed_totp, requires_two_factor


@dataclass
class AccountSummary:
    roles: list[str]
    countries: list
    organisations: list
    domains: list
    two_factor_required: bool
    two_factor_enabled: bool
    backup_codes_left: int


def role_labels(roles) -> list[str]:
    labels = []
    if roles.admin:
        labels.append(_("Administrator"))
    if roles.secretariat:
        labels.append(_("Secretariat"))
    if roles.chair:
        labels.append(_("Chair"))
    if roles.steering_committee:
        labels.append(_("Steering Committee member"))
    if roles.focal_point:
        labels.append(_("Focal point"))
    if roles.reference_item_ids:
        labels.append(_("Reference country"))
    if roles.authenticated and not labels:
        labels.append(_("Public"))
    return labels


def account_summary(user) -> AccountSummary:
    from frameworks.models import FrameworkItem
    from partners.models import Country, Organisation

    roles = roles_of(user)
    return AccountSummary(
        roles=role_labels(roles),
        countries=list(Country.objects.filter(pk__in=roles.country_ids).order_by("pk")),
        organisations=list(
            Organisation.objects.filter(pk__in=roles.organisation_ids).order_by("pk")
        ),
        domains=list(
            FrameworkItem.objects.filter(pk__in=roles.reference_item_ids)
            .select_related("framework")
            .order_by("pk")
        ),
        two_factor_required=requires_two_factor(user),
        two_factor_enabled=confirmed_totp(user) is not None,
        backup_codes_left=backup_codes_left(user),
    )

"""Who a user is in the Dialogue: the one place that turns an account into roles.

Roles come from two sources, both data:
- Django groups (``reference/data/roles.json``): Secretariat, Steering Committee, Chair,
  Focal points, Reference countries, Public; superusers are administrators;
- the Dialogue's own records: a current ``FocalPoint`` linked to the account makes the user
  act for that partner; a current ``ReferenceCountry`` of that partner makes the user a
  reference country for that domain; a current Chair or Steering Committee
  ``GovernanceRole`` of that partner makes the user Chair or a Steering Committee member.

A group alone gives no Dialogue role: the "Focal points" and "Reference countries" groups mean
nothing without a current record, so a focal point whose appointment ended, or a member of
"Reference countries" without a record, is Public.

Every view, API endpoint, export and workflow asks these functions, never the groups directly.
Results are memoised on the user object for the duration of a request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

SECRETARIAT = "Secretariat"
STEERING_COMMITTEE = "Steering Committee"
CHAIR = "Chair"
FOCAL_POINTS = "Focal points"
REFERENCE_COUNTRIES = "Reference countries"
PUBLIC = "Public"


@dataclass(frozen=True)
class Roles:
    """What one account may act as, today."""

    authenticated: bool = False
    admin: bool = False
    secretariat: bool = False
    steering_committee: bool = False
    chair: bool = False
    country_ids: frozenset[int] = field(default_factory=frozenset)
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    reference_item_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def staff(self) -> bool:
        """Secretariat or administrator: sees and manages every workflow record."""
        return self.admin or self.secretariat

    @property
    def focal_point(self) -> bool:
        return bool(self.country_ids or self.organisation_ids)

    @property
    def reference_country(self) -> bool:
        return bool(self.reference_item_ids)

    @property
    def partner(self) -> bool:
        """Any partner role: focal point, Steering Committee, Chair, Secretariat, admin."""
        return self.staff or self.steering_committee or self.chair or self.focal_point

    @property
    def sees_partner_content(self) -> bool:
        """Partners-only documents and their files, people's e-mails and telephones,
        partners-only initiatives and the figures counting them: any partner role."""
        return self.partner

    @property
    def public(self) -> bool:
        """A registered member of the public: signed in, no partner role."""
        return self.authenticated and not self.partner

    def acts_for_country(self, country_id) -> bool:
        return country_id is not None and country_id in self.country_ids

    def acts_for_organisation(self, organisation_id) -> bool:
        return organisation_id is not None and organisation_id in self.organisation_ids

    def follows_item(self, item_id) -> bool:
        return item_id is not None and item_id in self.reference_item_ids


ANONYMOUS = Roles()


def roles_of(user) -> Roles:
    """The roles of ``user`` (memoised on the user object for the request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_rabat_roles", None)
    if cached is not None:
        return cached
    roles = _compute(user)
    user._rabat_roles = roles
    return roles


def sees_partner_content(user) -> bool:
    """Whether ``user`` may see partners-only content (the one rule: ``Roles.partner``)."""
    return roles_of(user).sees_partner_content


def forget_roles(user) -> None:
    """Drop the memoised roles (after a change of groups or focal points)."""
    if hasattr(user, "_rabat_roles"):
        del user._rabat_roles


def _compute(user) -> Roles:
    from frameworks.models import ReferenceCountry
    from partners.choices import GovernanceRoleKind
    from partners.models import FocalPoint, GovernanceRole

    today = timezone.localdate()
    groups = set(user.groups.values_list("name", flat=True))
    focal = list(
        FocalPoint.objects.current(today)
        .filter(user=user)
        .values_list("country_id", "organisation_id")
    )
    country_ids = frozenset(c for c, _o in focal if c)
    organisation_ids = frozenset(o for _c, o in focal if o)
    governance = set()
    if focal:
        governance = set(
            GovernanceRole.objects.current(today)
            .filter(
                models_q(country_id__in=country_ids)
                | models_q(organisation_id__in=organisation_ids)
            )
            .values_list("kind", flat=True)
        )
    reference_items = frozenset()
    if country_ids:
        reference_items = frozenset(
            ReferenceCountry.objects.filter(country_id__in=country_ids)
            .filter(models_q(start_date__isnull=True) | models_q(start_date__lte=today))
            .filter(models_q(end_date__isnull=True) | models_q(end_date__gt=today))
            .values_list("item_id", flat=True)
        )
    return Roles(
        authenticated=True,
        admin=user.is_superuser,
        secretariat=user.is_superuser or SECRETARIAT in groups,
        steering_committee=STEERING_COMMITTEE in groups
        or GovernanceRoleKind.STEERING_COMMITTEE in governance,
        chair=CHAIR in groups or GovernanceRoleKind.CHAIR in governance,
        country_ids=country_ids,
        organisation_ids=organisation_ids,
        reference_item_ids=reference_items,
    )


def models_q(**kwargs):
    from django.db.models import Q

    return Q(**kwargs)

"""Reads of the labelling app: the actions one may link, who is told, what the pages show."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from core.roles import CHAIR, SECRETARIAT, STEERING_COMMITTEE
from frameworks.choices import ItemKind
from frameworks.models import FrameworkItem
from frameworks.selectors import plan_in_force
from partners.choices import GovernanceRoleKind
from partners.models import FocalPoint, GovernanceRole

from .models import LabelApplication


def current_actions(on=None):
    """The actions a new application may link: those of the action plan in force on ``on``
    (today)."""
    plan = plan_in_force(on)
    if plan is None:
        return FrameworkItem.objects.none()
    return (
        FrameworkItem.objects.filter(framework=plan, kind=ItemKind.ACTION)
        .select_related("framework")
        .order_by("sort_order", "id")
    )


def _emails(users) -> list[str]:
    return sorted({u.email for u in users.filter(is_active=True).exclude(email="").only("email")})


def _governance_users(kind: str):
    today = timezone.localdate()
    holders = GovernanceRole.objects.current(today).filter(kind=kind)
    focal = FocalPoint.objects.current(today).filter(
        Q(country_id__in=holders.values("country_id"))
        | Q(organisation_id__in=holders.values("organisation_id"))
    )
    return focal.values("user_id")


def recipients(application: LabelApplication, actor: str) -> list[str]:
    """E-mail addresses of the people a step concerns, by actor of the workflow."""
    User = get_user_model()
    today = timezone.localdate()
    if actor == "secretariat":
        return _emails(User.objects.filter(groups__name=SECRETARIAT))
    if actor == "applicant":
        focal = FocalPoint.objects.current(today).filter(
            Q(country_id=application.lead_country_id)
            if application.lead_country_id
            else Q(organisation_id=application.lead_organisation_id)
        )
        return _emails(User.objects.filter(id__in=focal.values("user_id")))
    if actor == "steering_committee":
        return _emails(
            User.objects.filter(
                Q(groups__name=STEERING_COMMITTEE)
                | Q(id__in=_governance_users(GovernanceRoleKind.STEERING_COMMITTEE))
            )
        )
    if actor == "chair":
        return _emails(
            User.objects.filter(
                Q(groups__name=CHAIR) | Q(id__in=_governance_users(GovernanceRoleKind.CHAIR))
            )
        )
    return []


def labelled_pairs(item_ids, user):
    """``(item_id, application_id)`` for the framework browser: labelled activities only."""
    return (
        LabelApplication.objects.restrict(user)
        .labelled()
        .filter(links__item_id__in=item_ids)
        .values_list("links__item_id", "id")
        .order_by()
    )


def labelled_records(item_ids, user):
    linked = LabelApplication.objects.filter(links__item_id__in=item_ids).values("id")
    return (
        LabelApplication.objects.restrict(user)
        .labelled()
        .filter(id__in=linked)
        .select_related("lead_country", "lead_organisation")
        .order_by(*LabelApplication._meta.ordering)
    )


def country_labels(country, user) -> dict:
    """The country profile's section: labelled activities led or co-organised by it."""
    from django.urls import reverse

    # One query for both lists (a profile page already runs many).
    rows = list(
        LabelApplication.objects.restrict(user)
        .labelled()
        .filter(Q(lead_country=country) | Q(co_organising_countries=country))
        .distinct()
        .select_related("lead_country", "lead_organisation")
        .order_by(*LabelApplication._meta.ordering)[:40]
    )
    led = [a for a in rows if a.lead_country_id == country.pk]
    co = [a for a in rows if a.lead_country_id != country.pk]
    return {
        "led": led[:20],
        "co_organised": co[:20],
        "list_url": reverse("labels:list") + f"?partner={country.iso2}",
    }

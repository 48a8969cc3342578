"""What technical assistance plugs into the framework browser and the country profile.

Both show only requests in public states (approved or later), whoever looks: their counts
and bodies are cached per audience (visitors / partner accounts), and one focal point's
pending request must not appear to another partner through a shared cache.
"""

from functools import cache as once

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.registry import (
    LinkedKind,
    ProfileSection,
    Tally,
    country_sections,
    dated_between,
    framework_links,
)

from .models import AssistanceRequest

VISITOR = AnonymousUser()


def public_requests():
    return AssistanceRequest.objects.restrict(VISITOR, "view")


def assistance_pairs(item_ids, user):
    return (
        public_requests()
        .filter(framework_items__in=item_ids)
        .values_list("framework_items", "id")
        .order_by()
    )


def assistance_facts(ids):
    """Requests in public states (seen by everyone), dated by the day they were made."""
    rows = (
        public_requests()
        .filter(id__in=ids)
        .values_list("id", "framework_items", "created_at")
        .filter(framework_items__isnull=False)
    )
    for request, item, created in rows:
        day = timezone.localdate(created) if created else None
        yield request, item, True, day, day, ""


def assistance_records(item_ids, user):
    linked = AssistanceRequest.objects.filter(framework_items__in=item_ids).values("id")
    return public_requests().filter(id__in=linked).for_list().order_by("-created_at")


def country_assistance(country, user):
    requests = public_requests().filter(requesting_country=country).for_list()
    return {
        "requests": requests[:10],
        "requests_count": once(requests.count),
        "list_url": reverse("assistance:list") + f"?country={country.iso2}",
    }


def register() -> None:
    framework_links.register(
        LinkedKind(
            key="assistance",
            label=lambda: _("Technical assistance"),
            pairs=assistance_pairs,
            records=assistance_records,
            template="assistance/includes/request_rows.html",
            list_url=lambda: reverse("assistance:list"),
            # A request counts in the period in which it was made.
            dates=dated_between("created_at__date"),
            order=50,
            tally=Tally(
                model=AssistanceRequest,
                facts=assistance_facts,
                links=AssistanceRequest.framework_items.through,
                record_field="assistancerequest",
                item_field="frameworkitem",
            ),
        )
    )
    country_sections.register(
        ProfileSection(
            key="assistance",
            template="assistance/includes/country_assistance.html",
            context=country_assistance,
            order=50,
        )
    )

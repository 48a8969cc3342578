"""What the monitoring app plugs into the framework browser and the country profile.

Framework counts and profile sections are cached per audience (visitors / partner accounts),
so they show validated records only: a focal point's drafts would otherwise reach the cache
shared by every partner account.
"""

from functools import cache as once

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import user_sees_partner_content
from core.registry import LinkedKind, ProfileSection, country_sections, framework_links

from .choices import RecordState
from .models import CoverageEntry, CoverageFigure, Initiative


def _validated(user):
    return Initiative.objects.restrict(user).filter(record_state=RecordState.VALIDATED)


def initiative_pairs(item_ids, user):
    return (
        _validated(user)
        .filter(framework_items__in=item_ids)
        .values_list("framework_items", "id")
        .order_by()
    )


def initiative_rollup(item_ids, user):
    """Validated initiatives per item, items below included: the sums of the coverage
    figures (``monitoring.coverage``), which count each initiative once per item."""
    figures = CoverageFigure.objects.filter(
        dimension=CoverageEntry.Dimension.ITEM, key__in=list(item_ids)
    )
    if not user_sees_partner_content(user):
        figures = figures.filter(public=True)
    return dict(
        figures.values("key").annotate(n=Sum("initiatives")).values_list("key", "n").order_by()
    )


def initiative_records(item_ids, user):
    linked = Initiative.objects.filter(framework_items__in=item_ids).values("id")
    return _validated(user).filter(id__in=linked).select_related("country").order_by("-start_date")


def country_initiatives(country, user):
    from django.db.models import Q

    visible = _validated(user).select_related("country")
    concerned = visible.filter(Q(country=country) | Q(countries__country=country)).distinct()
    return {
        "initiatives": concerned.order_by("-start_date")[:50],
        "initiative_count": once(concerned.count),
        "list_url": reverse("monitoring:initiatives") + f"?country={country.iso2}",
        "reported_url": reverse("monitoring:initiatives") + f"?reported_by={country.iso2}",
    }


def register() -> None:
    framework_links.register(
        LinkedKind(
            key="initiatives",
            label=lambda: _("Initiatives"),
            pairs=initiative_pairs,
            records=initiative_records,
            rollup=initiative_rollup,
            template="monitoring/includes/initiative_rows.html",
            list_url=lambda: reverse("monitoring:initiatives"),
            order=50,
        )
    )
    country_sections.register(
        ProfileSection(
            key="initiatives",
            template="monitoring/includes/country_initiatives.html",
            context=country_initiatives,
            order=50,
        )
    )

"""What the meetings app plugs into the framework browser and the country profile."""

from functools import cache as once

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import (
    LinkedKind,
    ProfileSection,
    country_sections,
    dated_between,
    framework_item_links,
    framework_links,
)

from .models import Meeting, Recommendation

meeting_pairs, meeting_records = framework_item_links(
    Meeting, order_by=("-start_date",), select_related=("country",)
)
recommendation_pairs, recommendation_records = framework_item_links(
    Recommendation,
    order_by=("-meeting__start_date", "order"),
    select_related=("meeting", "parent"),
)


def country_meetings(country, user):
    visible = Meeting.objects.restrict(user).select_related("country")
    hosted = visible.filter(Q(country=country) | Q(roles__kind="host", roles__country=country))
    chaired = visible.filter(roles__kind__in=["chair", "co_chair"], roles__country=country)
    attended = visible.filter(participating_countries=country)
    return {
        "hosted": hosted.distinct().order_by("-start_date")[:50],
        # Counts are callables: they run only if the (cached) page body is rendered.
        "hosted_count": once(hosted.distinct().count),
        "chaired": chaired.distinct().order_by("-start_date")[:50],
        "chaired_count": once(chaired.distinct().count),
        "attended": attended.order_by("-start_date")[:50],
        "attended_count": once(attended.count),
        "list_url": reverse("meetings:list") + f"?country={country.iso2}",
        "attended_url": reverse("meetings:list") + f"?participant={country.iso2}",
        "chaired_url": reverse("meetings:list") + f"?chaired_by={country.iso2}",
    }


def register() -> None:
    framework_links.register(
        LinkedKind(
            key="meetings",
            label=lambda: _("Meetings"),
            pairs=meeting_pairs,
            records=meeting_records,
            template="meetings/includes/meeting_rows.html",
            list_url=lambda: reverse("meetings:list"),
            order=10,
            dates=dated_between("start_date", "end_date"),
        )
    )
    framework_links.register(
        LinkedKind(
            key="recommendations",
            label=lambda: _("Recommendations"),
            pairs=recommendation_pairs,
            records=recommendation_records,
            template="meetings/includes/recommendation_rows.html",
            list_url=lambda: reverse("meetings:recommendations"),
            order=30,
            dates=dated_between("meeting__start_date", "meeting__end_date"),
        )
    )
    country_sections.register(
        ProfileSection(
            key="meetings",
            template="meetings/includes/country_meetings.html",
            context=country_meetings,
            order=10,
        )
    )

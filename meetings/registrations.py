"""What the meetings app plugs into the framework browser and the country profile."""

from functools import cache as once

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import (
    LinkedKind,
    ProfileSection,
    Tally,
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


def meeting_facts(ids):
    """Every meeting is seen by everyone: its links, dated by the meeting."""
    for meeting, item, start, end in Meeting.framework_items.through.objects.filter(
        meeting_id__in=ids
    ).values_list("meeting_id", "frameworkitem_id", "meeting__start_date", "meeting__end_date"):
        yield meeting, item, True, start, end, ""


def recommendation_facts(ids):
    """Recommendations, dated by their meeting, with their follow-up status ("" for none)."""
    rows = Recommendation.framework_items.through.objects.filter(
        recommendation_id__in=ids
    ).values_list(
        "recommendation_id",
        "frameworkitem_id",
        "recommendation__meeting__start_date",
        "recommendation__meeting__end_date",
        "recommendation__follow_up__status",
    )
    for rec, item, start, end, status in rows:
        yield rec, item, True, start, end, status or ""


def _follow_up_model():
    from django.apps import apps

    return apps.get_model("followup", "FollowUp") if apps.is_installed("followup") else None


def recommendation_tally():
    watch = [(Meeting, lambda meeting: list(meeting.recommendations.values_list("pk", flat=True)))]
    follow_up = _follow_up_model()
    if follow_up is not None:
        watch.append((follow_up, lambda f: [f.recommendation_id]))
    return Tally(
        model=Recommendation,
        facts=recommendation_facts,
        links=Recommendation.framework_items.through,
        record_field="recommendation",
        item_field="frameworkitem",
        watch=tuple(watch),
    )


def country_meetings(country, user):
    visible = Meeting.objects.restrict(user).select_related("country")
    hosted = visible.filter(Q(country=country) | Q(roles__kind="host", roles__country=country))
    chaired = visible.filter(roles__kind__in=["chair", "co_chair"], roles__country=country)
    # Attended: only meetings with a Participation row (a source says the country took part).
    # Meetings whose sources merely name the country are "mentioned", listed apart.
    attended = visible.filter(participations__country=country).distinct()
    mentioned = visible.filter(participating_countries=country).exclude(
        participations__country=country
    )
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
        "mentioned": mentioned.order_by("-start_date")[:50],
        "mentioned_count": once(mentioned.count),
        "mentioned_url": reverse("meetings:list") + f"?named={country.iso2}",
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
            tally=Tally(
                model=Meeting,
                facts=meeting_facts,
                links=Meeting.framework_items.through,
                record_field="meeting",
                item_field="frameworkitem",
            ),
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
            tally=recommendation_tally(),
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

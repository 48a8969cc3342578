"""What the knowledge library plugs into the country profile and the meeting page: the figures
the documents quote."""

from functools import cache as once

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import ProfileSection, country_sections, meeting_sections

from .models import QuotedFigure

SHOWN = 20


def visible_figures(user):
    """Quoted figures the user may see, with what their rows show."""
    return (
        QuotedFigure.objects.restrict(user, "view")
        .select_related("document", "passage", "meeting", "country")
        .order_by("document__date", "document_id", "passage__position", "id")
    )


def country_figures(country, user):
    figures = visible_figures(user).filter(country=country)
    return {
        "figures": figures[:SHOWN],
        "figures_count": once(figures.count),  # runs only if the (cached) body is rendered
        "list_url": reverse("knowledge:figures") + f"?country={country.iso2}",
    }


def meeting_figures(meeting, user):
    figures = list(visible_figures(user).filter(meeting=meeting))
    if not figures:
        return None
    return {
        "title": _("Figures quoted"),
        "count": len(figures),
        "figures": figures,
        "list_url": reverse("knowledge:figures") + f"?meeting={meeting.slug}",
    }


def register() -> None:
    country_sections.register(
        ProfileSection(
            key="figures",
            template="knowledge/includes/country_figures.html",
            context=country_figures,
            order=25,
        )
    )
    meeting_sections.register(
        ProfileSection(
            key="figures",
            template="knowledge/includes/meeting_figures.html",
            context=meeting_figures,
            order=10,
        )
    )

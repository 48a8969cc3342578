"""The home page's figures: current Chair, current action plan coverage, recent activity."""

from __future__ import annotations

from django.utils import timezone

from core.cache import cached
from core.registry import framework_links
from documents.models import Document
from frameworks.choices import ItemKind
from frameworks.selectors import plan_in_force, rolled_up_counts
from meetings.models import Meeting
from partners.models import Country, Organisation
from partners.selectors import current_chair


def home_context(user) -> dict:
    today = timezone.localdate()
    plan = plan_in_force(today)
    coverage = []
    if plan is not None:
        # The current plan continues its predecessors: their work counts under it here.
        roots, _nodes = rolled_up_counts(plan, user, include_crosswalks=True)
        coverage = [n for n in roots if n.item.kind == ItemKind.DOMAIN]
    counts = cached(
        "home-counts",
        lambda: {
            "countries": Country.objects.current().count(),
            "organisations": Organisation.objects.filter(
                standing__in=["partner", "permanent_observer"]
            ).count(),
            "meetings": Meeting.objects.count(),
        },
    )
    meetings = Meeting.objects.restrict(user).select_related("country")
    return {
        "chair": current_chair(today),
        "plan": plan,
        "coverage": coverage,
        "kinds": list(framework_links),
        "coverage_max": max([n.total for n in coverage] + [1]),
        "counts": counts,
        "recent_meetings": meetings.filter(start_date__lte=today).order_by("-start_date")[:6],
        "upcoming_meetings": meetings.filter(start_date__gt=today).order_by("start_date")[:4],
        "latest_documents": Document.objects.restrict(user).select_related("meeting")[:6],
    }

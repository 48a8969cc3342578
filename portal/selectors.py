"""The home page's figures: current Chair, current action plan coverage, recent activity."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from core.cache import cached
from core.registry import framework_links
from documents.models import Document
from frameworks.choices import FrameworkKind, ItemKind
from frameworks.models import Framework
from frameworks.selectors import rolled_up_counts
from meetings.models import Meeting
from partners.models import Country, Organisation
from partners.selectors import current_chair


def current_action_plan(on=None) -> Framework | None:
    year = (on or timezone.localdate()).year
    plans = Framework.objects.filter(kind=FrameworkKind.ACTION_PLAN)
    return (
        plans.filter(
            Q(period_start__lte=year), Q(period_end__gte=year) | Q(period_end__isnull=True)
        )
        .order_by("-period_start")
        .first()
        or plans.order_by("-adopted_date").first()
    )


def home_context(user) -> dict:
    today = timezone.localdate()
    plan = current_action_plan(today)
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

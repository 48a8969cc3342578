"""The dashboard's headline figures and its chart of meetings held per year.

Each figure is the count of a list page and links to it: the count is read by running that
page's own view (its queryset, ``restrict`` and FilterSet) on the link's query string, so a
figure and the list it opens cannot disagree, and no rule (what is visible, what "held" or
"open" means) is written here a second time.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.mixins import AccessMixin
from django.http import QueryDict
from django.urls import resolve, reverse
from django.utils.translation import gettext_lazy as _

from core.filtersets import limit_values
from core.views import FilteredListView
from frameworks.choices import ItemKind


@dataclass
class Figure:
    key: str
    label: str
    value: int
    url: str
    total: int | None = None  # "value of total" figures

    def as_row(self) -> dict:
        row = {"key": self.key, "label": str(self.label), "value": self.value, "url": self.url}
        if self.total is not None:
            row["total"] = self.total
        return row


def link(viewname: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(viewname) + (f"?{query}" if query else "")


def list_count(request, url: str) -> int:
    """The number of records the list page at ``url`` shows to ``request``'s user (every page
    of it): its own view builds the queryset and applies the filters of the query string."""
    path, _sep, query = url.partition("?")
    view_class = resolve(path).func.view_class
    # A list behind a login check would be counted without it: not a headline figure.
    if not issubclass(view_class, FilteredListView) or issubclass(view_class, AccessMixin):
        raise TypeError(f"{path} is not a public filtered list")
    sub = copy.copy(request)
    sub.GET = QueryDict(query)
    view = view_class()
    view.setup(sub)
    view.filterset = limit_values(view.get_filterset())
    return view.filtered().count()  # InvalidFilters if a link is wrong: a defect, not a zero


def actions_with_activity(rows) -> tuple[int, int]:
    """``(actions with at least one linked record or initiative, all actions)`` of the
    coverage rows (the deepest items when the framework has no actions)."""
    actions = [r for r in rows if r.item.kind == ItemKind.ACTION]
    if not actions and rows:
        deepest = max(r.depth for r in rows)
        actions = [r for r in rows if r.depth == deepest]
    return sum(1 for r in actions if not r.white_spot), len(actions)


def headline(request, params: dict, rows) -> list[Figure]:
    """The numbers a Secretariat member wants first, for the framework and period shown."""
    year_from, year_to = params.get("year_from"), params.get("year_to")
    held = link("meetings:list", status="held", year_from=year_from, year_to=year_to)
    initiatives = link("monitoring:initiatives")
    labels = link("labels:list")
    follow_ups = link("followup:list", status="open")
    framework = params.get("framework")
    # The coverage table of the same dashboard (an address that also means something in the
    # figures' JSON twin, where a bare "#coverage-title" would not).
    coverage = link(
        "monitoring:dashboard",
        framework=framework.slug if framework else None,
        year_from=year_from,
        year_to=year_to,
        crosswalks="on" if params.get("crosswalks") else None,
    )
    covered, actions = actions_with_activity(rows)
    return [
        Figure("meetings_held", _("Meetings held in the period"), list_count(request, held), held),
        Figure(
            "actions_with_activity",
            _("Actions with at least one activity"),
            covered,
            f"{coverage}#coverage-title",
            total=actions,
        ),
        Figure("initiatives", _("Initiatives"), list_count(request, initiatives), initiatives),
        Figure(
            "labelled_activities", _("Labelled activities"), list_count(request, labels), labels
        ),
        Figure(
            "open_follow_ups", _("Open follow-ups"), list_count(request, follow_ups), follow_ups
        ),
    ]


def meetings_per_year(request, year_from: int | None, year_to: int | None) -> list[dict]:
    """Meetings held in each year of the period, each with the list it counts (empty
    without a bounded period: a chart of every year since 2006 is not a headline)."""
    if not (year_from and year_to) or year_to - year_from > 30:
        return []
    rows = []
    for year in range(int(year_from), int(year_to) + 1):
        url = link("meetings:list", status="held", year=year)
        rows.append({"year": year, "meetings": list_count(request, url), "url": url})
    return rows

"""The view-side changes proposed in docs/performance.md, applied in process for ``--what-if``.

Each function below is the app's own code with the one change named in its docstring, so
that the measured effect is that of the change and nothing else. They are installed by
``benchmarks/whatif/urls.py`` (imported before the first request is served). The site never
imports this module.
"""

from __future__ import annotations

import dataclasses
from functools import cache as once

from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse

from core.models import user_sees_partner_content
from core.registry import country_sections, framework_links

COUNTS_KEY = "fw-node-counts:{framework}:{audience}:{crosswalks}"
YEARS_KEY = "meeting-years"
YEARS_SECONDS = 300


def install() -> None:
    import frameworks.selectors
    import frameworks.views
    import meetings.views
    import portal.selectors

    global _original_rolled_up_counts
    if getattr(frameworks.selectors, "_whatif_installed", False):
        return
    _original_rolled_up_counts = frameworks.selectors.rolled_up_counts
    for module in (frameworks.selectors, frameworks.views, portal.selectors):
        module.rolled_up_counts = rolled_up_counts
    frameworks.selectors.item_context = item_context
    frameworks.views.item_context = item_context
    meetings.views.MeetingListView.get_context_data = meeting_list_context
    country_sections.entries = [
        dataclasses.replace(entry, context=LAZY_SECTIONS.get(entry.key, entry.context))
        for entry in country_sections.entries
    ]
    frameworks.selectors._whatif_installed = True


_original_rolled_up_counts = None


def rolled_up_counts(framework, user, *, include_crosswalks: bool = False):
    """Change: cache each node's final counts (a few numbers), not the linked id sets.

    The app caches the sets of linked record ids (about 110 KiB pickled on the benchmark
    data) and rebuilds the union over each subtree on every request (about 6 ms).
    """
    from frameworks.selectors import CACHE_SECONDS, framework_tree

    audience = "partners" if user_sees_partner_content(user) else "public"
    key = COUNTS_KEY.format(
        framework=framework.pk, audience=audience, crosswalks=int(include_crosswalks)
    )
    counts = cache.get(key)
    if counts is None:
        roots, nodes = _original_rolled_up_counts(
            framework, user, include_crosswalks=include_crosswalks
        )
        cache.set(key, {pk: node.counts for pk, node in nodes.items()}, CACHE_SECONDS)
        return roots, nodes
    roots, nodes = framework_tree(framework)
    for pk, node in nodes.items():
        node.counts = dict(counts.get(pk, {}))
    return roots, nodes


def item_context(item, user, *, include_crosswalks: bool = False) -> dict:
    """Change: ``"records": records[:20]`` (lazy) instead of ``list(records[:20])``.

    With the page's content cached, the three "latest 20" queries (17 ms on SQLite) then
    run only when the fragment is rendered.
    """
    from frameworks.selectors import descendants, predecessor_items

    roots, nodes = rolled_up_counts(item.framework, user, include_crosswalks=include_crosswalks)
    node = nodes[item.id]
    ids = descendants(node)
    if include_crosswalks:
        for sources in predecessor_items(ids).values():
            ids.extend(sources)
    sections = []
    for kind in framework_links:
        records = kind.records(ids, user)
        sections.append(
            {
                "key": kind.key,
                "label": kind.label(),
                "count": node.counts.get(kind.key, 0),
                "records": records[:20],
                "template": kind.template,
                "list_url": (kind.list_url() + f"?framework_item={item.uid}")
                if kind.list_url
                else None,
            }
        )
    ancestors = []
    parent = item.parent
    while parent is not None:
        ancestors.insert(0, parent)
        parent = parent.parent
    return {
        "node": node,
        "ancestors": ancestors,
        "sections": sections,
        "crosswalks_out": item.crosswalks_out.select_related("target_item__framework"),
        "crosswalks_in": item.crosswalks_in.select_related("source_item__framework"),
        "reference_countries": item.reference_countries.select_related("country"),
    }


def country_meetings(country, user):
    """Change: ``once(qs.count)`` instead of ``qs.count()``: a callable the template calls
    when (and only if) it renders the count, and whose result is kept for the next use."""
    from meetings.models import Meeting

    visible = Meeting.objects.restrict(user).select_related("country")
    hosted = visible.filter(Q(country=country) | Q(roles__kind="host", roles__country=country))
    chaired = visible.filter(roles__kind__in=["chair", "co_chair"], roles__country=country)
    attended = visible.filter(participating_countries=country)
    return {
        "hosted": hosted.distinct().order_by("-start_date")[:50],
        "hosted_count": once(hosted.distinct().count),
        "chaired": chaired.distinct().order_by("-start_date")[:50],
        "chaired_count": once(chaired.distinct().count),
        "attended": attended.order_by("-start_date")[:50],
        "attended_count": once(attended.count),
        "list_url": reverse("meetings:list") + f"?country={country.iso2}",
        "attended_url": reverse("meetings:list") + f"?participant={country.iso2}",
        "chaired_url": reverse("meetings:list") + f"?chaired_by={country.iso2}",
    }


def country_documents(country, user):
    """Change: ``once(qs.count)`` instead of ``qs.count()`` (see ``country_meetings``)."""
    from documents.models import Document

    documents = Document.objects.restrict(user).filter(countries=country).select_related("meeting")
    return {
        "documents": documents[:50],
        "documents_count": once(documents.count),
        "list_url": reverse("documents:list") + f"?country={country.iso2}",
    }


LAZY_SECTIONS = {"meetings": country_meetings, "documents": country_documents}


def meeting_list_context(self, **kwargs):
    """Change: the year links cached (``Meeting.objects.dates`` truncates every row in Python
    on SQLite: about 7 ms for 5,000 meetings)."""
    from core.views import FilteredListView
    from meetings.models import Meeting

    context = FilteredListView.get_context_data(self, **kwargs)
    context["years"] = cache.get_or_set(
        YEARS_KEY,
        lambda: [d.year for d in Meeting.objects.dates("start_date", "year", order="DESC")],
        YEARS_SECONDS,
    )
    return context

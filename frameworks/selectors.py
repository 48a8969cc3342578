"""The action plan in force on a date, framework trees and the counts of linked work rolled
up the tree.

Linked record kinds (meetings, documents, recommendations, later labels and initiatives)
are plugged in by their apps through ``core.registry.framework_links``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator

from core.cache import cached
from core.registry import framework_links

from .choices import FrameworkKind
from .models import Crosswalk, Framework, FrameworkItem


def takes_effect(plan: Framework) -> datetime.date | None:
    """The day an action plan takes effect: its adoption, or the first day of its period when
    that comes later (the Cádiz plan, adopted on 13 December 2022, covers 2023-2027)."""
    period = datetime.date(plan.period_start, 1, 1) if plan.period_start else None
    days = [day for day in (plan.adopted_date, period) if day]
    return max(days) if days else None


def in_succession(frameworks) -> list[tuple[datetime.date, Framework]]:
    """The action plans among ``frameworks`` in the order they took effect, each with that day
    (a plan with neither an adoption date nor a period is left out; other kinds of framework,
    the JVAP or the GCM, are never a plan of the Dialogue)."""
    dated = [(takes_effect(f), f) for f in frameworks if f.kind == FrameworkKind.ACTION_PLAN]
    return sorted(((day, f) for day, f in dated if day), key=lambda row: (row[0], row[1].pk))


def _action_plans(itemised: bool):
    plans = Framework.objects.filter(kind=FrameworkKind.ACTION_PLAN)
    return plans.filter(items__isnull=False).distinct() if itemised else plans


def action_plans(*, itemised: bool = False) -> list[tuple[datetime.date, Framework]]:
    """The Rabat Process action plans in succession (``in_succession``). ``itemised``: only
    the plans whose items the reference data hold."""
    return in_succession(_action_plans(itemised))


def in_force_among(frameworks, on: datetime.date | None = None) -> Framework | None:
    """``plan_in_force`` among ``frameworks`` already read (no query)."""
    on = on or timezone.localdate()
    in_force = [plan for day, plan in in_succession(frameworks) if day <= on]
    return in_force[-1] if in_force else None


def plan_in_force(on: datetime.date | None = None, *, itemised: bool = False) -> Framework | None:
    """The Rabat Process action plan in force on ``on`` (today when not given): the one rule.

    It is read from the frameworks' own data (``reference/data/frameworks.json``), never from
    their slugs: a plan is in force from the day it takes effect (``takes_effect``) until the
    next plan does. A plan whose period ran out before a successor took effect stays in force:
    the Marrakesh Action Plan (2018-2020) was extended to the end of 2022, and the Cádiz Action
    Plan took over on 1 January 2023. ``None`` before the first plan. ``itemised``: the same
    rule among the plans whose items are known (the earlier plans have none).
    """
    return in_force_among(_action_plans(itemised), on)


@dataclass
class Node:
    item: FrameworkItem
    children: list[Node] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def framework_tree(framework: Framework) -> tuple[list[Node], dict[int, Node]]:
    """Roots (items without parent) and every node by item id, in display order."""
    items = list(framework.items.order_by("sort_order", "id"))
    nodes = {item.id: Node(item) for item in items}
    roots = []
    for item in items:
        if item.parent_id and item.parent_id in nodes:
            nodes[item.parent_id].children.append(nodes[item.id])
        else:
            roots.append(nodes[item.id])
    return roots, nodes


def descendants(node: Node) -> list[int]:
    found = [node.item.id]
    for child in node.children:
        found.extend(descendants(child))
    return found


def with_descendants(item_ids) -> dict[int, set[int]]:
    """Each item id mapped to itself and every item below it. One query reads every item's
    parent (the items of all the plans: a few hundred rows), rather than one query per level
    of the tree."""
    item_ids = list(item_ids)
    if not item_ids:
        return {}
    children: dict[int, list[int]] = defaultdict(list)
    for child_id, parent_id in FrameworkItem.objects.values_list("id", "parent_id"):
        if parent_id is not None:
            children[parent_id].append(child_id)
    subtrees = {}
    for item_id in item_ids:
        found, stack = set(), [item_id]
        while stack:
            current = stack.pop()
            if current not in found:
                found.add(current)
                stack.extend(children[current])
        subtrees[item_id] = found
    return subtrees


def predecessor_items(item_ids: list[int]) -> dict[int, set[int]]:
    """For each item, the items of earlier frameworks that its item continues or overlaps,
    with everything below them: work on a Marrakesh action counts for the Marrakesh domain,
    hence for the Cádiz area that continues that domain."""
    mapping: dict[int, set[int]] = defaultdict(set)
    pairs = list(
        Crosswalk.objects.filter(target_item_id__in=item_ids).values_list(
            "source_item_id", "target_item_id"
        )
    )
    subtrees = with_descendants({source_id for source_id, _target_id in pairs})
    for source_id, target_id in pairs:
        mapping[target_id] |= subtrees[source_id]
    return mapping


def rolled_up_counts(
    framework: Framework, user, *, include_crosswalks: bool = False
) -> tuple[list[Node], dict[int, Node]]:
    """The tree with, on each node, the distinct records linked to it or any descendant.

    With ``include_crosswalks`` the work linked to a predecessor item (e.g. a Marrakesh
    domain continued by a Cádiz area) counts too. Cached per audience and content version.
    """
    roots, nodes = framework_tree(framework)

    def compute() -> dict[int, dict[str, int]]:
        item_ids = list(nodes)
        extra = predecessor_items(item_ids) if include_crosswalks else {}
        all_ids = set(item_ids).union(*extra.values()) if extra else set(item_ids)
        # Kinds that keep their own rolled-up figures answer in one query.
        rolled = {
            kind.key: kind.rollup(item_ids, user, crosswalks=include_crosswalks)
            for kind in framework_links
            if kind.rollup is not None
        }
        linked = {}
        for kind in framework_links:
            if kind.key in rolled:
                continue
            per_item: dict[int, set[int]] = defaultdict(set)
            for item_id, record_id in kind.pairs(all_ids, user):
                per_item[item_id].add(record_id)
            for target, sources in extra.items():
                for source in sources:
                    per_item[target] |= per_item.get(source, set())
            linked[kind.key] = per_item
        counts = {}
        for item_id, node in nodes.items():
            subtree = descendants(node)
            counts[item_id] = {}
            for kind in framework_links:
                if kind.key in rolled:
                    counts[item_id][kind.key] = rolled[kind.key].get(item_id, 0)
                    continue
                records = set()
                for sub_id in subtree:
                    records |= linked[kind.key].get(sub_id, set())
                counts[item_id][kind.key] = len(records)
        return counts

    # Only the final numbers are cached (a few per item), for this version of the data.
    counts = cached(f"fw-counts:{framework.pk}:{int(include_crosswalks)}", compute, user=user)
    for item_id, node in nodes.items():
        node.counts = dict(counts.get(item_id, {}))
    return roots, nodes


def item_context(item: FrameworkItem, user, *, include_crosswalks: bool = False) -> dict:
    """Everything an item page shows: its place in the tree, counts and linked records."""
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
                "records": records[:20],  # evaluated only if the page body is not cached
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


# -- choices for forms and filters (``core.widgets``) --------------------------------------


def framework_options(user=None) -> list[tuple]:
    """Frameworks as ``<select>`` options: slug → name and period, newest first."""
    return [
        (f.slug, f"{f} ({f.period_label})" if f.period_label else str(f))
        for f in Framework.objects.restrict(user)
    ]


def item_label(item: FrameworkItem) -> str:
    """ "Action 5: Title…" in the active language; the kind and number alone while the
    wording is not known (it is never invented)."""
    name = f"{item.get_kind_display()} {item.number}".strip()
    title = Truncator(item.title).chars(90) if item.title else ""
    return f"{name}: {title}" if title else name


def item_options(user=None, items=None, *, key: str = "uid") -> list[tuple]:
    """Framework items as options: identifier → "Action 5: Title", grouped by framework
    (newest plan first), in the plan's order. ``items`` narrows the list (the domains only,
    one framework's items); ``key`` is the value (``"pk"`` for a model field's choices)."""
    queryset = FrameworkItem.objects.restrict(user) if items is None else items
    queryset = queryset.filter(framework__in=Framework.objects.restrict(user))
    groups: dict[int, tuple[Framework, list]] = {}
    for item in queryset.select_related("framework").order_by(
        F("framework__adopted_date").desc(nulls_last=True), "framework__slug", "sort_order", "uid"
    ):
        groups.setdefault(item.framework_id, (item.framework, []))[1].append(
            (getattr(item, key), item_label(item))
        )
    return [(str(framework), options) for framework, options in groups.values()]

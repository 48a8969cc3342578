"""Coverage of a framework: what was done for each domain, objective and action.

Counts of every record kind registered in ``core.registry.framework_links`` (meetings,
recommendations, documents, labelled activities...) come from the framework browser's
rolled-up counts; initiatives, their budget per currency, the country x domain matrix and
the trend by start year are aggregated in the database (no per-row Python), so the figures
stay fast with 100,000 initiatives. Everything reads through ``restrict(user)`` and counts
validated records only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from core.registry import framework_links
from frameworks.models import Framework, FrameworkItem

from .choices import RecordState
from .models import Initiative


@dataclass
class Row:
    item: FrameworkItem
    depth: int
    counts: dict = field(default_factory=dict)
    initiatives: int = 0
    budgets: dict = field(default_factory=dict)  # currency -> Decimal

    @property
    def white_spot(self) -> bool:
        return not self.initiatives and not any(self.counts.values())

    def budget_label(self) -> str:
        return "; ".join(f"{_fmt(v)} {c}" for c, v in sorted(self.budgets.items()))


def _fmt(value) -> str:
    return f"{value:,.0f}".replace(",", "\u202f")


def visible_initiatives(user, *, year_from=None, year_to=None):
    """Validated initiatives the user may see, running at some point in the period."""
    qs = Initiative.objects.restrict(user).filter(record_state=RecordState.VALIDATED)
    if year_to:
        qs = qs.filter(start_year__lte=year_to)
    if year_from:
        qs = qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=f"{int(year_from)}-01-01"))
    return qs


def _crosswalk_pairs(item_ids) -> list[tuple[int, int]]:
    from frameworks.selectors import predecessor_items

    return [
        (source, target)
        for target, sources in predecessor_items(list(item_ids)).items()
        for source in sources
    ]


def initiative_rollup(item_ids, visible, *, crosswalks=()) -> dict[int, dict]:
    """For each item: distinct initiatives linked to it or to any item below it (two levels
    down), with their budgets per currency; crosswalk pairs ``(source, target)`` count work on
    a source item for its target. One SQL statement."""
    item_ids = list(item_ids)
    if not item_ids:
        return {}
    through = Initiative.framework_items.through._meta.db_table
    items = FrameworkItem._meta.db_table
    initiatives = Initiative._meta.db_table
    visible_sql, visible_params = visible.values("id").query.sql_with_params()
    wanted = ", ".join(["%s"] * len(item_ids))
    sources = [s for s, _t in crosswalks]
    linked_items = item_ids + sources
    linked = ", ".join(["%s"] * len(linked_items))
    ctes = [
        f"links AS (SELECT t.initiative_id AS ini, t.frameworkitem_id AS item FROM {through} t "
        f"WHERE t.frameworkitem_id IN ({linked}) AND t.initiative_id IN ({visible_sql}))"
    ]
    params: list = [*linked_items, *visible_params]
    union = [
        "SELECT ini, item AS anc FROM links",
        f"SELECT l.ini, f.parent_id FROM links l JOIN {items} f ON f.id = l.item "
        "WHERE f.parent_id IS NOT NULL",
        f"SELECT l.ini, p.parent_id FROM links l JOIN {items} f ON f.id = l.item "
        f"JOIN {items} p ON p.id = f.parent_id WHERE p.parent_id IS NOT NULL",
    ]
    if crosswalks:
        values = ", ".join(["(%s, %s)"] * len(crosswalks))
        ctes.append(f"xw(src, tgt) AS (VALUES {values})")
        params += [v for pair in crosswalks for v in pair]
        union.append("SELECT l.ini, xw.tgt FROM links l JOIN xw ON xw.src = l.item")
    sql = (
        "WITH " + ", ".join(ctes) + " "
        "SELECT y.anc, y.currency, COUNT(*), SUM(y.budget) FROM ("
        "  SELECT DISTINCT x.anc, i.id, i.currency, i.budget FROM ("
        + " UNION ALL ".join(union)
        + f"  ) x JOIN {initiatives} i ON i.id = x.ini WHERE x.anc IN ({wanted})"
        ") y GROUP BY y.anc, y.currency"
    )
    params += item_ids
    result: dict[int, dict] = defaultdict(lambda: {"count": 0, "budgets": {}})
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for anc, currency, count, budget in cursor.fetchall():
            entry = result[anc]
            entry["count"] += count
            if budget is not None and currency:
                entry["budgets"][currency] = Decimal(str(budget))
    return result


def other_kinds_rollup(framework: Framework, user, *, crosswalks=False):
    """The framework tree with, on each node, the distinct records of every registered kind
    but initiatives (which ``initiative_rollup`` counts in the database), linked to it or
    below it, cached per audience like the framework browser's counts."""
    from core.cache import cached
    from frameworks.selectors import descendants, framework_tree, predecessor_items

    roots, nodes = framework_tree(framework)
    kinds = [k for k in framework_links if k.key != "initiatives"]

    def compute():
        extra = predecessor_items(list(nodes)) if crosswalks else {}
        all_ids = set(nodes).union(*extra.values()) if extra else set(nodes)
        counts = {}
        linked = {}
        for kind in kinds:
            per_item = defaultdict(set)
            for item_id, record_id in kind.pairs(all_ids, user):
                per_item[item_id].add(record_id)
            for target, sources in extra.items():
                for source in sources:
                    per_item[target] |= per_item.get(source, set())
            linked[kind.key] = per_item
        for item_id, node in nodes.items():
            subtree = descendants(node)
            counts[item_id] = {
                kind.key: len(set().union(*(linked[kind.key].get(i, set()) for i in subtree)))
                for kind in kinds
            }
        return counts

    counts = cached(f"monitoring-kinds:{framework.pk}:{int(crosswalks)}", compute, user=user)
    for item_id, node in nodes.items():
        node.counts = dict(counts.get(item_id, {}))
    return roots, nodes


def coverage(framework: Framework, user, *, year_from=None, year_to=None, crosswalks=False):
    """Rows (domains, objectives, actions in tree order) with counts, white spots, and the
    summary figures of the dashboard."""
    roots, nodes = other_kinds_rollup(framework, user, crosswalks=crosswalks)
    rows: list[Row] = []

    def walk(node, depth):
        rows.append(Row(item=node.item, depth=depth, counts=dict(node.counts)))
        for child in node.children:
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    visible = visible_initiatives(user, year_from=year_from, year_to=year_to)
    pairs = _crosswalk_pairs(nodes) if crosswalks else ()
    figures = initiative_rollup(nodes, visible, crosswalks=pairs)
    kinds = [k for k in framework_links if k.key != "initiatives"]
    for row in rows:
        row.counts = {k.key: row.counts.get(k.key, 0) for k in kinds}
        entry = figures.get(row.item.id)
        if entry:
            row.initiatives = entry["count"]
            row.budgets = entry["budgets"]
    return {"rows": rows, "kinds": kinds}


def country_matrix(framework: Framework, user, *, year_from=None, year_to=None):
    """Initiatives per country concerned x domain (top-level item) of the framework."""
    domains = list(framework.items.filter(parent__isnull=True).order_by("sort_order", "id"))
    visible = visible_initiatives(user, year_from=year_from, year_to=year_to)
    ids = [d.id for d in domains]
    cells = defaultdict(dict)
    names = {}
    # Each link's domain: the item itself, its parent or its grandparent (whichever is top).
    rows = (
        visible.annotate(
            domain=Coalesce(
                "framework_items__parent__parent_id",
                "framework_items__parent_id",
                "framework_items__id",
            )
        )
        .filter(domain__in=ids, countries__isnull=False)
        .values("domain", "countries__country__iso2", "countries__country__name_en")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )
    for row in rows:
        iso = row["countries__country__iso2"]
        names[iso] = row["countries__country__name_en"]
        cells[iso][row["domain"]] = row["n"]
    countries = sorted(names, key=lambda iso: names[iso])
    return {
        "domains": domains,
        "rows": [
            {"iso2": iso, "name": names[iso], "cells": [cells[iso].get(d.id, 0) for d in domains]}
            for iso in countries
        ],
    }


def trend(user, *, framework=None, year_from=None, year_to=None):
    """Initiatives by start year (the stored ``start_year``: no per-row date function)."""
    qs = visible_initiatives(user, year_from=year_from, year_to=year_to).exclude(
        start_year__isnull=True
    )
    if framework is not None:
        qs = qs.filter(
            Q(framework_items__framework=framework)
            | Q(framework_items__parent__framework=framework)
        ).distinct()
    rows = (
        Initiative.objects.filter(id__in=qs.values("id"))
        .values("start_year")
        .annotate(n=Count("id"))
        .order_by("start_year")
    )
    return [{"year": r["start_year"], "initiatives": r["n"]} for r in rows]


def participation(user, *, year_from=None, year_to=None):
    """Per partner: initiatives it reported and initiatives that concern it."""
    visible = visible_initiatives(user, year_from=year_from, year_to=year_to)
    reported = dict(
        visible.values("country__iso2").annotate(n=Count("id")).values_list("country__iso2", "n")
    )
    concerned = dict(
        visible.values("countries__country__iso2")
        .annotate(n=Count("id", distinct=True))
        .values_list("countries__country__iso2", "n")
    )
    from partners.models import Country

    countries = Country.objects.current().order_by("name_en").values_list("iso2", "name_en")
    return [
        {
            "iso2": iso,
            "name": name,
            "reported": reported.get(iso, 0),
            "concerned": concerned.get(iso, 0),
        }
        for iso, name in countries
    ]


def default_framework():
    return Framework.objects.order_by("-adopted_date", "pk").first()


def tables(framework, user, *, year_from=None, year_to=None, crosswalks=False) -> dict:
    """Every figure of the dashboard as plain rows: the page's tables, the CSV/JSON files and
    the API all come from here."""
    period = {"year_from": year_from, "year_to": year_to}
    result = coverage(framework, user, crosswalks=crosswalks, **period)
    kinds = result["kinds"]
    coverage_rows = [
        {
            "uid": row.item.uid,
            "kind": row.item.kind,
            "depth": row.depth,
            "title": row.item.title,
            **{kind.key: row.counts.get(kind.key, 0) for kind in kinds},
            "initiatives": row.initiatives,
            "budget": {c: format(v.normalize(), "f") for c, v in sorted(row.budgets.items())},
            "white_spot": row.white_spot,
        }
        for row in result["rows"]
    ]
    matrix = country_matrix(framework, user, **period)
    matrix_rows = [
        {"country": r["iso2"], "name": r["name"], **dict(zip(
            [d.uid for d in matrix["domains"]], r["cells"], strict=True))}
        for r in matrix["rows"]
    ]  # fmt: skip
    from .maps import venue_counts

    return {
        "framework": framework.slug,
        "period": period,
        "crosswalks": crosswalks,
        "coverage": coverage_rows,
        "matrix": matrix_rows,
        "trend": trend(user, framework=framework, **period),
        "participation": participation(user, **period),
        "venues": [{k: v for k, v in row.items() if k != "numeric"} for row in venue_counts(user)],
        "_rows": result["rows"],
        "_kinds": kinds,
        "_domains": matrix["domains"],
    }


TABLES = ("coverage", "matrix", "trend", "participation", "venues")

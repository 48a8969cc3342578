"""Coverage of a framework: what was done for each domain, objective and action.

No request counts records: initiatives are read from the figures of ``monitoring.coverage``
and every kind that declares a ``core.registry.Tally`` (meetings, recommendations,
documents, labelled activities, assistance; meetings attended, roles held and hosted per
country; the country x action cells) from those of ``monitoring.tallies``, both kept right
on every write and summed by ``figures.sums`` for the user's audience and the period. A
kind registered without a tally is counted in one grouped SQL statement over its own
``pairs(items, user)`` query, limited to the period by its ``dates``. Visitors never count
partners-only records.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet

from core.registry import framework_links
from core.roles import sees_partner_content
from frameworks.choices import ItemKind
from frameworks.models import Crosswalk, Framework, FrameworkItem

from . import figures
from .models import NO_YEAR, CoverageEntry, CoverageFigure, LinkFigure

D = CoverageEntry.Dimension

# Kinds registered without ``dates``: how the dashboard limits them to a period meanwhile
# (labelled activities by the activity's dates, assistance by the day it was asked for).
NO_FOLLOW_UP = "none"
CENT = Decimal("0.01")


@dataclass
class Row:
    item: FrameworkItem
    depth: int
    counts: dict = field(default_factory=dict)
    initiatives: int = 0
    budgets: dict = field(default_factory=dict)  # currency -> Decimal
    statuses: dict = field(default_factory=dict)  # follow-up status -> recommendations

    @property
    def white_spot(self) -> bool:
        return not self.initiatives and not any(self.counts.values())

    def budget_label(self) -> str:
        return "; ".join(f"{_fmt(v)} {c}" for c, v in sorted(self.budgets.items()))


def _fmt(value) -> str:
    return f"{value:,.0f}".replace(",", "\u202f")


def audience(user, year_from=None, year_to=None) -> dict:
    """The ``figures.sums`` arguments for the user's audience and the period (records running
    at some point in it: an unknown start is outside every period with an end, an open end
    reaches every period)."""
    return {
        "year_from": year_from,
        "year_to": year_to,
        "public_only": not sees_partner_content(user),
    }


def _entries_for(user, *, year_from=None, year_to=None, alias="e") -> tuple[str, list]:
    """SQL conditions on a coverage-entry alias for the user's audience and the period."""
    where, params = [], []
    if not sees_partner_content(user):
        where.append(f"{alias}.public = %s")
        params.append(True)
    if year_to:
        where.append(f"{alias}.start_year <= %s")
        params.append(int(year_to))
    if year_from:
        where.append(f"{alias}.end_year >= %s")
        params.append(int(year_from))
    return (" AND ".join(where) or "1 = 1"), params


# -- the framework tree -----------------------------------------------------------------------


def _tree(framework: Framework):
    from frameworks.selectors import framework_tree

    roots, nodes = framework_tree(framework)
    parent = {i: n.item.parent_id for i, n in nodes.items()}

    def chain(item_id):
        found = []
        while item_id is not None and item_id in parent and item_id not in found:
            found.append(item_id)
            item_id = parent[item_id]
        return found

    return roots, nodes, chain


def _crosswalks(nodes, chain) -> list[tuple[int, int]]:
    """``(source item, target item or an item above it)`` for every crosswalk into the
    framework: work on the source (or below it) counts for the target and above."""
    pairs = Crosswalk.objects.filter(target_item_id__in=list(nodes)).values_list(
        "source_item_id", "target_item_id"
    )
    return sorted({(s, t) for s, target in pairs for t in chain(target)})


def _closure(nodes, chain, crosswalks) -> list[tuple[int, int]]:
    """``(linked item, item it counts for)``: each item for itself and the items above it,
    and, with crosswalks, each item at or below a source for the targets."""
    closure = {(i, a) for i in nodes for a in chain(i)}
    if crosswalks:
        from frameworks.selectors import with_descendants

        below = with_descendants({s for s, _t in crosswalks})
        closure |= {(i, t) for s, t in crosswalks for i in below[s]}
    return sorted(closure)


def _values(pairs) -> tuple[str, list]:
    return ", ".join(["(%s, %s)"] * len(pairs)), [v for pair in pairs for v in pair]


# -- initiatives -------------------------------------------------------------------------------


def initiative_rollup(nodes, user, *, year_from=None, year_to=None, crosswalks=False) -> dict:
    """For each item: the distinct initiatives linked to it or below it, with their budgets
    per currency (and, with crosswalks, those counted for it through a crosswalk only: the
    ``via`` figures)."""
    result: dict[int, dict] = defaultdict(lambda: {"count": 0, "budgets": {}})
    rows = figures.sums(
        CoverageFigure,
        ("key", "currency"),
        ("initiatives", "budget"),
        equal={"dimension": D.ITEM.value},
        among={"key": list(nodes)},
        crosswalks=crosswalks,
        **audience(user, year_from, year_to),
    )
    for item, currency, count, budget in rows:
        entry = result[item]
        entry["count"] += count
        if budget is not None and currency:
            # SQLite sums decimals as floats: back to cents.
            amount = Decimal(str(budget)).quantize(CENT)
            entry["budgets"][currency] = entry["budgets"].get(currency, Decimal(0)) + amount
    return result


# -- other kinds -------------------------------------------------------------------------------


def kind_dates(kind):
    return kind.dates


def _bounds(year_from, year_to):
    start = date(int(year_from), 1, 1) if year_from else None
    end = date(int(year_to), 12, 31) if year_to else None
    return start, end


def _count_over_closure(pairs_qs, closure, *, extra_column=False, materialize=False) -> list:
    """``COUNT(DISTINCT record)`` per item counted for (and per extra column), in SQL."""
    sql, params = pairs_qs.query.sql_with_params()
    values, value_params = _values(closure)
    columns = "item, rid, extra" if extra_column else "item, rid"
    group = "cl.anc, p.extra" if extra_column else "cl.anc"
    # With crosswalks (a closure reaching other frameworks) the kind's pairs are read once
    # (MATERIALIZED): merged into the join, SQLite may scan every record per closure row.
    # Without, merging lets it search the links item by item, which is faster.
    hint = "MATERIALIZED " if materialize else ""
    query = (
        f"WITH cl(item, anc) AS (VALUES {values}), p({columns}) AS {hint}({sql}) "
        f"SELECT {group}, COUNT(DISTINCT p.rid) FROM p JOIN cl ON cl.item = p.item "
        f"GROUP BY {group}"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [*value_params, *params])
        return cursor.fetchall()


def other_kinds_rollup(
    nodes, closure, user, *, year_from=None, year_to=None, skip=(), materialize=False
) -> dict:
    """``{item id: {kind key: distinct records}}`` for every registered kind but initiatives
    (and ``skip``: kinds counted otherwise)."""
    counts: dict[int, dict] = defaultdict(dict)
    linked_ids = sorted({i for i, _a in closure})
    start, end = _bounds(year_from, year_to)
    for kind in framework_links:
        if kind.key == "initiatives" or kind.key in skip:
            continue
        pairs = kind.pairs(linked_ids, user)
        dates = kind_dates(kind)
        if dates is not None and (start or end) and isinstance(pairs, QuerySet):
            pairs = dates(pairs, start, end)
        if isinstance(pairs, QuerySet):
            rows = _count_over_closure(pairs, closure, materialize=materialize)
        else:  # a kind that yields its pairs: counted here
            per_item = defaultdict(set)
            ancestors = defaultdict(list)
            for i, a in closure:
                ancestors[i].append(a)
            for item_id, record_id in pairs:
                for a in ancestors.get(item_id, ()):
                    per_item[a].add(record_id)
            rows = [(a, len(ids)) for a, ids in per_item.items()]
        for item_id, n in rows:
            counts[item_id][kind.key] = n
    return counts


def tallied_rollup(
    nodes, user, *, year_from=None, year_to=None, crosswalks=False, keys=None
) -> tuple:
    """Counts of the kinds that keep figures (``monitoring.tallies``): ``({item id: {kind key:
    distinct records}}, {item id: {follow-up status: recommendations}})``, read from
    ``LinkFigure`` (with crosswalks, the ``via`` figures too: records counted for an item
    through a crosswalk only)."""
    keys = keys or [k.key for k in framework_links if k.tally is not None]
    counts: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    statuses: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    if not keys or not nodes:
        return counts, statuses
    rows = figures.sums(
        LinkFigure,
        ("item", "kind", "extra"),
        ("records",),
        among={"kind": keys, "item": list(nodes)},
        crosswalks=crosswalks,
        **audience(user, year_from, year_to),
    )
    for item, kind, extra, n in rows:
        counts[item][kind] += n
        if kind == "recommendations":
            statuses[item][extra or NO_FOLLOW_UP] += n
    return counts, statuses


def recommendation_statuses(
    closure, user, *, year_from=None, year_to=None, materialize=False
) -> dict | None:
    """``{item id: {follow-up status: recommendations}}`` (``none``: no follow-up yet); the
    recommendations the user may see (``Recommendation.objects.restrict``, as the registered
    kind's pairs). ``None`` when no recommendation kind is registered."""
    from meetings.models import Recommendation

    kind = next((k for k in framework_links if k.key == "recommendations"), None)
    if kind is None:
        return None
    linked_ids = sorted({i for i, _a in closure})
    qs = (
        Recommendation.objects.restrict(user)
        .filter(framework_items__in=linked_ids)
        .values_list("framework_items", "id", "follow_up__status")
        .order_by()
    )
    start, end = _bounds(year_from, year_to)
    if (start or end) and kind_dates(kind):
        qs = kind_dates(kind)(qs, start, end)
    result: dict[int, dict] = defaultdict(dict)
    rows = _count_over_closure(qs, closure, extra_column=True, materialize=materialize)
    for item_id, status, n in rows:
        result[item_id][status or NO_FOLLOW_UP] = n
    return result


def status_choices() -> list[tuple[str, str]]:
    from django.utils.translation import gettext_lazy as _

    from followup.choices import FollowUpStatus

    return [*FollowUpStatus.choices, (NO_FOLLOW_UP, _("No follow-up yet"))]


# -- the coverage table ------------------------------------------------------------------------


def coverage(framework: Framework, user, *, year_from=None, year_to=None, crosswalks=False):
    """Rows (domains, objectives, actions in tree order) with counts, white spots,
    recommendations by follow-up status, initiatives and budgets."""
    roots, nodes, chain = _tree(framework)
    xw = _crosswalks(nodes, chain) if crosswalks else []
    closure = _closure(nodes, chain, xw)
    period = {"year_from": year_from, "year_to": year_to}
    kinds = [k for k in framework_links if k.key != "initiatives"]
    hint = {"materialize": bool(xw)}
    # Kinds that keep figures are read from them; any other kind is counted over its links.
    others, statuses = tallied_rollup(nodes, user, crosswalks=bool(xw), **period)
    skip = {k.key for k in framework_links if k.tally is not None}
    if "recommendations" not in skip and nodes:
        statuses = recommendation_statuses(closure, user, **period, **hint)
        if statuses is not None:
            # A recommendation has one follow-up status (or none): its count is the sum by
            # status, read once for both tables.
            skip.add("recommendations")
            for item_id, by_status in statuses.items():
                others[item_id]["recommendations"] = sum(by_status.values())
        statuses = statuses or {}
    if nodes and any(k.key not in skip for k in kinds):
        for item_id, by_kind in other_kinds_rollup(
            nodes, closure, user, skip=skip, **period, **hint
        ).items():
            others[item_id].update(by_kind)
    initiatives = initiative_rollup(nodes, user, crosswalks=bool(xw), **period) if nodes else {}
    rows: list[Row] = []

    def walk(node, depth):
        item_id = node.item.id
        entry = initiatives.get(item_id) or {"count": 0, "budgets": {}}
        rows.append(
            Row(
                item=node.item,
                depth=depth,
                counts={k.key: others.get(item_id, {}).get(k.key, 0) for k in kinds},
                initiatives=entry["count"],
                budgets=entry["budgets"],
                statuses=statuses.get(item_id, {}),
            )
        )
        for child in node.children:
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    undated = [k for k in kinds if kind_dates(k) is None]
    return {"rows": rows, "kinds": kinds, "undated": undated, "roots": roots, "chain": chain}


def concentrations(rows, kinds, *, limit=10) -> list[dict]:
    """Where the work concentrates: the actions (the deepest items when a framework has no
    actions) with the most linked records and initiatives in the period, with their share of
    all the actions' work and how many times the average action's they are."""
    actions = [r for r in rows if r.item.kind == ItemKind.ACTION]
    if not actions and rows:
        deepest = max(r.depth for r in rows)
        actions = [r for r in rows if r.depth == deepest]
    totals = [(r, sum(r.counts.values()) + r.initiatives) for r in actions]
    grand = sum(total for _r, total in totals)
    if not grand:
        return []
    average = grand / len(totals)
    ranked = sorted(
        ((r, total) for r, total in totals if total),
        key=lambda pair: -pair[1],  # stable: tree order among equals
    )[:limit]
    return [
        {
            "uid": r.item.uid,
            "code": r.item.code,
            "title": r.item.title,
            "total": total,
            "share_percent": round(100 * total / grand, 1),
            "times_average": round(total / average, 1),
            **{kind.key: r.counts.get(kind.key, 0) for kind in kinds},
            "initiatives": r.initiatives,
        }
        for r, total in ranked
    ]


# -- country x action --------------------------------------------------------------------------


def domain_actions(domain: FrameworkItem) -> list[FrameworkItem]:
    """The actions below a domain in tree order (its children when it has no actions)."""
    from frameworks.selectors import framework_tree

    _roots, nodes = framework_tree(domain.framework)
    below = []

    def walk(node):
        for child in node.children:
            below.append(child.item)
            walk(child)

    walk(nodes[domain.id])
    actions = [i for i in below if i.kind == ItemKind.ACTION]
    return actions or [i for i in below if i.parent_id == domain.id]


def country_action_matrix(domain: FrameworkItem, user, *, year_from=None, year_to=None):
    """Initiatives per country concerned x action of one domain (one grouped statement over
    the figures, or over the coverage entries for a domain without actions)."""
    from partners.models import Country

    actions = domain_actions(domain)
    cells: dict[int, dict] = defaultdict(dict)
    if actions and all(a.kind == ItemKind.ACTION for a in actions):
        # Actions: the figures kept by ``monitoring.tallies`` (kind "cells"; extra: country).
        rows = figures.sums(
            LinkFigure,
            ("extra", "item"),
            ("records",),
            equal={"kind": "cells"},
            among={"item": [a.id for a in actions]},
            **audience(user, year_from, year_to),
        )
        for country_id, item_id, n in rows:
            cells[int(country_id)][item_id] = n
    elif actions:  # a domain without actions: its children, counted over the entries
        table = CoverageEntry._meta.db_table
        where, params = _entries_for(user, year_from=year_from, year_to=year_to)
        marks = ", ".join(["%s"] * len(actions))
        # ``|| ''``: SQLite must start from the few entries of the actions, not from every
        # country entry (it would otherwise use the dimension index for ``c``).
        sql = (
            f"SELECT c.key, e.key, COUNT(*) FROM {table} e JOIN {table} c "
            "ON c.initiative_id = e.initiative_id AND c.dimension || '' = %s "
            f"WHERE e.dimension = %s AND e.key IN ({marks}) AND e.via = %s AND {where} "
            "GROUP BY c.key, e.key"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [D.CONCERNED.value, D.ITEM.value, *[a.id for a in actions], False, *params],
            )
            for country_id, item_id, n in cursor.fetchall():
                cells[country_id][item_id] = n
    countries = Country.objects.filter(id__in=list(cells)).order_by("name_en")
    return {
        "domain": domain,
        "actions": actions,
        "rows": [
            {
                "iso2": c.iso2,
                "name": c.name_en,
                "country": c,
                "cells": [cells[c.id].get(a.id, 0) for a in actions],
            }
            for c in countries
        ],
    }


# -- trend and participation -------------------------------------------------------------------


def trend(user, *, framework=None, year_from=None, year_to=None):
    """Initiatives linked to the framework by start year."""
    rows = figures.sums(
        CoverageFigure,
        ("start_year",),
        ("initiatives",),
        equal={"dimension": D.FRAMEWORK.value, **({"key": framework.pk} if framework else {})},
        by_year=True,
        **audience(user, year_from, year_to),
    )
    return [{"year": year, "initiatives": n} for year, n in sorted(rows) if year != NO_YEAR and n]


def participation(user, *, year_from=None, year_to=None):
    """Per partner: initiatives it reported and that concern it, meetings it attended in the
    period and the roles it held (hosted, chaired, co-chaired, organised)."""
    from partners.models import Country

    countries = list(
        Country.objects.current().order_by("name_en").values_list("id", "iso2", "name_en")
    )
    ids = [pk for pk, _iso, _name in countries]
    per_dimension = defaultdict(dict)
    # The country ids let the index find each country's figures instead of scanning every
    # country figure of every year.
    rows = figures.sums(
        CoverageFigure,
        ("dimension", "key"),
        ("initiatives",),
        among={"dimension": [D.REPORTED.value, D.CONCERNED.value], "key": ids},
        **audience(user, year_from, year_to),
    )
    for dimension, key, n in rows:
        per_dimension[dimension][key] = n
    reported, concerned = per_dimension[D.REPORTED], per_dimension[D.CONCERNED]
    # Meetings are seen by everyone: attended meetings and roles come from the figures kept
    # by ``monitoring.tallies`` (one per country and years), not from every participation.
    per_kind = defaultdict(dict)
    rows = figures.sums(
        LinkFigure,
        ("kind", "item"),
        ("records",),
        among={"kind": ["attended", "roles"], "item": ids},
        year_from=year_from,
        year_to=year_to,
    )
    for kind, country, n in rows:
        per_kind[kind][country] = n
    attended, roles = per_kind["attended"], per_kind["roles"]
    return [
        {
            "iso2": iso,
            "name": name,
            "reported": reported.get(pk, 0),
            "concerned": concerned.get(pk, 0),
            "meetings_attended": attended.get(pk, 0),
            "roles_held": roles.get(pk, 0),
        }
        for pk, iso, name in countries
    ]


def domains_of(framework) -> list[FrameworkItem]:
    return list(framework.items.filter(parent__isnull=True).order_by("sort_order", "id"))


def matrix_of(framework, user, domain=None, *, year_from=None, year_to=None) -> dict:
    """The country x action table of one domain (item or uid; default: the first) of a
    framework: ``{"domains", "domain", "matrix", "rows"}`` (``rows``: plain rows)."""
    domains = domains_of(framework)
    if isinstance(domain, str):
        domain = next((d for d in domains if domain in (d.uid, d.code)), None)
    domain = domain or (domains[0] if domains else None)
    matrix = (
        country_action_matrix(domain, user, year_from=year_from, year_to=year_to)
        if domain
        else {"domain": None, "actions": [], "rows": []}
    )
    rows = [
        {"country": r["iso2"], "name": r["name"], **dict(zip(
            [a.uid for a in matrix["actions"]], r["cells"], strict=True))}
        for r in matrix["rows"]
    ]  # fmt: skip
    return {"domains": domains, "domain": domain, "matrix": matrix, "rows": rows}


def tables(
    framework,
    user,
    *,
    year_from=None,
    year_to=None,
    crosswalks=False,
    domain=None,
    only=None,
) -> dict:
    """Every figure of the dashboard as plain rows: the page's tables, the CSV/JSON files and
    the API all come from here. ``domain``: the domain (item or uid) of the country x action
    matrix (default: the first). ``only``: the names of the tables to compute (default: all
    of ``TABLES``); the page asks for its own, an export for one."""
    wanted = set(TABLES if only is None else only)
    period = {"year_from": year_from, "year_to": year_to}
    result = {"framework": framework.slug, "period": period, "crosswalks": crosswalks}
    if wanted & {"coverage", "concentrations", "recommendations"}:
        result.update(_coverage_tables(framework, user, crosswalks=crosswalks, **period))
    if "matrix" in wanted:
        found = matrix_of(framework, user, domain, **period)
        result.update(
            domain=found["domain"].uid if found["domain"] else None,
            matrix=found["rows"],
            _matrix=found["matrix"],
        )
    if "trend" in wanted:
        result["trend"] = trend(user, framework=framework, **period)
    if "participation" in wanted:
        result["participation"] = participation(user, **period)
    if "venues" in wanted:
        from .maps import venue_counts

        venues = venue_counts(user, **period)
        result["venues"] = [{k: v for k, v in row.items() if k != "numeric"} for row in venues]
        result["_venues"] = venues
    return result


def _coverage_tables(framework, user, *, year_from=None, year_to=None, crosswalks=False):
    """The coverage, concentrations and recommendations tables (and, for the page, the rows
    they come from)."""
    result = coverage(framework, user, year_from=year_from, year_to=year_to, crosswalks=crosswalks)
    kinds = result["kinds"]
    statuses = status_choices()
    for row in result["rows"]:
        row.status_cells = [row.statuses.get(key, 0) for key, _label in statuses]
    return {
        "coverage": [
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
        ],
        "concentrations": concentrations(result["rows"], kinds),
        "recommendations": [
            {
                "uid": row.item.uid,
                "depth": row.depth,
                "title": row.item.title,
                **{key: row.statuses.get(key, 0) for key, _label in statuses},
            }
            for row in result["rows"]
        ],
        "_rows": result["rows"],
        "_kinds": kinds,
        "_undated": result["undated"],
        "_statuses": statuses,
    }


TABLES = (
    "coverage",
    "concentrations",
    "recommendations",
    "matrix",
    "trend",
    "participation",
    "venues",
)

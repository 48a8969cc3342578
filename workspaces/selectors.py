"""Reads of the reference countries' workspace: per action of a domain, the records of every
registered kind (meetings, documents, labels, assistance, recommendations...) dated within
the reference period, and the white spots."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from core.cache import cached
from core.registry import dated_between, framework_links
from documents.models import Document
from frameworks.choices import ItemKind
from frameworks.models import FrameworkItem, ReferenceCountry
from frameworks.selectors import with_descendants

from .models import ReferenceCountryReport, Theme


@dataclass
class KindRecords:
    key: str
    label: str
    template: str
    records: list
    dated: bool  # False when the kind gives no dates: its records are not limited to the period


@dataclass
class ActionRow:
    item: FrameworkItem
    kinds: list[KindRecords] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(k.records) for k in self.kinds)

    @property
    def white_spot(self) -> bool:
        return self.total == 0


def period_of(assignments) -> tuple:
    """The reference period of a domain: from its first reference country's start to its
    last one's end (``None`` is open, e.g. a reference country still in office)."""
    starts = [a.start_date for a in assignments]
    ends = [a.end_date for a in assignments]
    start = None if not starts or None in starts else min(starts)
    end = None if not ends or None in ends else max(ends)
    return start, end


def _inferred_dates(model):
    """For kinds that registered no ``dates``: the records' own ``start_date``/``end_date``,
    ``date``, or their meeting's dates, when the model has such fields."""
    names = {f.name for f in model._meta.get_fields()}
    if {"start_date", "end_date"} <= names:
        return dated_between("start_date", "end_date")
    if "date" in names:
        return dated_between("date")
    if "meeting" in names:
        return dated_between("meeting__start_date", "meeting__end_date")
    return None


def _linked(kind, item_ids, user, start, end):
    """``({item_id: [record_id, ...]}, {record_id: record}, dated)`` for one kind."""
    per_item: dict[int, list[int]] = {}
    for item_id, record_id in kind.pairs(item_ids, user):
        per_item.setdefault(item_id, []).append(record_id)
    records = kind.records(item_ids, user)
    narrow = kind.dates
    if narrow is None and hasattr(records, "model"):
        narrow = _inferred_dates(records.model)
    if narrow is not None and (start is not None or end is not None):
        records = narrow(records, start, end)
    return per_item, {r.pk: r for r in records}, narrow is not None


def _rows(domain, user, start, end):
    subtree = with_descendants([domain.pk])[domain.pk]
    items = list(
        FrameworkItem.objects.filter(pk__in=subtree)
        .select_related("parent")
        .order_by("sort_order", "id")
    )
    actions = [i for i in items if i.kind == ItemKind.ACTION]
    action_trees = with_descendants([a.pk for a in actions]) if actions else {}
    in_actions = set().union(*action_trees.values()) if action_trees else set()
    # Work linked to the domain or an objective rather than to an action.
    general_ids = {i.pk for i in items} - in_actions
    rows = [ActionRow(item) for item in actions]
    general = ActionRow(domain)
    for kind in framework_links:
        per_item, records, dated = _linked(kind, list(subtree), user, start, end)
        order = list(records)

        def pick(ids, per_item=per_item, records=records, order=order):
            wanted = {rid for item_id in ids for rid in per_item.get(item_id, ())}
            return [records[rid] for rid in order if rid in wanted]

        for row in rows:
            row.kinds.append(
                KindRecords(
                    kind.key,
                    str(kind.label()),
                    kind.template,
                    pick(action_trees[row.item.pk]),
                    dated,
                )
            )
        general.kinds.append(
            KindRecords(kind.key, str(kind.label()), kind.template, pick(general_ids), dated)
        )
    return rows, general


def workspace(domain: FrameworkItem, user) -> dict:
    """Everything the workspace page shows for ``domain``.

    The linked records are read through each kind's ``restrict(user)``; the result is cached
    only for visitors who are not signed in (signed-in users may see records of their own
    that others do not).
    """
    assignments = list(
        ReferenceCountry.objects.filter(item=domain)
        .select_related("country")
        .order_by("country__name_en")
    )
    start, end = period_of(assignments)

    def compute():
        return _rows(domain, user, start, end)

    if user is None or not user.is_authenticated:
        rows, general = cached(f"workspace:{domain.pk}:{start}:{end}", compute, user=user)
    else:
        rows, general = compute()
    visible_documents = Document.objects.restrict(user).values("pk")
    reports = (
        ReferenceCountryReport.objects.for_domain(domain)
        .select_related("assignment__country", "assignment__item__framework")
        .prefetch_related(
            Prefetch(
                "document",
                queryset=Document.objects.filter(pk__in=visible_documents),
            )
        )
        .order_by("kind", "date", "id")
    )
    themes = (
        Theme.objects.for_domain(domain)
        .select_related("assignment__country", "assignment__item__framework")
        .order_by("-date", "-id")
    )
    return {
        "assignments": assignments,
        "period_start": start,
        "period_end": end,
        "rows": rows,
        "general": general,
        "white_spots": [row for row in rows if row.white_spot],
        "kinds": [(k.key, str(k.label())) for k in framework_links],
        "undated_kinds": sorted({k.label for k in general.kinds if not k.dated}),
        "reports": reports,
        "themes": themes,
    }


def domains_with_reference_countries():
    return (
        FrameworkItem.objects.filter(kind=ItemKind.DOMAIN, reference_countries__isnull=False)
        .select_related("framework")
        .annotate(reference_count=Count("reference_countries"))
        .order_by("framework__slug", "sort_order")
    )

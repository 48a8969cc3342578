"""The stocktaking report: what was done under a framework in a period, from registered links.

``build_report(framework, start, end, user=..., lang=...)`` returns a ``Report``: plain data,
every string already translated into ``lang``, everything ordered explicitly, so that the
same data always gives the same report (and byte-identical HTML).

The records come only from ``core.registry.framework_links``: every app that registers a
``LinkedKind`` appears, and only through ``records(item_ids, user)`` / ``pairs(item_ids, user)``,
which read through ``restrict(user)``: what the user may not see is never counted nor cited.
Records are placed in the period by the date resolved in ``stocktaking.dates``.
Kinds whose model is a recommendation (``RECOMMENDATION_MODELS``) are not activities: they
are shown in the section on recommendations, with their follow-up status when the
``followup`` app provides one (``followup.selectors.stocktaking_statuses``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from core.dates import precise_date
from core.registry import framework_links
from frameworks.choices import ITEM_KIND_ORDER, ItemKind
from frameworks.models import Framework, FrameworkItem

from .dates import in_period

LANGUAGES = ("en", "fr")
RECOMMENDATION_MODELS = ("meetings.recommendation",)
PARTNER_MODELS = ("partners.country", "partners.organisation")
# Models whose records count as activities only in one state: {model: (field, value)}.
HELD_ONLY = {"meetings.meeting": ("status", "held")}


@dataclass
class Entry:
    """One cited record: an activity of the annex."""

    key: tuple  # (kind key, pk): identity across sections
    kind: str
    kind_label: str
    title: str
    url: str
    date: datetime.date | None
    date_label: str
    place: str
    actors: list[str]
    number: int = 0


@dataclass
class KindGroup:
    label: str
    entries: list[Entry]


@dataclass
class ItemSection:
    uid: str
    code: str
    kind: str
    heading: str  # "Objective 5"
    title: str
    url: str
    depth: int
    groups: list[KindGroup]
    count: int
    white_spot: bool


@dataclass
class RootSection:
    item: ItemSection
    items: list[ItemSection]  # the root's descendants, depth-first
    count: int  # distinct records linked to the root or any descendant
    white_spots: list[ItemSection]


@dataclass
class RecommendationRow:
    number: str
    text: str
    url: str
    status: str


@dataclass
class MeetingRecommendations:
    title: str
    url: str
    date_label: str
    place: str
    rows: list[RecommendationRow]


@dataclass
class MeetingRow:
    title: str
    url: str
    date_label: str
    city: str
    place: str
    status: str = ""


@dataclass
class Report:
    framework_slug: str
    framework_name: str
    framework_url: str
    start: int
    end: int
    lang: str
    as_of: datetime.date | None
    as_of_label: str
    kind_counts: list[tuple[str, int]]
    partners: list[str]
    meetings: list[MeetingRow]
    other_meetings: list[MeetingRow]
    cities: list[str]
    sections: list[RootSection]
    white_spot_count: int
    leaf_count: int
    recommendations: list[MeetingRecommendations]
    recommendation_count: int
    followup_available: bool
    references: list[Entry] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("Taking stock of the implementation of the %(framework)s %(start)s–%(end)s") % {
            "framework": self.framework_name,
            "start": self.start,
            "end": self.end,
        }


class ReportError(ValueError):
    pass


def parse_period(framework: Framework, start, end) -> tuple[int, int]:
    """Years from user input (strings or ints), defaulting to the framework's period."""
    try:
        first = int(start) if start not in (None, "") else framework.period_start
        last = int(end) if end not in (None, "") else framework.period_end
    except (TypeError, ValueError) as exc:
        raise ReportError(_("The period must be given as years, e.g. 2018 and 2022.")) from exc
    if first is None and last is None:
        first = last = datetime.date.today().year
    first = first or last
    last = last or first
    if not (1900 <= first <= 2200 and 1900 <= last <= 2200):
        raise ReportError(_("The period must be given as years, e.g. 2018 and 2022."))
    if last < first:
        raise ReportError(_("The end of the period must not be before its start."))
    return first, last


# --- introspection of records: who and where --------------------------------------------


def _partner_fields(model):
    """``(select_related, lookups)``: the forward keys to partners (selected with the
    record), and the other lookups from the record to a partner, with the partner model:
    many-to-many fields, and the partner keys of role-like rows pointing at the record
    (meeting roles: hosts, chairs, organisers)."""
    select, lookups = [], []
    for f in sorted(model._meta.get_fields(), key=lambda f: f.name):
        related = getattr(f, "related_model", None)
        if related is None:
            continue
        if f.is_relation and not f.auto_created and related._meta.label_lower in PARTNER_MODELS:
            if f.many_to_many:
                lookups.append((f.name, related))
            else:
                select.append(f.name)
        elif f.one_to_many and f.auto_created and related is not model:
            if related._meta.label_lower in RECOMMENDATION_MODELS:
                continue
            for g in sorted(related._meta.concrete_fields, key=lambda g: g.name):
                if (
                    isinstance(g, models.ForeignKey)
                    and g.related_model._meta.label_lower in PARTNER_MODELS
                ):
                    lookups.append((f"{f.name}__{g.name}", g.related_model))
    return select, lookups


def _actors_by_record(queryset, lookups, names: dict) -> dict[int, set[str]]:
    """``{record id: partner names}`` of the records of ``queryset``: one query per lookup
    reading ids only, the names from one read of each partner table (``names``, kept by the
    caller for the whole report). Prefetching the link rows as objects cost a third of the
    report's data for 20,000 initiatives."""
    for model in {m for _lookup, m in lookups} - set(names):
        names[model] = {p.pk: str(p.name) for p in model._base_manager.all()}
    found: dict[int, set[str]] = defaultdict(set)
    for lookup, model in lookups:
        for pk, partner in queryset.order_by().values_list("pk", lookup).distinct():
            if partner is not None and partner in names[model]:
                found[pk].add(names[model][partner])
    return found


def _title(record) -> str:
    return str(getattr(record, "title", "") or record)


def _place(record) -> str:
    city = getattr(record, "city", "") if isinstance(getattr(record, "city", ""), str) else ""
    country = getattr(record, "country", None) if hasattr(record, "country_id") else None
    country_name = str(country.name) if country is not None else ""
    return ", ".join(p for p in (city, country_name) if p)


def _date_label(value, precision: str = "day") -> str:
    """The date as precisely as it is known (``core.dates``): a meeting known only to the
    year is "2012", never "1 January 2012"."""
    if value is None:
        return _("undated")
    if isinstance(value, datetime.datetime):
        value = value.date()
    return _date_label_cached(value, precision or "day", translation.get_language())


@lru_cache(maxsize=4096)
def _date_label_cached(value: datetime.date, precision: str, lang: str) -> str:
    return precise_date(value, precision)


def _precision(record) -> str:
    """The precision of the record's own date; a date taken from elsewhere is as precise as
    the day unless the record says otherwise."""
    return getattr(record, "date_precision", None) or "day"


def _counts_as_activity(record) -> bool:
    """Only what happened is an activity: a meeting that was postponed, is planned or is not
    confirmed is listed apart with its status, never counted as held."""
    rule = HELD_ONLY.get(record._meta.label_lower)
    return rule is None or getattr(record, rule[0]) == rule[1]


def _url(record) -> str:
    getter = getattr(record, "get_absolute_url", None)
    return getter() if getter else ""


# --- follow-up ------------------------------------------------------------------------


def followup_statuses(recommendation_ids, user):
    """``{recommendation id: status label}`` from the followup app, or None if it has none.

    The followup app provides it by defining ``followup.selectors.stocktaking_statuses(ids,
    user)`` (reading through its own ``restrict(user)``).
    """
    if not apps.is_installed("followup"):
        return None
    try:
        from followup.selectors import stocktaking_statuses  # noqa: PLC0415 - optional
    except ImportError:
        return None
    return {k: str(v) for k, v in stocktaking_statuses(list(recommendation_ids), user).items()}


# --- the report -------------------------------------------------------------------------


def _tree(items):
    children = defaultdict(list)
    for item in items:
        children[item.parent_id].append(item)
    for siblings in children.values():
        siblings.sort(key=lambda i: (i.sort_order, ITEM_KIND_ORDER.get(i.kind, 9), i.code, i.pk))
    return children


def build_report(
    framework: Framework,
    start: int,
    end: int,
    *,
    user,
    lang: str = "en",
    as_of: datetime.date | None = None,
) -> Report:
    if lang not in LANGUAGES:
        raise ReportError(_("Unknown language: choose English or French."))
    with translation.override(lang):
        return _build(framework, start, end, user, lang, as_of)


def _build(framework, start, end, user, lang, as_of) -> Report:
    items = list(FrameworkItem.objects.filter(framework=framework).order_by("sort_order", "pk"))
    item_ids = [i.pk for i in items]
    children = _tree(items)
    item_ids_set = set(item_ids)
    roots = [i for i in items if i.parent_id is None or i.parent_id not in item_ids_set]
    roots.sort(key=lambda i: (ITEM_KIND_ORDER.get(i.kind, 9), i.sort_order, i.code, i.pk))

    # Records per kind, in the period, visible to the user.
    entries: dict[tuple, Entry] = {}
    links: dict[int, dict[str, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    kind_counts = []
    kind_labels = {}
    recommendation_kinds = set()
    all_partners = set()
    partner_names: dict = {}  # {partner model: {id: name}}, read once for every kind
    latest = None
    for kind in framework_links:
        queryset = kind.records(item_ids, user)
        model = queryset.model
        if model._meta.label_lower in RECOMMENDATION_MODELS:
            recommendation_kinds.add(kind.key)
            continue
        kind_labels[kind.key] = str(kind.label())
        select, lookups = _partner_fields(model)
        queryset = in_period(queryset, start, end)
        records = list(queryset.select_related(*select) if select else queryset)
        actors_of = _actors_by_record(queryset, lookups, partner_names) if records else {}
        count = 0
        for record in records:
            if not _counts_as_activity(record):
                continue
            day = record.stocktaking_date
            if isinstance(day, datetime.datetime):
                day = day.date()
            actors = set(actors_of.get(record.pk, ()))
            actors.update(str(p.name) for p in (getattr(record, n) for n in select) if p)
            actors = sorted(actors, key=str.casefold)
            all_partners.update(actors)
            entries[(kind.key, record.pk)] = Entry(
                key=(kind.key, record.pk),
                kind=kind.key,
                kind_label=kind_labels[kind.key],
                title=_title(record),
                url=_url(record),
                date=day,
                date_label=_date_label(day, _precision(record)),
                place=_place(record),
                actors=actors,
            )
            count += 1
            if day and (latest is None or day > latest):
                latest = day
        kind_counts.append((kind.key, count))
        record_keys = {k[1] for k in entries if k[0] == kind.key}
        for item_id, record_id in kind.pairs(item_ids, user):
            if record_id in record_keys:
                links[item_id][kind.key].append((kind.key, record_id))

    kind_order = [k for k, _count in kind_counts]

    def sort_entry(key):
        e = entries[key]
        return (e.date or datetime.date.min, kind_order.index(e.kind), e.title.casefold(), e.key)

    # Citations are numbered in order of first appearance.
    counter = [0]

    def cite(key) -> Entry:
        entry = entries[key]
        if not entry.number:
            counter[0] += 1
            entry.number = counter[0]
        return entry

    def section(item, depth) -> ItemSection:
        groups = []
        total = 0
        for kind_key in kind_order:
            keys = sorted(set(links[item.pk].get(kind_key, [])), key=sort_entry)
            if keys:
                groups.append(KindGroup(kind_labels[kind_key], [cite(k) for k in keys]))
                total += len(keys)
        leaf = not children.get(item.pk)
        return ItemSection(
            uid=item.uid,
            code=item.code,
            kind=item.kind,
            heading=f"{ItemKind(item.kind).label} {item.number}",
            title=str(item.display_title),
            url=item.get_absolute_url(),
            depth=depth,
            groups=groups,
            count=total,
            white_spot=leaf and total == 0,
        )

    sections = []
    leaf_count = sum(1 for i in items if not children.get(i.pk))
    for root in roots:
        root_section = section(root, 0)
        descendants = []
        keys = {k for group in links[root.pk].values() for k in group}

        def walk(parent, depth, descendants=descendants, keys=keys):
            for child in children.get(parent.pk, []):
                descendants.append(section(child, depth))
                keys.update(k for group in links[child.pk].values() for k in group)
                walk(child, depth + 1)

        walk(root, 1)
        spots = [s for s in [root_section, *descendants] if s.white_spot]
        sections.append(RootSection(root_section, descendants, len(keys), spots))

    references = sorted((e for e in entries.values() if e.number), key=lambda e: e.number)

    # Meetings held in the period (all the Dialogue's meetings the user may see).
    from meetings.models import Meeting, Recommendation  # noqa: PLC0415 - a higher app

    in_the_period = in_period(
        Meeting.objects.restrict(user).select_related("country"), start, end
    ).order_by("start_date", "slug")
    meetings = []
    other_meetings = []
    cities = set()
    for meeting in in_the_period:
        row = MeetingRow(
            title=str(meeting.title),
            url=meeting.get_absolute_url(),
            date_label=_date_label(meeting.start_date, meeting.date_precision),
            city=meeting.city,
            place=meeting.place,
            status=str(meeting.get_status_display()),
        )
        if not _counts_as_activity(meeting):
            other_meetings.append(row)
            continue
        if meeting.city:
            cities.add(meeting.city)
        meetings.append(row)
    meeting_qs = in_the_period.filter(status=HELD_ONLY["meetings.meeting"][1])

    recommendation_rows = []
    recommendation_count = 0
    recs = list(
        Recommendation.objects.restrict(user)
        .filter(meeting__in=meeting_qs.values("pk"))
        .select_related("meeting__country", "parent")
        .order_by("meeting__start_date", "meeting__slug", "order", "pk")
    )
    statuses = followup_statuses([r.pk for r in recs], user)
    by_meeting = {}
    for rec in recs:
        group = by_meeting.get(rec.meeting_id)
        if group is None:
            meeting = rec.meeting
            group = by_meeting[rec.meeting_id] = MeetingRecommendations(
                title=str(meeting.title),
                url=meeting.get_absolute_url(),
                date_label=_date_label(meeting.start_date, meeting.date_precision),
                place=meeting.place,
                rows=[],
            )
            recommendation_rows.append(group)
        status = (statuses or {}).get(rec.pk) or _("no follow-up recorded")
        group.rows.append(
            RecommendationRow(
                number=rec.full_number,
                text=str(rec.heading or rec.text),
                # Recommendation.get_absolute_url() is the meeting's page with this anchor;
                # built from the meeting's URL once, not reversed for each of thousands.
                url=f"{group.url}#rec-{rec.pk}",
                status=status,
            )
        )
        recommendation_count += 1

    as_of = as_of or latest
    return Report(
        framework_slug=framework.slug,
        framework_name=str(framework.name),
        framework_url=framework.get_absolute_url(),
        start=start,
        end=end,
        lang=translation.get_language(),
        as_of=as_of,
        as_of_label=_date_label(as_of) if as_of else "",
        kind_counts=[(kind_labels[k], c) for k, c in kind_counts],
        partners=sorted(all_partners, key=str.casefold),
        meetings=meetings,
        other_meetings=other_meetings,
        cities=sorted(cities, key=str.casefold),
        sections=sections,
        white_spot_count=sum(len(s.white_spots) for s in sections),
        leaf_count=leaf_count,
        recommendations=recommendation_rows,
        recommendation_count=recommendation_count,
        followup_available=statuses is not None,
        references=references,
    )


def report_settings() -> dict:
    return {"base_url": getattr(settings, "RABAT_SITE_URL", "")}

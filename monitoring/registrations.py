"""What the monitoring app plugs into the framework browser and the country profile.

Framework counts and profile sections are cached per audience (visitors / partner accounts),
so they show validated records only: a focal point's drafts would otherwise reach the cache
shared by every partner account.
"""

from collections import defaultdict
from datetime import date
from functools import cache as once

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Visibility
from core.registry import LinkedKind, ProfileSection, country_sections, framework_links
from core.roles import sees_partner_content

from . import figures
from .choices import RecordState
from .models import CoverageEntry, CoverageFigure, Initiative, InitiativeCountry


def _validated(user):
    return Initiative.objects.restrict(user).filter(record_state=RecordState.VALIDATED)


def initiative_pairs(item_ids, user):
    return (
        _validated(user)
        .filter(framework_items__in=item_ids)
        .values_list("framework_items", "id")
        .order_by()
    )


def initiative_rollup(item_ids, user, crosswalks=False):
    """Validated initiatives per item, items below included: the sums of the coverage
    figures (``monitoring.coverage``), which count each initiative once per item (with
    ``crosswalks``, those counted through one too)."""
    return dict(
        figures.sums(
            CoverageFigure,
            ("key",),
            ("initiatives",),
            equal={"dimension": CoverageEntry.Dimension.ITEM.value},
            among={"key": list(item_ids)},
            crosswalks=crosswalks,
            public_only=not sees_partner_content(user),
        )
    )


def initiative_records(item_ids, user):
    linked = Initiative.objects.filter(framework_items__in=item_ids).values("id")
    return _validated(user).filter(id__in=linked).select_related("country").order_by("-start_date")


def country_initiatives(country, user):
    from django.db.models import Q

    visible = _validated(user).select_related("country")
    concerned = visible.filter(Q(country=country) | Q(countries__country=country)).distinct()
    return {
        "initiatives": concerned.order_by("-start_date")[:50],
        "initiative_count": once(concerned.count),
        "list_url": reverse("monitoring:initiatives") + f"?country={country.iso2}",
        "reported_url": reverse("monitoring:initiatives") + f"?reported_by={country.iso2}",
    }


def attended_facts(ids):
    """Meetings attended: one per meeting and country recorded as present (a Participation
    row, with its source), dated by the meeting. A country the sources only name is not one."""
    from meetings.models import Participation

    rows = Participation.objects.filter(meeting_id__in=ids, country__isnull=False)
    for meeting, country, start, end in rows.values_list(
        "meeting_id", "country_id", "meeting__start_date", "meeting__end_date"
    ):
        yield meeting, country, True, start, end, ""


def role_facts(ids):
    """Roles held by countries (host, chair, co-chair, organiser), dated by the meeting."""
    from meetings.models import MeetingRole

    rows = MeetingRole.objects.filter(id__in=ids, country__isnull=False)
    for role, country, start, end, kind in rows.values_list(
        "id", "country_id", "meeting__start_date", "meeting__end_date", "kind"
    ):
        yield role, country, True, start, end, kind


def tally_rollup(key):
    """A kind's ``rollup`` read from its figures (``monitoring.tallies``)."""

    def rollup(item_ids, user, crosswalks=False):
        from .dashboard import tallied_rollup

        counts, _statuses = tallied_rollup(list(item_ids), user, crosswalks=crosswalks, keys=[key])
        return {item: by_kind.get(key, 0) for item, by_kind in counts.items()}

    return rollup


def hosted_facts(ids):
    """Meetings by host country (the venue map), dated by the meeting."""
    from meetings.models import Meeting

    rows = Meeting.objects.filter(id__in=ids, country__isnull=False)
    for meeting, country, start, end in rows.values_list(
        "id", "country_id", "start_date", "end_date"
    ):
        yield meeting, country, True, start, end, ""


OPEN_END = date(9999, 12, 31)


def cell_facts(ids):
    """The country x action table: a validated initiative per action it counts for (linked to
    it or below it) and country concerned (``extra``: the country's id). An open end reaches
    every period, as in the coverage figures."""
    from frameworks.choices import ItemKind
    from frameworks.models import FrameworkItem

    from .coverage import _ancestry

    chains, _frameworks = _ancestry()
    actions = set(FrameworkItem.objects.filter(kind=ItemKind.ACTION).values_list("id", flat=True))
    rows = Initiative._base_manager.filter(
        id__in=ids, record_state=RecordState.VALIDATED
    ).values_list("id", "visibility", "start_date", "end_date")
    found = [r[0] for r in rows]
    items, countries = defaultdict(set), defaultdict(set)
    links = Initiative.framework_items.through.objects.filter(initiative_id__in=found)
    for ini, item in links.values_list("initiative_id", "frameworkitem_id"):
        items[ini].update(a for a in chains.get(item, [item]) if a in actions)
    concerned = InitiativeCountry.objects.filter(initiative_id__in=found)
    for ini, country in concerned.values_list("initiative_id", "country_id"):
        countries[ini].add(country)
    for ini, visibility, start, end in rows:
        for action in items[ini]:
            for country in countries[ini]:
                yield (
                    ini,
                    action,
                    visibility == Visibility.PUBLIC,
                    start,
                    end or OPEN_END,
                    str(country),
                )


def register_tallies() -> None:
    """The figures of every kind that declares a tally give the framework browser its counts;
    the participation table's figures per country (``monitoring.tallies``)."""
    for kind in list(framework_links):
        if kind.tally is not None and kind.rollup is None:
            framework_links.replace(kind.key, rollup=tally_rollup(kind.key))
    from core.registry import Tally
    from meetings.models import Meeting, MeetingRole, Participation

    from . import tallies

    tallies.register(
        "attended",
        Tally(
            model=Meeting,
            facts=attended_facts,
            links=Participation,
            record_field="meeting",
            item_field="country",
            chain=False,
        ),
    )
    tallies.register("hosted", Tally(model=Meeting, facts=hosted_facts, chain=False))
    # Kept with the coverage figures: ``coverage.refresh`` refreshes them too.
    tallies.register("cells", Tally(model=Initiative, facts=cell_facts, chain=False))
    tallies.register(
        "roles",
        Tally(
            model=MeetingRole,
            facts=role_facts,
            watch=((Meeting, lambda m: list(m.roles.values_list("pk", flat=True))),),
            chain=False,
        ),
    )


def register() -> None:
    framework_links.register(
        LinkedKind(
            key="initiatives",
            label=lambda: _("Initiatives"),
            pairs=initiative_pairs,
            records=initiative_records,
            rollup=initiative_rollup,
            template="monitoring/includes/initiative_rows.html",
            list_url=lambda: reverse("monitoring:initiatives"),
            order=50,
        )
    )
    country_sections.register(
        ProfileSection(
            key="initiatives",
            template="monitoring/includes/country_initiatives.html",
            context=country_initiatives,
            order=50,
        )
    )

"""The dashboard's figures of meetings, recommendations, documents, labelled activities and
assistance stay equal to a full recomputation after every kind of write, and the dashboard
read from them shows what counting every link would show, for every audience, period and
with crosswalks."""

import dataclasses
import datetime

import pytest
from django.core.cache import cache

from core.registry import framework_links
from core.signals import bulk_written
from documents.tests.factories import DocumentFactory
from frameworks.tests.factories import (
    CrosswalkFactory,
    FrameworkFactory,
    FrameworkItemFactory,
)
from meetings.tests.factories import MeetingFactory, RecommendationFactory
from monitoring import tallies
from monitoring.dashboard import tables
from monitoring.models import LinkEntry, LinkFigure

from .conftest import focal_point_of

KINDS = ("meetings", "recommendations", "documents", "labels", "assistance")


def snapshot():
    return (
        sorted(
            LinkFigure.objects.values_list(
                "kind", "item", "public", "start_year", "end_year", "extra", "via", "records"
            )
        ),
        sorted(LinkEntry.objects.values_list("kind", "record", "item", "public", "extra", "via")),
    )


def assert_consistent():
    before = snapshot()
    tallies.rebuild()
    assert snapshot() == before


def counts(framework, uid, user=None, **period):
    rows = {r["uid"]: r for r in tables(framework, user, **period)["coverage"]}
    return {k: rows[f"marrakesh-2018/{uid}"][k] for k in KINDS}


def test_figures_follow_every_write(tree, country):
    from assistance.tests.factories import AssistanceRequestFactory
    from followup.models import FollowUp
    from labels.tests.factories import LabelApplicationFactory, LinkedActionFactory

    framework, items = tree
    a1, a2, d1 = items["A1"], items["A2"], items["D1"]
    meeting = MeetingFactory(
        country=country,
        start_date=datetime.date(2021, 3, 1),
        end_date=datetime.date(2021, 3, 2),
        framework_items=[a1],
    )
    rec = RecommendationFactory(meeting=meeting, framework_items=[a1, items["O1"]])
    document = DocumentFactory(date=datetime.date(2020, 1, 1), framework_items=[a1])
    secret = DocumentFactory(date=None, framework_items=[a2], partners_only=True)
    assert_consistent()
    assert counts(framework, "D1")["meetings"] == 1
    assert counts(framework, "D1")["recommendations"] == 1  # linked twice, counted once

    # The meeting moves: its recommendations move with it.
    meeting.start_date, meeting.end_date = datetime.date(2024, 5, 1), datetime.date(2024, 5, 2)
    meeting.save()
    assert_consistent()
    assert counts(framework, "A1", year_from=2024)["recommendations"] == 1

    # Follow-up status through the model and through a bulk write that says so.
    follow_up, _created = FollowUp.objects.get_or_create(recommendation=rec)
    follow_up.status = "implemented"
    follow_up.save()
    assert_consistent()
    FollowUp.objects.filter(pk=follow_up.pk).update(status="in_progress")
    bulk_written.send(sender=FollowUp, instances=[follow_up])
    assert_consistent()

    # Links changed from either side, cleared, and visibility changed.
    a2.meetings.add(meeting)
    assert_consistent()
    meeting.framework_items.remove(a1)
    assert_consistent()
    a2.documents.clear()
    assert_consistent()
    document.visibility = "partners"
    document.save()
    assert_consistent()
    assert counts(framework, "A1")["documents"] == 0
    assert counts(framework, "A1", focal_point_of(country))["documents"] == 1

    # A label counts once labelled; assistance once approved.
    application = LabelApplicationFactory(
        state="draft", start_date=datetime.date(2022, 1, 1), end_date=datetime.date(2022, 2, 1)
    )
    link = LinkedActionFactory(application=application, item=a1)
    request = AssistanceRequestFactory(state="submitted", framework_items=[a1])
    assert counts(framework, "A1")["labels"] == counts(framework, "A1")["assistance"] == 0
    application.state = "labelled"
    application.save()
    request.state = "approved"
    request.save()
    assert_consistent()
    assert counts(framework, "D1")["labels"] == counts(framework, "D1")["assistance"] == 1
    link.delete()
    assert_consistent()
    assert counts(framework, "D1")["labels"] == 0

    # Framework items moved and deleted; records deleted (a meeting with its recommendations).
    items["O1"].parent = items["D2"]
    items["O1"].save()
    assert_consistent()
    assert counts(framework, "D2")["recommendations"] == 1
    secret.delete()
    meeting.delete()
    request.framework_items.clear()
    assert_consistent()
    assert counts(framework, "D2")["recommendations"] == 0
    a1_links = LinkEntry.objects.filter(item=a1.pk).count()
    assert a1_links  # the document is still linked to A1
    document.framework_items.clear()
    a1.delete()
    assert_consistent()
    assert not LinkEntry.objects.filter(item=d1.pk).exists()


def participation_of(country, **period):
    rows = {r["iso2"]: r for r in tables_participation(**period)}
    row = rows[country.iso2]
    return row["meetings_attended"], row["roles_held"]


def tables_participation(**period):
    from monitoring.dashboard import participation

    return participation(None, **period)


def test_participation_figures_follow_meetings_and_roles(tree, country, other_country):
    from meetings.tests.factories import MeetingRoleFactory

    meeting = MeetingFactory(
        country=country, start_date=datetime.date(2019, 5, 1), end_date=datetime.date(2019, 5, 2)
    )
    from meetings.models import Participation

    for present in (country, other_country):
        Participation.objects.create(meeting=meeting, country=present, source="test list")
    host = MeetingRoleFactory(meeting=meeting, country=country, kind="host")
    MeetingRoleFactory(meeting=meeting, country=country, kind="chair")
    assert_consistent()
    assert participation_of(country) == (1, 2)
    assert participation_of(country, year_from=2020) == (0, 0)
    meeting.start_date, meeting.end_date = datetime.date(2021, 1, 1), datetime.date(2021, 1, 2)
    meeting.save()
    assert_consistent()
    assert participation_of(country, year_from=2020) == (1, 2)
    # The venue map's figures follow the host country.
    from monitoring.maps import venue_counts

    assert [(v["country"], v["meetings"]) for v in venue_counts(None)] == [(country.iso2, 1)]
    meeting.country = other_country
    meeting.save()
    assert_consistent()
    assert [(v["country"], v["meetings"]) for v in venue_counts(None)] == [(other_country.iso2, 1)]
    assert venue_counts(None, year_to=2020) == []
    host.delete()
    other_country.participations.all().delete()
    assert_consistent()
    assert participation_of(country) == (1, 1)
    assert participation_of(other_country) == (0, 0)
    meeting.delete()
    assert_consistent()
    assert participation_of(country) == (0, 0)
    assert not LinkEntry.objects.exists()


def test_crosswalks_added_and_removed(tree, country):
    framework, items = tree
    older = FrameworkItemFactory(framework__slug="rome-2014", kind="action", code="P1")
    MeetingFactory(country=country, framework_items=[older])
    crosswalk = CrosswalkFactory(source_item=older, target_item=items["A1"])
    assert_consistent()
    assert counts(framework, "D1")["meetings"] == 0
    assert counts(framework, "D1", crosswalks=True)["meetings"] == 1
    crosswalk.delete()
    assert_consistent()
    assert counts(framework, "D1", crosswalks=True)["meetings"] == 0


def test_deferred_refreshes_once_at_the_end(tree, country):
    framework, items = tree
    with tallies.deferred():
        meeting = MeetingFactory(country=country, framework_items=[items["A1"]])
        assert not LinkEntry.objects.exists()  # not yet
        meeting.framework_items.add(items["A2"])
    assert_consistent()
    assert counts(framework, "D1")["meetings"] == counts(framework, "D2")["meetings"] == 1


@pytest.fixture
def without_figures(monkeypatch):
    """The registry as if no kind kept figures: the dashboard counts every link."""

    def switch():
        monkeypatch.setattr(
            framework_links,
            "entries",
            [
                dataclasses.replace(k, tally=None, rollup=None) if k.tally else k
                for k in framework_links.entries
            ],
        )
        cache.clear()  # the framework browser's counts are cached per content version

    return switch


def test_dashboard_from_figures_equals_counting_every_link(tree, country, without_figures):
    """Figures and live counts agree for visitors and partners, in periods and with
    crosswalks from an earlier plan (a record linked to both plans is counted once)."""
    from followup.models import FollowUp

    framework, items = tree
    earlier = FrameworkFactory(slug="rabat-2006", adopted_date=datetime.date(2006, 7, 11))
    old = FrameworkItemFactory(framework=earlier, kind="action", code="X1")
    CrosswalkFactory(source_item=old, target_item=items["A1"])
    statuses = ["open", "implemented", None]
    for n in range(12):
        year = 2016 + n
        linked = [[items["A1"]], [old], [old, items["A1"]], [items["A2"]]][n % 4]
        meeting = MeetingFactory(
            country=country,
            start_date=datetime.date(year, 3, 1),
            end_date=datetime.date(year + n % 2, 3, 5),
            framework_items=linked,
        )
        rec = RecommendationFactory(meeting=meeting, framework_items=linked)
        status = statuses[n % 3]
        if status:
            FollowUp.objects.update_or_create(recommendation=rec, defaults={"status": status})
        else:
            FollowUp.objects.filter(recommendation=rec).delete()
        DocumentFactory(
            date=datetime.date(year, 6, 1) if n % 5 else None,
            framework_items=linked,
            partners_only=bool(n % 3 == 0),
        )
    partner = focal_point_of(country)
    cases = [
        {"user": user, "crosswalks": xw, **period}
        for user in (None, partner)
        for xw in (False, True)
        for period in ({}, {"year_from": 2019, "year_to": 2023}, {"year_from": 2025})
    ]

    def figures():
        result = []
        for case in cases:
            case = dict(case)
            found = tables(framework, case.pop("user"), **case)
            result.append((found["coverage"], found["recommendations"]))
        return result

    def browser():
        from frameworks.selectors import rolled_up_counts

        shown = []
        for user in (None, partner):
            for xw in (False, True):
                _roots, nodes = rolled_up_counts(framework, user, include_crosswalks=xw)
                shown.append({pk: node.counts for pk, node in nodes.items()})
        return shown

    from_figures, browser_from_figures = figures(), browser()
    without_figures()
    assert figures() == from_figures
    # The framework browser reads the same figures (each kind's ``rollup``).
    assert browser() == browser_from_figures
    # The fixture is not empty: something is counted in every case.
    assert all(any(row["meetings"] for row in coverage) for coverage, _r in from_figures)

"""The dashboard's denormalised figures stay equal to a full recomputation after every kind
of write: services, forms' many-to-many changes, the admin's inlines, imports, publication
(supersession by ``update``), deletes, framework items moved or deleted; the command and
the migration's ``rebuild`` fill them from scratch."""

import datetime
from decimal import Decimal
from io import StringIO

from django.core.management import call_command

from frameworks.tests.factories import FrameworkFactory, FrameworkItemFactory
from monitoring import coverage, services, tallies
from monitoring.dashboard import tables
from monitoring.models import (
    CoverageEntry,
    CoverageFigure,
    Initiative,
    InitiativeCountry,
    LinkFigure,
)

from .factories import InitiativeCountryFactory, InitiativeFactory


def snapshot():
    figures = sorted(
        CoverageFigure.objects.values_list(
            "dimension", "key", "public", "start_year", "end_year", "currency", "via", "initiatives"
        )
    )
    budgets = {
        tuple(row): Decimal(str(b)).normalize()
        for *row, b in CoverageFigure.objects.values_list(
            "dimension", "key", "public", "start_year", "end_year", "currency", "via", "budget"
        )
    }
    entries = sorted(
        CoverageEntry.objects.values_list("initiative_id", "dimension", "key", "public", "via")
    )
    return figures, budgets, entries


def cells():
    """The country x action table's figures (``monitoring.tallies``, kind "cells")."""
    return sorted(
        LinkFigure.objects.filter(kind="cells").values_list(
            "item", "extra", "public", "start_year", "end_year", "records"
        )
    )


def assert_consistent():
    """What the writes left equals what a rebuild computes from the data."""
    before = snapshot(), cells()
    coverage.rebuild()
    tallies.rebuild(keys=["cells"])
    assert (snapshot(), cells()) == before


def a1_count(framework, user=None, **period):
    rows = {r["uid"]: r for r in tables(framework, user, **period)["coverage"]}
    return rows["marrakesh-2018/A1"]["initiatives"], rows["marrakesh-2018/D1"]["initiatives"]


def test_service_writes_edits_and_deletes_keep_the_figures(tree, country, secretariat):
    framework, items = tree
    ini = services.initiative_create(
        by=secretariat,
        country=country,
        kind="project",
        status="ongoing",
        title_en="Return support",
        budget=Decimal("1000"),
        currency="EUR",
        start_date=datetime.date(2020, 1, 1),
        framework_items=[items["A1"]],
    )
    assert a1_count(framework) == (1, 1)
    assert CoverageEntry.objects.filter(initiative=ini, dimension="item").count() == 3
    assert_consistent()
    ini.visibility = "partners"
    ini.save()
    assert a1_count(framework) == (0, 0)
    assert_consistent()
    ini.framework_items.remove(items["A1"])
    ini.framework_items.add(items["D2"])
    assert a1_count(framework, secretariat) == (0, 0)
    items["D2"].initiatives.add(InitiativeFactory(country=country))  # the reverse side
    assert_consistent()
    InitiativeCountryFactory(initiative=ini, country=country, share=100)
    assert_consistent()
    InitiativeCountry.objects.filter(initiative=ini).delete()
    assert_consistent()
    items["D2"].initiatives.clear()
    assert CoverageEntry.objects.filter(dimension="item").count() == 0
    assert_consistent()
    ini.framework_items.set([items["A1"]])
    ini.end_date = datetime.date(2021, 6, 30)
    ini.save()
    assert a1_count(framework, secretariat, year_from=2022) == (0, 0)
    assert a1_count(framework, secretariat, year_from=2021, year_to=2021) == (1, 1)
    services.initiative_delete(initiative=ini, by=secretariat)
    assert not CoverageEntry.objects.filter(initiative_id=ini.pk).exists()
    assert a1_count(framework, secretariat) == (0, 0)
    assert_consistent()


def test_queryset_delete_and_drafts(tree, country):
    framework, items = tree
    kept = InitiativeFactory(country=country)
    kept.framework_items.set([items["A1"]])
    InitiativeCountryFactory(initiative=kept, country=country)
    draft = InitiativeFactory(country=country, record_state="draft")
    draft.framework_items.set([items["A1"]])
    assert a1_count(framework) == (1, 1)  # drafts never count
    assert not CoverageEntry.objects.filter(initiative=draft).exists()
    Initiative.objects.filter(pk=kept.pk).delete()
    assert a1_count(framework) == (0, 0)
    assert CoverageFigure.objects.count() == 0
    assert_consistent()


def test_publication_supersedes_through_update(tree, country, secretariat):

    framework, items = tree
    old = InitiativeFactory(country=country, uid="INI-000777", budget=Decimal("5"), currency="EUR")
    old.framework_items.set([items["A1"]])
    from monitoring.models import Round, RoundSubmission

    round_ = Round.objects.create(
        title="2026", opens=datetime.date(2026, 1, 1), deadline=datetime.date(2026, 3, 1)
    )
    services.round_open(round=round_, by=secretariat, countries=[country])
    submission = RoundSubmission.objects.get(round=round_, country=country)
    draft = submission.initiatives.get()
    draft.framework_items.set([items["D2"]])
    assert a1_count(framework) == (1, 1)  # the draft does not count yet
    services.publish_submission(submission)
    assert a1_count(framework) == (0, 0)  # the old version is superseded
    rows = {r["uid"]: r for r in tables(framework, None)["coverage"]}
    assert rows["marrakesh-2018/D2"]["initiatives"] == 1
    assert rows["marrakesh-2018/D2"]["budget"] == {"EUR": "5"}
    assert_consistent()


def test_import_counts_countries_written_in_bulk(tree, country, secretariat):
    from monitoring.io.rows import import_rows

    framework, items = tree
    import_rows(
        [
            {
                "kind": "project",
                "status": "ongoing",
                "title_en": "Imported",
                "country": country.iso2,
                "countries": f"{country.iso2}:100",
                "framework_items": items["A1"].uid,
                "start_date": "2021-01-01",
            }
        ],
        by=secretariat,
    )
    figures = tables(framework, None)
    assert {r["iso2"]: r["concerned"] for r in figures["participation"]}[country.iso2] == 1
    assert figures["matrix"] == [
        {"country": country.iso2, "name": country.name_en, "marrakesh-2018/A1": 1}
    ]
    assert_consistent()


def test_moving_and_deleting_framework_items(tree, country):
    framework, items = tree
    ini = InitiativeFactory(country=country)
    ini.framework_items.set([items["A1"]])
    items["O1"].parent = items["D2"]
    items["O1"].save()
    rows = {r["uid"]: r for r in tables(framework, None)["coverage"]}
    assert rows["marrakesh-2018/D2"]["initiatives"] == 1
    assert rows["marrakesh-2018/D1"]["initiatives"] == 0
    assert_consistent()
    # An item moved to another plan takes its initiatives' counts (and the plan's) with it.
    other = FrameworkFactory(slug="cadiz-2022", adopted_date=datetime.date(2022, 12, 14))
    a2 = FrameworkItemFactory(framework=framework, kind="domain", code="D3")
    ini.framework_items.add(a2)
    assert sum(r["initiatives"] for r in tables(other, None)["trend"]) == 0
    a2.framework = other
    a2.save()
    assert sum(r["initiatives"] for r in tables(other, None)["trend"]) == 1
    assert_consistent()
    items["A1"].delete()
    rows = {r["uid"]: r for r in tables(framework, None)["coverage"]}
    assert rows["marrakesh-2018/D2"]["initiatives"] == 0
    assert_consistent()


def test_crosswalks_added_changed_and_removed(tree, country):
    """Work on an earlier plan's item counts for its successor (and above it) through the
    ``via`` figures, kept right when crosswalks come, change and go."""
    from frameworks.tests.factories import CrosswalkFactory

    framework, items = tree
    older = FrameworkItemFactory(framework__slug="rome-2014", kind="action", code="P1")
    earlier = InitiativeFactory(country=country, budget=Decimal("500"), currency="EUR")
    earlier.framework_items.set([older])
    both = InitiativeFactory(country=country, budget=None)
    both.framework_items.set([older, items["A1"]])
    crosswalk = CrosswalkFactory(source_item=older, target_item=items["A1"])
    assert_consistent()
    assert a1_count(framework) == (1, 1)
    assert a1_count(framework, crosswalks=True) == (2, 2)  # the second one counted once
    row = {r["uid"]: r for r in tables(framework, None, crosswalks=True)["coverage"]}
    assert row["marrakesh-2018/O1"]["budget"] == {"EUR": "500"}
    crosswalk.target_item = items["D2"]
    crosswalk.save()
    assert_consistent()
    assert a1_count(framework, crosswalks=True) == (1, 1)
    both.framework_items.remove(items["A1"])
    crosswalk.delete()
    assert_consistent()
    assert a1_count(framework, crosswalks=True) == (0, 0)
    assert not CoverageEntry.objects.filter(via=True).exists()


def test_rebuild_command_fills_the_figures(tree, country):
    framework, items = tree
    ini = InitiativeFactory(country=country)
    ini.framework_items.set([items["A1"]])
    CoverageEntry.objects.all().delete()
    CoverageFigure.objects.all().delete()
    assert a1_count(framework) == (0, 0)
    out = StringIO()
    call_command("rebuild_coverage", stdout=out)
    assert "1 validated initiatives" in out.getvalue()
    assert a1_count(framework) == (1, 1)


def test_the_framework_browser_counts_initiatives_from_the_figures_as_from_the_links(
    tree, partner_user, secretariat
):
    """``initiative_rollup`` (the coverage figures) gives the framework browser the same
    numbers as reading every link: each initiative once per item, items below included,
    partners-only ones for signed-in partners only, drafts for nobody."""
    from django.contrib.auth.models import AnonymousUser

    from core.registry import framework_links
    from frameworks.selectors import rolled_up_counts

    framework, items = tree
    twice = InitiativeFactory()  # linked to an action and to its own domain: counted once
    twice.framework_items.set([items["A1"], items["D1"]])
    InitiativeFactory(visibility="partners").framework_items.set([items["O1"]])
    InitiativeFactory().framework_items.set([items["D2"]])
    InitiativeFactory(record_state="draft").framework_items.set([items["A1"]])
    kind = next(k for k in framework_links if k.key == "initiatives")
    ids = [item.pk for item in items.values()]
    expected = {
        "visitor": {"D1": 1, "O1": 1, "A1": 1, "D2": 1, "A2": 0},
        "partner": {"D1": 2, "O1": 2, "A1": 1, "D2": 1, "A2": 0},
    }
    for audience, user in (
        ("visitor", AnonymousUser()),
        ("partner", partner_user),
        ("partner", secretariat),
    ):
        from_pairs = {}
        for item_id, initiative_id in kind.pairs(ids, user):
            from_pairs.setdefault(item_id, set()).add(initiative_id)
        rolled = kind.rollup(ids, user)
        _roots, nodes = rolled_up_counts(framework, user)
        shown = {code: nodes[item.pk].counts["initiatives"] for code, item in items.items()}
        assert shown == expected[audience], audience
        assert {code: rolled.get(item.pk, 0) for code, item in items.items()} == shown
        # The links say the same: each item's own links plus those of the items below it.
        below = {
            "D1": ["D1", "O1", "A1"],
            "O1": ["O1", "A1"],
            "A1": ["A1"],
            "D2": ["D2", "A2"],
            "A2": ["A2"],
        }
        for code, codes in below.items():
            linked = set().union(*(from_pairs.get(items[c].pk, set()) for c in codes))
            assert len(linked) == shown[code], (audience, code)

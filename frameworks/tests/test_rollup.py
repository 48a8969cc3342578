"""The framework browser: counts of linked work rolled up the tree, crosswalks optional."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from documents.tests.factories import DocumentFactory
from frameworks.selectors import item_context, rolled_up_counts
from meetings.tests.factories import MeetingFactory, RecommendationFactory

from .factories import build_plans

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans():
    plans = build_plans()
    m = plans.items
    # One meeting linked to two actions of D3 (A11 under O5, A12 under O6).
    MeetingFactory(slug="workshop-two-actions", framework_items=[m["marrakesh-2018/A11"],
                   m["marrakesh-2018/A12"]])  # fmt: skip
    # One linked to the objective O5 and to its own action A11.
    MeetingFactory(slug="meeting-objective-and-action",
                   framework_items=[m["marrakesh-2018/O5"], m["marrakesh-2018/A11"]])  # fmt: skip
    # One linked to the domain itself.
    MeetingFactory(slug="som-on-domain", framework_items=[m["marrakesh-2018/D3"]])
    # One in another domain.
    MeetingFactory(slug="meeting-on-d4", framework_items=[m["marrakesh-2018/A13"]])
    # Cádiz work.
    MeetingFactory(
        slug="cadiz-meeting",
        start_date=datetime.date(2024, 3, 1),
        framework_items=[m["cadiz-2022/D3"]],
    )
    RecommendationFactory(framework_items=[m["marrakesh-2018/A12"], m["marrakesh-2018/O6"]])
    DocumentFactory(framework_items=[m["marrakesh-2018/A10"]])
    return plans


def counts(plans, framework, user=None, **kwargs):
    _roots, nodes = rolled_up_counts(framework, user or AnonymousUser(), **kwargs)
    return {node.item.uid: node.counts for node in nodes.values()}


def test_domain_counts_distinct_records_of_its_subtree(plans):
    c = counts(plans, plans.marrakesh)
    assert c["marrakesh-2018/D3"]["meetings"] == 3  # not 5 links
    assert c["marrakesh-2018/O5"]["meetings"] == 2
    assert c["marrakesh-2018/O6"]["meetings"] == 1
    assert c["marrakesh-2018/A11"]["meetings"] == 2
    assert c["marrakesh-2018/A10"]["meetings"] == 0
    assert c["marrakesh-2018/D4"]["meetings"] == 1
    assert c["marrakesh-2018/D3"]["recommendations"] == 1  # linked to A12 and O6: once
    assert c["marrakesh-2018/O6"]["recommendations"] == 1
    assert c["marrakesh-2018/D3"]["documents"] == 1
    assert c["marrakesh-2018/D4"]["documents"] == 0


def test_tree_shape(plans):
    roots, _nodes = rolled_up_counts(plans.marrakesh, AnonymousUser())
    assert [n.item.code for n in roots] == ["D3", "D4"]
    d3 = roots[0]
    assert [n.item.code for n in d3.children] == ["O5", "O6"]
    assert [n.item.code for n in d3.children[0].children] == ["A10", "A11"]
    assert d3.total == 3 + 1 + 1


def test_crosswalks_bring_predecessor_work(plans):
    without = counts(plans, plans.cadiz)
    assert without["cadiz-2022/D3"]["meetings"] == 1
    with_crosswalks = counts(plans, plans.cadiz, include_crosswalks=True)
    # Its own meeting plus the three of Marrakesh D3, which it continues.
    assert with_crosswalks["cadiz-2022/D3"]["meetings"] == 1 + 3
    assert with_crosswalks["cadiz-2022/D3"]["recommendations"] == 1
    assert with_crosswalks["cadiz-2022/D3"]["documents"] == 1
    # Marrakesh D3 does not continue anything: unchanged either way.
    assert (
        counts(plans, plans.marrakesh, include_crosswalks=True)["marrakesh-2018/D3"]
        == (counts(plans, plans.marrakesh)["marrakesh-2018/D3"])
    )


def test_item_context_lists_the_counted_records(plans):
    item = plans["cadiz-2022/D3"]
    context = item_context(item, AnonymousUser(), include_crosswalks=True)
    meetings = next(s for s in context["sections"] if s["key"] == "meetings")
    assert meetings["count"] == 4
    assert {m.slug for m in meetings["records"]} == {
        "cadiz-meeting", "workshop-two-actions", "meeting-objective-and-action", "som-on-domain",
    }  # fmt: skip
    assert meetings["list_url"] == "/meetings/?framework_item=cadiz-2022/D3"
    context = item_context(item, AnonymousUser())
    meetings = next(s for s in context["sections"] if s["key"] == "meetings")
    assert [m.slug for m in meetings["records"]] == ["cadiz-meeting"]


def test_item_context_ancestors(plans):
    context = item_context(plans["marrakesh-2018/A11"], AnonymousUser())
    assert [a.uid for a in context["ancestors"]] == ["marrakesh-2018/D3", "marrakesh-2018/O5"]


def test_framework_page_shows_rolled_up_counts(plans, anon_client):
    response = anon_client.get(reverse("frameworks:framework", kwargs={"slug": "marrakesh-2018"}))
    assert response.status_code == 200
    d3 = next(n for n in response.context["roots"] if n.item.code == "D3")
    assert d3.counts["meetings"] == 3
    assert response.context["unknown_titles"] == 1  # A10's wording is not known
    assert response.context["item_count"] == 9


def test_framework_page_with_crosswalks(plans, anon_client):
    url = reverse("frameworks:framework", kwargs={"slug": "cadiz-2022"})
    plain = anon_client.get(url)
    d3 = next(n for n in plain.context["roots"] if n.item.code == "D3")
    assert d3.counts["meetings"] == 1
    assert plain.context["crosswalks"] is False
    walked = anon_client.get(url, {"crosswalks": "1"})
    assert walked.status_code == 200
    assert walked.context["crosswalks"] is True
    d3 = next(n for n in walked.context["roots"] if n.item.code == "D3")
    assert d3.counts["meetings"] == 4


def test_item_page_with_crosswalks(plans, anon_client):
    url = plans["cadiz-2022/D3"].get_absolute_url()
    response = anon_client.get(url, {"crosswalks": "1"})
    assert response.status_code == 200
    meetings = next(s for s in response.context["sections"] if s["key"] == "meetings")
    assert meetings["count"] == 4
    html = response.content.decode()
    assert "workshop-two-actions" in html  # the Marrakesh work is listed, linked
    # The crosswalk itself is shown both ways.
    assert [c.source_item.uid for c in response.context["crosswalks_in"]] == ["marrakesh-2018/D3"]


def test_unknown_wording_is_said_not_invented(plans, anon_client):
    response = anon_client.get(plans["marrakesh-2018/A10"].get_absolute_url())
    assert response.status_code == 200
    assert plans["marrakesh-2018/A10"].display_title == "Official wording not yet known"
    assert "Official wording not yet known" in response.content.decode()


def test_unknown_item_is_404(plans, anon_client):
    url = reverse("frameworks:item", kwargs={"slug": "marrakesh-2018", "code": "A99"})
    assert anon_client.get(url).status_code == 404
    url = reverse("frameworks:framework", kwargs={"slug": "no-such-plan"})
    assert anon_client.get(url).status_code == 404


def test_crosswalks_at_two_levels_count_each_record_once(plans):
    """Cádiz O5a continues Marrakesh O5 while Cádiz D3 continues Marrakesh D3 (which holds
    O5): the area still counts each meeting once, the objective gets O5's work."""
    from frameworks.choices import ItemKind

    from .factories import CrosswalkFactory, FrameworkItemFactory

    o5a = FrameworkItemFactory(
        framework=plans.cadiz, code="O5a", kind=ItemKind.OBJECTIVE, number="5a",
        parent=plans["cadiz-2022/D3"],
    )  # fmt: skip
    CrosswalkFactory(source_item=plans["marrakesh-2018/O5"], target_item=o5a)
    c = counts(plans, plans.cadiz, include_crosswalks=True)
    assert c["cadiz-2022/D3"]["meetings"] == 4
    assert c["cadiz-2022/O5a"]["meetings"] == 2
    assert counts(plans, plans.cadiz)["cadiz-2022/O5a"]["meetings"] == 0


def test_counts_follow_a_change_at_once(plans, anon_client, partner_client):
    """Counts are cached, but a new link (or a visibility change) shows on the next visit."""
    url = reverse("frameworks:framework", kwargs={"slug": "marrakesh-2018"})

    def d3_meetings(client):
        response = client.get(url)
        return next(n for n in response.context["roots"] if n.item.code == "D3").counts

    assert d3_meetings(anon_client)["meetings"] == 3
    MeetingFactory(slug="new-meeting", framework_items=[plans["marrakesh-2018/A10"]])
    assert d3_meetings(anon_client)["meetings"] == 4
    document = DocumentFactory(framework_items=[plans["marrakesh-2018/O5"]], partners_only=True)
    assert d3_meetings(anon_client)["documents"] == 1
    assert d3_meetings(partner_client)["documents"] == 2
    document.visibility = "public"
    document.save()
    assert d3_meetings(anon_client)["documents"] == 2

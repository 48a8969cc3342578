"""Empty states are one short line (issue 14, point 7): where wording, items or meetings are
missing, the action-plan pages, the stocktaking report and the calendar say so in one
sentence, not a paragraph."""

import re

import pytest
from django.utils.html import strip_tags

from frameworks.tests.factories import FrameworkFactory, FrameworkItemFactory

SHORT = 90  # characters: one line of the page


def empty_states(html) -> list[str]:
    return [
        " ".join(strip_tags(text).split())
        for text in re.findall(r"<p[^>]*data-empty-state[^>]*>(.*?)</p>", html, re.S)
    ]


def one_short_line(text) -> bool:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
    return len(text) <= SHORT and len(sentences) <= 2 and "\n" not in text


@pytest.fixture
def plan(db):
    plan = FrameworkFactory(slug="plan-unknown", name_en="A plan with unknown wordings")
    FrameworkItemFactory(framework=plan, code="D1", title_en="Known domain")
    unknown = FrameworkItemFactory(framework=plan, code="D2", title_en="", title_fr="")
    with_text = FrameworkItemFactory(
        framework=plan, code="D3", title_en="", title_fr="", text_en="Quoted text of domain 3."
    )
    return plan, unknown, with_text


def test_an_action_plan_with_unknown_wordings_says_so_in_one_line(plan, anon_client):
    framework, _unknown, _with_text = plan
    html = anon_client.get(framework.get_absolute_url()).content.decode()
    (notice,) = empty_states(html)
    assert "not yet known for 2 of the 3 items" in notice
    assert one_short_line(notice), notice


def test_an_item_without_its_wording_says_so_in_one_line(plan, anon_client):
    _framework, unknown, with_text = plan
    for item in (unknown, with_text):
        html = anon_client.get(item.get_absolute_url()).content.decode()
        (notice,) = empty_states(html)
        assert notice.startswith("Official wording not yet known."), notice
        assert one_short_line(notice), notice


def test_a_framework_without_items_says_so_in_one_line(anon_client, db):
    empty = FrameworkFactory(slug="plan-empty", period_start=2014, period_end=2017)
    html = anon_client.get(f"/stocktaking/{empty.slug}/?from=2014&to=2017").content.decode()
    notices = empty_states(html)
    assert notices == ["This framework has no items on the platform."]


def test_an_empty_calendar_month_says_so_in_one_line(anon_client, db):
    html = anon_client.get("/meetings/calendar/?year=2030&month=3").content.decode()
    start = html.index('id="month-list-heading"')
    section = " ".join(strip_tags(html[start : html.index("</section>", start)]).split())
    assert section.endswith("No meeting recorded this month.")

"""Issue 14, point 3: labels are one concept. The labels the Dialogue's documents record
(reference/data/labels.json) are labelled activities on ``/labels/``, a meeting is labelled
because its label was granted, and the labels count under the actions their sources link.

Run on the reference data as ``rabat load_reference`` loads them (the database users have).
"""

import json
import re
from html import unescape

import pytest
from django.core.management import call_command

from core.tests.module_db import rolled_back
from frameworks.models import FrameworkItem
from labels.models import LabelApplication, LinkedAction
from meetings.models import Meeting
from reference.loaders import DEFAULT_DATA_DIR, load_all

pytestmark = pytest.mark.django_db

WEBINAR = "2021-04-webinar-mainstreaming-migration-development"
PARIS = "2021-09-paris-thematic-meeting-local-authorities"
TWINNING = "2021-switzerland-chad-twinning-asylum"
MALABO_SOM = "2021-11-malabo-senior-officials-meeting"

# key: (title as listed, lead partner shown, dates shown, the linked items)
LABELS = {
    WEBINAR: (
        "Mainstreaming migration into development policies and cooperation",
        "France",
        "19 April 2021",
        ["marrakesh-2018/A5"],
    ),
    PARIS: (
        "National authorities, local authorities and migration",
        "France",
        "14–15 September 2021",
        ["marrakesh-2018/O6", "marrakesh-2018/P3"],
    ),
    TWINNING: (
        "twinning",
        None,
        None,
        ["marrakesh-2018/D3"],
    ),
}


@pytest.fixture(scope="module", autouse=True)
def reference_data(django_db_setup, django_db_blocker):
    """The reference data, loaded once by the command a fresh install runs."""
    with rolled_back(django_db_blocker):
        call_command("load_reference", verbosity=0)
        yield


def _label(key: str) -> LabelApplication:
    return LabelApplication.objects.get(reference_key=key)


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [_text(row) for row in body.split("</tr>") if "<th" in row]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_labels_page_lists_the_three_labelled_activities_to_a_visitor(client, language):
    response = client.get("/labels/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    rows = _rows(html)
    assert len(rows) == 3, rows
    for key, (title, lead, _dates, items) in LABELS.items():
        label = _label(key)
        [row] = [row for row in rows if title in row]
        assert f'href="{label.public_url}"' in html
        if lead:
            assert lead in row
        for uid in items:
            assert uid in row
    # The public list's JSON twin says the same.
    api = client.get("/api/labels/").json()
    assert api["count"] == 3
    assert {row["meeting"] for row in api["results"]} == {WEBINAR, PARIS, None}


def test_each_label_page_gives_its_facts_and_its_sources_and_leaves_unstated_facts_empty(client):
    for key, (title, lead, dates, items) in LABELS.items():
        label = _label(key)
        html = client.get(label.public_url).content.decode()
        text = _text(html)
        assert title in text
        sources = html.split('id="source-heading"', 1)[1]
        assert "<a href=" in sources, key
        for uid in items:
            assert f'<code class="item-code">{uid}</code>' in html
        if dates:
            assert dates in text
        else:
            assert "dates not stated by the sources" in text
        if lead:
            assert f"Lead partner {lead}" in text
        else:
            assert "Lead partner not stated by the sources" in text
        # Nothing invented: no funders, contact or expected results that no source states.
        assert "Funders" not in text and "Contact" not in text and "Expected results" not in text
    twinning = _text(client.get(_label(TWINNING).public_url).content.decode())
    assert "Chad" in twinning and "Switzerland" in twinning
    assert "which would be 'labelled' as a Rabat Process project" in twinning
    webinar = client.get(_label(WEBINAR).public_url).content.decode()
    assert 'href="https://www.rabat-process.org/en/activities/label-meetings/migdev-webinar"' in (
        webinar
    )


@pytest.mark.parametrize("slug,key", [(WEBINAR, WEBINAR), (PARIS, PARIS)])
def test_labelled_meeting_page_says_labelled_and_links_to_the_label_record(client, slug, key):
    meeting = Meeting.objects.get(slug=slug)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Labelled activity" in html
    assert f'href="{_label(key).public_url}"' in html
    # And the label's page leads back to the meeting.
    assert (
        f'href="{meeting.get_absolute_url()}"'
        in client.get(_label(key).public_url).content.decode()
    )


def test_a_meeting_without_a_label_is_not_labelled(client):
    html = client.get(Meeting.objects.get(slug=MALABO_SOM).get_absolute_url()).content.decode()
    assert "Labelled activity" not in html
    assert "/labels/" not in html.split("<main", 1)[1].split('id="source"', 1)[0]


def test_a_meeting_is_labelled_because_its_label_is_granted(client):
    """One rule: the meeting's flag is the label's state, on the page, the list filter and the
    API alike."""
    api = client.get("/api/meetings/?labelled=true").json()
    assert sorted(row["slug"] for row in api["results"]) == [WEBINAR, PARIS]
    assert client.get(f"/api/meetings/{WEBINAR}/").json()["labelled"] is True

    label = _label(WEBINAR)
    label.state = "declined"
    label.save()

    api = client.get("/api/meetings/?labelled=true").json()
    assert [row["slug"] for row in api["results"]] == [PARIS]
    assert client.get(f"/api/meetings/{WEBINAR}/").json()["labelled"] is False
    meeting_page = client.get(Meeting.objects.get(slug=WEBINAR).get_absolute_url())
    assert "Labelled activity" not in meeting_page.content.decode()
    assert len(_rows(client.get("/labels/").content.decode())) == 2


def _coverage(client, query: str = "") -> dict:
    rows = client.get(
        f"/monitoring/?framework=marrakesh-2018&export=json&table=coverage{query}"
    ).json()
    return {row["uid"]: row for row in rows}


def _report_count(html: str, kind: str) -> int:
    overview = html.split('id="overview"', 1)[1].split("</section>", 1)[0]
    match = re.search(rf"{kind}\s*</t[hd]>\s*<td[^>]*>\s*(\d+)", overview)
    assert match, overview
    return int(match.group(1))


def test_labelled_activities_are_counted_under_the_actions_their_sources_link(client):
    coverage = _coverage(client)
    for key, (_title, _lead, _dates, items) in LABELS.items():
        for uid in items:
            assert coverage[uid]["labels"] >= 1, uid
            item = FrameworkItem.objects.get(uid=uid)
            item_page = client.get(item.get_absolute_url()).content.decode()
            assert f'href="{_label(key).public_url}"' in item_page, uid
    # Rolled up: the webinar counts under objective 2 and domain 1; no other label is there.
    assert coverage["marrakesh-2018/O2"]["labels"] == 1
    assert coverage["marrakesh-2018/D1"]["labels"] == 1
    assert coverage["marrakesh-2018/D3"]["labels"] == 2  # the twinning project and O6's meeting
    assert {uid for uid, row in coverage.items() if row["labels"]} == {
        "marrakesh-2018/D1", "marrakesh-2018/O2", "marrakesh-2018/A5", "marrakesh-2018/D3",
        "marrakesh-2018/O6", "marrakesh-2018/P3",
    }  # fmt: skip
    assert all(
        coverage[uid]["labels"] == 1
        for uid in ("marrakesh-2018/A5", "marrakesh-2018/O6", "marrakesh-2018/P3")
    )


def test_the_dashboard_and_the_stocktaking_report_agree_on_labelled_activities(client):
    """The Marrakesh plan over 2018-2022: the two dated labels (the twinning project states no
    dates, so no period holds it)."""
    coverage = _coverage(client, "&year_from=2018&year_to=2022")
    by_item = {uid: row["labels"] for uid, row in coverage.items() if row["labels"]}
    assert by_item == {
        "marrakesh-2018/D1": 1,
        "marrakesh-2018/O2": 1,
        "marrakesh-2018/A5": 1,
        "marrakesh-2018/D3": 1,
        "marrakesh-2018/O6": 1,
        "marrakesh-2018/P3": 1,
    }
    report = client.get("/stocktaking/marrakesh-2018/?from=2018&to=2022&lang=en")
    assert report.status_code == 200
    assert _report_count(report.content.decode(), "Labelled activities") == 2


def test_reloading_the_reference_data_changes_no_label():
    before = {
        "labels": list(LabelApplication.objects.order_by("pk").values()),
        "links": list(LinkedAction.objects.order_by("pk").values()),
        "history": LabelApplication.history.count() + LinkedAction.history.count(),
    }
    counts = load_all()
    assert counts["LabelApplication"] == {"created": 0, "updated": 0, "unchanged": 3}
    assert counts["LinkedAction"] == {"created": 0, "updated": 0, "unchanged": 4}
    assert before == {
        "labels": list(LabelApplication.objects.order_by("pk").values()),
        "links": list(LinkedAction.objects.order_by("pk").values()),
        "history": LabelApplication.history.count() + LinkedAction.history.count(),
    }


def test_the_meetings_files_do_not_contradict_labels_json():
    """``labelled`` in meetings.json / corpus_meetings.json is not read (the label is); until it
    is dropped it must say the same as labels.json."""
    labels = json.loads((DEFAULT_DATA_DIR / "labels.json").read_text(encoding="utf-8"))
    labelled = {rec["meeting"] for rec in labels["labels"] if rec.get("meeting")}
    flagged = set()
    for name in ("meetings.json", "corpus_meetings.json"):
        data = json.loads((DEFAULT_DATA_DIR / name).read_text(encoding="utf-8"))
        flagged |= {rec["slug"] for rec in data["meetings"] if rec.get("labelled")}
    assert flagged == labelled == {WEBINAR, PARIS}

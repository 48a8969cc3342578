"""Issue 14, point 5 (data): what the platform says about the action plans and which meetings
served them is sourced.

- French titles where the Dialogue's own French text gives them (Marrakesh D1-D4, O1-O6).
- Items for the earlier programmes where public sources state them (Dakar Strategy, Rome
  Programme), so that the meetings of 2013-2015 can be linked to the plan they served.
- A held meeting is linked to an action-plan item only where a source supports it: each link
  has its evidence (a quoted passage and its source) in the data, and the loader refuses a link
  without one.
- The counts below are those of the report (per plan: items, items with a known English and
  French wording; held meetings with a link: 12, was 2).
"""

import json
import re
import shutil

import pytest
from django.core.management import call_command

from core.tests.module_db import rolled_back
from frameworks.models import FrameworkItem
from meetings.models import Meeting
from reference.loaders import DEFAULT_DATA_DIR, ReferenceDataError, load_all

pytestmark = pytest.mark.django_db

MARRAKESH_FR = (
    "https://www.rabat-process.org/fr/a-propos/processus-de-rabat/"
    "350-programme-de-cooperation-2018-2021"
)
CORPUS_DIR = DEFAULT_DATA_DIR / "corpus"

# plan: (items, with a known English wording, with a French wording)
WORDING_COUNTS = {
    "marrakesh-2018": (44, 16, 10),
    "cadiz-2022": (45, 10, 0),
    "dakar-2011": (10, 1, 0),
    "rome-2014": (4, 3, 0),
}

# Held meetings and the items their sources tie them to (before issue 14: the last two only).
LINKED_MEETINGS = {
    "2013-09-dakar-thematic-meeting-evidence-based-policy": {"dakar-2011/O10"},
    "2013-11-madrid-thematic-meeting-border-management": {"dakar-2011/O5"},
    "2014-04-paris-thematic-meeting-migrants-crisis-context": {"dakar-2011/O4"},
    "2014-06-rabat-senior-officials-meeting": {"rome-2014/PL2", "rome-2014/PL3"},
    "2015-06-rabat-thematic-meeting-asylum": {"rome-2014/PL4"},
    "2019-10-abidjan-regional-workshop-migrant-smuggling": {"jvap-2015/D4"},
    "2020-09-webinar-anti-trafficking-assessment": {"marrakesh-2018/D4"},
    "2021-09-paris-thematic-meeting-local-authorities": {"marrakesh-2018/O6", "marrakesh-2018/P3"},
    "2021-10-mixed-migration-futures-workshop-climate-change": {"marrakesh-2018/D1"},
    "2021-12-thematic-meeting-legal-migration": {"marrakesh-2018/D2"},
    "2021-04-webinar-mainstreaming-migration-development": {"marrakesh-2018/A5"},
    "2021-11-malabo-senior-officials-meeting": {
        *(f"marrakesh-2018/D{n}" for n in range(1, 6)),
        *(f"marrakesh-2018/O{n}" for n in (1, 3, 6, 7, 8)),
        "marrakesh-2018/P3",
    },
}


@pytest.fixture(scope="module", autouse=True)
def reference_data(django_db_setup, django_db_blocker):
    """The reference data, loaded once by the command a fresh install runs."""
    with rolled_back(django_db_blocker):
        call_command("load_reference", verbosity=0)
        yield


def _meeting_records() -> list[dict]:
    return [
        record
        for name in ("meetings.json", "corpus_meetings.json")
        for record in json.loads((DEFAULT_DATA_DIR / name).read_text(encoding="utf-8"))["meetings"]
    ]


def _plain(text: str) -> str:
    """A corpus text as a reader quotes it: Markdown emphasis and escapes dropped, line and
    page breaks joined."""
    return re.sub(r"\s+", " ", text.replace("**", "").replace("\\", ""))


def test_marrakesh_titles_read_in_french_where_the_dialogue_publishes_them(client):
    items = FrameworkItem.objects.filter(framework__slug="marrakesh-2018")
    french = {item.code: item for item in items if item.title_fr}
    assert set(french) == {"D1", "D2", "D3", "D4", *(f"O{n}" for n in range(1, 7))}
    assert all(MARRAKESH_FR in item.source for item in french.values())

    html = client.get(
        "/action-plans/marrakesh-2018/D3/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Protection et asile" in html
    html = client.get(
        "/action-plans/marrakesh-2018/O4/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Encourager la facilitation des procédures de délivrance de visas" in html


@pytest.mark.parametrize(("plan", "expected"), WORDING_COUNTS.items(), ids=list(WORDING_COUNTS))
def test_items_with_a_known_wording_per_plan(plan, expected):
    items = FrameworkItem.objects.filter(framework__slug=plan)
    counts = (
        items.count(),
        items.exclude(title_en="").count(),
        items.exclude(title_fr="").count(),
    )
    assert counts == expected


def test_every_known_wording_cites_its_source():
    worded = FrameworkItem.objects.exclude(title_en="", title_fr="").filter(
        framework__slug__in=list(WORDING_COUNTS)
    )
    assert worded.count() == 16 + 10 + 1 + 3
    for item in worded:
        assert item.source.strip(), item.uid
        assert all(
            part.strip().startswith(("http://", "https://", "corpus: "))
            for part in item.source.split(" ; ")
        ), item.uid


def test_the_earlier_programmes_name_their_items_as_their_sources_do(client):
    rabat_som = _plain((CORPUS_DIR / "2014-06-rabat-som-summary.txt").read_text(encoding="utf-8"))
    rome = {i.code: i for i in FrameworkItem.objects.filter(framework__slug="rome-2014")}
    assert list(rome) == ["PL1", "PL2", "PL3", "PL4"]
    assert rome["PL1"].title_en == ""  # only descriptions of the legal-migration pillar
    for code in ("PL2", "PL3"):  # the pillars as the Rabat SOM summary quotes them
        assert f"thematic pillar “{rome[code].title_en}”" in rabat_som
    assert rome["PL4"].title_en in rome["PL4"].note and not rome["PL4"].number_inferred

    dakar = {i.code: i for i in FrameworkItem.objects.filter(framework__slug="dakar-2011")}
    assert list(dakar) == [f"O{n}" for n in range(1, 11)]
    assert dakar["O10"].title_en.lower() in dakar["O10"].note.lower()
    assert "https://fiiapp.org/?p=26518" in dakar["O10"].source

    html = client.get("/action-plans/rome-2014/").content.decode()
    assert "Promoting international protection" in html
    html = client.get("/action-plans/dakar-2011/").content.decode()
    assert "Basing policy coherence and coordination" in html


def test_held_meetings_are_linked_to_the_items_their_sources_support(client):
    held = Meeting.objects.filter(status="held")
    linked = {
        meeting.slug: {item.uid for item in meeting.framework_items.all()}
        for meeting in held.filter(framework_items__isnull=False).distinct()
    }
    assert linked == LINKED_MEETINGS

    # What a visitor sees: the meeting page links the item it served.
    meeting = Meeting.objects.get(slug="2021-12-thematic-meeting-legal-migration")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "/action-plans/marrakesh-2018/D2/" in html
    meeting = Meeting.objects.get(slug="2013-09-dakar-thematic-meeting-evidence-based-policy")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "/action-plans/dakar-2011/O10/" in html


def test_every_meeting_link_has_a_quoted_passage_and_its_source():
    records = [r for r in _meeting_records() if r.get("framework_items")]
    assert {r["slug"] for r in records} == set(LINKED_MEETINGS)
    for record in records:
        evidence = record["framework_evidence"]
        assert {e["item"] for e in evidence} == set(record["framework_items"]), record["slug"]
        for entry in evidence:
            assert entry["quote"].strip() and entry["source"].strip(), record["slug"]
            for source in entry["source"].split(" ; "):
                assert source.startswith(("http://", "https://", "corpus: ")), source
                if source.startswith("corpus: "):
                    # A passage quoted from a corpus document is in it, word for word.
                    text = _plain((CORPUS_DIR / source.removeprefix("corpus: ")).read_text())
                    for passage in entry["quote"].split(" [...] "):
                        assert _plain(passage) in text, (record["slug"], entry["item"], passage)


def test_a_link_without_evidence_is_refused(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data_dir)
    path = data_dir / "meetings.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    meeting = next(
        m for m in data["meetings"] if m["slug"] == "2013-06-working-group-border-management"
    )
    meeting["framework_items"] = ["marrakesh-2018/D4"]
    path.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(ReferenceDataError, match="link without evidence: marrakesh-2018/D4"):
        load_all(data_dir=data_dir)
    assert not Meeting.objects.get(
        slug="2013-06-working-group-border-management"
    ).framework_items.exists()


def test_reloading_the_frameworks_and_links_changes_nothing():
    items = {i.uid: (i.title_en, i.title_fr, i.parent_id) for i in FrameworkItem.objects.all()}
    links = {m.slug: {i.uid for i in m.framework_items.all()} for m in Meeting.objects.all()}

    counts = load_all()

    for model in ("Framework", "FrameworkItem", "Crosswalk", "Meeting"):
        assert counts[model]["created"] == counts[model]["updated"] == 0, model
    assert {
        i.uid: (i.title_en, i.title_fr, i.parent_id) for i in FrameworkItem.objects.all()
    } == items
    assert {
        m.slug: {i.uid for i in m.framework_items.all()} for m in Meeting.objects.all()
    } == links

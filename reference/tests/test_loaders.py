"""The reference data loaders: what lands in the database, idempotency, atomicity."""

import datetime
import hashlib
import json
import shutil
from collections import Counter

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from core.tests.module_db import rolled_back
from documents.models import Document
from frameworks.models import Crosswalk, FrameworkItem, ReferenceCountry
from meetings.models import Meeting, Recommendation, Speaker
from partners.models import Country, GovernanceRole, Organisation, Person
from reference.loaders import DEFAULT_DATA_DIR, ReferenceDataError, load_all

pytestmark = pytest.mark.django_db

PARIS = "2014-04-paris-thematic-meeting-migrants-crisis-context"
MALABO = "2021-11-malabo-senior-officials-meeting"
DOMAIN_APPS = ("partners", "frameworks", "meetings", "documents")


@pytest.fixture(scope="module", autouse=True)
def first_load(django_db_setup, django_db_blocker):
    """Load everything once for the module, inside a transaction rolled back at the end."""
    with rolled_back(django_db_blocker):
        yield load_all()


def corpus_data() -> dict:
    return json.loads((DEFAULT_DATA_DIR / "corpus_meetings.json").read_text(encoding="utf-8"))


def row_counts() -> dict[str, int]:
    """Rows per model of the domain apps, history tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models()
    }


def test_first_load_creates_everything(first_load):
    assert first_load["Country"] == {"created": 60, "updated": 0, "unchanged": 0}
    assert all(row["updated"] == 0 and row["unchanged"] == 0 for row in first_load.values())


def test_countries():
    assert Country.objects.current().count() == 57
    assert Country.objects.count() == 60
    assert set(
        Country.objects.exclude(status__in=["partner", "observer"]).values_list("iso2", flat=True)
    ) == {
        "GB",
        "EG",
        "IS",
    }
    assert set(Country.objects.filter(status="observer").values_list("iso2", flat=True)) == {
        "DZ",
        "LY",
    }


def test_organisations():
    assert Organisation.objects.count() == 24
    assert set(Organisation.objects.filter(standing="partner").values_list("slug", flat=True)) == {
        "eu",
        "ecowas",
    }


@pytest.mark.parametrize(
    ("framework", "expected"),
    [
        ("marrakesh-2018", {"domain": 5, "objective": 10, "action": 23, "priority": 6}),
        ("cadiz-2022", {"domain": 5, "objective": 11, "action": 29}),
        ("jvap-2015", {"domain": 5}),
        ("gcm-2018", {"objective": 23}),
    ],
)
def test_framework_items_per_kind(framework, expected):
    kinds = FrameworkItem.objects.filter(framework__slug=framework).values_list("kind", flat=True)
    assert Counter(kinds) == expected


def test_framework_tree_and_unknown_titles():
    a5 = FrameworkItem.objects.get(uid="marrakesh-2018/A5")
    assert a5.parent.uid == "marrakesh-2018/O2"  # O1 has actions 1-3, O2 actions 4-5
    assert a5.parent.parent.uid == "marrakesh-2018/D1"
    assert FrameworkItem.objects.get(uid="marrakesh-2018/P4").title_en == ""  # never invented
    assert FrameworkItem.objects.get(uid="cadiz-2022/A25").parent is None
    codes = list(
        FrameworkItem.objects.filter(framework__slug="marrakesh-2018").values_list(
            "code", flat=True
        )
    )
    assert codes[:6] == ["D1", "D2", "D3", "D4", "D5", "O1"]
    assert Crosswalk.objects.count() == 21


def test_chair_succession():
    chairs = GovernanceRole.objects.filter(kind="chair", start_date__gte="2020-01-01").order_by(
        "start_date"
    )
    assert [(c.country.iso2, c.start_date, c.end_date) for c in chairs] == [
        ("GQ", datetime.date(2020, 12, 7), datetime.date(2021, 11, 18)),
        ("ES", datetime.date(2021, 11, 18), datetime.date(2022, 12, 14)),
        ("MA", datetime.date(2022, 12, 14), datetime.date(2024, 2, 1)),
        ("PT", datetime.date(2024, 2, 1), datetime.date(2025, 1, 30)),
        ("NG", datetime.date(2025, 1, 30), datetime.date(2026, 1, 29)),
        ("CH", datetime.date(2026, 1, 29), None),
    ]
    current = GovernanceRole.objects.filter(kind="chair").current(on=datetime.date(2026, 3, 1))
    # The 2015 and 2016 chairs (Morocco, Portugal) have no known end date, so they count too.
    assert "CH" in {c.country.iso2 for c in current}
    assert "NG" not in {c.country.iso2 for c in current}


def test_partial_governance_dates():
    morocco_2015 = GovernanceRole.objects.get(
        kind="chair", country__iso2="MA", start_date=datetime.date(2015, 1, 1)
    )
    assert morocco_2015.start_precision == "year"
    secretariat = GovernanceRole.objects.filter(kind="secretariat", organisation__slug="icmpd")
    assert secretariat.count() == 2
    committee = GovernanceRole.objects.filter(kind="steering_committee")
    assert committee.filter(organisation__slug="ecowas").exists()
    assert "as of" in committee.first().note.lower()
    assert ReferenceCountry.objects.filter(item__uid="marrakesh-2018/D3").count() == 2


def test_meeting_roles_and_participating_countries():
    paris = Meeting.objects.get(slug=PARIS)
    co_chairs = {str(r.holder) for r in paris.roles.filter(kind="co_chair")}
    assert co_chairs == {
        str(Country.objects.get(iso2="FR")),
        str(Organisation.objects.get(slug="ecowas")),
    }
    participating = set(paris.participating_countries.values_list("iso2", flat=True))
    # host and co-chair France, plus the countries of government speakers
    assert participating == {"FR", "NE", "DZ", "CI", "SN", "ML"}
    rome = Meeting.objects.get(slug="2014-11-rome-ministerial-conference")
    assert set(rome.roles.values_list("kind", "country__iso2")) == {
        ("host", "IT"),
        ("co_chair", "IT"),
        ("co_chair", "SN"),
    }


def test_paris_recommendations():
    paris = Meeting.objects.get(slug=PARIS)
    top = paris.recommendations.top_level().order_by("order")
    assert list(top.values_list("number", flat=True)) == [str(n) for n in range(1, 12)]
    expected = next(m for m in corpus_data()["meetings"] if m["slug"] == PARIS)
    for rec, data in zip(top, expected["recommendations"], strict=True):
        assert rec.text_en == data["text_en"]
        assert [s.text_en for s in rec.subpoints.order_by("order")] == [
            s["text_en"] for s in data["subpoints"]
        ]
    assert top.get(number="11").addressee == "partner states"


def test_subpoints_attached_to_their_parent():
    data = next(m for m in corpus_data()["meetings"] if m["slug"] == MALABO)
    top = Recommendation.objects.filter(meeting__slug=MALABO, parent=None).order_by("order")
    assert top.count() == len(data["recommendations"])
    for rec, expected in zip(top, data["recommendations"], strict=True):
        assert rec.source_section == expected["source_section"]
        assert [s.text_en for s in rec.subpoints.order_by("order")] == [
            s["text_en"] for s in expected["subpoints"]
        ]
    governance = top.get(source_section="On the governance of the Dialogue", order=5)
    assert set(governance.framework_items.values_list("uid", flat=True)) == {
        f"marrakesh-2018/D{n}" for n in range(1, 6)
    }


def test_people_are_not_duplicated():
    klug = Person.objects.get(name="Anja Klug")
    assert klug.organisation.slug == "unhcr"
    assert set(Speaker.objects.filter(person=klug).values_list("role", flat=True)) == {
        "speaker",
        "expert",
    }
    derepas = Speaker.objects.get(person__name="Luc Derepas")
    assert derepas.title_at_meeting.startswith("Director General")
    assert derepas.session.order == 1
    assert derepas.person.organisation_name == "French Ministry of Interior"


def test_documents_hold_the_corpus_files():
    documents = Document.objects.all()
    shipped = [p for p in (DEFAULT_DATA_DIR / "corpus").iterdir() if p.suffix in (".txt", ".md")]
    assert documents.count() == len(shipped) == 5
    for document in documents:
        path = DEFAULT_DATA_DIR / "corpus" / f"{document.slug}{document.extension}"
        content = path.read_bytes()
        assert document.sha256 == hashlib.sha256(content).hexdigest()
        assert document.size == len(content)
        year = document.date.year if document.date else "undated"
        assert document.file.name == f"documents/{year}/{path.name}"
        with document.file.open("rb") as stored:
            assert stored.read() == content
    assert Document.objects.get(slug="2021-11-malabo-som-conclusions").meeting.slug == MALABO
    pf3md = Document.objects.get(slug="2014-04-pf3md-presentation")
    assert (pf3md.kind, pf3md.meeting.slug) == ("presentation", PARIS)
    webinar = Document.objects.get(slug="2021-04-webinar-mainstreaming-migration")
    assert webinar.meeting.kind == "webinar" and webinar.meeting.labelled


def test_a_corrected_meeting_replaces_its_old_record(tmp_path):
    """The webinar of April 2021 was first recorded as a Paris workshop of October 2020: a
    database loaded before is corrected in place, not given a second meeting."""
    from meetings.models import Meeting

    webinar = Meeting.objects.get(slug="2021-04-webinar-mainstreaming-migration-development")
    webinar.slug = "2020-10-paris-workshop-migration-development"
    webinar.save()
    load_all()
    assert not Meeting.objects.filter(slug="2020-10-paris-workshop-migration-development").exists()
    assert Meeting.objects.filter(slug__startswith="2021-04-webinar").count() == 1
    assert Meeting.objects.get(pk=webinar.pk).start_date.isoformat() == "2021-04-19"


def test_documents_link_the_countries_they_name():
    paris = Document.objects.get(slug="2014-04-paris-thematic-meeting-crisis-context")
    named = set(paris.countries.values_list("iso2", flat=True))
    # Mali's crisis, Algeria and Niger's experiences, Morocco and Tunisia congratulated.
    assert {"ML", "DZ", "NE", "MA", "TN"} <= named
    assert "DE" not in named
    malabo = Document.objects.get(slug="2021-11-malabo-som-conclusions")
    # "Equatorial Guinea" is not also read as "Guinea".
    assert "GQ" in set(malabo.countries.values_list("iso2", flat=True))
    assert "GN" not in set(malabo.countries.values_list("iso2", flat=True))
    assert malabo.framework_items.filter(uid="marrakesh-2018/D3").exists()


def test_countries_mentioned_prefers_the_longest_name():
    from reference.loaders import countries_mentioned

    countries = Country.objects.filter(iso2__in=["GN", "GQ", "GW"])
    found = countries_mentioned("Equatorial Guinea and Guinea-Bissau met.", countries)
    assert {c.iso2 for c in found} == {"GQ", "GW"}


def test_second_load_changes_nothing():
    before = row_counts()
    counts = load_all()
    assert sum(row["created"] + row["updated"] for row in counts.values()) == 0
    assert row_counts() == before  # no new rows, no new history rows


def test_changed_value_is_updated_with_one_history_row(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data_dir)
    path = data_dir / "countries.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    morocco = next(c for c in data["countries"] if c["iso2"] == "MA")
    morocco["note"] = "Changed note."
    path.write_text(json.dumps(data), encoding="utf-8")
    history = Country.history.count()

    counts = load_all(data_dir=data_dir)

    assert counts["Country"] == {"created": 0, "updated": 1, "unchanged": 59}
    assert Country.objects.get(iso2="MA").note == "Changed note."
    assert Country.history.count() == history + 1


def test_null_title_keeps_a_title_filled_in_since():
    item = FrameworkItem.objects.get(uid="marrakesh-2018/A1")
    item.title_en = "Wording found by the Secretariat"
    item.save()
    load_all()
    item.refresh_from_db()
    assert item.title_en == "Wording found by the Secretariat"


def test_broken_data_dir_raises_and_changes_nothing(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data_dir)
    # A change in an early file ...
    countries = json.loads((data_dir / "countries.json").read_text(encoding="utf-8"))
    countries["countries"][0]["name_en"] = "Renamed"
    (data_dir / "countries.json").write_text(json.dumps(countries), encoding="utf-8")
    # ... and an unknown country in the last one.
    corpus = json.loads((data_dir / "corpus_meetings.json").read_text(encoding="utf-8"))
    corpus["meetings"][0]["speakers"][0]["country"] = "ZZ"
    (data_dir / "corpus_meetings.json").write_text(json.dumps(corpus), encoding="utf-8")
    before = row_counts()

    with pytest.raises(ReferenceDataError, match=r"corpus_meetings\.json: meetings\[0\].*'ZZ'"):
        load_all(data_dir=data_dir)

    assert row_counts() == before
    assert not Country.objects.filter(name_en="Renamed").exists()


@pytest.mark.parametrize(
    ("filename", "change", "message"),
    [
        ("meetings.json", lambda d: d["meetings"][0]["host"].append("XX"), "unknown country 'XX'"),
        (
            "governance.json",
            lambda d: d["secretariat"][0].update(organisation="nobody"),
            "unknown organisation 'nobody'",
        ),
        (
            "governance.json",
            lambda d: d["reference_countries"][0].update(item="marrakesh-2018/D9"),
            "unknown framework item 'marrakesh-2018/D9'",
        ),
        ("meetings.json", lambda d: d["meetings"][0].update(kind="picnic"), "kind"),
    ],
)
def test_unknown_codes_are_errors(tmp_path, filename, change, message):
    data_dir = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data_dir)
    data = json.loads((data_dir / filename).read_text(encoding="utf-8"))
    change(data)
    (data_dir / filename).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=rf"^{filename}: .*{message}"):
        load_all(data_dir=data_dir)


def test_load_reference_command(tmp_path, capsys):
    call_command("load_reference")
    out = capsys.readouterr().out
    assert "FrameworkItem" in out and "unchanged" in out

    data_dir = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data_dir)
    (data_dir / "organisations.json").write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="organisations.json: invalid JSON"):
        call_command("load_reference", data_dir=data_dir)


def test_roles():
    secretariat = Group.objects.get(name="Secretariat")
    codes = {f"{p.content_type.app_label}.{p.codename}" for p in secretariat.permissions.all()}
    assert {"partners.change_country", "documents.delete_document"} <= codes
    assert "meetings.add_recommendation" in codes
    assert not any("historical" in code for code in codes)
    # Partners-only content follows the roles (core.roles), not a permission of the groups.
    for name in ("Steering Committee", "Chair", "Focal points", "Reference countries", "Public"):
        assert not Group.objects.get(name=name).permissions.exists()


def test_ensure_roles_is_idempotent_and_restores_permissions(capsys):
    public = Group.objects.get(name="Public")
    public.permissions.add(*Group.objects.get(name="Secretariat").permissions.all()[:1])
    call_command("ensure_roles")
    assert "1 updated, 5 unchanged" in capsys.readouterr().out
    assert not public.permissions.exists()

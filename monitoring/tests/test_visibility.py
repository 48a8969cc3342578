"""Partners-only and unvalidated records never reach the public: lists, details, exports, API,
open-data files, framework counts and country profiles."""

import pytest

from core.tests.factories import UserFactory
from frameworks.tests.factories import FrameworkItemFactory
from monitoring.io.rows import COLUMNS
from monitoring.io.tabular import read_xlsx
from monitoring.registrations import country_initiatives, initiative_pairs
from monitoring.services import round_open

from .conftest import client_for
from .factories import InitiativeFactory, RoundFactory

TITLES = ("Public record", "Partners record", "Draft record")


@pytest.fixture
def records(country, other_country, secretariat):
    item = FrameworkItemFactory(framework__slug="jvap-2015", code="D1")
    # The round opens first, so that its submission holds only the one draft below.
    submission = round_open(round=RoundFactory(), by=secretariat, countries=[country])[0]
    public = InitiativeFactory(country=country, title_en="Public record")
    partners = InitiativeFactory(country=country, title_en="Partners record", visibility="partners")
    for record in (public, partners):
        record.framework_items.add(item)
    draft = InitiativeFactory(
        country=country, title_en="Draft record", record_state="draft", submission=submission
    )
    draft.framework_items.add(item)
    return {"public": public, "partners": partners, "draft": draft, "item": item}


def audiences(focal, other_focal, secretariat):
    return {
        "anonymous": (None, {"Public record"}),
        "public": (UserFactory(public=True), {"Public record"}),
        "other_focal": (other_focal, {"Public record", "Partners record"}),
        "focal": (focal, set(TITLES)),
        "secretariat": (secretariat, set(TITLES)),
    }


def shown(text):
    return {t for t in TITLES if t in text}


def test_lists_exports_and_api(records, focal, other_focal, secretariat):
    for name, (user, expected) in audiences(focal, other_focal, secretariat).items():
        client = client_for(user)
        base = "/monitoring/initiatives/"
        assert shown(client.get(base).content.decode()) == expected, name
        for fmt in ("csv", "json", "iati"):
            body = client.get(f"{base}?export={fmt}").content.decode()
            assert shown(body) == expected, (name, fmt)
        rows = read_xlsx(client.get(f"{base}?export=xlsx").content)
        assert {r["title_en"] for r in rows} == expected, (name, "xlsx")
        api = client.get("/api/initiatives/").json()
        assert {r["title_en"] for r in api["results"]} == expected, (name, "api")
        assert api["count"] == len(expected)


def test_details_are_404_when_not_visible(records, focal, other_focal, secretariat):
    for name, (user, expected) in audiences(focal, other_focal, secretariat).items():
        client = client_for(user)
        for key, title in (("public", TITLES[0]), ("partners", TITLES[1]), ("draft", TITLES[2])):
            pk = records[key].pk
            status = 200 if title in expected else 404
            assert client.get(f"/monitoring/initiatives/{pk}/").status_code == status, (name, key)
            assert client.get(f"/api/initiatives/{pk}/").status_code == status, (name, key)


def test_open_data_files_hold_public_records_only(records, secretariat):
    client = client_for(secretariat)  # even the Secretariat downloads the public file
    for fmt in ("csv", "json"):
        body = client.get(f"/monitoring/data/initiatives.{fmt}").content.decode()
        assert shown(body) == {"Public record"}
    rows = read_xlsx(client.get("/monitoring/data/initiatives.xlsx").content)
    assert [r["title_en"] for r in rows] == ["Public record"]
    assert list(rows[0]) == list(COLUMNS)


def test_framework_counts_and_country_profile_show_validated_only(
    records, focal, other_focal, secretariat
):
    item = records["item"]
    anon = {i for _item, i in initiative_pairs([item.id], None)}
    assert anon == {records["public"].id}
    partner = {i for _item, i in initiative_pairs([item.id], focal)}
    # Cached per audience: a focal point's drafts are not counted there.
    assert partner == {records["public"].id, records["partners"].id}
    section = country_initiatives(records["public"].country, None)
    assert section["initiative_count"]() == 1
    assert [i.title_en for i in section["initiatives"]] == ["Public record"]

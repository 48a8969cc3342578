"""CSV/XLSX imports (row-level errors, all or nothing), exports, and the IATI round trip."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from defusedxml import ElementTree as SafeET

from core.tests.factories import UserFactory
from frameworks.tests.factories import FrameworkItemFactory
from monitoring.choices import RecordState
from monitoring.io.iati import check_order, export_activities, parse_activities
from monitoring.io.rows import COLUMNS, ImportFailed, import_rows, initiative_to_row
from monitoring.io.tabular import read_csv, read_xlsx, write_csv, write_xlsx
from monitoring.models import Initiative
from monitoring.services import initiatives_import, round_open
from partners.tests.factories import OrganisationFactory

from .conftest import client_for
from .factories import (
    InitiativeCountryFactory,
    InitiativeFactory,
    InitiativeOrganisationFactory,
    ResultFactory,
    RoundFactory,
    SourceFactory,
)


def exporter():
    """Files are exported by the Secretariat, who sees every source."""
    return UserFactory(role="Secretariat")


def full_initiative(country, other_country):
    item = FrameworkItemFactory(framework__slug="marrakesh-2018", code="D3", kind="domain")
    organisation = OrganisationFactory(slug="icmpd", name_en="ICMPD", acronym="ICMPD")
    ini = InitiativeFactory(
        country=country,
        title_en="Reintegration support",
        title_fr="Appui à la réintégration",
        description_fr="Description en français",
        visibility="partners",
    )
    ini.framework_items.add(item)
    InitiativeCountryFactory(initiative=ini, country=country, share=Decimal("60"))
    InitiativeCountryFactory(initiative=ini, country=other_country, share=Decimal("40"))
    InitiativeOrganisationFactory(
        initiative=ini, organisation=organisation, name="", role="funding"
    )
    InitiativeOrganisationFactory(initiative=ini, name="Local NGO", role="implementing")
    ResultFactory(initiative=ini)
    SourceFactory(initiative=ini)
    return Initiative.objects.for_list(exporter()).get(pk=ini.pk)


def rows_of(queryset):
    return [initiative_to_row(i) for i in queryset.for_list(exporter()).order_by("uid")]


def good_row(**changes):
    row = {
        "country": "ML",
        "kind": "policy",
        "status": "planned",
        "title_en": "National migration policy",
        "budget": "1000",
        "currency": "eur",
        "start_date": "2025-01-01",
        "end_date": "2027-12-31",
        "countries": "ML:100",
    }
    row.update(changes)
    return row


def test_import_creates_validated_records(secretariat, country):
    records = import_rows([good_row(), good_row(title_en="Second")], by=secretariat)
    assert [r.record_state for r in records] == ["validated", "validated"]
    assert records[0].uid.startswith("INI-") and records[0].currency == "EUR"
    assert records[0].countries.get().share == 100


def test_row_level_errors_and_nothing_saved(secretariat, country):
    rows = [
        good_row(),
        good_row(budget="lots"),
        good_row(country="XX", start_date="2025-13-01"),
        good_row(end_date="2020-01-01", countries="ML:80; ML:30"),
        good_row(kind="programme", title_en=""),
        good_row(framework_items="nowhere/D9", organisations="donor ICMPD"),
    ]
    with pytest.raises(ImportFailed) as failure:
        import_rows(rows, by=secretariat)
    errors = failure.value.errors
    assert "row 3: budget: not a number" in errors
    assert any(e.startswith("row 4: country: unknown country") for e in errors)
    assert any(e.startswith("row 4: start_date: not a date") for e in errors)
    assert "row 5: end_date: The end cannot be before the start." in errors
    assert any(e.startswith("row 5: countries:") and "repeated" in e for e in errors)
    assert any(e.startswith("row 6: kind:") for e in errors)
    assert "row 6: title_en: required" in errors
    assert any(e.startswith("row 7: framework_items: unknown") for e in errors)
    assert any(e.startswith("row 7: organisations:") for e in errors)
    assert not any(e.startswith("row 2:") for e in errors)
    assert Initiative.objects.count() == 0


def test_shares_above_100_refused(secretariat, country, other_country):
    with pytest.raises(ImportFailed) as failure:
        import_rows([good_row(countries="ML:70; SN:40")], by=secretariat)
    assert failure.value.errors == ["row 2: countries: the shares add up to more than 100%"]


def test_csv_round_trip(secretariat, country, other_country):
    full_initiative(country, other_country)
    before = rows_of(Initiative.objects.all())
    data = write_csv(before, COLUMNS)
    Initiative.objects.all().delete()
    import_rows(read_csv(data), by=secretariat)
    assert rows_of(Initiative.objects.all()) == before


def test_xlsx_round_trip_keeps_text_starting_with_equals(secretariat, country, other_country):
    ini = full_initiative(country, other_country)
    Initiative.objects.filter(pk=ini.pk).update(title_fr="=SUM(A1:A9)")
    before = rows_of(Initiative.objects.all())
    data = write_xlsx(before, COLUMNS)
    Initiative.objects.all().delete()
    import_rows(read_xlsx(data), by=secretariat)
    after = rows_of(Initiative.objects.all())
    assert after == before and after[0]["title_fr"] == "=SUM(A1:A9)"


def test_import_updates_a_validated_record_by_uid(secretariat, country):
    ini = InitiativeFactory(country=country)
    import_rows([good_row(uid=ini.uid, title_en="Renamed")], by=secretariat)
    ini.refresh_from_db()
    assert ini.title_en == "Renamed" and ini.version == 2
    assert Initiative.objects.count() == 1


def test_xlsx_import_errors_reported_by_row(secretariat, country):
    data = write_xlsx([good_row(), good_row(budget="n/a")], COLUMNS)
    with pytest.raises(ImportFailed) as failure:
        initiatives_import(name="data.xlsx", data=data, by=secretariat)
    assert failure.value.errors == ["row 3: budget: not a number"]
    assert Initiative.objects.count() == 0


def test_unknown_columns_and_broken_files(secretariat, country):
    with pytest.raises(ImportFailed, match="Unknown columns: colour"):
        initiatives_import(name="x.csv", data=b"title_en,colour\nA,red\n", by=secretariat)
    with pytest.raises(ImportFailed):
        initiatives_import(name="x.xlsx", data=b"not a zip", by=secretariat)
    with pytest.raises(ImportFailed):
        initiatives_import(name="x.pdf", data=b"%PDF", by=secretariat)


def test_focal_point_imports_into_its_own_submission_only(
    secretariat, country, other_country, focal, other_focal
):
    round = RoundFactory()
    submissions = {
        s.country.iso2: s
        for s in round_open(round=round, by=secretariat, countries=[country, other_country])
    }
    records = import_rows([good_row()], by=focal, submission=submissions["ML"])
    assert records[0].record_state == RecordState.DRAFT
    assert records[0].submission == submissions["ML"]
    with pytest.raises(ImportFailed):
        import_rows([good_row(country="SN")], by=focal, submission=submissions["SN"])
    with pytest.raises(ImportFailed) as failure:
        import_rows([good_row(country="SN")], by=focal, submission=submissions["ML"])
    assert failure.value.errors == ["row 2: country: this submission is for ML"]
    with pytest.raises(ImportFailed):
        import_rows([good_row()], by=focal)  # outside a submission: the Secretariat only


def test_import_page_reports_errors_and_unmapped(secretariat, country, focal):
    client = client_for(secretariat)
    bad = io.BytesIO(write_csv([good_row(budget="x")], COLUMNS))
    bad.name = "initiatives.csv"
    response = client.post("/monitoring/initiatives/import/", {"file": bad})
    assert response.status_code == 400
    assert "row 2: budget: not a number" in response.content.decode()
    good = io.BytesIO(write_csv([good_row()], COLUMNS))
    good.name = "initiatives.csv"
    response = client.post("/monitoring/initiatives/import/", {"file": good})
    assert response.status_code == 200 and "1 initiative imported" in response.content.decode()
    assert client_for(focal).get("/monitoring/initiatives/import/").status_code == 404


def test_import_command(secretariat, country, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    path = tmp_path / "rows.csv"
    path.write_bytes(write_csv([good_row(), good_row(status="done")], COLUMNS))
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_initiatives", str(path), stderr=err)
    assert "row 3: status:" in err.getvalue()
    path.write_bytes(write_csv([good_row()], COLUMNS))
    out = StringIO()
    call_command("import_initiatives", str(path), stdout=out)
    assert "1 initiative(s) imported" in out.getvalue()


# -- exports from the list page ----------------------------------------------------------------
def test_list_exports_follow_filters(secretariat, country):
    InitiativeFactory(country=country, kind="policy", title_en="A policy")
    InitiativeFactory(country=country, kind="project", title_en="A project")
    client = client_for(None)
    csv = client.get("/monitoring/initiatives/?export=csv&kind=policy").content.decode()
    assert "A policy" in csv and "A project" not in csv
    assert csv.splitlines()[0] == ",".join(COLUMNS)
    xlsx = client.get("/monitoring/initiatives/?export=xlsx&kind=project")
    rows = read_xlsx(xlsx.content)
    assert [r["title_en"] for r in rows] == ["A project"]
    data = client.get("/monitoring/initiatives/?export=json").json()
    assert sorted(r["title_en"] for r in data) == ["A policy", "A project"]


# -- IATI --------------------------------------------------------------------------------------
def test_iati_round_trip(secretariat, country, other_country):
    full_initiative(country, other_country)
    InitiativeFactory(country=other_country, status="planned", budget=None, currency="")
    before = rows_of(Initiative.objects.all())
    xml, unmapped = export_activities(Initiative.objects.for_list(exporter()).order_by("uid"))
    assert unmapped == []
    Initiative.objects.all().delete()
    rows, unmapped = parse_activities(xml)
    assert unmapped == []
    import_rows(rows, by=secretariat, first_line=1)
    assert rows_of(Initiative.objects.all()) == before


def test_iati_structure(country, other_country):
    ini = full_initiative(country, other_country)
    at = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)
    xml, _unmapped = export_activities(Initiative.objects.for_list(exporter()), at=at)
    root = SafeET.fromstring(xml)
    assert root.tag == "iati-activities" and root.get("version") == "2.03"
    assert root.get("generated-datetime") == "2026-11-23T12:00:00+00:00"
    (activity,) = root.findall("iati-activity")
    assert check_order(activity) == []
    assert activity.get("default-currency") == "EUR"
    assert activity.findtext("iati-identifier") == f"XM-RABAT-{ini.uid}"
    assert activity.find("reporting-org/narrative").text
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    titles = activity.findall("title/narrative")
    assert [(t.get(lang), t.text) for t in titles] == [
        (None, "Reintegration support"),
        ("fr", "Appui à la réintégration"),
    ]
    roles = {
        (p.get("role"), p.find("narrative").text) for p in activity.findall("participating-org")
    }
    assert roles == {("1", "ICMPD"), ("4", "Local NGO")}
    assert activity.find("activity-status").get("code") == "2"
    assert [(d.get("type"), d.get("iso-date")) for d in activity.findall("activity-date")] == [
        ("2", "2024-01-01"),
        ("3", "2026-12-31"),
    ]
    assert [
        (c.get("code"), c.get("percentage")) for c in activity.findall("recipient-country")
    ] == [
        ("ML", "60"),
        ("SN", "40"),
    ]
    tags = {
        t.get("vocabulary-uri").rsplit("#", 1)[1]: t.get("code") for t in activity.findall("tag")
    }
    assert tags["framework-item"] == "marrakesh-2018/D3" and tags["kind"] == "project"
    assert all(t.get("vocabulary") == "99" for t in activity.findall("tag"))
    budget = activity.find("budget")
    assert [c.tag for c in budget] == ["period-start", "period-end", "value"]
    assert budget.find("value").get("currency") == "EUR" and budget.find("value").text == "250000"
    indicator = activity.find("result/indicator")
    assert [c.tag for c in indicator] == ["title", "description", "baseline", "period"]
    assert indicator.find("period/target").get("value") == "1000"
    assert indicator.find("period/actual").get("value") == "420"
    assert indicator.find("baseline").get("year") == "2024"


def test_iati_export_reports_what_it_cannot_map(country):
    # An end date only (IATI requires one date): no budget period, baseline or result period.
    ini = InitiativeFactory(country=country, start_date=None)
    SourceFactory(initiative=ini, url="", text="Ministry annual report")
    ResultFactory(initiative=ini)
    xml, unmapped = export_activities(Initiative.objects.for_list(exporter()))
    assert any("budget not exported" in u for u in unmapped)
    assert any("Ministry annual report" in u for u in unmapped)
    assert any("baseline" in u for u in unmapped)
    assert any("target and actual" in u for u in unmapped)
    assert b"<!-- unmapped:" in xml


IATI_FOREIGN = (Path(__file__).parent / "data" / "foreign_activity.xml").read_bytes()


def test_iati_import_lists_everything_not_mapped(secretariat, country):
    records, unmapped = initiatives_import(name="act.xml", data=IATI_FOREIGN, by=secretariat)
    (record,) = records
    assert record.title_en == "Migration governance" and record.budget == Decimal("150.5")
    assert record.currency == "USD"
    text = "\n".join(unmapped)
    for expected in (
        "identifier not ours",
        "narrative in “es”",
        "role 9",
        "sector 15110",
        "<recipient-region> not imported",
        "<transaction> not imported",
        "2 budget periods added up",
    ):
        assert expected in text, expected


def test_iati_import_refuses_hostile_xml(secretariat):
    bomb = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>
<iati-activities version="2.03"><iati-activity><title><narrative>&b;</narrative></title>
</iati-activity></iati-activities>"""
    with pytest.raises(ImportFailed):
        initiatives_import(name="bomb.xml", data=bomb, by=secretariat)
    with pytest.raises(ImportFailed, match="root element"):
        initiatives_import(name="x.xml", data=b"<html/>", by=secretariat)

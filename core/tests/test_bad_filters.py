"""F6 (issue 13): a filter value that cannot be applied answers 400 with a message, never 500.

Every list page (each ``FilteredListView`` in the URL resolver) and every API list (each
viewset of the API router) is probed, filter by filter, with out-of-range years, integers
wider than a database integer, non-numeric identifiers, impossible dates and unknown
choices. The rule lives in one place (``core.filtersets``), so a new list is covered by
registering it: it appears here without a line of this file changing.
"""

from __future__ import annotations

import pytest
from django import forms
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from core.filtersets import limits_of
from core.tests.factories import UserFactory, signed_in_client
from core.views import FilteredListView

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # wider than any database integer
# Values no numeric filter accepts, and what the other kinds of filter never accept.
NOT_A_NUMBER = ["abc", HUGE, f"-{HUGE}", "1e400", "NaN"]
OUT_OF_RANGE_YEARS = ["0", "99999", "-1", "2014.5"]
BAD_DATES = ["2020-13-45", "99999-01-01", "0000-01-01", "yesterday"]
UNKNOWN_CHOICE = ["no-such-choice"]
# Accepted by a text filter (a slug, an ISO code: nothing matches), but must not crash.
ODD_TEXT = [HUGE, "x" * 300, "%_'\"", "abc"]


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def list_pages():
    """``(address pattern, view class)`` of every HTML list built on FilteredListView."""
    pages = []
    for route, pattern in _routes(get_resolver().url_patterns):
        view = getattr(pattern.callback, "view_class", None)
        if view is not None and issubclass(view, FilteredListView):
            pages.append(("/" + route, view.filterset_class))
    return pages


def api_lists():
    from config.api_urls import router

    return [
        (f"/api/{prefix}/", getattr(viewset, "filterset_class", None))
        for prefix, viewset, _basename in router.registry
        if hasattr(viewset, "list")
    ]


LISTS = [(url, fs, "page") for url, fs in list_pages()] + [
    (url, fs, "api") for url, fs in api_lists()
]


def bad_values(filterset_class):
    """``(name, value, must_be_refused)`` for every filter of the FilterSet."""
    if filterset_class is None:
        # A list without a FilterSet (the search API) still reads some parameters.
        return [(name, v, False) for name in ("year", "kind", "page") for v in NOT_A_NUMBER]
    fields = filterset_class().form.fields
    cases = []
    for name, filter_ in filterset_class.base_filters.items():
        field = fields[name]
        if isinstance(field, forms.IntegerField):  # also DecimalField and FloatField
            cases += [(name, v, True) for v in NOT_A_NUMBER]
            if limits_of(filterset_class._meta.model, filter_)[0] == (1, 9999):  # a year
                cases += [(name, v, True) for v in OUT_OF_RANGE_YEARS]
        elif isinstance(field, forms.DateField):
            cases += [(name, v, True) for v in BAD_DATES]
        elif isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)) and not isinstance(
            field, forms.NullBooleanField
        ):
            cases += [(name, v, True) for v in UNKNOWN_CHOICE + [HUGE]]
        else:
            cases += [(name, v, False) for v in ODD_TEXT]
    return cases


@pytest.fixture
def scope(db):
    """Objects for the lists whose address names one (a meeting's or an item's follow-up)."""
    from frameworks.tests.factories import FrameworkItemFactory
    from meetings.tests.factories import MeetingFactory

    return {"slug": MeetingFactory().slug, "uid": FrameworkItemFactory().uid}


def address(route: str, scope: dict) -> str:
    for name, value in scope.items():
        for converter in ("slug", "path", "str"):
            route = route.replace(f"<{converter}:{name}>", value)
    return route


@pytest.mark.parametrize(
    ("route", "filterset_class", "kind"), LISTS, ids=[f"{k}:{u}" for u, _f, k in LISTS]
)
def test_bad_filter_values_answer_400_not_500(route, filterset_class, kind, scope):
    url = address(route, scope)
    assert "<" not in url, f"no test object for {route}"
    client = Client()  # a visitor
    if client.get(url).status_code != 200:
        # A list for signed-in roles: probe it as a superuser (second factor passed).
        client = signed_in_client(UserFactory(superuser=True))
    assert client.get(url).status_code == 200, url

    failures = []
    for name, value, must_be_refused in bad_values(filterset_class):
        response = client.get(url, {name: value})
        status = response.status_code
        if status >= 500 or (must_be_refused and status != 400):
            failures.append(f"?{name}={value[:30]} -> {status}")
            continue
        if status == 400:
            if kind == "api":
                detail = response.json()
                if name not in detail and filterset_class is not None:
                    failures.append(f"?{name}={value[:30]}: 400 without naming it: {detail}")
            else:
                html = response.content.decode()
                if 'role="alert"' not in html:
                    failures.append(f"?{name}={value[:30]}: 400 without a message")
    assert not failures, "\n".join(failures)


def test_out_of_range_filters_of_the_probe(client):
    """The three requests of the outside probe, with what a visitor sees."""
    response = client.get("/api/meetings/", {"year": "0"})
    assert response.status_code == 400
    assert response.json() == {"year": ["Ensure this value is greater than or equal to 1."]}

    response = client.get("/documents/", {"year": "99999"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "These filters cannot be applied" in html
    assert "Ensure this value is less than or equal to 9999." in html
    assert response.context["paginator"].count == 0

    response = client.get("/api/follow-up-entries/", {"follow_up": HUGE})
    assert response.status_code == 400
    assert "follow_up" in response.json()


def test_export_with_a_bad_filter_says_why(client):
    response = client.get("/documents/", {"year": "0", "export": "csv"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Year (year): Ensure this value is greater than or equal to 1." in text
    # A subclass with its own exports (initiatives: CSV, XLSX, IATI) refuses them alike.
    response = client.get("/monitoring/initiatives/", {"year": "99999", "export": "xlsx"})
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 9999." in response.content.decode()


def test_good_values_still_filter(client):
    import datetime

    from meetings.tests.factories import MeetingFactory

    MeetingFactory(slug="rabat-som", start_date=datetime.date(2014, 6, 5))
    MeetingFactory(slug="dakar", start_date=datetime.date(2015, 3, 1))
    api = client.get(reverse("api:meeting-list"), {"year": "2014"}).json()
    assert [m["slug"] for m in api["results"]] == ["rabat-som"]
    page = client.get("/meetings/", {"year": "2015"})
    assert page.status_code == 200
    assert [m.slug for m in page.context["object_list"]] == ["dakar"]


def test_meeting_feed_refuses_bad_filters(client):
    """The iCalendar feed reads the meetings list's filters: the same rule, as plain text."""
    for query in ({"year": "0"}, {"year": "99999"}, {"kind": "banquet"}):
        response = client.get("/meetings/feed.ics", query)
        assert response.status_code == 400, query
        assert response["Content-Type"].startswith("text/plain")
    assert client.get("/meetings/feed.ics", {"year": "2014"}).status_code == 200


def test_api_schema_states_the_limits(client):
    """Clients (and schemathesis) read the limits in the OpenAPI schema."""
    import json

    schema = json.loads(client.get("/api/schema/", {"format": "json"}).content)

    def parameter(path, name):
        found = schema["paths"][path]["get"]["parameters"]
        return next(p["schema"] for p in found if p["name"] == name)

    assert parameter("/api/meetings/", "year") == {"type": "integer", "minimum": 1, "maximum": 9999}
    follow_up = parameter("/api/follow-up-entries/", "follow_up")
    assert follow_up["type"] == "integer" and follow_up["maximum"] == 2**63 - 1


@pytest.mark.parametrize("part", ["", "matrix/", "maps/"])
def test_dashboard_period_out_of_range_is_not_a_server_error(client, part):
    """The dashboard's period is a form of its own (not a FilterSet): bounded at both ends."""
    import datetime

    from frameworks.tests.factories import FrameworkFactory, FrameworkItemFactory

    framework = FrameworkFactory(slug="marrakesh-2018", adopted_date=datetime.date(2018, 5, 2))
    FrameworkItemFactory(framework=framework, kind="domain", code="D1", number="1")
    for name in ("year_from", "year_to"):
        for value in (HUGE, f"-{HUGE}", "0", "99999"):
            response = client.get(f"/monitoring/{part}", {"framework": framework.slug, name: value})
            assert response.status_code < 500, (part, name, value)

"""The initiative form offers choices, not typed identifiers (issue 14, point 7)."""

import pytest

from frameworks.tests.factories import FrameworkItemFactory
from monitoring.models import Initiative

from .conftest import client_for
from .test_pages import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(db):
    return [
        FrameworkItemFactory(
            framework__slug="gcm-2018", framework__short_name_en="GCM", code="O1",
            kind="objective", number="1", title_en="Accurate and disaggregated data",
        ),
        FrameworkItemFactory(
            framework__slug="gcm-2018", code="O2", kind="objective", number="2", title_en="",
        ),
    ]  # fmt: skip


def test_initiative_form_offers_framework_items_by_name_grouped_by_framework(
    secretariat, items, country
):
    html = client_for(secretariat).get("/monitoring/initiatives/new/").content.decode()
    assert '<select name="framework_item_uids"' in html and "multiple" in html
    assert '<optgroup label="GCM">' in html
    assert (
        '<option value="gcm-2018/O1">Objective 1: Accurate and disaggregated data</option>' in html
    )
    assert '<option value="gcm-2018/O2">Objective 2</option>' in html  # wording not known
    assert "separated by semicolons" not in html
    assert f'<option value="{country.pk}">Mali</option>' in html


def test_posting_the_chosen_items_saves_them(secretariat, items, country):
    data = form_data(country, framework_item_uids=["gcm-2018/O1", "gcm-2018/O2"])
    response = client_for(secretariat).post("/monitoring/initiatives/new/", data)
    assert response.status_code == 302
    assert set(Initiative.objects.get().framework_items.all()) == set(items)


def test_an_item_not_offered_gets_a_clear_error(secretariat, items, country):
    data = form_data(country, framework_item_uids=["gcm-2018/O1", "nowhere/X9"])
    response = client_for(secretariat).post("/monitoring/initiatives/new/", data)
    assert response.status_code == 200
    assert "Select a valid choice. nowhere/X9 is not one of the available choices." in (
        response.content.decode()
    )
    assert not Initiative.objects.exists()


def test_a_focal_point_is_offered_its_own_country_only(focal, country, other_country):
    html = client_for(focal).get("/monitoring/initiatives/new/").content.decode()
    reporting = html[
        html.index('name="country"') : html.index("</select>", html.index('name="country"'))
    ]
    assert "Mali" in reporting and "Senegal" not in reporting

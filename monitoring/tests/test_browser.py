"""The monitoring dashboard and the maps in Debian's Chromium: a visitor opens the dashboard,
narrows the period (the counts change), picks the domain of the country x action table, then
clicks a country on the dashboard's map and on the partners map and lands on its profile.
Each page passes axe-core's WCAG 2 A/AA checks; screenshots go to
var/screenshots/monitoring-*.png."""

import datetime

import pytest

from core.tests.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    check_page,
    require_browser,
)
from frameworks.tests.factories import FrameworkFactory, FrameworkItemFactory
from meetings.tests.factories import MeetingFactory
from partners.tests.factories import CountryFactory

from .factories import InitiativeCountryFactory, InitiativeFactory

pytestmark = pytest.mark.browser


def check(page, name, problems):
    check_page(page, f"monitoring-{name}", problems)


@pytest.fixture
def data(db):
    mali = CountryFactory(iso2="ML", name_en="Mali", numeric="466")
    senegal = CountryFactory(iso2="SN", name_en="Senegal", numeric="686")
    plan = FrameworkFactory(slug="marrakesh-2018", adopted_date=datetime.date(2018, 5, 2))
    d1 = FrameworkItemFactory(framework=plan, kind="domain", code="D1", number="1")
    o1 = FrameworkItemFactory(framework=plan, kind="objective", code="O1", parent=d1)
    a1 = FrameworkItemFactory(framework=plan, kind="action", code="A1", parent=o1)
    d2 = FrameworkItemFactory(framework=plan, kind="domain", code="D2", number="2")
    o2 = FrameworkItemFactory(framework=plan, kind="objective", code="O2", parent=d2)
    a2 = FrameworkItemFactory(framework=plan, kind="action", code="A2", parent=o2)
    for year, country, item in ((2019, mali, a1), (2023, mali, a1), (2023, senegal, a2)):
        ini = InitiativeFactory(
            country=country,
            start_date=datetime.date(year, 1, 1),
            end_date=datetime.date(year, 12, 31),
        )
        ini.framework_items.set([item])
        InitiativeCountryFactory(initiative=ini, country=country, share=100)
    MeetingFactory(country=senegal, start_date=datetime.date(2023, 4, 1))
    return {"mali": mali, "senegal": senegal}


def a1_initiatives(page) -> str:
    row = page.locator("#coverage-title ~ div table tbody tr", has_text="A1").first
    return row.locator("td").nth(-2).inner_text().strip()


def test_dashboard_period_matrix_and_maps(live_server, data):
    require_browser()
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        page = context.new_page()
        try:
            page.goto(live_server.url + "/monitoring/?framework=marrakesh-2018")
            assert a1_initiatives(page) == "2"
            check(page, "dashboard", problems)

            page.fill("#id_year_from", "2022")
            page.fill("#id_year_to", "2024")
            page.click("form.filters button[type=submit]")
            page.wait_for_url("**year_from=2022**")
            assert "2022–2024" in page.locator("#period-note").inner_text()
            assert a1_initiatives(page) == "1"
            check(page, "dashboard-period", problems)

            # The table loads after the page; a domain link reloads only the table (htmx),
            # for the same period.
            page.click("#dashboard-matrix nav a:has-text('D2')")
            matrix = page.locator("#dashboard-matrix table")
            matrix.locator("abbr", has_text="A2").wait_for()
            assert "Senegal" in matrix.inner_text()
            current = page.locator("#dashboard-matrix nav strong[aria-current]").inner_text()
            assert "D2" in current
            assert "year_from=2022" in page.url  # the period is kept
            check(page, "dashboard-matrix", problems)

            # The dashboard's choropleth: each partner links to its profile.
            page.locator(
                "svg[aria-labelledby=choropleth-svg-title] a[href='/partners/SN/']"
            ).click()
            page.wait_for_url("**/partners/SN/")
            assert "Senegal" in page.locator("h1").inner_text()
            check(page, "profile", problems)

            # The partners map.
            page.goto(live_server.url + "/partners/")
            page.locator("svg a[href='/partners/ML/']").first.click()
            page.wait_for_url("**/partners/ML/")
            assert "Mali" in page.locator("h1").inner_text()
            check(page, "map-profile", problems)
        finally:
            browser.close()
    assert not problems, "\n".join(problems)

"""/search/ in Debian's Chromium: a visitor types a query, reads highlighted snippets with their
page numbers, narrows the results by a facet; a partner account finds a partners-only document
that the visitor could not. Each page passes axe-core's WCAG 2 A/AA checks; screenshots go to
var/screenshots/search-*.png."""

import datetime

import pytest

from core.tests.factories import PASSWORD, UserFactory
from core.tests.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    check_page,
    require_browser,
    sign_in,
)
from documents.tests.factories import DocumentFactory
from partners.tests.factories import CountryFactory

from .factories import PassageFactory

pytestmark = pytest.mark.browser

SECRET = "zanzibarquokka"


def check(page, name, problems):
    check_page(page, f"search-{name}", problems)


@pytest.fixture
def library(transactional_db):
    mali = CountryFactory(iso2="ML", name_en="Mali", name_fr="Mali")
    senegal = CountryFactory(iso2="SN", name_en="Senegal", name_fr="Sénégal")
    paris = DocumentFactory(
        slug="paris-2014", title_en="Migrants in a crisis context", language="en",
        date=datetime.date(2014, 4, 25), countries=[mali],
    )  # fmt: skip
    dakar = DocumentFactory(
        slug="dakar-2015", title_en="Thematic meeting on legal migration", language="en",
        date=datetime.date(2015, 11, 5), countries=[senegal],
    )  # fmt: skip
    secret = DocumentFactory(
        slug="internal-note", title_en="Internal note on reintegration", language="en",
        date=datetime.date(2021, 11, 18), partners_only=True, countries=[mali],
    )  # fmt: skip
    PassageFactory(document=paris, position=1, page=3, text=(
        "The co-chairs insist that voluntary return in dignity remains the preferable solution."
    ))  # fmt: skip
    PassageFactory(document=dakar, position=1, page=12, text=(
        "Senegal presented its programme for the return and reintegration of young graduates."
    ))  # fmt: skip
    PassageFactory(document=secret, position=1, page=2, text=(
        f"Partners only: the return project {SECRET} and its budget."
    ))  # fmt: skip
    return UserFactory(username="focal-point", partner=True)


def open_browser(playwright, live_server, username=None):
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    if username:
        sign_in(page, live_server.url, username, PASSWORD)
    return browser, page


def type_query(page, base_url, words):
    page.goto(base_url + "/search/")
    page.fill("#search-q", words)
    page.press("#search-q", "Enter")
    page.wait_for_selector("#results-title")


def test_visitor_searches_narrows_by_country_and_partner_sees_more(live_server, library):
    require_browser()
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser, page = open_browser(playwright, live_server)
        try:
            type_query(page, live_server.url, "return")
            assert page.inner_text("#results-title") == "2 results"  # not the partners' one
            snippets = page.locator(".snippet mark")
            assert snippets.count() >= 2 and snippets.first.inner_text().lower() == "return"
            meta = page.inner_text(".results")
            assert "page 3" in meta and "page 12" in meta
            assert SECRET not in page.content() and "Internal note" not in page.content()
            check(page, "results", problems)
            # Narrow by a facet: Senegal (the counts are visible beside each value).
            facet = page.locator("section[aria-labelledby=facet-country] a", has_text="Senegal")
            assert "(1)" in facet.locator("xpath=..").inner_text()
            facet.click()
            page.wait_for_url("**country=SN**")
            assert page.inner_text("#results-title") == "1 result"
            assert "Senegal presented its programme" in page.inner_text(".results")
            assert "page 12" in page.inner_text(".results")
            assert page.locator("a[aria-current=true]", has_text="Senegal").count() == 1
            check(page, "facet", problems)
            type_query(page, live_server.url, SECRET)
            assert page.inner_text("#results-title") == "0 results"
            check(page, "nothing", problems)
        finally:
            browser.close()

        browser, page = open_browser(playwright, live_server, "focal-point")
        try:
            type_query(page, live_server.url, SECRET)
            assert page.inner_text("#results-title") == "1 result"
            result = page.inner_text(".results")
            assert "Internal note on reintegration" in result and "Partners only" in result
            assert "page 2" in result
            assert page.locator(".snippet mark", has_text=SECRET).count() == 1
            type_query(page, live_server.url, "return")
            assert page.inner_text("#results-title") == "3 results"
            check(page, "partner", problems)
        finally:
            browser.close()
    assert not problems, "accessibility violations:\n" + "\n".join(problems)

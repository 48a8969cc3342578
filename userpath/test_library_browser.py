"""Upload → jobs → review → accept in the browser, as the Secretariat does it, and the framework
browser counting what was accepted."""

from __future__ import annotations

import re

import pytest

from core.tests.test_browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, require_browser

from .conftest import BROWSER_PAGE

pytestmark = [pytest.mark.userpath, pytest.mark.browser]

PAGE = BROWSER_PAGE
PLAN = "marrakesh-2018"


def framework_totals(page, url: str) -> dict[str, int]:
    """{item code: the "Total" column of its row} on the framework browser."""
    page.goto(url + f"/action-plans/{PLAN}/")
    rows = page.locator("table.tree tbody tr")
    totals = {}
    for i in range(rows.count()):
        row = rows.nth(i)
        link = row.locator("th a").first.get_attribute("href") or ""
        code = link.rstrip("/").rsplit("/", 1)[-1]
        cells = row.locator("td.num")
        totals[code] = int(cells.nth(cells.count() - 1).inner_text().strip() or 0)
    return totals


def test_upload_review_accept_and_the_framework_browser_counts_it(served):
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.set_default_timeout(60_000)
            before = framework_totals(page, served.url)

            # Sign in as the demo Secretariat account: password, then a backup code.
            page.goto(served.url + "/accounts/login/")
            page.fill("#id_username", "secretariat")
            page.fill("#id_password", "rabat-demo-2026")
            page.locator("main form button[type=submit]").click()
            page.fill("input[name=code]", "demo0001")
            page.locator("main form button[type=submit]").click()
            page.wait_for_load_state()

            # Upload a real page; the jobs page follows it until it is done.
            page.goto(served.url + "/library/upload/")
            page.set_input_files("input[type=file]", str(PAGE))
            page.locator("select[name=visibility]").select_option("public")
            page.click("form[enctype='multipart/form-data'] button[type=submit]")
            page.wait_for_url("**/library/jobs/?batch=*")
            row = page.locator("tr", has_text=PAGE.name)
            expect(row.locator(".badge")).to_have_text(re.compile("Done"), timeout=120_000)
            assert "failed" not in row.inner_text().lower()
            page.screenshot(path=str(SCREENSHOTS / "userpath-jobs.png"), full_page=True)

            # Its draft, from the list of drafts to review.
            row.locator("a").last.click()
            page.locator("main a", has_text="Extraction").first.click()
            expect(page.locator("h1")).to_be_visible()
            page.screenshot(path=str(SCREENSHOTS / "userpath-review.png"), full_page=True)
            assert page.locator("input[name=meeting-city]").first.input_value()
            page.locator("button[name=action][value=accept]").click()
            expect(page.locator("p.notice[role=status]").first).to_contain_text("Accepted")
            page.screenshot(path=str(SCREENSHOTS / "userpath-accepted.png"), full_page=True)

            after = framework_totals(page, served.url)
        finally:
            browser.close()

    linked = served.sql(
        """SELECT i.code FROM meetings_meeting_framework_items l
             JOIN frameworks_frameworkitem i ON i.id = l.frameworkitem_id
             JOIN frameworks_framework f ON f.id = i.framework_id
             JOIN meetings_meeting m ON m.id = l.meeting_id
            WHERE f.slug = ? AND m.start_date = '2022-09-29'""",
        PLAN,
    )
    assert linked, "the accepted meeting is linked to no item of the plan"
    for (code,) in linked:
        assert after[code] >= before[code] + 1, (code, before[code], after[code])

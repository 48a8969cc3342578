"""One labelling application walked from draft to labelled in Debian's Chromium: the focal
point applies and submits, the Secretariat opens the Steering Committee review, the silence
command grants the label, and a visitor finds the labelled activity. Each page passes axe-core's
WCAG 2 A/AA checks; screenshots go to var/screenshots/labels-*.png."""

import datetime

import pytest
from django.core.management import call_command

from core.tests.factories import PASSWORD
from core.tests.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    check_page,
    require_browser,
    sign_in,
)
from labels.models import LabelApplication

pytestmark = pytest.mark.browser


def check(page, name, problems):
    check_page(page, f"labels-{name}", problems)


def session(playwright, live_server, username=None):
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    if username:
        sign_in(page, live_server.url, username, PASSWORD)
    return browser, page


def test_one_application_from_draft_to_labelled(live_server, lab):
    require_browser()
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser, page = session(playwright, live_server, "senegal-fp")
        try:
            page.goto(live_server.url + "/labels/applications/new/")
            check(page, "form", problems)
            page.fill("#id_title", "Regional workshop on the return of migrants")
            page.select_option("#id_kind", "event")
            page.fill("#id_description", "Two days of exchanges <b>between</b> practitioners.")
            page.select_option("#id_lead_country", str(lab.country.pk))
            page.fill("#id_funders", "France")
            page.fill("#id_start_date", "2026-03-10")
            page.fill("#id_end_date", "2026-03-11")
            page.fill("#id_city", "Dakar")
            page.fill("#id_expected_results", "A network of contact points on return.")
            page.select_option("#id_links-0-item", str(lab.action1.pk))
            page.fill("#id_links-0-justification", "The workshop builds this network.")
            page.fill("#id_contact_name", "Awa Diop")
            page.fill("#id_contact_email", "awa.diop@example.org")
            page.click("button:has-text('Save the draft')")
            page.wait_for_selector("text=The draft application is saved.")
            check(page, "draft", problems)
            page.click("button:has-text('Submit the application')")
            page.wait_for_selector("[data-state=submitted]")
        finally:
            browser.close()
        browser, page = session(playwright, live_server, "secretariat")
        try:
            page.goto(live_server.url + "/labels/applications/")
            check(page, "applications", problems)
            page.click("text=Regional workshop on the return of migrants")
            page.click("button:has-text('Eligible: open the Steering Committee review')")
            page.wait_for_selector("[data-state=review]")
            check(page, "review", problems)
        finally:
            browser.close()

    # The no-objection period ends (the scheduled command, with its clock ten days ahead).
    application = LabelApplication.objects.get()
    call_command(
        "labels_silence",
        at=(application.silence_deadline + datetime.timedelta(minutes=1)).isoformat(),
    )
    application.refresh_from_db()
    assert application.state == "labelled"

    with sync_playwright() as playwright:
        browser, page = session(playwright, live_server)
        try:
            page.goto(live_server.url + "/labels/")
            check(page, "list", problems)
            page.click("text=Regional workshop on the return of migrants")
            assert page.is_visible("text=Labelled activity")
            assert "<b>between</b>" in page.inner_text("main")  # shown as text, not markup
            check(page, "labelled", problems)
        finally:
            browser.close()
    assert not problems, "accessibility violations:\n" + "\n".join(problems)

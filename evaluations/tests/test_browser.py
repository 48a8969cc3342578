"""One evaluation form from creation to its results chart, in Debian's Chromium.

The Secretariat signs in through the ordinary login form, builds the form and its questions,
opens it, generates two links; two participants answer anonymously; the results page shows a
chart per question. Screenshots go to var/screenshots/evaluation-*.png, and the participant's
page and the results page pass axe-core's WCAG 2 A/AA checks.
"""

import pytest

from core.tests.factories import PASSWORD, UserFactory
from core.tests.test_browser import (
    AXE,
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    require_browser,
    sign_in,
)
from meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.browser


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa"]}})"""
    )
    return [
        f"{page.url}: {v['id']} ({len(v['nodes'])}x): {v['help']}" for v in results["violations"]
    ]


def test_an_evaluation_form_from_creation_to_results(live_server):
    require_browser()
    # Everything the ORM must do happens before Playwright starts its event loop.
    meeting = MeetingFactory(title_en="Senior Officials' Meeting, Malabo")
    staff = UserFactory(role="Secretariat")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    violations = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            staff_context = browser.new_context(
                locale="en", viewport={"width": 1280, "height": 900}, bypass_csp=True
            )
            page = staff_context.new_page()
            sign_in(page, live_server.url, staff.username, PASSWORD, next_url="/evaluations/")
            page.wait_for_url(f"{live_server.url}/evaluations/")

            page.goto(f"{live_server.url}/evaluations/new/")
            # Offered as "Title — date, place", grouped by year (meetings.selectors).
            page.select_option("#id_meeting", value=str(meeting.pk))
            page.fill("#id_title", "Evaluation of the Malabo SOM")
            page.fill("#id_intro", "Five minutes, anonymous.")
            page.fill("#id_closes_at", "2099-01-31T18:00")
            page.click("main form button[type=submit]")
            page.wait_for_selector("h1:has-text('Evaluation of the Malabo SOM')")

            page.select_option("#id_kind", "rating")
            page.fill("#id_text", "Overall, how useful was the meeting?")
            page.click("button:has-text('Add the question')")
            page.wait_for_selector("text=Question added.")
            page.select_option("#id_kind", "single")
            page.fill("#id_text", "Was there enough time for questions?")
            page.fill("#id_choices_text", "Not enough\nJust right\nToo much")
            page.click("button:has-text('Add the question')")
            page.wait_for_selector("th:has-text('Was there enough time for questions?')")
            page.screenshot(path=str(SCREENSHOTS / "evaluation-questions.png"), full_page=True)

            page.click("button:has-text('Open the form')")
            page.wait_for_selector(".badge:has-text('Open')")

            page.click('a:has-text("Participants\' links")')
            page.fill("#id_count", "2")
            page.click("button:has-text('Generate and show the links')")
            links = page.locator("code.link").all_inner_texts()
            assert len(links) == 2
            page.screenshot(path=str(SCREENSHOTS / "evaluation-links.png"), full_page=True)

            for number, (link, rating, time) in enumerate(
                zip(links, ("5", "4"), ("Just right", "Not enough"), strict=True), start=1
            ):
                participant = browser.new_context(locale="en", bypass_csp=True)
                answer = participant.new_page()
                answer.goto(link)
                answer.get_by_label(rating, exact=True).check()
                answer.get_by_label(time, exact=True).check()
                if number == 1:
                    violations += axe_violations(answer)
                    answer.screenshot(
                        path=str(SCREENSHOTS / "evaluation-answer.png"), full_page=True
                    )
                answer.click("button:has-text('Send my answers')")
                answer.wait_for_selector("text=your answers were recorded anonymously")
                answer.goto(link)
                assert "already been used" in answer.content()
                participant.close()

            page.goto(f"{live_server.url}/evaluations/")
            page.click("a:has-text('Results')")
            page.wait_for_selector("h1:has-text('Results')")
            assert page.locator("svg[role=img]").count() == 2
            description = page.locator("svg[role=img] desc").first.text_content()
            assert "4: 1 (50 %)" in description and "5: 1 (50 %)" in description
            assert "average 4.5 out of 5" in page.content()
            violations += axe_violations(page)
            page.screenshot(path=str(SCREENSHOTS / "evaluation-results.png"), full_page=True)
            staff_context.close()
        finally:
            browser.close()
    assert not violations, "accessibility violations:\n" + "\n".join(violations)

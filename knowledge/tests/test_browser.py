"""The library's pages in Debian's Chromium: axe-core WCAG 2 A/AA checks in English and French
(Secretariat account), and an upload through the real form."""

import pytest
from django.test import Client

from core.tests.factories import UserFactory
from core.tests.test_browser import AXE, CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, require_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def build():
    from documents.tests.factories import DocumentFactory
    from knowledge.models import ExtractionDraft, Passage
    from knowledge.services import batch_create

    document = DocumentFactory(title_en="Conclusions of the SOM")
    Passage.objects.bulk_create(
        [
            Passage(
                document=document, position=0, kind="heading", level=1, text="Conclusions", page=1
            ),  # noqa: E501
            Passage(
                document=document,
                position=1,
                kind="paragraph",
                text="The meeting in Malabo was chaired by Fatou Diallo.",
                page=1,
            ),  # noqa: E501
            Passage(
                document=document,
                position=2,
                kind="list_item",
                level=1,
                marker="1.",
                text="Create a network of contact points.",
                page=2,
            ),  # noqa: E501
        ]
    )
    draft = ExtractionDraft.objects.create(
        document=document,
        data={
            "title": "Conclusions of the SOM", "language": "en", "document_kind": "conclusions",
            "meeting": {"kind": "senior_officials_meeting", "start_date": "2021-11-25",
                        "end_date": "2021-11-26", "city": "Malabo", "country": "", "format": ""},
            "people": [{"name": "Fatou Diallo", "title": "", "organisation": "", "country": "", "role": "chair"}],  # noqa: E501
            "organisations": [], "countries": [],
            "recommendations": [{"number": "1", "text": "Create a network of contact points.", "framework_items": []}],  # noqa: E501
            "framework_items": [], "figures": [],
        },
    )  # fmt: skip
    batch_create(paths=[], source="upload", visibility="public")
    user = UserFactory(role="Secretariat")
    client = Client()
    client.force_login(user)
    return document, draft, client.cookies["sessionid"].value


def test_library_pages_pass_axe_and_upload_works(live_server, tmp_path, settings):
    require_browser()
    settings.RABAT_INGEST_SPOOL_DIR = tmp_path / "spool"
    document, draft, session = build()
    pages = [
        ("library", "/library/"),
        ("library-text", f"/library/document/{document.pk}/"),
        ("library-upload", "/library/upload/"),
        ("library-jobs", "/library/jobs/"),
        ("library-drafts", "/library/review/"),
        ("library-review", f"/library/review/{draft.pk}/"),
    ]
    sample = tmp_path / "notes.md"
    sample.write_text("# Conclusions\n\nThe partners agreed on the plan of the Dialogue.\n")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for language in ("en", "fr"):
                context = browser.new_context(
                    locale=language, viewport={"width": 1280, "height": 900}, bypass_csp=True
                )
                context.add_cookies(
                    [
                        {"name": "django_language", "value": language, "url": live_server.url},
                        {"name": "sessionid", "value": session, "url": live_server.url},
                    ]
                )
                page = context.new_page()
                for name, path in pages:
                    response = page.goto(live_server.url + path)
                    assert response.status == 200, f"{path}: {response.status}"
                    page.add_script_tag(path=str(AXE))
                    results = page.evaluate(
                        """async () => await axe.run(document, {
                            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa"]}})"""
                    )
                    violations = [
                        f"{v['id']} ({v['impact']}, {len(v['nodes'])}x): {v['help']}"
                        for v in results["violations"]
                    ]
                    if violations:
                        found[f"{language} {path}"] = violations
                    page.screenshot(
                        path=str(SCREENSHOTS / f"{name}-{language}.png"), full_page=True
                    )
                if language == "en":
                    page.goto(live_server.url + "/library/upload/")
                    page.set_input_files("input[type=file]", str(sample))
                    page.click("form[enctype='multipart/form-data'] button[type=submit]")
                    page.wait_for_url("**/library/jobs/?batch=*")
                    assert "notes.md" in page.content()
                context.close()
        finally:
            browser.close()
    assert not found, "accessibility violations:\n" + "\n".join(
        f"{page}: {v}" for page, items in found.items() for v in items
    )

"""The real pages in a real browser: every main page, in English and French, passes axe-core's
WCAG 2 A/AA checks, and a screenshot of each is saved under var/screenshots/.

Debian's Chromium drives the pages (installed by ``scripts/system_deps.sh chromium``; Playwright
never downloads a browser). Without it the test is skipped with the reason, except with
CI=true, where a missing browser is a failure. axe-core is vendored from npm
(``core/tests/assets/axe/``, by ``scripts/vendor_assets.sh``).
"""

import os
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings

from reference.loaders import load_all

CHROMIUM = Path(os.environ.get("RABAT_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).parent / "assets" / "axe" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PAGES = [
    ("home", "/"),
    ("partners", "/partners/"),
    ("country", "/partners/MA/"),
    ("governance", "/partners/governance/"),
    ("plans", "/action-plans/"),
    ("framework", "/action-plans/marrakesh-2018/"),
    ("item", "/action-plans/marrakesh-2018/D3/"),
    ("meetings", "/meetings/"),
    ("calendar", "/meetings/calendar/?year=2014&month=4"),
    ("meeting", "/meetings/2014-04-paris-thematic-meeting-migrants-crisis-context/"),
    ("malabo", "/meetings/2021-11-malabo-senior-officials-meeting/"),
    ("recommendations", "/meetings/recommendations/"),
    ("documents", "/documents/"),
    ("document", "/documents/2014-04-paris-thematic-meeting-crisis-context/"),
    ("about", "/about/"),
]

pytestmark = pytest.mark.browser


def require_browser():
    problems = []
    if not CHROMIUM.exists():
        problems.append(f"{CHROMIUM} is missing (bash scripts/system_deps.sh chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("the playwright package is not installed (make install)")
    if problems:
        reason = "browser test skipped: " + "; ".join(problems)
        if os.environ.get("CI") == "true":
            pytest.fail(reason.replace("skipped", "impossible"))
        pytest.skip(reason)


def check_page(page, name: str, problems: list[str]) -> None:
    """Run axe-core's WCAG 2 A/AA checks on the page (each violation appended to ``problems``
    as ``"<name>: ..."``), then save ``var/screenshots/<name>.png``."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa"]}})"""
    )
    for v in results["violations"]:
        problems.append(f"{name}: {v['id']} ({len(v['nodes'])}x) {v['help']}")
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def backup_code(user) -> str:
    """A fresh single-use backup code for ``user``, accepted by the two-factor page."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="browser tests", defaults={"confirmed": True}
    )
    token = StaticToken.random_token()
    device.token_set.create(token=token)
    return token


def sign_in(page, base_url: str, username: str, password: str, next_url: str = "/"):
    """Sign in through the real forms; Secretariat and administrator accounts then pass the
    second factor with a backup code, as a person without their phone would."""
    from django.contrib.auth import get_user_model

    from accounts.twofactor import requires_two_factor

    # Playwright's sync API runs an event loop in this thread; these ORM calls are ordinary
    # blocking test set-up. The code exists before signing in, so the account has a device
    # and is asked for a code (not sent to enrol one).
    with mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}):
        user = get_user_model().objects.get(username=username)
        code = backup_code(user) if requires_two_factor(user) else None
    page.goto(f"{base_url}/accounts/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    if code is not None:
        assert "/two-factor/verify/" in page.url, page.url
        page.fill("#id_code", code)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()


def test_main_pages_pass_axe_in_both_languages(live_server):
    require_browser()
    # Everything the ORM must do happens before Playwright starts its event loop.
    load_all()
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for language in ("en", "fr"):
                # bypass_csp: axe is injected as an inline script, which the site's CSP refuses.
                context = browser.new_context(
                    locale=language, viewport={"width": 1280, "height": 900}, bypass_csp=True
                )
                context.add_cookies(
                    [{"name": "django_language", "value": language, "url": live_server.url}]
                )
                page = context.new_page()
                for name, path in PAGES:
                    response = page.goto(live_server.url + path)
                    assert response.status == 200, f"{path}: {response.status}"
                    assert page.get_attribute("html", "lang") == language, path
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
                context.close()
        finally:
            browser.close()
    assert not found, "accessibility violations:\n" + "\n".join(
        f"{page}: {v}" for page, items in found.items() for v in items
    )

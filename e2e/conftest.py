"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every page a test visits is checked with axe-core (`assert_accessible`): a serious or critical
violation fails the test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import override_settings
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect, sync_playwright

from samverkan.demo.loader import DEMO_PASSWORD

# Playwright's sync API runs an event loop in this thread; without this Django refuses the ORM
# calls the tests make (loading the demo data) as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# How long Playwright waits for an element or a navigation; the pages answer in milliseconds.
TIMEOUT_MS = 10_000
FAILING_IMPACTS = {"serious", "critical"}

_axe = Axe()


# The live server


@pytest.fixture(scope="session", autouse=True)
def _plain_http_live_server(request: pytest.FixtureRequest) -> None:
    """Start pytest-django's live server with the HTTPS redirect off.

    Production settings redirect every request to HTTPS (SECURE_SSL_REDIRECT); the live server
    speaks plain HTTP. SecurityMiddleware reads the setting once, when the server's handler is
    built, so the override is needed only while the server starts: the rest of the session
    (other tests in the same worker) sees the settings unchanged.
    """
    with override_settings(SECURE_SSL_REDIRECT=False):
        request.getfixturevalue("live_server")


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings) -> None:
    """Cookies marked Secure are not sent back over the live server's plain HTTP."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False


# The browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """A factory of pages, each in a fresh browser context (own cookies): `new_page("en-GB")`.

    The locale is what the browser asks for (Accept-Language); Swedish unless told otherwise.
    """
    contexts: list[BrowserContext] = []

    def make(locale: str = "sv-SE") -> Page:
        context = browser.new_context(locale=locale)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    """A page in a browser that asks for Swedish, the default language."""
    return new_page()


@pytest.fixture
def en_page(new_page: Callable[..., Page]) -> Page:
    """A page in a browser that asks for English, for tests that read the interface's texts."""
    return new_page("en-GB")


# Accessibility


def _describe(violation: dict) -> str:
    targets = "; ".join(
        " ".join(str(part) for part in node.get("target", [])) for node in violation["nodes"]
    )
    return (
        f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
        f"  {violation.get('helpUrl', '')}\n"
        f"  failing elements: {targets}"
    )


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page as it is now; fail on any serious or critical violation."""
    page.wait_for_load_state("load")
    results = _axe.run(page)
    failing = [v for v in results.response["violations"] if v.get("impact") in FAILING_IMPACTS]
    if failing:
        details = "\n".join(_describe(v) for v in failing)
        pytest.fail(
            f"axe-core found {len(failing)} serious or critical violation(s) on {page.url}:\n"
            f"{details}",
            pytrace=False,
        )


# Navigation helpers


def visit(page: Page, url: str, *, status: int = 200) -> None:
    """Open `url`, check the answer's status and the page's accessibility."""
    response = page.goto(url)
    assert response is not None
    assert response.status == status, f"{url} answered {response.status}, expected {status}"
    assert_accessible(page)


def log_in(page: Page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real login form; lands on the list of the user's partnerships."""
    visit(page, f"{base_url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base_url}/partnerships/")
    expect(page.locator("header")).to_contain_text(username)
    assert_accessible(page)


def switch_language(page: Page, code: str) -> None:
    """Choose a language with the selector in the header; the same page reloads in it."""
    url_before = page.url
    page.locator("#language-select").select_option(code)
    with page.expect_navigation():
        page.locator("header form[action$='/i18n/setlang/'] button[type=submit]").click()
    assert page.url == url_before
    expect(page.locator("html")).to_have_attribute("lang", code)
    assert_accessible(page)


def submit(page: Page, *, status: int = 200) -> None:
    """Submit the page's main form with its Save button; check the answer and accessibility."""
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").click()
    response = navigation.value
    assert response is not None
    if response.status != status:
        errors = page.locator("#form-errors")
        pytest.fail(
            f"the form answered {response.status}, expected {status}:\n"
            + (errors.inner_text() if errors.count() else page.locator("main").inner_text()),
            pytrace=False,
        )
    assert_accessible(page)


def follow(page: Page, link: Locator) -> None:
    """Click a link; check the page it leads to."""
    with page.expect_navigation():
        link.click()
    assert_accessible(page)


def tab_to(page: Page, target: Locator, *, max_presses: int = 150) -> None:
    """Press Tab until `target` has the keyboard focus, as a keyboard-only user does."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{target} never got the focus in {max_presses} presses of Tab")

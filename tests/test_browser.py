"""The HTML report in a real browser: Debian's headless Chromium driven by Playwright.

Playwright never downloads a browser here: it launches /usr/bin/chromium.  Without it the
tests skip, except under CI, where a missing browser is a failure.  Screenshots for humans go
to out/screenshots/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from compare.pipeline import run_report
from compare.resources import sample_story_dir

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "out" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def report_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("browser")
    (path,) = run_report([sample_story_dir()], out, formats=["html"])
    return path.as_uri()


class Page:
    """A loaded report with what it logged and asked for."""

    def __init__(self, browser: Any, url: str, viewport: dict[str, int], **options: Any) -> None:
        self.context = browser.new_context(viewport=viewport, **options)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(url)

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):  # a CSP violation is logged as an error
            self.errors.append(f"{message.type}: {message.text}")

    def visible(self, selector: str) -> int:
        return self.page.locator(f"{selector}:visible").count()


@pytest.fixture
def desktop(browser: Any, report_url: str) -> Iterator[Page]:
    page = Page(browser, report_url, DESKTOP)
    yield page
    page.context.close()


@pytest.fixture
def phone(browser: Any, report_url: str) -> Iterator[Page]:
    page = Page(browser, report_url, PHONE, is_mobile=True, has_touch=True)
    yield page
    page.context.close()


def test_loads_without_errors_or_network(desktop: Page, report_url: str) -> None:
    desktop.page.wait_for_load_state("networkidle")
    assert desktop.errors == []
    assert desktop.requests == [report_url]
    assert desktop.page.title().startswith("Putin and Kim Jong Un sign")
    assert desktop.page.locator("#toolbar").is_visible()  # the script ran under the CSP


def test_filter_hides_and_shows_rows(desktop: Page) -> None:
    rows = desktop.visible(".pair-row")
    updated = desktop.page.locator(".pair-row.link-updated").count()
    assert rows > updated > 0
    assert desktop.visible(".unique-item") > 0

    desktop.page.get_by_role("button", name="Updated").click()
    assert desktop.visible(".pair-row") == updated
    assert desktop.visible(".unique-item") == 0
    assert desktop.page.get_by_role("button", name="Updated").get_attribute("aria-pressed") == (
        "true"
    )
    assert "updated only" in desktop.page.locator("#filter-status").inner_text()

    desktop.page.get_by_role("button", name="Unique").click()
    assert desktop.visible(".pair-row") == 0 and desktop.visible(".unique-item") > 0

    desktop.page.get_by_role("button", name="All").click()
    assert desktop.visible(".pair-row") == rows
    assert desktop.errors == []


def test_clicking_a_sentence_highlights_its_partner(desktop: Page) -> None:
    sentence = desktop.page.locator(".pair-row:not(.row-compact) .before .sentence").first
    partners = sentence.get_attribute("data-partners").split()
    assert partners
    sentence.click()
    assert "is-selected" in sentence.get_attribute("class")
    for partner in partners:
        marked = desktop.page.locator(f'[data-sid~="{partner}"]')
        assert marked.count() >= 2  # its side-by-side text and its mark on the map
        for index in range(marked.count()):
            assert "is-partner" in marked.nth(index).get_attribute("class")
    # a click elsewhere clears the highlight
    desktop.page.locator("h1").click()
    assert desktop.page.locator(".is-partner, .is-selected").count() == 0


def test_n_and_p_keys_step_through_the_changes(desktop: Page) -> None:
    changes = desktop.page.locator("[data-change]")
    first, second = changes.nth(0), changes.nth(1)
    desktop.page.keyboard.press("n")
    assert "is-current" in first.get_attribute("class")
    desktop.page.keyboard.press("n")
    assert "is-current" in second.get_attribute("class")
    assert "is-current" not in first.get_attribute("class")
    assert second.evaluate("element => element === document.activeElement")
    desktop.page.keyboard.press("p")
    assert "is-current" in first.get_attribute("class")
    # with a filter on, the keys skip what is hidden
    desktop.page.get_by_role("button", name="Unique").click()
    desktop.page.locator("h1").click()
    desktop.page.keyboard.press("n")
    current = desktop.page.locator(".is-current")
    assert current.get_attribute("data-label") == "unique"


def test_readable_without_javascript(browser: Any, report_url: str) -> None:
    page = Page(browser, report_url, DESKTOP, java_script_enabled=False)
    try:
        assert page.visible("#toolbar") == 0  # the buttons would do nothing: not shown
        assert page.visible(".pair-row") == page.page.locator(".pair-row").count() > 0
        assert page.visible(".alignment-map") == 1
    finally:
        page.context.close()


def test_phone_stacks_the_columns_without_horizontal_scroll(phone: Page) -> None:
    widths = phone.page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths
    row = phone.page.locator(".pair-row:not(.row-compact)").first
    before, after = row.locator(".before"), row.locator(".after")
    assert before.bounding_box()["y"] < after.bounding_box()["y"]  # stacked, not side by side
    assert phone.errors == []


def test_screenshots_for_humans(desktop: Page, phone: Page) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    desktop.page.screenshot(path=SCREENSHOTS / "desktop.png", full_page=True)
    phone.page.screenshot(path=SCREENSHOTS / "phone.png", full_page=True)
    for name in ("desktop.png", "phone.png"):
        assert (SCREENSHOTS / name).read_bytes().startswith(b"\x89PNG")

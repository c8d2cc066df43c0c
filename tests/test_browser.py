"""The HTML report in a real browser: Debian's headless Chromium driven by Playwright.

Playwright never downloads a browser here: it launches /usr/bin/chromium.  Without it the
tests skip, except under CI, where a missing browser is a failure.  Screenshots for humans go
to out/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import DESKTOP, SCREENSHOTS, Page

from compare.pipeline import compare_inputs, run_report
from compare.resources import sample_story_dir

FIVE_TAKES = Path(__file__).resolve().parent / "fixtures" / "five-takes"


@pytest.fixture(scope="module")
def report_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("browser")
    (path,) = run_report([sample_story_dir()], out, formats=["html"])
    return path.as_uri()


@pytest.fixture
def desktop(browser: Any, report_url: str) -> Iterator[Page]:
    with Page.desktop(browser, report_url) as page:
        yield page


@pytest.fixture
def phone(browser: Any, report_url: str) -> Iterator[Page]:
    with Page.phone(browser, report_url) as page:
        yield page


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
    with Page(browser, report_url, DESKTOP, java_script_enabled=False) as page:
        assert page.visible("#toolbar") == 0  # the buttons would do nothing: not shown
        assert page.visible(".pair-row") == page.page.locator(".pair-row").count() > 0
        assert page.visible(".alignment-map") == 1


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


# Three or more versions: the collation table -------------------------------------------------


@pytest.fixture(scope="module")
def five_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("five")
    (path,) = run_report([FIVE_TAKES], out, formats=["html"])
    return path.as_uri()


@pytest.fixture
def five_desktop(browser: Any, five_url: str) -> Iterator[Page]:
    with Page.desktop(browser, five_url) as page:
        yield page


@pytest.fixture
def five_phone(browser: Any, five_url: str) -> Iterator[Page]:
    with Page.phone(browser, five_url) as page:
        yield page


def test_collation_loads_without_errors_or_network(five_desktop: Page, five_url: str) -> None:
    five_desktop.page.wait_for_load_state("networkidle")
    assert five_desktop.errors == []
    assert five_desktop.requests == [five_url]
    assert five_desktop.page.locator("#toolbar").is_visible()
    comparison = compare_inputs([FIVE_TAKES])
    assert five_desktop.visible(".statement-row") == len(comparison.statements)
    assert five_desktop.visible(".take-head") == len(comparison.takes)
    assert five_desktop.visible(".pair-row, .alignment-map") == 0  # left to --pairs


def test_filter_hides_and_shows_collation_rows(five_desktop: Page) -> None:
    page = five_desktop.page
    rows = five_desktop.visible(".statement-row")
    # what each filter must keep, read off the cells themselves, not the rows' labels
    updated = page.locator(".statement-row:has(.cell-updated)").count()
    dropped = page.locator(".statement-row:has(.cell-dropped)").count()
    single = sum(
        sum(bool(cell.sentences) for cell in statement.cells) == 1
        for statement in compare_inputs([FIVE_TAKES]).statements
    )
    assert rows > updated > 0 and rows > dropped > 0 and rows > single > 0

    page.get_by_role("button", name="Updated").click()
    assert five_desktop.visible(".statement-row") == updated
    assert five_desktop.visible(".statement-row:has(.cell-updated)") == updated
    page.get_by_role("button", name="Dropped").click()
    assert five_desktop.visible(".statement-row") == dropped
    page.get_by_role("button", name="Unique").click()
    assert five_desktop.visible(".statement-row") == single
    assert five_desktop.visible(".unique-item") > 0
    page.get_by_role("button", name="All").click()
    assert five_desktop.visible(".statement-row") == rows
    assert five_desktop.errors == []


def test_n_steps_through_the_collation_changes(five_desktop: Page) -> None:
    page = five_desktop.page
    page.get_by_role("button", name="Updated").click()
    page.locator("h1").click()
    page.keyboard.press("n")
    current = page.locator(".is-current")
    assert current.count() == 1
    assert "cell-updated" in current.get_attribute("class")
    assert current.evaluate("element => element === document.activeElement")
    # the cell was scrolled into the table's frame
    frame = page.locator(".collation-scroll").bounding_box()
    box = current.bounding_box()
    assert frame["y"] <= box["y"] < frame["y"] + frame["height"]


def test_collation_header_stays_in_place(five_desktop: Page) -> None:
    page = five_desktop.page
    frame = page.locator(".collation-scroll")
    frame.scroll_into_view_if_needed()
    head = page.locator(".take-head").first
    top = head.bounding_box()["y"]
    frame.evaluate("element => { element.scrollTop = 600; }")
    assert frame.evaluate("element => element.scrollTop") > 0
    assert abs(head.bounding_box()["y"] - top) < 2  # sticky: rows scroll under it


def test_phone_scrolls_the_collation_inside_its_frame(five_phone: Page) -> None:
    widths = five_phone.page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths
    frame = five_phone.page.locator(".collation-scroll")
    assert frame.evaluate("element => element.scrollWidth > element.clientWidth")
    assert five_phone.errors == []


def test_collation_screenshots_for_humans(five_desktop: Page, five_phone: Page) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    five_desktop.page.screenshot(path=SCREENSHOTS / "five-takes-desktop.png", full_page=True)
    five_desktop.page.locator("#collation").scroll_into_view_if_needed()
    five_desktop.page.screenshot(path=SCREENSHOTS / "five-takes-collation.png")
    five_phone.page.screenshot(path=SCREENSHOTS / "five-takes-phone.png", full_page=True)
    for name in ("five-takes-desktop.png", "five-takes-collation.png", "five-takes-phone.png"):
        assert (SCREENSHOTS / name).read_bytes().startswith(b"\x89PNG")

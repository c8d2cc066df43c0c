"""The batch index and roll-up, and the report's keys and contents, in headless Chromium.

Uses test_browser's Playwright set-up (Debian's /usr/bin/chromium; skipped without it, except
under CI).  Screenshots for humans go to out/screenshots/.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import DESKTOP, SCREENSHOTS, Page

from compare.batch import StoryResult, run_batch
from compare.batch.index import write_outputs
from compare.batch.result import figures_of

PHONE_390 = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def batch_dir(dashboard_stories: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dash-browser") / "out"
    run_batch(dashboard_stories, out, formats=("json", "html"), workers=2)
    return out


@pytest.fixture(scope="module")
def warned_dir(batch_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same stories' figures, one report carrying a warning (as newer reports may)."""
    results = []
    for name in ("five", "summit"):
        report = json.loads((batch_dir / name / "report.json").read_text(encoding="utf-8"))
        if name == "summit":
            report["warnings"] = ["dhaka and manila may be different stories"]
        results.append(StoryResult(story=name, status="done", **figures_of(report)))
    out = tmp_path_factory.mktemp("warned")
    write_outputs(out, results, 1.0)
    return out


@pytest.fixture
def index(browser: Any, batch_dir: Path) -> Iterator[Page]:
    with Page.desktop(browser, (batch_dir / "index.html").as_uri()) as page:
        yield page


@pytest.fixture
def rollup_page(browser: Any, batch_dir: Path) -> Iterator[Page]:
    with Page.desktop(browser, (batch_dir / "rollup.html").as_uri()) as page:
        yield page


def column_values(page: Page, table: str, column: int) -> list[str]:
    return page.page.eval_on_selector_all(
        f"table.{table} tbody tr:not([hidden])",
        f"rows => rows.map(row => row.cells[{column}].getAttribute('data-value'))",
    )


def no_page_scroll(page: Page) -> bool:
    width, client = page.page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return width <= client


def test_index_loads_under_its_csp_and_sorts_by_any_column(index: Page, batch_dir: Path) -> None:
    index.page.wait_for_load_state("networkidle")
    assert index.errors == []
    assert index.requests == [(batch_dir / "index.html").as_uri()]
    assert index.page.locator("#tools").is_visible()  # the script ran
    # by position: once sorted, the header's name gains its arrow ("Versions ↓")
    versions = index.page.locator("table.stories th button").nth(2)
    assert versions.inner_text() == "Versions"
    versions.click()  # numbers: largest first
    shown = [int(v) if v else -1 for v in column_values(index, "stories", 2)]
    assert shown == sorted(shown, reverse=True) and shown[0] == 5
    versions.click()
    shown = [int(v) if v else -1 for v in column_values(index, "stories", 2)]
    assert shown == sorted(shown)
    assert index.page.locator("th[aria-sort]").count() == 1
    index.page.select_option("#sort-by", label="Story \u2191")  # the phone's sort control
    stories = column_values(index, "stories", 0)
    assert stories == sorted(stories)


def test_index_filters_by_text_and_status(index: Page) -> None:
    rows = "table.stories tbody tr"
    assert index.visible(rows) == 3
    index.page.fill("#search", "satara")  # the five-takes title: "... India's Satara district"
    assert index.visible(rows) == 1
    assert "Satara" in index.page.locator(f"{rows}:visible").inner_text()
    assert "1 of 3" in index.page.locator("#shown").inner_text()
    index.page.fill("#search", "")
    index.page.select_option("#status-filter", "failed")
    assert index.visible(rows) == 1
    assert index.page.locator(f"{rows}:visible").get_attribute("data-status") == "failed"
    index.page.select_option("#status-filter", "all")
    assert index.visible(rows) == 3 and index.errors == []


def test_index_filters_stories_with_warnings(browser: Any, warned_dir: Path) -> None:
    with Page.desktop(browser, (warned_dir / "index.html").as_uri()) as page:
        assert page.visible("table.stories tbody tr") == 2
        page.page.check("#warned-filter")
        assert page.visible("table.stories tbody tr") == 1
        row = page.page.locator("table.stories tbody tr:visible")
        assert "may be different stories" in row.inner_text()
        assert page.errors == []


def test_index_on_a_phone_is_cards_without_sideways_scroll(browser: Any, batch_dir: Path) -> None:
    with Page(browser, (batch_dir / "index.html").as_uri(), PHONE_390, is_mobile=True) as page:
        assert no_page_scroll(page)
        first = page.page.locator("table.stories tbody tr").first
        assert first.evaluate("row => getComputedStyle(row).display") == "block"
        assert page.page.locator("#sort-by").is_visible() and page.errors == []
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.page.screenshot(path=SCREENSHOTS / "index-phone.png", full_page=True)


def test_rollup_draws_its_charts_and_sorts(rollup_page: Page, batch_dir: Path) -> None:
    assert rollup_page.errors == []
    assert rollup_page.requests == [(batch_dir / "rollup.html").as_uri()]
    outlets = rollup_page.page.locator("table.outlets tbody tr").count()
    assert outlets == 7  # five-takes' five outlets, dhaka and manila
    assert rollup_page.page.locator("#chart-takes rect").count() >= outlets
    assert rollup_page.page.locator("#chart-takes g").count() == outlets
    rollup_page.page.locator("table.outlets th button").nth(5).click()  # Stale %
    stale = [float(v) for v in column_values(rollup_page, "outlets", 5)]
    assert stale == sorted(stale, reverse=True)
    rollup_page.page.fill("#search", "dhaka")
    assert rollup_page.visible("table.outlets tbody tr") == 1


def test_rollup_charts_read_without_javascript_and_fit_a_phone(
    browser: Any,
    batch_dir: Path,
) -> None:
    url = (batch_dir / "rollup.html").as_uri()
    with Page(browser, url, DESKTOP, java_script_enabled=False) as page:
        assert page.visible("#tools") == 0
        assert page.visible("figure.chart svg") == 2
    with Page(browser, url, PHONE_390, is_mobile=True) as page:
        assert no_page_scroll(page)
        chart = page.page.locator("#chart-takes svg").bounding_box()
        assert chart["x"] >= 0 and chart["x"] + chart["width"] <= PHONE_390["width"]
        page.page.screenshot(path=SCREENSHOTS / "rollup-phone.png", full_page=True)


def test_dashboard_screenshots_for_humans(index: Page, rollup_page: Page) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    index.page.screenshot(path=SCREENSHOTS / "index-desktop.png", full_page=True)
    rollup_page.page.screenshot(path=SCREENSHOTS / "rollup-desktop.png", full_page=True)
    for name in ("index-desktop.png", "rollup-desktop.png"):
        assert (SCREENSHOTS / name).read_bytes().startswith(b"\x89PNG")


# The report: keys whatever has focus, contents that are links ------------------------------


@pytest.fixture
def five_report(browser: Any, batch_dir: Path) -> Iterator[Page]:
    with Page.desktop(browser, (batch_dir / "five" / "report.html").as_uri()) as page:
        yield page


def test_n_works_after_clicking_a_filter_button(five_report: Page) -> None:
    button = five_report.page.locator("#toolbar button[data-filter]").nth(1)
    button.click()
    assert button.evaluate("element => element === document.activeElement")
    five_report.page.keyboard.press("n")
    current = five_report.page.locator(".is-current")
    assert current.count() == 1 and current.is_visible()
    five_report.page.keyboard.press("n")
    five_report.page.keyboard.press("p")
    assert five_report.page.locator(".is-current").count() == 1
    assert five_report.errors == []


def test_contents_entries_look_and_act_like_links(five_report: Page) -> None:
    entry = five_report.page.locator("#contents .toc a").first
    assert "underline" in entry.evaluate("a => getComputedStyle(a).textDecorationLine")
    target = entry.get_attribute("href")
    entry.click()
    assert five_report.page.evaluate("location.hash") == target
    assert five_report.page.locator(target).is_visible()

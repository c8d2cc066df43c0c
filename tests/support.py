"""Helpers several test modules share (fixtures live in conftest.py): the CLI run, the
one-line-error check, the reference story's corrections, and the browser page wrapper."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from compare import cli

REFERENCE_FIX = """\
# The aligner's two false links on the reference story, and the link it missed.
[[unlink]]
from = { version = "dhaka", text = "shook hands with Putin" }
to = { version = "manila", text = "second meeting in a year" }

[[unlink]]
from = { version = "dhaka", text = "Russia needs ammunition" }
to = { version = "manila", text = "accused North Korea of providing ammunition" }

[[link]]
from = { version = "dhaka", text = "Western countries accuse Kim" }
to = { version = "manila", text = "accused North Korea of providing ammunition" }
label = "shared"
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        cli.main(list(argv))
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err


def assert_one_line_error(err: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("story-compare: ")
    assert "Traceback" not in err


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


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests")
    pytest.skip(reason)


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

    @classmethod
    def desktop(cls, browser: Any, url: str) -> Page:
        return cls(browser, url, DESKTOP)

    @classmethod
    def phone(cls, browser: Any, url: str) -> Page:
        return cls(browser, url, PHONE, is_mobile=True, has_touch=True)

    def __enter__(self) -> Page:
        return self

    def __exit__(self, *exc: object) -> None:
        self.context.close()

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):  # a CSP violation is logged as an error
            self.errors.append(f"{message.type}: {message.text}")

    def visible(self, selector: str) -> int:
        return self.page.locator(f"{selector}:visible").count()

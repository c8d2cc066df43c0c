"""`story-compare review`: the loopback server's token, host and origin checks, and its saves."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import REFERENCE_FIX

from compare.resources import sample_story_dir
from compare.review import ReviewServer, ReviewSession, make_server


@pytest.fixture
def served(tmp_path: Path) -> Iterator[ReviewServer]:
    folder = tmp_path / "putin-kim"
    shutil.copytree(sample_story_dir(), folder)
    session = ReviewSession(folder, tmp_path / "out", formats=("json", "html"))
    session.render()
    server = make_server(session)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def request(
    server: ReviewServer,
    method: str,
    path: str,
    body: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(str(host), int(port), timeout=120)
    try:
        connection.request(
            method, path, body=body.encode() if body else None, headers=headers or {}
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_listens_on_loopback_on_a_random_port_with_a_long_token(served):
    host, port = served.server_address[:2]
    assert host == "127.0.0.1" and port != 0
    assert re.fullmatch(rf"http://127\.0\.0\.1:{port}/[A-Za-z0-9_-]{{32}}/", served.url)


def test_the_token_is_required(served):
    token = served.token
    assert request(served, "GET", f"/{token}/")[0] == 200
    assert request(served, "GET", f"/{token}/report.json")[0] == 200
    # One letter changed: the last one, to a letter it is not (a token may end in "x").
    altered = token[:-1] + ("y" if token.endswith("x") else "x")
    for path in ("/", "/report.json", f"/{altered}/report.json", f"/x{token}/report.json"):
        assert request(served, "GET", path)[0] == 403, path
    assert request(served, "POST", "/corrections.toml", REFERENCE_FIX)[0] == 403


def test_other_origins_and_other_host_names_are_refused(served):
    path = f"/{served.token}/report.json"
    own = served.origin
    assert request(served, "GET", path, headers={"Origin": own})[0] == 200
    assert request(served, "GET", path, headers={"Sec-Fetch-Site": "same-origin"})[0] == 200
    assert request(served, "GET", path, headers={"Origin": "http://evil.example"})[0] == 403
    assert request(served, "GET", path, headers={"Sec-Fetch-Site": "cross-site"})[0] == 403
    port = served.server_address[1]
    # DNS rebinding: a page on evil.example resolving to 127.0.0.1 still names its own host.
    assert request(served, "GET", path, headers={"Host": f"evil.example:{port}"})[0] == 403
    saved = served.session.corrections_path
    status, _ = request(
        served,
        "POST",
        f"/{served.token}/corrections.toml",
        REFERENCE_FIX,
        {"Origin": "http://evil.example"},
    )
    assert status == 403 and not saved.exists()


def test_a_save_writes_corrections_atomically_and_renders_again(served):
    status, body = request(served, "POST", f"/{served.token}/corrections.toml", REFERENCE_FIX)
    assert status == 200, body
    assert json.loads(body)["reports"] == ["report.json", "report.html"]
    assert served.session.corrections_path.read_text(encoding="utf-8") == REFERENCE_FIX
    assert not list(served.session.folder.glob(".*.tmp"))
    _, report = request(served, "GET", f"/{served.token}/report.json")
    data = json.loads(report)
    assert [c["action"] for c in data["corrections"]] == ["unlink", "unlink", "link"]
    assert any(link["by"] == "editor" for link in data["links"])
    _, page = request(served, "GET", f"/{served.token}/")
    assert "shook hands with Putin" in page.decode("utf-8"), "the page shows the saved file"


def test_a_bad_save_is_refused_with_its_line_and_changes_nothing(served):
    good = f"/{served.token}/corrections.toml"
    assert request(served, "POST", good, REFERENCE_FIX)[0] == 200
    _, before = request(served, "GET", f"/{served.token}/report.json")
    bad = (
        '[[unlink]]\nfrom = { version = "dhaka", text = "shook hands with Trump" }\n'
        'to = "manila-s13"\n'
    )
    status, body = request(served, "POST", good, bad)
    assert status == 400
    error = json.loads(body)["error"]
    assert "corrections.toml:2: text 'shook hands with Trump' matches no sentence" in error
    assert served.session.corrections_path.read_text(encoding="utf-8") == REFERENCE_FIX
    assert request(served, "GET", f"/{served.token}/report.json")[1] == before


def test_the_command_prints_the_url_and_stops_on_ctrl_c(tmp_path):
    folder = tmp_path / "putin-kim"
    shutil.copytree(sample_story_dir(), folder)
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "compare", "review", str(folder)),
            *("--out", str(tmp_path / "out"), "--format", "json,html"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = ""
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("Review at "):
                url = line.split()[2]
                break
        match = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/([A-Za-z0-9_-]+)/", url)
        assert match, url
        connection = http.client.HTTPConnection("127.0.0.1", int(match.group(1)), timeout=60)
        connection.request("GET", f"/{match.group(2)}/report.html")
        response = connection.getresponse()
        assert response.status == 200 and b"Story comparison" in response.read()
        connection.close()
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert err.strip().splitlines()[-1] == "story-compare: review stopped"
    assert "Traceback" not in err


def test_an_editor_fixes_the_reference_story_in_chromium(served):
    from support import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, unavailable

    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        # The refused save answers 400 on purpose; a blocked script or style would show here.
        page.on(
            "console",
            lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.goto(served.url)
        page.fill("#corrections-text", REFERENCE_FIX.replace("Putin", "Trump", 1))
        page.click("#save")
        page.wait_for_selector("#status.error")
        assert "matches no sentence of dhaka" in page.inner_text("#status")
        assert not served.session.corrections_path.exists()
        page.fill("#corrections-text", REFERENCE_FIX)
        page.click("#save")
        page.locator("#status", has_text="Saved corrections.toml").wait_for(timeout=120_000)
        report = page.frame_locator("#report")
        report.locator("text=3 corrections by an editor applied").wait_for(timeout=60_000)
        assert report.locator(".pair-row .flag-editor").count() == 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "review.png"))  # docs/review.png is one of these
        browser.close()
    assert served.session.corrections_path.read_text(encoding="utf-8") == REFERENCE_FIX
    assert not errors, errors


def test_review_mode_in_the_report_downloads_corrections_that_apply(tmp_path):
    """From file://, no server: unlink the two false links, link the missed pair, download,
    re-render; the new report carries the editor's links."""
    from support import CHROMIUM, CHROMIUM_ARGS, unavailable

    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    from compare.pipeline import compare_inputs, run_report

    folder = tmp_path / "putin-kim"
    shutil.copytree(sample_story_dir(), folder)
    (html,) = run_report([folder], tmp_path / "out", formats=["html"])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.goto(html.as_uri())
        assert page.locator(".review-tools").count() == 0, "no edit tools until asked"
        page.click("#review-toggle")
        for fragment in ("shook hands with Putin", "Russia needs ammunition"):
            page.locator(".pair-row", has_text=fragment).locator("[data-review=unlink]").click()
        page.locator(".unique-item", has_text="Western countries accuse Kim").click()
        page.locator(".after .sentence", has_text="accused North Korea of providing").click()
        assert page.locator(".review-edits li").count() == 3
        with page.expect_download() as download:
            page.click("#review-download")
        saved = folder / "corrections.toml"
        download.value.save_as(str(saved))
        browser.close()
    assert not errors, errors
    fixed = compare_inputs([folder])
    by_editor = [k for k in fixed.links if k.by == "editor"]
    sentences = fixed.sentences()
    assert [(sentences[k.source].text[:30], sentences[k.target].text[:30]) for k in by_editor] == [
        ("It is Putin's first trip to No", "The United States and its alli")
    ]
    assert [c.action for c in fixed.corrections] == ["unlink", "unlink", "link"]
    assert not any("shook hands" in sentences[k.source].text for k in fixed.links)

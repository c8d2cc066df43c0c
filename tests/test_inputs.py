"""Inputs: format detection (text, HTML, Markdown, JSONL), URLs, encodings, bad input, safety.

Every network test talks to a local HTTP server on 127.0.0.1 (port 0), never the internet.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from support import assert_one_line_error, run

from compare import ingest
from compare.errors import InputError
from compare.ingest import read_story, read_version
from compare.ingest import urls as fetching
from compare.model import Article, Story
from compare.pipeline import compare_articles, identical_note
from compare.resources import sample_story_dir

SAMPLE = sample_story_dir()

LEAD = "The council voted on Tuesday to close the old bridge for repairs after an inspection."
SECOND = "Engineers found cracks in two of the supports, the city's transport office said."
THIRD = "Drivers will be sent through the northern tunnel until the work ends in March."
FOURTH = '"We had no choice," Mayor Ana Ruiz told reporters outside the town hall on Tuesday.'
LATER = "The bridge reopened on Friday after the repairs were finished ahead of schedule."


def html_page(
    *paragraphs: str,
    title: str = "Old bridge closes for repairs",
    head: str = "",
    before: str = "",
    charset: str = "utf-8",
) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="{charset}">\n'
        f"<title>{title} | Daily Example</title>\n{head}</head><body>\n"
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>\n'
        f"{before}<article><h1>{title}</h1>\n{body}\n</article>\n"
        "<footer><p>© 2024 Daily Example. All rights reserved.</p></footer>\n</body></html>\n"
    )


def paragraphs(article: Article) -> list[str]:
    return article.text.split("\n\n")


def no_reports(out_dir: Path) -> bool:
    return not out_dir.exists() or not any(out_dir.rglob("report.*"))


def report_error(capsys, tmp_path: Path, *args: str) -> str:
    """Run ``report ARGS`` expecting exit 2, one stderr line and nothing written; the line."""
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "report", *args, "--out", str(out_dir), "--format", "json")
    assert code == 2, err
    assert_one_line_error(err)
    assert out == ""
    assert no_reports(out_dir)
    return err.strip()


# --- a local HTTP server ----------------------------------------------------------------------


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html"})
    delay: float = 0.0
    length: bool = True  # send Content-Length


@dataclass
class Server:
    base: str
    routes: dict[str, Route]
    requests: list[str]

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def server(monkeypatch) -> Iterator[Server]:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    routes: dict[str, Route] = {}
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # http.server's naming
            requests.append(self.path)
            route = routes.get(self.path, Route(b"not found", 404))
            time.sleep(route.delay)
            self.send_response(route.status)
            for key, value in route.headers.items():
                self.send_header(key, value)
            if route.length:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            # The client may stop reading (the size limit): expected.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(route.body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.protocol_version = "HTTP/1.0"  # close-delimited bodies when no Content-Length
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", routes, requests)
    finally:
        httpd.shutdown()
        httpd.server_close()


# --- 1. format detection by content -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("page.txt", "<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("page", "<div><p>One.</p><p>Two.</p></div>", "html"),
        ("page.html", f"Bridge closes\n{LEAD}\n{SECOND}", "text"),
        ("page.txt", f"---\ntitle: Bridge\n---\n\n{LEAD}\n", "markdown"),
        ("page.md", f"# Bridge\n\n{LEAD}\n", "markdown"),
        ("page.md", f"Bridge closes\n{LEAD}\n{SECOND}", "text"),
        ("page.txt", f"## Bridge\n\n{LEAD} See [the map](https://example.com/map).\n", "markdown"),
        ("page.txt", f"- 'Arsenal for autocracy' -\n{LEAD}", "text"),
        ("stories.txt", '{"story": "a", "version": "b", "text": "x"}\n', "jsonl"),
        ("stories.jsonl", "anything", "jsonl"),
        ("https://example.com/news/story.html?id=3", f"Bridge\n{LEAD}", "text"),
    ],
)
def test_format_is_detected_by_content(name, content, expected):
    assert ingest.detect_format(name, content) == expected


def test_html_page_body_and_metadata(tmp_path):
    page = html_page(
        "Published: 12:27, 20 June 2024",
        f"MOSCOW (AP) — {LEAD}",
        SECOND,
        THIRD,
        "Advertisement",
        FOURTH,
        head=(
            '<meta property="og:site_name" content="Daily Example">\n'
            '<meta property="article:published_time" content="2024-06-19T12:27:00+06:00">\n'
            '<link rel="canonical" href="https://example.com/news/bridge.html">\n'
        ),
        before="<p>Tuesday, 25 June 2024</p>\n",
    ).replace(f"<p>{THIRD}</p>", f"<h2>What comes next</h2>\n<p>{THIRD}</p>")
    path = tmp_path / "bridge.html"
    path.write_text(page, encoding="utf-8")
    article = read_version(path)
    assert article.headline == "Old bridge closes for repairs"
    assert article.outlet == "Daily Example"
    assert article.url == "https://example.com/news/bridge.html"
    assert article.dateline == "MOSCOW"
    # The article's own published line beats the page's metadata; the page-view date is unused.
    assert (article.published, article.published_source) == ("2024-06-20T12:27", "article")
    assert paragraphs(article) == [LEAD, SECOND, "What comes next", THIRD, FOURTH]
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons["Advertisement"] == "advertisement"
    assert "Home" not in article.text and "All rights reserved" not in article.text


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        (
            'property="article:published_time" content="2024-06-19T12:27:00+06:00"',
            "2024-06-19T12:27+06:00",
        ),
        ('name="date" content="2024-06-19"', "2024-06-19"),
    ],
)
def test_html_metadata_date_when_the_article_prints_none(tmp_path, meta, expected):
    path = tmp_path / "bridge.html"
    path.write_text(html_page(LEAD, SECOND, head=f"<meta {meta}>\n"), encoding="utf-8")
    article = read_version(path)
    assert (article.published, article.published_source) == (expected, "html-meta")


def test_html_markup_stating_an_update_keeps_both_stamps_and_dates_the_text_by_the_update(
    tmp_path,
):
    # The markup's first publication is `published`; its last update is kept as a stamp of
    # its own, and it is the update that dates the page's text.
    head = (
        '<meta property="article:published_time" content="2024-06-19T10:00:00+08:00">\n'
        '<meta property="article:modified_time" content="2024-06-19T14:30:00+08:00">\n'
    )
    path = tmp_path / "bridge.html"
    path.write_text(html_page(LEAD, SECOND, head=head), encoding="utf-8")
    article = read_version(path)
    assert (article.published, article.published_source) == ("2024-06-19T10:00+08:00", "html-meta")
    assert [(s.kind, s.value, s.source) for s in article.stamps] == [
        ("published", "2024-06-19T10:00+08:00", "html-meta"),
        ("updated", "2024-06-19T14:30+08:00", "html-meta"),
    ]
    assert article.dated_by is not None and article.dated_by.kind == "updated"


def test_open_graph_article_times_say_which_markup_time_is_which(tmp_path):
    # Reuters' pages lead their markup with a revision time, which htmldate takes for the
    # publication; the Open Graph article properties name both times.
    head = (
        '<meta name="REVISION_DATE" content="2020-01-20T09:49:32Z">\n'
        '<meta property="og:article:published_time" content="2020-01-19T12:25:36Z">\n'
        '<meta property="og:article:modified_time" content="2020-01-20T09:49:32Z">\n'
    )
    path = tmp_path / "awards.html"
    path.write_text(html_page(LEAD, SECOND, head=head), encoding="utf-8")
    article = read_version(path)
    assert [(s.kind, s.value[:16]) for s in article.stamps] == [
        ("published", "2020-01-19T12:25"),
        ("updated", "2020-01-20T09:49"),
    ]
    assert article.published is not None and article.published.startswith("2020-01-19T12:25")
    # An "update" stated before the first publication (a tag's clock off) is no update.
    head = (
        '<meta property="article:published_time" content="2013-07-19T17:08:44+00:00">\n'
        '<meta property="article:modified_time" content="2013-07-19T13:08:57+00:00">\n'
    )
    path.write_text(html_page(LEAD, SECOND, head=head), encoding="utf-8")
    assert [s.kind for s in read_version(path).stamps] == ["published"]


def test_an_html_title_loses_the_site_name_and_date_it_trails(tmp_path):
    # DW's <title>: "Headline | DW | 19.01.2020", the site naming itself "DW.COM".  A title of
    # several parts that are not the site (a letters page's topics) keeps them all.
    site = '<meta property="og:site_name" content="DW.COM">\n'
    path = tmp_path / "berlin.html"
    page = html_page(LEAD, SECOND, title="Old bridge closes | DW | 19.01.2020", head=site)
    path.write_text(page.replace(" | Daily Example</title>", "</title>"), encoding="utf-8")
    assert read_version(path).headline == "Old bridge closes"
    topics = "Letters: Bridge repairs | Tunnel traffic | Harbour fees"
    path.write_text(html_page(LEAD, SECOND, title=topics), encoding="utf-8")
    assert read_version(path).headline == topics


def test_a_heading_that_repeats_the_title_is_no_crosshead(tmp_path):
    # National Geographic prints its title again as the body's first heading, in two
    # sentences: the headline, not a crosshead of the story.
    title = "Old bridge closes for repairs. Drivers face months of delays."
    path = tmp_path / "bridge.html"
    path.write_text(html_page(LEAD, SECOND, title=title), encoding="utf-8")
    article = read_version(path)
    assert article.headline == title
    assert paragraphs(article) == [LEAD, SECOND]
    assert {r.text: r.reason for r in article.removed}[title] == "repeated-headline"


def test_html_page_without_any_date_has_none(tmp_path):
    path = tmp_path / "bridge.html"
    path.write_text(html_page(LEAD, SECOND, before="<p>Tuesday, 25 June 2024</p>"), "utf-8")
    article = read_version(path)
    assert (article.published, article.published_source) == (None, None)


def test_manifest_date_beats_article_line_and_html_metadata(tmp_path):
    folder = tmp_path / "story"
    folder.mkdir()
    head = '<meta property="article:published_time" content="2024-06-19T12:27:00+06:00">'
    (folder / "a.html").write_text(
        html_page("Published: 12:27, 20 June 2024", LEAD, SECOND, head=head), "utf-8"
    )
    (folder / "b.txt").write_text(f"Bridge\n{LEAD}\n{THIRD}\n", "utf-8")
    (folder / "story.toml").write_text(
        '[[versions]]\nfile = "a.html"\npublished = "2024-06-21T09:00"\n'
        '[[versions]]\nfile = "b.txt"\n'
    )
    _, (a, _) = read_story([folder])
    assert (a.published, a.published_source) == ("2024-06-21T09:00", "manifest")


def test_html_page_fetches_nothing(tmp_path, server):
    page = html_page(
        LEAD,
        SECOND,
        head=(
            f'<link rel="stylesheet" href="{server.url("/style.css")}">\n'
            f'<script src="{server.url("/app.js")}"></script>\n'
        ),
        before=(
            f'<img src="{server.url("/photo.jpg")}">'
            f'<iframe src="{server.url("/embed")}"></iframe>\n'
        ),
    )
    path = tmp_path / "bridge.html"
    path.write_text(page, encoding="utf-8")
    assert paragraphs(read_version(path)) == [LEAD, SECOND]
    assert server.requests == []


WRAPPED_LEAD = LEAD.replace(" to close", "\nto close")  # a hard-wrapped paragraph


def test_markdown_with_front_matter(tmp_path):
    path = tmp_path / "bridge.md"
    path.write_text(
        "---\n"
        'title: "Old bridge closes"\n'
        "outlet: Daily Example\n"
        "published: 2024-06-19T12:27:00+06:00\n"
        "url: https://example.com/bridge\n"
        "phase: early\n"
        "tags: [city, transport]\n"
        "---\n\n"
        "# Old bridge closes\n\n"
        "By Jane Doe\n\n"
        f"MOSCOW (AP) — {WRAPPED_LEAD}\n\n"
        f"## What comes next\n\n"
        f"- {SECOND.replace('cracks', '**cracks**')}\n"
        f"- {THIRD.replace('northern tunnel', '[northern tunnel](https://example.com/t)')}\n\n"
        f"> {FOURTH}\n\n"
        "```\nprint('code')\n```\n",
        encoding="utf-8",
    )
    article = read_version(path)
    assert (article.headline, article.outlet, article.url, article.phase) == (
        "Old bridge closes",
        "Daily Example",
        "https://example.com/bridge",
        "early",
    )
    assert (article.published, article.published_source) == (
        "2024-06-19T12:27+06:00",
        "front-matter",
    )
    assert article.dateline == "MOSCOW"
    assert paragraphs(article) == [LEAD, "What comes next", SECOND, THIRD, FOURTH]
    assert {(r.line, r.reason) for r in article.removed} == {
        (10, "headline"),
        (12, "byline"),
        (24, "code"),
    }


def test_markdown_long_heading_is_still_a_crosshead():
    from compare.segment import segment

    text = f"{LEAD}\n\n## What will the city do about the bridge now that it is shut?\n\n{SECOND}\n"
    article = segment(read_version("notes.md", text=text))
    assert [h.paragraph for h in article.headings] == [1]
    assert len(article.sentences) == 2


def test_html_headings_are_crossheads_never_sentences(tmp_path):
    from compare.segment import segment

    question = "What will the city do about the bridge now that it is shut?"
    page = html_page(LEAD, SECOND, THIRD).replace(f"<p>{THIRD}", f"<h2>{question}</h2><p>{THIRD}")
    path = tmp_path / "bridge.html"
    path.write_text(page, encoding="utf-8")
    article = segment(read_version(path))
    assert paragraphs(article)[2] == f"- {question} -"
    assert [h.paragraph for h in article.headings] == [2]
    assert [s.text for s in article.sentences] == [LEAD, SECOND, THIRD]


@pytest.mark.parametrize(
    ("front", "fragment"),
    [
        ("title: [unclosed\n", "malformed front matter at line 2"),
        ("published: last week\n", "front matter: published 'last week' is not an ISO 8601 date"),
        ("title:\n  - a\n  - b\n", "front matter: title must be text"),
        ("date: 2024-13-45\n", "front matter: published '2024-13-45' is not an ISO 8601 date"),
        ("title: !!int 0x\n", "malformed front matter: invalid literal"),
        ("title: !!python/object:os.system ls\n", "malformed front matter at line 2"),
        ("- just\n- a list\n", "front matter must be 'key: value' lines"),
    ],
)
def test_bad_front_matter_is_an_input_error(front, fragment):
    text = f"---\n{front}---\n\n{LEAD}\n"
    with pytest.raises(InputError) as excinfo:
        read_version("bridge.md", text=text)
    assert "bridge.md" in str(excinfo.value) and fragment in str(excinfo.value)


def test_jsonl_given_to_report_points_to_batch(capsys, tmp_path):
    manifest = tmp_path / "stories.jsonl"
    manifest.write_text('{"story": "a", "version": "one", "text": "x"}\n')
    err = report_error(capsys, tmp_path, str(manifest))
    assert "stories.jsonl" in err and "story-compare batch" in err
    renamed = tmp_path / "stories.txt"  # by content too, whatever the name
    shutil.copy(manifest, renamed)
    err = report_error(capsys, tmp_path, str(renamed), str(SAMPLE / "dhaka.txt"))
    assert "stories.txt" in err and "story-compare batch" in err


# --- 2. URLs ----------------------------------------------------------------------------------


def test_report_from_urls(capsys, tmp_path, server):
    server.routes["/news/early-take.html"] = Route(html_page(LEAD, SECOND, THIRD).encode())
    server.routes["/news/later-take.html"] = Route(
        html_page(
            LEAD,
            SECOND,
            LATER,
            head='<link rel="canonical" href="https://example.com/news/later-take.html">',
        ).encode()
    )
    urls = [server.url("/news/early-take.html"), server.url("/news/later-take.html")]
    code, out, err = run(capsys, "report", *urls, "--out", str(tmp_path), "--format", "json")
    assert code == 0, err
    report = json.loads(Path(out.split()[0]).read_text())
    assert report["story"]["id"] == "early-take-vs-later-take"
    versions = {v["id"]: v for v in report["versions"]}
    assert versions["early-take"]["path"] == urls[0]
    assert versions["early-take"]["url"] == urls[0]  # no canonical link: the URL fetched
    assert versions["later-take"]["url"] == "https://example.com/news/later-take.html"
    assert versions["early-take"]["outlet"] == "Daily Example"


def test_url_with_http_error(capsys, tmp_path, server):
    server.routes["/ok.html"] = Route(html_page(LEAD, SECOND).encode())
    missing = server.url("/gone.html")
    err = report_error(capsys, tmp_path, server.url("/ok.html"), missing)
    assert err == f"story-compare: {missing}: cannot fetch: HTTP 404 Not Found"


def test_unreachable_url(capsys, tmp_path):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/story.html"
    err = report_error(capsys, tmp_path, url, str(SAMPLE / "dhaka.txt"))
    assert err.startswith(f"story-compare: {url}: cannot fetch: ")
    assert "refused" in err.lower()


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/story.txt"])
def test_only_http_and_https_urls(capsys, tmp_path, url):
    err = report_error(capsys, tmp_path, url, str(SAMPLE / "dhaka.txt"))
    assert f"{url}: cannot fetch: only http and https" in err


def test_redirect_to_another_scheme_is_refused(tmp_path, server):
    server.routes["/r"] = Route(status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(InputError) as excinfo:
        read_version(server.url("/r"))
    assert "cannot fetch" in str(excinfo.value) and "root:" not in str(excinfo.value)


def test_redirects_are_followed(server):
    server.routes["/old"] = Route(status=301, headers={"Location": "/new-story.html"})
    server.routes["/new-story.html"] = Route(html_page(LEAD, SECOND).encode())
    article = read_version(server.url("/old"))
    assert (article.path, article.url) == (server.url("/old"), server.url("/new-story.html"))


@pytest.mark.parametrize("length", [True, False])
def test_url_over_the_size_limit(server, length):
    body = b"<p>" + b"word " * (ingest.MAX_INPUT_BYTES // 5) + b"</p>"
    server.routes["/huge.html"] = Route(body, length=length)
    with pytest.raises(InputError) as excinfo:
        read_version(server.url("/huge.html"))
    assert "huge.html" in str(excinfo.value) and "too large" in str(excinfo.value)


def test_url_timeout(server, monkeypatch):
    monkeypatch.setattr(fetching, "FETCH_TIMEOUT", 0.2)
    server.routes["/slow.html"] = Route(html_page(LEAD).encode(), delay=1.0)
    with pytest.raises(InputError) as excinfo:
        read_version(server.url("/slow.html"))
    assert str(excinfo.value) == f"{server.url('/slow.html')}: cannot fetch: timed out after 0.2 s"


def test_url_charset_from_the_content_type_header(server):
    body = html_page(f"Prices rose to 5 € a litre, {LEAD[0].lower()}{LEAD[1:]}", SECOND)
    body = body.replace('<meta charset="utf-8">', "")
    server.routes["/euro.html"] = Route(
        body.encode("iso-8859-15"), headers={"Content-Type": "text/html; charset=iso-8859-15"}
    )
    article = read_version(server.url("/euro.html"))
    assert "5 € a litre" in article.text  # the header's charset, not a cp1252 guess ("¤")


# --- 3. encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16", b""),  # Python writes the BOM
        ("utf-16-be", b"\xfe\xff"),
        ("utf-32", b""),  # Python writes the BOM
        ("cp1252", b""),
        ("latin-1", b""),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_encodings_and_newlines(tmp_path, encoding, bom, newline):
    quoted = "“We had no choice,” Mayor Ana Ruiz told reporters outside the café on Tuesday."
    if encoding == "latin-1":
        quoted = quoted.replace("“", '"').replace("”", '"')
    text = newline.join(["Café owners protest", "", LEAD, SECOND, quoted, ""])
    path = tmp_path / "page.txt"
    path.write_bytes(bom + text.encode(encoding))
    article = read_version(path)
    assert article.headline == "Café owners protest"
    assert paragraphs(article) == [LEAD, SECOND, quoted]


def test_html_declared_charset_is_respected(tmp_path):
    # 0xA4 is "€" in ISO-8859-15 but "¤" in cp1252, which a guess would pick.
    page = html_page(f"Fares rose to 2 € on Monday; {LEAD}", SECOND, charset="iso-8859-15")
    path = tmp_path / "fares.html"
    path.write_bytes(page.encode("iso-8859-15"))
    assert "2 € on Monday" in read_version(path).text
    legacy = html_page(f"Café {LEAD}", SECOND, charset="windows-1251").replace("Café ", "Кафе ")
    path.write_bytes(legacy.encode("cp1251"))
    assert "Кафе" in read_version(path).text


def test_invisible_characters_are_kept_as_written_and_matched(tmp_path):
    nbsp, zero_width = LEAD.replace(" the old", " the\u00a0old"), SECOND.replace("two", "tw\u200bo")
    typographic = f"{nbsp}\n\n{zero_width}"
    plain = f"{LEAD}\n\n{SECOND}"
    a = read_version("typographic.txt", text=typographic)
    b = read_version("plain.txt", text=plain.replace("city's", "city’s"))
    assert "the\u00a0old" in a.text and "tw\u200bo" in a.text and "city’s" in b.text
    comparison = compare_articles(Story(id="x"), [a, b])
    assert all(comparison.label(s.id) == "shared" for v in comparison.versions for s in v.sentences)


# --- 4. bad input (CLI: exit 2, one line naming the file, nothing written) --------------------


def test_missing_file(capsys, tmp_path):
    err = report_error(capsys, tmp_path, str(tmp_path / "nope.txt"), str(SAMPLE / "dhaka.txt"))
    assert "nope.txt: no such file" in err


def test_unreadable_file(capsys, tmp_path, monkeypatch):
    locked = tmp_path / "locked.txt"
    locked.write_text(f"Bridge\n{LEAD}\n")
    locked.chmod(0)
    if os.access(locked, os.R_OK):  # root reads anything: make the read fail the same way
        real_open = os.open

        def refuse(path, *args, **kwargs):
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse)
    err = report_error(capsys, tmp_path, str(locked), str(SAMPLE / "dhaka.txt"))
    assert f"{locked}: cannot read (Permission denied)" in err


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "file is empty"),
        (b" \n\t\r\n  \n", "file contains only whitespace"),
        ("\u200b\u00a0\n\ufeff\n".encode(), "file contains only whitespace"),
    ],
)
def test_empty_files(capsys, tmp_path, content, problem):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    err = report_error(capsys, tmp_path, str(path), str(SAMPLE / "dhaka.txt"))
    assert f"empty.txt: {problem}" in err


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "a PNG image"),
        ("story.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>", "a PDF"),
        ("story.txt", b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "a GIF image"),
        ("blob.txt", bytes(range(256)) * 4, "NUL bytes"),
    ],
)
def test_binary_files(capsys, tmp_path, name, content, kind):
    path = tmp_path / name
    path.write_bytes(content)
    err = report_error(capsys, tmp_path, str(SAMPLE / "dhaka.txt"), str(path))
    assert f"{name}: binary file, not text" in err and kind in err


def test_page_with_only_navigation(capsys, tmp_path):
    links = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(30))
    path = tmp_path / "front.html"
    path.write_text(
        f"<!DOCTYPE html><html><head><title>News</title></head><body><nav><ul>{links}</ul>"
        "</nav><footer><p>© 2024 News</p></footer></body></html>"
    )
    err = report_error(capsys, tmp_path, str(SAMPLE / "dhaka.txt"), str(path))
    assert "front.html: no article text found" in err


def test_single_version(capsys, tmp_path):
    err = report_error(capsys, tmp_path, str(SAMPLE / "dhaka.txt"))
    assert "dhaka.txt: need at least two versions, got 1" in err


def test_identical_files_are_one_take_with_a_note(capsys, tmp_path, monkeypatch):
    # The same take at two outlets is the commonest real case: a report, not an error.
    monkeypatch.chdir(tmp_path)
    shutil.copy(SAMPLE / "dhaka.txt", "dhaka.txt")
    shutil.copy(SAMPLE / "dhaka.txt", "copy.txt")
    code, out, err = run(
        capsys, "report", "dhaka.txt", "copy.txt", "--out", "out", "--format", "json", "--quiet"
    )  # --quiet: no summary line, so stderr holds the note alone
    assert code == 0
    assert err.strip().splitlines() == [
        "story-compare: note: copy.txt and dhaka.txt have identical text: one take, every "
        "sentence shared"
    ]
    report = json.loads(Path(out.split()[0]).read_text(encoding="utf-8"))
    assert [t["identical"] for t in report["takes"]] == [[["copy", "dhaka"]]]
    counts = report["summary"]["versions"]
    assert all(c["shared"] == c["sentences"] > 0 and c["unique"] == 0 for c in counts.values())


def test_identical_versions_are_one_take_and_only_an_all_identical_story_gets_a_note():
    a = read_version("a.txt", text=f"{LEAD}\n{SECOND}")
    b = read_version("b.txt", text=f"{LEAD}\n\n{SECOND}\n")  # only whitespace differs
    c = read_version("c.txt", text=f"{LEAD}\n{LATER}")
    three = compare_articles(Story("s"), [c, b, a])
    assert [group for take in three.takes for group in take.identical] == [("a", "b")]
    assert identical_note(three) is None  # some version differs: an ordinary report
    two = compare_articles(Story("s"), [b, a])
    assert identical_note(two) == (
        "note: a.txt and b.txt have identical text: one take, every sentence shared"
    )


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--format", "docx"], "unknown format 'docx'"),
        (["--format", "json,epub"], "unknown format 'epub'"),
        (["--frobnicate"], "--frobnicate"),
    ],
)
def test_unknown_format_and_option(capsys, tmp_path, argv, fragment):
    out_dir = tmp_path / "out"
    files = [str(SAMPLE / "dhaka.txt"), str(SAMPLE / "manila.txt")]
    code, out, err = run(capsys, "report", *files, "--out", str(out_dir), *argv)
    assert code == 2
    assert_one_line_error(err)
    assert fragment in err
    assert out == "" and no_reports(out_dir)


GERMAN = (
    "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke nach einer Inspektion für "
    "Reparaturen zu schließen. Ingenieure fanden Risse in zwei der Stützen, sagte das "
    "Verkehrsamt der Stadt. Die Autofahrer werden bis zum Ende der Arbeiten im März durch den "
    "nördlichen Tunnel geleitet. Der Bürgermeister sagte, man habe keine Wahl gehabt."
)


def test_non_english_text_gives_a_warning_but_is_compared(capsys, tmp_path):
    german = read_version("de.txt", text=GERMAN)
    warning = ingest.language_warning(german)
    assert warning is not None and warning.startswith("WARNING: de.txt: ")
    assert "\n" not in warning and "English" in warning
    russian = read_version("ru.txt", text="Совет проголосовал во вторник за закрытие моста. " * 5)
    assert "Latin alphabet" in (ingest.language_warning(russian) or "")
    for english in (read_version(SAMPLE / "dhaka.txt"), read_version("short.txt", text="Hallo.")):
        assert ingest.language_warning(english) is None  # English, or too short to judge
    (tmp_path / "de1.txt").write_text(GERMAN)
    (tmp_path / "de2.txt").write_text(GERMAN.replace("Dienstag", "Mittwoch"))
    code, _, err = run(
        capsys, "report", str(tmp_path / "de1.txt"), str(tmp_path / "de2.txt"),
        "--out", str(tmp_path / "out"), "--format", "json", "--quiet",  # no summary line
    )  # fmt: skip
    assert code == 0, err  # a warning, never a refusal
    lines = err.splitlines()
    assert len(lines) == 2 and all(line.startswith("story-compare: WARNING: ") for line in lines)


def test_file_over_the_size_limit(capsys, tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * (ingest.MAX_INPUT_BYTES // 5 + 1))
    err = report_error(capsys, tmp_path, str(path), str(SAMPLE / "dhaka.txt"))
    assert "huge.txt: file is too large" in err


def test_malformed_story_toml_names_the_line(capsys, tmp_path):
    folder = tmp_path / "story"
    folder.mkdir()
    shutil.copy(SAMPLE / "dhaka.txt", folder)
    shutil.copy(SAMPLE / "manila.txt", folder)
    (folder / "story.toml").write_text('title = "x"\n[[versions]]\nfile = = "dhaka.txt"\n')
    err = report_error(capsys, tmp_path, str(folder))
    assert "story.toml: malformed TOML" in err and "line 3" in err


def test_malformed_jsonl_line_names_the_line(capsys, tmp_path):
    manifest = tmp_path / "stories.jsonl"
    manifest.write_text(
        json.dumps({"story": "a", "version": "one", "text": LEAD}) + "\n{not json\n"
    )
    out_dir = tmp_path / "out"
    code, _, err = run(capsys, "batch", str(manifest), "--out", str(out_dir), "--format", "json")
    assert code == 2
    assert_one_line_error(err)
    assert "stories.jsonl line 2: not valid JSON" in err
    assert no_reports(out_dir)


def test_a_bad_story_in_a_batch_fails_alone(capsys, tmp_path):
    root = tmp_path / "stories"
    good, bad = root / "good", root / "bad"
    good.mkdir(parents=True)
    bad.mkdir()
    (good / "a.txt").write_text(f"Bridge\n{LEAD}\n{SECOND}\n")
    (good / "b.txt").write_text(f"Bridge\n{LEAD}\n{LATER}\n")
    (bad / "a.txt").write_text(f"Bridge\n{LEAD}\n")
    (bad / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    out_dir = tmp_path / "out"
    code, _, err = run(capsys, "batch", str(root), "--out", str(out_dir), "--format", "json")
    assert code == 1
    assert "Traceback" not in err
    summary = json.loads((out_dir / "summary.json").read_text())
    status = {s["story"]: s for s in summary["stories"]}
    assert status["good"]["status"] == "done"
    assert status["bad"]["status"] == "failed"
    assert "b.txt: binary file, not text" in status["bad"]["error"]
    assert (out_dir / "good" / "report.json").is_file()
    assert not (out_dir / "bad" / "report.json").exists()


# --- 5. story ids -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("..", None),
        ("../../etc/passwd", "etc-passwd"),
        ("/absolute/path", "absolute-path"),
        ("C:\\Users\\story", "c-users-story"),
        ("tab\there\x07bell\x7f", "tab-here-bell"),
        ("\u202eevil\u202c", "evil"),  # bidi override
        ("Çà et là — Москва 2024", "ca-et-la-2024"),
        ("東京", None),
        ("...a..b...", "a.b"),
    ],
)
def test_story_ids_are_safe_folder_names(raw, expected):
    if expected is None:
        with pytest.raises(InputError, match="story id"):
            ingest.safe_story_id(raw)
        return
    safe = ingest.safe_story_id(raw)
    assert safe == expected
    assert "/" not in safe and "\\" not in safe and ".." not in safe and not safe.startswith(".")


@pytest.mark.parametrize("story_id", ["/tmp/abs", "../../up", "a\x00b", "Zürich/../x"])
def test_story_id_option_stays_inside_the_output_folder(capsys, tmp_path, story_id):
    out_dir = tmp_path / "out"
    code, out, err = run(
        capsys, "report", str(SAMPLE / "dhaka.txt"), str(SAMPLE / "manila.txt"),
        "--out", str(out_dir), "--format", "json", "--story-id", story_id,
    )  # fmt: skip
    assert code == 0, err
    written = Path(out.split()[0]).resolve()
    assert written.parent.parent == out_dir.resolve()


def test_version_files_named_in_other_scripts_get_ids(tmp_path):
    (tmp_path / "東京.txt").write_text(f"Bridge\n{LEAD}\n{SECOND}\n")
    (tmp_path / "大阪.txt").write_text(f"Bridge\n{LEAD}\n{LATER}\n")
    story, articles = read_story([tmp_path / "東京.txt", tmp_path / "大阪.txt"])
    assert [a.id for a in articles] == ["v1", "v2"]
    assert story.id == "v1-vs-v2"


# --- 6. safety --------------------------------------------------------------------------------

LAUGHS = "\n".join(
    [' <!ENTITY lol "lol">']
    + [f' <!ENTITY lol{n} "{("&lol%s;" % (n - 1 if n > 1 else "")) * 10}">' for n in range(1, 10)]
)


def test_billion_laughs_is_not_expanded(tmp_path):
    path = tmp_path / "laughs.html"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE html [\n{LAUGHS}\n]>\n'
        f"<html><body><article><p>{LEAD} &lol9;</p><p>{SECOND}</p></article></body></html>"
    )
    started = time.perf_counter()
    article = read_version(path)
    assert time.perf_counter() - started < 5
    assert article.text.count("lol") < 5
    assert "]>" not in article.text and "ENTITY" not in article.text


def test_external_entities_are_not_loaded(tmp_path, server):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN\n")
    server.routes["/evil.dtd"] = Route(b'<!ENTITY remote "REMOTE-TOKEN">')
    path = tmp_path / "xxe.html"
    path.write_text(
        "<!DOCTYPE html [\n"
        ' <!ENTITY xxe SYSTEM "file:///etc/passwd">\n'
        f' <!ENTITY secret SYSTEM "file://{secret}">\n'
        f' <!ENTITY % dtd SYSTEM "{server.url("/evil.dtd")}"> %dtd;\n'
        "]>\n"
        f"<html><body><article><p>{LEAD} &xxe; &secret; &remote;</p><p>{SECOND}</p>"
        "</article></body></html>"
    )
    article = read_version(path)
    assert "root:" not in article.text and "TOP-SECRET-TOKEN" not in article.text
    assert "REMOTE-TOKEN" not in article.text
    assert server.requests == []
    assert paragraphs(article)[1] == SECOND


# --- one path for every kind of story; failures that name their stage --------------------------


def test_a_manifest_story_in_a_batch_shows_the_warnings_report_prints(tmp_path):
    from compare.batch.sources import JsonlManifest
    from compare.batch.worker import Settings, run_story

    manifest = tmp_path / "batch.jsonl"
    later = GERMAN.replace("Dienstag", "Mittwoch")
    manifest.write_text(
        json.dumps({"story": "de", "version": "a", "text": GERMAN}) + "\n"
        + json.dumps({"story": "de", "version": "b", "text": later}) + "\n"
    )  # fmt: skip
    (job,) = JsonlManifest(manifest)
    result = run_story(job, tmp_path / "out", Settings(("json",)), None)
    assert result.status == "done", result.error
    assert [w.split(": ")[:2] for w in result.warnings] == [
        ["WARNING", f"{manifest} line 1"],
        ["WARNING", f"{manifest} line 2"],
    ]
    assert all("does not look like English" in w for w in result.warnings)


def test_story_toml_and_jsonl_give_the_same_versions(tmp_path):
    from compare.batch.sources import JsonlManifest

    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "one.txt").write_text(f"First version\n{LEAD}\n\n{SECOND}")
    (folder / "two.txt").write_text(f"Second version\n{LEAD}\n\n{THIRD}")
    (folder / "story.toml").write_text(
        '[[versions]]\nfile = "two.txt"\noutlet = "Two Times"\npublished = "2024-06-19T12:27"\n'
        '[[versions]]\nfile = "one.txt"\nphase = "late"\n'
    )
    (folder / "batch.jsonl").write_text(
        json.dumps({"story": "story", "version": "two", "path": "two.txt",
                    "outlet": "Two Times", "published": "2024-06-19T12:27"}) + "\n"
        + json.dumps({"story": "story", "version": "one", "path": "one.txt", "phase": "late"})
        + "\n"
    )  # fmt: skip
    (job,) = JsonlManifest(folder / "batch.jsonl")
    from_toml = read_story([folder], story_id="story")
    from_jsonl = read_story(job.inputs(), story_id="story")
    assert from_jsonl == from_toml
    assert [(a.id, a.outlet, a.phase) for a in from_toml[1]] == [
        ("two", "Two Times", None),
        ("one", None, "late"),
    ]


def test_an_unexpected_failure_names_its_stage_and_version(capsys, monkeypatch, tmp_path):
    from compare import align_many, segment

    def broken(*args, **kwargs):
        raise KeyError("x")

    monkeypatch.delenv("STORY_COMPARE_DEBUG", raising=False)
    argv = ("report", str(SAMPLE), "--out", str(tmp_path / "out"), "--format", "json")
    monkeypatch.setattr(segment, "segment", broken)
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert_one_line_error(err)
    assert err.strip() == (
        f"story-compare: segment failed on {str(SAMPLE / 'dhaka.txt')!r}: unexpected KeyError: 'x'"
    )
    monkeypatch.undo()
    monkeypatch.setattr(align_many, "align_versions", broken)  # the pipeline's align call
    code, _, err = run(capsys, *argv)
    assert code == 1
    assert err.strip() == (
        f"story-compare: align failed on story {SAMPLE.name!r}: unexpected KeyError: 'x'"
    )
    assert no_reports(tmp_path / "out")


@pytest.mark.parametrize("how", ["option", "environment"])
def test_debug_shows_the_traceback_before_the_one_line(capsys, monkeypatch, tmp_path, how):
    from compare.ingest import registry

    def broken(text: str, name: str):
        raise ValueError("bad page")

    text_reader = next(r for r in registry.READERS if r.name == "text")
    readers = tuple(
        registry.Reader(r.name, r.suffixes, r.sniff, broken) if r is text_reader else r
        for r in registry.READERS
    )
    monkeypatch.setattr(registry, "READERS", readers)
    options = ["--debug"] if how == "option" else []
    if how == "environment":
        monkeypatch.setenv("STORY_COMPARE_DEBUG", "1")
    argv = (*options, "report", str(SAMPLE), "--out", str(tmp_path / "out"))
    code, _, err = run(capsys, *argv)
    assert code == 1
    assert "Traceback (most recent call last)" in err
    assert "ValueError: bad page" in err  # the cause, with its own traceback
    last = err.strip().splitlines()[-1]
    assert last == (
        f"story-compare: ingest failed on {str(SAMPLE / 'dhaka.txt')!r}: "
        "unexpected ValueError: bad page"
    )

"""``story-compare review``: one story folder's report, served on loopback for an editor.

The editor's page shows the folder's corrections.toml beside the report.  Each save is checked
by running the story with the new text; only a file that applies cleanly is written (atomically,
into the story folder) and the JSON, HTML and PDF are rendered again.  A correction that does
not apply is answered with its one-line message and the file on disk is left as it was.

Safety: the server binds 127.0.0.1 on a random port unless ``--host`` says otherwise, and every
request must carry the session's random token in its path and name this server in its Host
header; a request a browser marks as coming from another origin (Origin, Sec-Fetch-Site) is
refused, so no other page the editor has open can read the report or post corrections.
"""

from __future__ import annotations

import json
import secrets
import signal
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from compare import ingest
from compare.corrections import CORRECTIONS_NAME, parse_corrections, read_corrections
from compare.errors import InputError, StoryCompareError
from compare.fsutil import atomic_write
from compare.options import FORMATS, AlignOptions
from compare.pipeline import compare_articles
from compare.render import write_reports
from compare.render.html import render_template

LOOPBACK = "127.0.0.1"
MAX_BODY_BYTES = 1 << 20  # a corrections file is a few kilobytes
_CONTENT_TYPES = {
    "report.html": "text/html; charset=utf-8",
    "report.json": "application/json; charset=utf-8",
    "report.pdf": "application/pdf",
}


@dataclass
class ReviewSession:
    """One story folder under review: its corrections file and its reports."""

    folder: Path
    out_dir: Path
    options: AlignOptions = field(default_factory=AlignOptions)
    formats: Sequence[str] = FORMATS
    story_dir: Path | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def corrections_path(self) -> Path:
        return self.folder / CORRECTIONS_NAME

    def corrections_text(self) -> str:
        path = self.corrections_path
        return path.read_text(encoding="utf-8-sig") if path.is_file() else ""

    def render(self, text: str | None = None) -> list[Path]:
        """Compare the folder and write its reports; with ``text``, as the new corrections.

        The text is saved only once the story compares with it: a bad correction raises the
        InputError the CLI would print, and nothing is written.
        """
        with self._lock:  # one comparison at a time: saves are applied in the order made
            name = str(self.corrections_path)
            if text is not None:
                edits = parse_corrections(text, name) if text.strip() else None
            elif self.corrections_path.is_file():
                edits = read_corrections(self.corrections_path)
            else:
                edits = None
            story, articles = ingest.read_story([self.folder])
            comparison = compare_articles(story, articles, options=self.options, corrections=edits)
            if text is not None:
                atomic_write(self.corrections_path, text)
            self.story_dir = self.out_dir / comparison.story.id
            return write_reports(comparison, self.story_dir, self.formats)


def make_server(session: ReviewSession, host: str = LOOPBACK, port: int = 0) -> ReviewServer:
    """A server for ``session`` (not yet serving); port 0 picks a free one at random."""
    return ReviewServer(session, host, port, secrets.token_urlsafe(24))


class ReviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, session: ReviewSession, host: str, port: int, token: str) -> None:
        self.session, self.token = session, token
        super().__init__((host, port), _Handler)

    def serve_until_interrupted(self) -> None:
        """Serve until Ctrl-C (SIGINT), then stop cleanly.

        The requests are served on a thread of their own and Ctrl-C only sets an event: a
        KeyboardInterrupt raised inside serve_forever can land in the middle of starting a
        request's thread, and the interpreter may then hang on exit waiting for it.
        """
        interrupted = threading.Event()
        previous = signal.signal(signal.SIGINT, lambda _signum, _frame: interrupted.set())
        serving = threading.Thread(target=self.serve_forever, name="review-server", daemon=True)
        serving.start()
        try:
            while not interrupted.wait(0.5):
                pass
        finally:
            signal.signal(signal.SIGINT, previous)
            self.shutdown()
            self.server_close()

    @property
    def address(self) -> tuple[str, int]:
        """The host and port listened on, as the socket states them (``server_address`` holds
        the same, typed loosely enough to allow a bytes host)."""
        host, port = self.socket.getsockname()[:2]
        return host, port

    @property
    def origin(self) -> str:
        host, port = self.address
        return f"http://{host}:{port}"

    @property
    def url(self) -> str:
        return f"{self.origin}/{self.token}/"

    def allowed_hosts(self) -> set[str]:
        host, port = self.address
        names = {host} | ({"localhost"} if host == LOOPBACK else set())
        return {f"{name}:{port}" for name in names}


class _Handler(BaseHTTPRequestHandler):
    server: ReviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows the URL and the saves, not every request."""

    def do_GET(self) -> None:
        name = self._resource()
        if name is None:
            return
        session = self.server.session
        if name == "":
            page = render_template(
                "review.html.jinja",
                folder=str(session.folder),
                corrections=session.corrections_text(),
                file_name=CORRECTIONS_NAME,
            )
            self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8")
        elif name == CORRECTIONS_NAME:
            text = session.corrections_text().encode("utf-8")
            self._send(HTTPStatus.OK, text, "text/plain; charset=utf-8")
        elif name in _CONTENT_TYPES and session.story_dir is not None:
            report = session.story_dir / name
            if not report.is_file():
                self._refuse(HTTPStatus.NOT_FOUND, f"{name} is not among the formats written")
                return
            self._send(HTTPStatus.OK, report.read_bytes(), _CONTENT_TYPES[name])
        else:
            self._refuse(HTTPStatus.NOT_FOUND, "no such page")

    def do_POST(self) -> None:
        if self._resource() != CORRECTIONS_NAME:
            self._refuse(HTTPStatus.NOT_FOUND, f"post the corrections to {CORRECTIONS_NAME}")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "corrections too large")
            return
        try:
            text = self.rfile.read(length).decode("utf-8")
        except UnicodeDecodeError:
            self._refuse(HTTPStatus.BAD_REQUEST, "corrections must be UTF-8 text")
            return
        try:
            paths = self.server.session.render(text)
        except InputError as error:
            self._json(HTTPStatus.BAD_REQUEST, {"error": " ".join(str(error).split())})
            return
        except StoryCompareError as error:
            self._json(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": " ".join(str(error).split())})
            return
        print(f"story-compare: saved {self.server.session.corrections_path}", flush=True)
        self._json(HTTPStatus.OK, {"saved": CORRECTIONS_NAME, "reports": [p.name for p in paths]})

    def _resource(self) -> str | None:
        """The file asked for under the token, or None after refusing the request."""
        if self.headers.get("Host") not in self.server.allowed_hosts():
            self._refuse(HTTPStatus.FORBIDDEN, "wrong Host header")
            return None
        origin = self.headers.get("Origin")
        site = self.headers.get("Sec-Fetch-Site")
        if (origin is not None and origin != self._own_origin()) or site not in (
            None,
            "same-origin",
            "none",
        ):
            self._refuse(HTTPStatus.FORBIDDEN, "requests from another origin are refused")
            return None
        prefix = f"/{self.server.token}/"
        path = urlsplit(self.path).path
        if not secrets.compare_digest(path[: len(prefix)], prefix):
            self._refuse(HTTPStatus.FORBIDDEN, "missing or wrong token")
            return None
        return path[len(prefix) :]

    def _own_origin(self) -> str:
        return f"http://{self.headers.get('Host')}"

    def _refuse(self, status: HTTPStatus, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _json(self, status: HTTPStatus, body: dict[str, Any]) -> None:
        self._send(status, json.dumps(body).encode("utf-8"), "application/json")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")  # the token stays in this tab
        self.send_header("Content-Security-Policy", "frame-ancestors 'self'")
        self.end_headers()
        self.wfile.write(body)

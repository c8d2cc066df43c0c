"""Versions given as URLs: fetched once with the standard library, bounded in time and size.

Only http and https are followed (redirects included: a redirect to ``file:`` or ``ftp:`` is
refused).  Every failure is one :class:`InputError` line: ``"<url>: cannot fetch: <reason>"``.

Time is bounded twice: every connect and every read waits at most :data:`FETCH_TIMEOUT`, and the
body is read in small pieces with the clock checked after each, so a server trickling bytes is
cut off once :data:`FETCH_DEADLINE` has passed since the request began (at most one read
timeout later).  A body shorter than its Content-Length is refused, not taken as the page.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, urlsplit

from compare import __version__
from compare.errors import InputError
from compare.ingest import reader

if TYPE_CHECKING:
    import http.client
    import urllib.request

FETCH_TIMEOUT = 15.0  # seconds per connect or read
FETCH_DEADLINE = 60.0  # seconds for the whole fetch, so a server trickling bytes cannot stall us
_ALLOWED_SCHEMES = frozenset({"http", "https"})
_CHUNK = 16 * 1024  # at most this much per read: each read returns what has arrived
# Anything that names a scheme ("https://", "file:///", "ftp://") is a URL, not a path.
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    charset: str | None  # from the Content-Type header


def is_url(item: object) -> bool:
    return isinstance(item, str) and _URL.match(item) is not None


def url_stem(url: str) -> str:
    """A short name for a URL: its last path segment without extension, else its host."""
    parts = split_url(url)
    segments = [s for s in parts.path.split("/") if s]
    if segments:
        stem = PurePosixPath(segments[-1]).stem
        if stem and stem.lower() not in ("index", "article", "story"):
            return stem
        if len(segments) > 1:
            return segments[-2]
    return parts.hostname or "page"


def fetch(url: str) -> Fetched:
    """The body of ``url``, at most :data:`reader.MAX_INPUT_BYTES` of it."""
    # The HTTP client is imported here, as a URL is read: files never need it.
    import http.client
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + FETCH_DEADLINE
    scheme = split_url(url).scheme.lower()
    if scheme not in _ALLOWED_SCHEMES:
        raise _error(url, f"only http and https URLs are supported, not {scheme}:")
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": f"story-compare/{__version__}",
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
            "Accept-Encoding": "identity",
        },
    )
    limit = reader.MAX_INPUT_BYTES
    try:
        with _opener().open(request, timeout=FETCH_TIMEOUT) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise InputError(f"{url}: page is too large ({length} bytes, limit {limit})")
            data = _read(response, limit, url, deadline)
            return Fetched(
                url=response.geturl(),
                data=data,
                charset=response.headers.get_content_charset(),
            )
    except InputError:
        raise
    except urllib.error.HTTPError as error:
        raise _error(url, f"HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise _error(url, _reason(error.reason)) from None
    except TimeoutError:
        raise _error(url, f"timed out after {FETCH_TIMEOUT:g} s") from None
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise _error(url, _reason(error)) from None


def split_url(url: str) -> SplitResult:
    """``urlsplit``, with a malformed URL ("http://[::1") an :class:`InputError`."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parsing the port is what checks it ("host:99999")
    except ValueError as error:
        raise InputError(f"{url}: not a valid URL ({error})") from None
    return parts


def _read(response: http.client.HTTPResponse, limit: int, url: str, deadline: float) -> bytes:
    # read1, not read: read(n) waits until n bytes have come, however slowly they trickle.
    chunks: list[bytes] = []
    size = 0
    while time.monotonic() < deadline:
        chunk = response.read1(_CHUNK)
        if not chunk:
            return _complete(b"".join(chunks), response, url)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise InputError(f"{url}: page is too large (over {limit} bytes)")
    raise _error(url, f"timed out after {FETCH_DEADLINE:g} s")


def _complete(data: bytes, response: http.client.HTTPResponse, url: str) -> bytes:
    """``data``, unless the server promised more (Content-Length) than it sent."""
    length = response.headers.get("Content-Length", "").strip()
    chunked = "chunked" in response.headers.get("Transfer-Encoding", "").lower()
    if length.isdigit() and not chunked and len(data) < int(length):
        raise _error(url, f"the body ended after {len(data)} of {length} bytes")
    return data


def _error(url: str, reason: str) -> InputError:
    return InputError(f"{url}: cannot fetch: {reason}")


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError):
        return f"timed out after {FETCH_TIMEOUT:g} s"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    text = " ".join(str(reason).split())
    return text or type(reason).__name__


def _opener() -> urllib.request.OpenerDirector:
    """http and https only: no file:, ftp: or data: handlers, whatever a redirect says."""
    import urllib.error
    import urllib.request

    class HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
        max_redirections = 5

        def redirect_request(self, req, fp, code, msg, headers, newurl):
            if urlsplit(newurl).scheme.lower() not in _ALLOWED_SCHEMES:
                raise urllib.error.HTTPError(
                    newurl, code, f"redirect to {newurl} refused (not http/https)", headers, fp
                )
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        HttpOnlyRedirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener

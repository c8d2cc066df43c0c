"""Versions given as URLs: fetched once with the standard library, bounded in time and size.

Only http and https are followed (redirects included: a redirect to ``file:`` or ``ftp:`` is
refused).  Every failure is one :class:`InputError` line: ``"<url>: cannot fetch: <reason>"``.
"""

from __future__ import annotations

import http.client
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from compare.errors import InputError
from compare.ingest import reader

FETCH_TIMEOUT = 15.0  # seconds per connect or read
FETCH_DEADLINE = 60.0  # seconds for the whole body, so a server trickling bytes cannot stall us
_ALLOWED_SCHEMES = frozenset({"http", "https"})
_CHUNK = 64 * 1024
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
    parts = urlsplit(url)
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
    from compare import __version__  # here: compare/__init__ imports the pipeline, and so ingest

    scheme = urlsplit(url).scheme.lower()
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
            data = _read(response, limit, url)
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


def _read(response: http.client.HTTPResponse, limit: int, url: str) -> bytes:
    deadline = time.monotonic() + FETCH_DEADLINE
    chunks, size = [], 0
    while True:
        chunk = response.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise InputError(f"{url}: page is too large (over {limit} bytes)")
        if time.monotonic() > deadline:
            raise _error(url, f"timed out after {FETCH_DEADLINE:g} s")


def _error(url: str, reason: str) -> InputError:
    return InputError(f"{url}: cannot fetch: {reason}")


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError):
        return f"timed out after {FETCH_TIMEOUT:g} s"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    text = " ".join(str(reason).split())
    return text or type(reason).__name__


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme.lower() not in _ALLOWED_SCHEMES:
            raise urllib.error.HTTPError(
                newurl, code, f"redirect to {newurl} refused (not http/https)", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    """http and https only: no file:, ftp: or data: handlers, whatever a redirect says."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        _HttpOnlyRedirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener

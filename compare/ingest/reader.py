"""Bytes → text: size and binary checks, encoding detection, newline normalisation.

The encoding is decided in this order: a byte-order mark (UTF-8, UTF-16, UTF-32); the charset
the server sent (URLs) or the page declares (``<meta charset>``); strict UTF-8; UTF-8 with a few
stray bytes replaced (and a warning naming them) when the rest is plainly UTF-8; then
charset-normalizer's guess, with a bias to cp1252 (Western European) whenever that decodes the
bytes just as cleanly, because that is what unlabelled legacy news copy almost always is.

Only regular files are read: a FIFO or a device is refused before it is opened (reading one
could block for ever or never end).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from compare.errors import InputError

MAX_INPUT_BYTES = 5 * 1024 * 1024  # a news page is tens of kilobytes; more is not an article

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# File signatures of formats people pass by mistake (a screenshot, the PDF of the article).
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "a program"),
    (b"RIFF", "a media file"),
    (b"OggS", "a media file"),
    (b"ID3", "an MP3 file"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"{\\rtf", "an RTF document"),
)
# C0 control bytes that never occur in text (tab, newlines, form feed and escape excepted).
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}
_CONTROL_SHARE = 0.05  # above this share of control bytes the data is not text
_SNIFF_BYTES = 64 * 1024
# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">.
_META_CHARSET = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]{1,40})", re.IGNORECASE
)
# Labels browsers decode as windows-1252 (the WHATWG encoding standard).
_CP1252_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii",
                            "ascii", "windows-1252", "cp1252", "x-cp1252"})  # fmt: skip
# Encodings worth guessing between; EBCDIC, UTF-7 and BOM-less UTF-16/32 produce nonsense
# "matches" for short Western text.
_CANDIDATES = [
    "cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r", "koi8_u",
    "mac_cyrillic", "cp1253", "iso8859_7", "cp1254", "iso8859_9", "cp1255", "cp1256", "cp1257",
    "cp874", "mac_roman", "cp850", "cp437", "shift_jis", "cp932", "euc_jp", "gb18030", "big5",
    "euc_kr", "cp949",
]  # fmt: skip
_TIE = 0.01  # cp1252 wins when its "mess" ratio is within this of the best guess
# UTF-8 with at most this many invalid bytes, and more valid multi-byte characters than invalid
# bytes, is read as UTF-8 with those bytes replaced: a stray cp1252 quote pasted into UTF-8 copy
# must not turn every other quote and accent into mojibake ("‚Äú" for "“").
MAX_STRAY_BYTES = 8
_FILE_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
# Characters that take no space: a file of nothing else is as empty as one of blanks.
_INVISIBLE = str.maketrans("", "", "\u200b\u200c\u200d\u2060\ufeff\u00ad")


def read_bytes(path: Path, name: str) -> bytes:
    """The bytes of the regular file ``path``, never more than :data:`MAX_INPUT_BYTES`."""
    try:
        info = os.stat(path)
        _check_regular(info.st_mode, name)
        size = info.st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(f"{name}: file is too large ({size} bytes, limit {MAX_INPUT_BYTES})")
        # O_NONBLOCK: should the file be swapped for a FIFO after the check, opening it does
        # not wait for a writer, and the second check refuses it.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            _check_regular(os.fstat(handle.fileno()).st_mode, name)
            data = handle.read(MAX_INPUT_BYTES + 1)  # one byte past the limit: it grew
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InputError(f"{name}: cannot read ({reason})") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{name}: file is too large (over {MAX_INPUT_BYTES} bytes)")
    return data


def decode(
    data: bytes,
    name: str = "input",
    *,
    declared: str | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> str:
    """``data`` as text with "\\n" newlines.  ``declared`` is a charset the server sent;
    ``on_warning`` hears about stray bytes replaced in otherwise valid UTF-8.

    Raises :class:`InputError` when ``data`` is binary (an image, a PDF, a program).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _newlines(data.decode(encoding, errors="replace"))
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return _newlines(utf16)
    binary = binary_kind(data)
    if binary is not None:
        raise InputError(f"{name}: binary file, not text ({binary})")
    for label in (declared, _meta_charset(data)):
        text = _decode_declared(data, label)
        if text is not None:
            return _newlines(text)
    try:
        return _newlines(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _utf8_with_strays(data)
    if mostly_utf8 is None:
        return _newlines(_guess(data))
    text, strays = mostly_utf8
    if on_warning is not None:
        offsets = ", ".join(str(offset) for offset in strays)
        plural = "s" if len(strays) > 1 else ""
        on_warning(
            f"WARNING: {name}: read as UTF-8 with {len(strays)} invalid byte{plural} replaced "
            f"by \ufffd (at byte offset{plural} {offsets})"
        )
    return _newlines(text)


def binary_kind(data: bytes) -> str | None:
    """What ``data`` is when it is not text ("a PNG image"), else None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        return "contains NUL bytes"
    controls = sum(1 for byte in head if byte in _CONTROL)
    if head and controls / len(head) > _CONTROL_SHARE:
        return "contains control bytes"
    return None


def check_text(text: str, name: str) -> str:
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as error:  # inline JSONL text can hold "\ud800"
        raise InputError(
            f"{name}: text holds an unpaired surrogate ({text[error.start]!r}) at character "
            f"{error.start}: not valid Unicode"
        ) from None
    if size > MAX_INPUT_BYTES:
        raise InputError(f"{name}: text is too large (limit {MAX_INPUT_BYTES} bytes)")
    if "\x00" in text:
        raise InputError(f"{name}: binary file, not text (contains NUL bytes)")
    if not text:
        raise InputError(f"{name}: file is empty")
    if not text.translate(_INVISIBLE).strip():
        raise InputError(f"{name}: file contains only whitespace")
    return text


def _check_regular(mode: int, name: str) -> None:
    if stat.S_ISDIR(mode):
        raise InputError(f"{name}: is a folder, expected a text file")
    if not stat.S_ISREG(mode):
        kind = next((kind for test, kind in _FILE_KINDS if test(mode)), "a special file")
        raise InputError(f"{name}: not a regular file ({kind})")


def _utf8_with_strays(data: bytes) -> tuple[str, list[int]] | None:
    """``data`` as UTF-8 with its invalid bytes replaced, and their offsets; None unless
    there are at most :data:`MAX_STRAY_BYTES` of them and more valid multi-byte characters."""
    parts: list[str] = []
    strays: list[int] = []
    start = 0
    while True:
        try:
            parts.append(data[start:].decode("utf-8"))
            break
        except UnicodeDecodeError as error:
            if len(strays) == MAX_STRAY_BYTES:
                return None
            parts.append(data[start : start + error.start].decode("utf-8"))
            parts.append("\ufffd")
            strays.append(start + error.start)
            start += error.end
    text = "".join(parts)
    multibyte = sum(1 for char in text if char > "\x7f") - len(strays)
    return (text, strays) if multibyte > len(strays) else None


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: mostly-ASCII text has a NUL in every other byte."""
    head = data[:_SNIFF_BYTES]
    if len(head) < 8 or len(head) % 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd > 0.6 * half and even == 0:
        encoding = "utf-16-le"
    elif even > 0.6 * half and odd == 0:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _meta_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii").strip().lower() if found else None


def _decode_declared(data: bytes, label: str | None) -> str | None:
    """``data`` in the declared charset; None when there is none or it does not fit."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _CP1252_LABELS:
        # A page re-saved as UTF-8 often keeps its old latin-1 label; valid UTF-8 with
        # non-ASCII bytes is never legacy text in practice.
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")
    try:
        codec = codecs.lookup(label)
    except LookupError:
        return None  # an unknown label: detect instead
    if codec.name in ("utf-16", "utf-32", "utf-16-le", "utf-16-be"):
        return None  # a page cannot declare these in ASCII-compatible bytes; detect instead
    try:
        return data.decode(codec.name)
    except UnicodeDecodeError:
        return None


def _guess(data: bytes) -> str:
    from charset_normalizer import from_bytes  # here: most copy is UTF-8 and never needs it

    matches = from_bytes(data, cp_isolation=_CANDIDATES)
    best = matches.best()
    if best is None:
        return data.decode("cp1252", errors="replace")
    western = [m for m in matches if "cp1252" in (m.encoding, *m.could_be_from_charset)]
    if western and western[0].chaos <= best.chaos + _TIE:
        # cp1252 leaves five bytes undefined; a stray one should not lose the whole page.
        return data.decode("cp1252", errors="replace")
    return str(best)

"""Bytes on disk → text: size and binary checks, encoding fallbacks, newline normalisation."""

from __future__ import annotations

import codecs
from pathlib import Path

from compare.errors import InputError

MAX_INPUT_BYTES = 5 * 1024 * 1024  # a news page is tens of kilobytes; more is not an article
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def read_file(path: Path, name: str) -> str:
    """The decoded text of ``path``; every failure is an :class:`InputError` naming ``name``."""
    try:
        if path.is_dir():
            raise InputError(f"{name}: is a folder, expected a text file")
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(f"{name}: file is too large ({size} bytes, limit {MAX_INPUT_BYTES})")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InputError(f"{name}: cannot read ({reason})") from None
    return check_text(decode(data), name)


def decode(data: bytes) -> str:
    """UTF-8 (BOM stripped); failing that UTF-16 when a BOM says so, else cp1252."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if data.startswith(_UTF16_BOMS):
            text = data.decode("utf-16", errors="replace")
        else:
            # cp1252 leaves five bytes undefined; a stray one should not lose the whole page.
            text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_text(text: str, name: str) -> str:
    if len(text.encode("utf-8", errors="replace")) > MAX_INPUT_BYTES:
        raise InputError(f"{name}: text is too large (limit {MAX_INPUT_BYTES} bytes)")
    if "\x00" in text:
        raise InputError(f"{name}: looks like binary data (NUL bytes), expected text")
    if not text:
        raise InputError(f"{name}: file is empty")
    if not text.strip():
        raise InputError(f"{name}: file contains only whitespace")
    return text

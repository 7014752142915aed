"""Bytes to text without ever failing: BOMs, UTF-8 then cp1252 then latin-1, binary sniffing, cleanup.

The text an ``Article`` carries is the text event evidence offsets point into, so cleanup keeps
lengths: line endings become ``\\n`` and other control characters become spaces, nothing else moves.
"""

from __future__ import annotations

import codecs
import re

SNIFF_BYTES = 8192
"""How much of an input's head is looked at to tell text from binary."""

_MAX_CONTROL_SHARE = 0.10
"""Share of C0 control bytes (other than tab, newlines, form feed) above which a head is binary."""

_MAGIC: tuple[tuple[re.Pattern[bytes], str], ...] = tuple(
    (re.compile(pattern), what)
    for pattern, what in (
        (rb"\x89PNG\r\n\x1a\n", "a PNG image"),
        (rb"\xff\xd8\xff", "a JPEG image"),
        (rb"GIF8[79]a", "a GIF image"),
        (rb"%PDF-", "a PDF file"),
        (rb"PK\x03\x04", "a zip archive, .docx or .xlsx file"),
        (rb"\x1f\x8b", "gzip-compressed data"),
        (rb"BZh[1-9]1AY&SY", "bzip2-compressed data"),
        (rb"\xfd7zXZ\x00", "xz-compressed data"),
        (rb"\x28\xb5\x2f\xfd", "zstd-compressed data"),
        (rb"SQLite format 3\x00", "an SQLite database"),
        (rb"\x7fELF", "a program"),
    )
)
"""Leading bytes of common non-text files, named so the message can say what the file is."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
"""Byte order marks, UTF-32 before UTF-16 (the UTF-32-LE mark starts with the UTF-16-LE one)."""

_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
_NEWLINES = re.compile(r"\r\n?")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 controls other than tab and newline (carriage returns are gone before this runs)."""


def bom_encoding(head: bytes) -> str | None:
    """The encoding a byte order mark announces, or None; the codec named strips the mark itself."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    return None


def sniff_binary(head: bytes) -> str | None:
    """Why ``head`` (the first few KB) looks binary, or None when it looks like text."""
    encoding = bom_encoding(head)
    if encoding in ("utf-16", "utf-32"):
        return None
    for magic, what in _MAGIC:
        if magic.match(head):
            return what
    nuls = head.count(b"\x00")
    if nuls:
        if nuls * 3 >= len(head) and (head[0::2].count(0) * 4 < nuls or head[1::2].count(0) * 4 < nuls):
            return "UTF-16 text without a byte order mark? save it as UTF-8"
        return "it contains NUL bytes"
    controls = len(_CONTROL_BYTES.findall(head))
    if head and controls / len(head) > _MAX_CONTROL_SHARE:
        return f"{controls / len(head):.0%} of its first bytes are control characters"
    return None


def decode_bytes(data: bytes) -> str:
    """Decode a whole text: a BOM's encoding if any, else UTF-8, cp1252, latin-1 (which never fails)."""
    encoding = bom_encoding(data[:4])
    if encoding in ("utf-16", "utf-32"):
        return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def clean_text(text: str) -> str:
    """Line endings to ``\\n``; other controls (NUL, form feed, C1, ...) to spaces of the same length."""
    return _CONTROL_CHARS.sub(" ", _NEWLINES.sub("\n", text))

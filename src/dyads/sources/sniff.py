"""Which format an input is, from its first bytes: for stdin, URLs and files of unknown suffix.

Only cheap, unambiguous signs are used (a WARC header, a feed or HTML root element, JSON that
starts like an array of objects); anything else is plain text, and the text reader then refuses
what is binary.
"""

from __future__ import annotations

import re
import zlib
from typing import IO

from dyads.sources.decode import SNIFF_BYTES

_GZIP_MAGIC = b"\x1f\x8b"
_WARC_MAGIC = b"WARC/"
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>/]")
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html)[\s>]")
_JSON_ARRAY = re.compile(rb"\[\s*(?:\{|\]|$)")
_JSON_OBJECT = re.compile(rb"\{\s*(?:\"|\}|$)")
_LEADING = b" \t\r\n\xef\xbb\xbf"


def jsonl_verdict(stream: IO[bytes]) -> str:
    """``"jsonl"`` if every non-blank line starts with ``{``, ``"json"`` if the first one starts with
    ``{`` or ``[`` but not all do, else ``"text"``. Stops at the first line that decides."""
    first: bytes | None = None
    for raw in stream:
        line = raw.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()
        if not line:
            continue
        if first is None:
            first = line[:1]
        if not line.startswith(b"{"):
            return "json" if first in (b"{", b"[") else "text"
    return "jsonl" if first is not None else "text"


def is_warc_head(head: bytes) -> bool:
    """True when ``head`` starts a WARC file, plain or gzip-compressed record by record."""
    if head.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    return head.startswith(_WARC_MAGIC)


def markup_format(head: bytes) -> str | None:
    """``"feed"`` for an RSS/Atom/RDF root, ``"html"`` for an HTML page, else None."""
    start = head.lstrip(_LEADING)
    if not start.startswith(b"<"):
        return None
    lower = start[:SNIFF_BYTES].lower()
    feed = _FEED_ROOT.search(lower)
    page = _HTML_ROOT.search(lower)
    if feed is not None and (page is None or feed.start() < page.start()):
        return "feed"
    return "html" if page is not None else None


def sniff_format(stream: IO[bytes]) -> str:
    """The reader for an input of unknown kind; the stream is read from its start, then rewound."""
    stream.seek(0)
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    if is_warc_head(head):
        return "warc"
    markup = markup_format(head)
    if markup is not None:
        return markup
    verdict = jsonl_verdict(stream)
    stream.seek(0)
    if verdict == "jsonl":
        return "jsonl"
    start = head.lstrip(_LEADING)
    if verdict == "json" and (_JSON_ARRAY.match(start) or _JSON_OBJECT.match(start)):
        return "json"
    return "txt"

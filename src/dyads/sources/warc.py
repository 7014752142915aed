"""WARC and WARC.gz files (web crawls such as Common Crawl's news crawl): one article per page.

Records stream through ``warcio`` one at a time, so memory stays flat however large the file.
Each ``response`` (or ``resource``) record whose payload is an HTML page with status 2xx becomes an
article: trafilatura's main text, htmldate's publication date (else the crawl date,
``WARC-Date``), ``WARC-Target-URI`` as its url. Other records (requests, metadata, redirects,
images) are passed over silently. A corrupt or truncated record gives one ``Problem`` located
``file@offset`` and reading resumes at the next record that can be found.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterator
from typing import IO, Any

from dyads.errors import (
    EmptyInputError,
    InputError,
    InputTooLargeError,
    MalformedRecordError,
    UnknownFormatError,
)
from dyads.model import Article
from dyads.sources.articles import make_articles
from dyads.sources.base import Problem, ReadContext, Source, problem
from dyads.sources.dates import parse_date
from dyads.sources.decode import SNIFF_BYTES
from dyads.sources.htmlpage import NO_TEXT_ADVICE, extract_page
from dyads.sources.sniff import is_warc_head, markup_format
from dyads.sources.txt import human_bytes

ARTICLE_RECORDS = frozenset(("response", "resource"))
HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_LINE = b"\nWARC/1."
_SCAN_CHUNK = 1 << 20
_READ_CHUNK = 1 << 16
_ONE_DAY = dt.timedelta(days=1)


def read_warc(source: Source, context: ReadContext) -> Iterator[Article | Problem]:
    """Every HTML page of a WARC file as an article, in file order."""
    from warcio.archiveiterator import ArchiveIterator  # only WARC inputs pay for importing it
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    errors = (ArchiveLoadFailed, StatusAndHeadersParserException, *_ERRORS)
    with source.open() as stream:
        head = stream.read(SNIFF_BYTES)
        if not head.strip():
            raise EmptyInputError("the file is empty; there is nothing to code")
        if not is_warc_head(head):
            raise UnknownFormatError(
                "not a WARC file (it does not start with a WARC/1.x record); give a .warc or .warc.gz file"
            )
        compressed = head.startswith(b"\x1f\x8b")
        size = stream.seek(0, 2)
        start: int | None = 0
        last = -1  # offset of the last record handled, so a resync never handles one twice
        seen = pages = problems = 0
        quiet = False  # after a problem, failures at the next candidate records are not repeated
        while start is not None:
            stream.seek(start)
            records = ArchiveIterator(stream)
            try:
                for record in records:
                    offset = records.offset
                    if offset <= last:
                        continue
                    last = offset
                    quiet = False
                    seen += 1
                    for item in _record(record, f"{source.location}@{offset}", context):
                        pages += isinstance(item, Article)
                        problems += isinstance(item, Problem)
                        yield item
                    _drain(record)
                end = records.offset
                start = None
                if size > end and not quiet:
                    problems += 1
                    yield problem(
                        MalformedRecordError(
                            f"the file ends inside a record ({size - end:,} bytes after the last complete "
                            "one; truncated download?); that record was skipped"
                        ),
                        f"{source.location}@{end}",
                        fatal=seen == 0,
                    )
            except _TruncatedError as exc:
                problems += 1
                yield problem(MalformedRecordError(str(exc)), f"{source.location}@{records.offset}")
                start = _next_record(stream, records.offset + 1, compressed)
            except errors as exc:
                failed = records.offset
                if not quiet:
                    problems += 1
                    yield problem(
                        MalformedRecordError(
                            f"corrupt record ({_why(exc)}); skipped to the next record that can be read"
                        ),
                        f"{source.location}@{failed}",
                    )
                quiet = True
                start = _next_record(stream, failed + 1, compressed)
            finally:
                records.close()
    if pages == 0 and problems == 0:
        raise EmptyInputError(
            f"none of its {seen} record(s) is an HTML page (a response with status 2xx and type "
            "text/html); there is nothing to code"
        )


class _TruncatedError(Exception):
    """A record whose block is shorter than its Content-Length says: the file was cut there."""


def _record(record: Any, location: str, context: ReadContext) -> Iterator[Article | Problem]:
    """The article of one record, nothing for a record that is not an HTML page."""
    if record.rec_type not in ARTICLE_RECORDS:
        if record.rec_type is None:
            raise _TruncatedError("the record's header is cut off (truncated file?); skipped")
        return
    http = record.http_headers
    if http is not None and not str(http.get_statuscode() or "").startswith("2"):
        return
    declared = (
        (http.get_header("Content-Type") if http is not None else None)
        or record.rec_headers.get_header("WARC-Identified-Payload-Type")
        or record.rec_headers.get_header("Content-Type")
        or ""
    ).lower()
    if declared and not declared.startswith(HTML_TYPES) and "html" not in declared:
        return
    limit = context.settings.max_file_bytes
    payload = record.content_stream().read(limit + 1)
    uri = record.rec_headers.get_header("WARC-Target-URI")
    _drain(record)
    if len(payload) > limit:
        yield problem(
            InputTooLargeError(f"skipped: the page {uri} is over the {human_bytes(limit)} limit"), location
        )
        return
    if not declared and markup_format(payload[:SNIFF_BYTES]) != "html":
        return
    crawled = _warc_date(record.rec_headers.get_header("WARC-Date"))
    try:
        page = extract_page(
            payload, url=uri or None, max_date=crawled + _ONE_DAY if crawled is not None else None
        )
    except InputError as exc:
        yield problem(InputError(f"skipped {uri}: {exc.message}"), location)
        return
    if page is None:
        yield problem(EmptyInputError(f"skipped {uri}: {NO_TEXT_ADVICE}"), location)
        return
    yield from make_articles(
        page.text,
        location,
        context,
        title=page.title,
        url=uri or page.url,
        published=page.published or crawled,
        source_name=page.site_name,
        language=page.language,
    )


def _drain(record: Any) -> None:
    """Read the rest of the record's block; a block shorter than its length means a cut file."""
    raw = record.raw_stream
    while raw.read(_READ_CHUNK):
        pass
    if getattr(raw, "limit", 0) > 0:
        raise _TruncatedError(
            f"the record is cut off {raw.limit:,} bytes before its end (truncated file?); skipped"
        )


def _warc_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return parse_date(value)
    except InputError:
        return None


def _next_record(stream: IO[bytes], offset: int, compressed: bool) -> int | None:
    """Where the next record may start at or after ``offset``: a gzip member, or a WARC/1.x line."""
    marker = _GZIP_MEMBER if compressed else _WARC_LINE
    stream.seek(offset)
    position = offset
    tail = b""
    while True:
        chunk = stream.read(_SCAN_CHUNK)
        if not chunk:
            return None
        data = tail + chunk
        found = data.find(marker)
        if found >= 0:
            start = position - len(tail) + found
            return start if compressed else start + 1
        tail = data[-(len(marker) - 1) :]
        position += len(chunk)


def _why(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if len(text) > 80:
        text = text[:79] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


_ERRORS: tuple[type[BaseException], ...] = (ValueError, EOFError, OSError, zlib.error, LookupError)
"""What a damaged record makes warcio's readers raise, besides warcio's own exceptions."""

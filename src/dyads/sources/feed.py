"""RSS and Atom feeds: one article per entry, from a file or a URL the user gave.

Parsing goes through ``feedparser`` on a byte stream (never a string, which it would fetch or
open as a path). An entry's text is its full content when the feed carries it, else its summary,
HTML stripped; its headline is the title (and the text when there is nothing else). Its date is
the date as written in ``published`` (else ``updated``), not moved to UTC.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from dyads.errors import (
    BadDateError,
    BinaryInputError,
    EmptyInputError,
    InputTooLargeError,
    MalformedRecordError,
    UnknownFormatError,
)
from dyads.model import Article
from dyads.sources.articles import article_id_for, foreign_language, make_articles
from dyads.sources.base import Problem, ReadContext, Source, one_line, problem
from dyads.sources.dates import parse_date
from dyads.sources.decode import SNIFF_BYTES, clean_text, sniff_binary
from dyads.sources.fetch import is_url
from dyads.sources.htmlpage import html_to_text
from dyads.sources.txt import human_bytes

_PLAIN_TYPES = frozenset(("text/plain", "text"))


def read_feed(source: Source, context: ReadContext) -> Iterator[Article | Problem]:
    """Every entry of an RSS/Atom feed as an article, located as ``feed#n`` (1-based)."""
    import feedparser  # only feeds pay for importing it

    limit = context.settings.max_file_bytes
    with source.open() as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputTooLargeError(
            f"too large: the feed is over the {human_bytes(limit)} limit; raise DYADS_MAX_FILE_BYTES "
            "if it is real"
        )
    reason = sniff_binary(data[:SNIFF_BYTES])
    if reason is not None:
        raise BinaryInputError(f"looks binary ({reason}); give an RSS or Atom feed")
    if not data.strip():
        raise EmptyInputError("the feed is empty; there is nothing to code")
    headers = {"content-location": source.location} if is_url(source.location) else {}
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    error = parsed.get("bozo_exception")
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        why = f" ({one_line(str(error))})" if error is not None else ""
        raise UnknownFormatError(
            f"not an RSS or Atom feed{why}; give a feed file or URL, or choose the format of the input"
        )
    if not entries:
        raise EmptyInputError("the feed has no entries; there is nothing to code")
    if error is not None and not isinstance(error, feedparser.ThingsNobodyCaresAboutButMe):
        yield problem(
            MalformedRecordError(
                f"the feed is not well-formed XML ({error}); its {len(entries)} entries were read as "
                "far as they could be"
            ),
            source.location,
        )
    channel = parsed.get("feed") or {}
    feed = _Feed(
        name=_text(channel.get("title")),
        base=_text(channel.get("link")),
        language=foreign_language(_text(channel.get("language"))),
    )
    for number, entry in enumerate(entries, start=1):
        yield from _entry(entry, f"{source.location}#{number}", feed, context)


@dataclass(frozen=True, slots=True)
class _Feed:
    """What a feed says about all its entries: its name, its own address, a declared language."""

    name: str | None
    base: str | None
    language: str | None


def _entry(
    entry: Mapping[str, Any], location: str, feed: _Feed, context: ReadContext
) -> Iterator[Article | Problem]:
    title = _text(entry.get("title"))
    text = _body(entry) or title or ""
    url = _text(entry.get("link"))
    if url and feed.base and not is_url(url) and is_url(feed.base):
        url = urljoin(feed.base, url)  # a relative link the feed's location could not resolve
    published, note = _published(entry)
    if note is not None:
        yield problem(note, location)
    guid = _text(entry.get("id"))
    yield from make_articles(
        text,
        location,
        context,
        article_id=guid if guid and ":" in guid else article_id_for(text, url),
        title=title,
        url=url,
        published=published,
        source_name=feed.name,
        language=foreign_language(_text(entry.get("language"))) or feed.language,
    )


def _body(entry: Mapping[str, Any]) -> str:
    """The entry's longest content (full text), else its summary, as plain text."""
    candidates: list[Mapping[str, Any]] = [c for c in entry.get("content") or [] if isinstance(c, Mapping)]
    detail = entry.get("summary_detail")
    if isinstance(detail, Mapping):
        candidates.append(detail)
    elif isinstance(entry.get("summary"), str):
        candidates.append({"value": entry["summary"], "type": "text/html"})
    best = ""
    for candidate in candidates:
        value = candidate.get("value")
        if not isinstance(value, str) or not value.strip():
            continue
        kind = str(candidate.get("type") or "text/html").lower()
        text = (
            "\n\n".join(" ".join(p.split()) for p in clean_text(value).split("\n\n") if p.strip())
            if kind in _PLAIN_TYPES
            else html_to_text(value)
        )
        if len(text) > len(best):
            best = text
    return best


def _published(entry: Mapping[str, Any]) -> tuple[dt.date | None, BadDateError | None]:
    """The entry's date as written; feedparser's UTC reading if that fails; else none, with a note."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not isinstance(raw, str) or not raw.strip():
            continue
        try:
            return parse_date(raw), None
        except BadDateError:
            parsed = entry.get(f"{key}_parsed")
            if parsed is not None:
                return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday), None
            return None, BadDateError(
                f"the entry's date {raw.strip()[:40]!r} cannot be read; the entry was kept without a date"
            )
    return None, None


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(clean_text(value).split()) or None

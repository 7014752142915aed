"""HTML pages: the main text with trafilatura, the publication date with htmldate, offline.

``extract_page`` is shared with the WARC reader. It gives trafilatura *bytes* (never a ``str``,
which htmldate would fetch if it looked like a URL), so nothing here touches the network. The
date comes from the page's markup only (meta tags, ``<time>``, JSON-LD, the URL) and is the
original publication date, not the last update; dates in the running text are not guessed from.
``html_to_text`` turns the HTML snippets of feeds into plain paragraphs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from dyads.errors import BinaryInputError, EmptyInputError, InputError, InputTooLargeError
from dyads.model import Article
from dyads.sources.articles import foreign_language, make_articles
from dyads.sources.base import Problem, ReadContext, Source
from dyads.sources.decode import SNIFF_BYTES, clean_text, sniff_binary
from dyads.sources.txt import human_bytes

MIN_PAGE_WORDS = 5
"""A page whose main text has fewer words is taken to have none (what is left is menu or link text)."""

NO_TEXT_ADVICE = (
    "no article text found in the page (a page of links, a login or cookie wall, or a page its "
    "scripts build?); save the article page itself"
)

_BLOCK_TAGS = (
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul"
)
_BLOCKS = frozenset(_BLOCK_TAGS.split(" "))
_SKIPPED = frozenset(("script", "style", "template", "noscript"))


@dataclass(frozen=True, slots=True)
class Page:
    """What one HTML page gives: its main text (paragraphs apart by blank lines) and metadata."""

    text: str
    title: str | None
    url: str | None
    published: dt.date | None
    site_name: str | None
    language: str | None


def read_html(source: Source, context: ReadContext) -> Iterator[Article | Problem]:
    """One HTML file is one article; a page without extractable text is a fatal ``E102``."""
    limit = context.settings.max_file_bytes
    if source.size is not None and source.size > limit:
        raise _too_large(source.size, limit)
    with source.open() as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise _too_large(None, limit)
    reason = sniff_binary(data[:SNIFF_BYTES])
    if reason is not None:
        raise BinaryInputError(f"looks binary ({reason}); give an .html page saved as text")
    if not data.strip():
        raise EmptyInputError("the file is empty; there is nothing to code")
    page = extract_page(data)
    if page is None:
        raise EmptyInputError(NO_TEXT_ADVICE)
    yield from make_articles(
        page.text,
        source.location,
        context,
        title=page.title,
        url=page.url,
        published=page.published,
        source_name=page.site_name,
        language=page.language,
        whole_input=True,
    )


def extract_page(data: bytes, *, url: str | None = None, max_date: dt.date | None = None) -> Page | None:
    """The main text and metadata of an HTML page, or None when it has no main text.

    ``url`` is where the page came from (else its canonical link is taken); ``max_date`` is the
    latest publication date to accept (a page is not published after it was crawled). The page
    is parsed once; trafilatura extracts the text without its own metadata pass (two thirds of
    its time on news pages), the date is htmldate's, title and site name come from the meta tags.
    Raises ``InputError`` when the HTML cannot be processed at all.
    """
    import htmldate  # heavy (lxml, dateparser, ...): only HTML and WARC inputs pay for them
    import trafilatura

    try:
        tree = trafilatura.load_html(data)
        if tree is None:
            return None
        headlines = [h for h in (_meta(tree, _TITLE_PATHS), _first_text(tree, "//h1")) if h]
        site = _meta(tree, _SITE_PATHS)
        title = headlines[0] if headlines else _page_title(tree, site)
        page_url = url or _canonical(tree)
        published = htmldate.find_date(
            tree,
            extensive_search=False,
            original_date=True,
            url=page_url,
            max_date=max_date.isoformat() if max_date is not None else None,
        )
        document = trafilatura.bare_extraction(
            tree,
            url=page_url,
            with_metadata=False,
            include_comments=False,
            include_tables=False,
            deduplicate=False,
        )
    except Exception as exc:  # untrusted markup meets large libraries: one odd page must not end a run
        raise InputError(f"the HTML cannot be processed ({type(exc).__name__}: {exc})") from None
    text = _paragraphs(getattr(document, "text", None) or "", [*headlines, title])
    if len(text.split()) < MIN_PAGE_WORDS:
        return None
    lang = tree.get("lang") or tree.get("xml:lang")
    return Page(
        text=text,
        title=title,
        url=page_url,
        published=_iso_date(published),
        site_name=site or _host(page_url),
        language=foreign_language(lang if isinstance(lang, str) else None),
    )


_TITLE_PATHS = (
    '//meta[@property="og:title"]/@content',
    '//meta[@name="twitter:title"]/@content',
    '//meta[@name="title"]/@content',
)
_SITE_PATHS = (
    '//meta[@property="og:site_name"]/@content',
    '//meta[@name="application-name"]/@content',
)
_URL_PATHS = ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content')
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ")


def _meta(tree: Any, paths: tuple[str, ...]) -> str | None:
    """The first non-empty value of the XPath expressions, on one line."""
    for path in paths:
        for value in tree.xpath(path):
            text = _one_line(str(value))
            if text:
                return text
    return None


def _first_text(tree: Any, path: str) -> str | None:
    for element in tree.xpath(path):
        text = _one_line(element.text_content())
        if text:
            return text
    return None


def _page_title(tree: Any, site: str | None) -> str | None:
    """The ``<title>``, without a trailing "| Site name" when the site name is known."""
    title = _first_text(tree, "//head/title") or _first_text(tree, "//title")
    if title and site:
        for separator in _TITLE_SEPARATORS:
            if title.endswith(separator + site):
                return title[: -len(separator + site)].strip() or title
    return title


def _canonical(tree: Any) -> str | None:
    """The page's own absolute http(s) address, from its canonical link or ``og:url``."""
    for path in _URL_PATHS:
        for value in tree.xpath(path):
            text = str(value).strip()
            if text.lower().startswith(("http://", "https://")):
                return text
    return None


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML snippet: paragraphs apart by blank lines, scripts and styles dropped."""
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    return _paragraphs("".join(parser.parts))


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _paragraphs(text: str, headlines: Sequence[str | None] = ()) -> str:
    """One paragraph per line in, paragraphs apart by a blank line out, a repeated headline dropped.

    Blank lines make paragraph breaks plain to the sentence splitter and to long-text splitting;
    the first line is dropped when it is one of the ``headlines`` (the article carries its title).
    """
    lines = [" ".join(line.split()) for line in clean_text(text).split("\n")]
    kept = [line for line in lines if line]
    if kept and kept[0].casefold() in {h.casefold() for h in headlines if h}:
        kept = kept[1:]
    return "\n\n".join(kept)


def _one_line(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(clean_text(value).split()) or None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _iso_date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _too_large(size: int | None, limit: int) -> InputTooLargeError:
    how_big = f" ({human_bytes(size)})" if size is not None else ""
    return InputTooLargeError(
        f"too large: the page{how_big} is over the {human_bytes(limit)} limit for one page; raise the "
        "limit with DYADS_MAX_FILE_BYTES=<bytes> if it is a real page"
    )

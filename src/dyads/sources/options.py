"""How to read the inputs of one ``read_articles`` call: format override, CSV columns, URL fetching.

``Settings`` says what a whole run may vary (limits, model); ``SourceOptions`` says how to read the
inputs at hand, so it comes from the command line of one run rather than from a settings file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from dyads.errors import UsageError

Fetcher = Callable[[str, float, int], bytes]
"""``fetch(url, timeout_seconds, max_bytes) -> body``: raises ``InputError`` when it cannot."""

COLUMN_FIELDS: tuple[str, ...] = ("text", "id", "date", "title", "url", "source", "language")
"""The article fields a CSV/TSV column can fill, in the order they are looked up."""

DEFAULT_COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "text": ("text", "body", "content", "article", "maintext", "full_text"),
        "id": ("id", "article_id"),
        "date": ("date", "published", "pubdate", "publish_date", "published_date", "date_publish"),
        "title": ("title", "headline"),
        "url": ("url", "link"),
        "source": ("source", "source_name", "outlet"),
        "language": ("language", "lang"),
    }
)
"""Header names tried for each field when no column is chosen, first match wins, case-insensitive."""


@dataclass(frozen=True, slots=True)
class SourceOptions:
    """Reading options; every default reads the common case with no option at all.

    ``format`` forces one reader (a ``READERS`` name or alias such as ``rss``) for every input
    instead of choosing by suffix or content. The ``*_column`` options name the CSV/TSV header
    column of each field (exactly, else case-insensitively); unset, ``DEFAULT_COLUMNS`` are tried.
    ``delimiter`` overrides the CSV/TSV separator (default: tab for .tsv; for .csv the most common
    of ``, ; | tab`` in the header line). ``fetch`` replaces the HTTP client for ``http(s)://``
    inputs (tests pass a function returning bytes); ``fetch_timeout`` bounds one whole download.
    """

    format: str | None = None
    text_column: str | None = None
    id_column: str | None = None
    date_column: str | None = None
    title_column: str | None = None
    url_column: str | None = None
    source_column: str | None = None
    language_column: str | None = None
    delimiter: str | None = None
    fetch_timeout: float = 30.0
    fetch: Fetcher | None = None

    def __post_init__(self) -> None:
        if self.delimiter is not None and len(self.delimiter) != 1:
            raise UsageError(
                f"the CSV delimiter must be one character, not {self.delimiter!r}; for a tab give '\\t'"
            )
        if not self.fetch_timeout > 0:
            raise UsageError(
                f"the fetch timeout must be a positive number of seconds, not {self.fetch_timeout}"
            )
        for name in COLUMN_FIELDS:
            column = self.column(name)
            if column is not None and not column.strip():
                raise UsageError(
                    f"the {name} column name is empty; give a header name or leave the option out"
                )

    def column(self, name: str) -> str | None:
        """The column chosen for field ``name`` (one of ``COLUMN_FIELDS``), or None for the defaults."""
        value: str | None = getattr(self, f"{name}_column")
        return value

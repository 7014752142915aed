"""Articles in: one reader per format, one registry, and ``read_articles`` over paths, URLs and stdin.

Formats: plain text, JSON Lines, JSON arrays, CSV/TSV, HTML pages, RSS/Atom feeds, WARC(.gz).

``read_articles`` yields ``Article`` values and ``Problem`` values in input order. A problem is one
line for a person (what is wrong, what to do) with the place it happened; bad input never stops the
good input around it from being read, and no user mistake surfaces as a traceback.
"""

from __future__ import annotations

from dyads.sources.articles import article_id_for, make_articles, split_points
from dyads.sources.base import Problem, ReadContext, Reader, Source
from dyads.sources.dates import parse_date
from dyads.sources.fetch import fetch_url
from dyads.sources.language import english_ratio, is_english
from dyads.sources.options import DEFAULT_COLUMNS, Fetcher, SourceOptions
from dyads.sources.registry import ALIASES, READERS, SUFFIXES, format_for, format_name, read_articles

__all__ = [
    "ALIASES",
    "DEFAULT_COLUMNS",
    "READERS",
    "SUFFIXES",
    "Fetcher",
    "Problem",
    "ReadContext",
    "Reader",
    "Source",
    "SourceOptions",
    "article_id_for",
    "english_ratio",
    "fetch_url",
    "format_for",
    "format_name",
    "is_english",
    "make_articles",
    "parse_date",
    "read_articles",
    "split_points",
]

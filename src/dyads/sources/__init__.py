"""Articles in: one reader per format, one registry, and ``read_articles`` over paths and stdin.

``read_articles`` yields ``Article`` values and ``Problem`` values in input order. A problem is one
line for a person (what is wrong, what to do) with the place it happened; bad input never stops the
good input around it from being read, and no user mistake surfaces as a traceback.
"""

from __future__ import annotations

from dyads.sources.articles import article_id_for, make_articles, split_points
from dyads.sources.base import Problem, ReadContext, Reader, Source
from dyads.sources.dates import parse_date
from dyads.sources.language import english_ratio, is_english
from dyads.sources.registry import READERS, SUFFIXES, read_articles

__all__ = [
    "READERS",
    "SUFFIXES",
    "Problem",
    "ReadContext",
    "Reader",
    "Source",
    "article_id_for",
    "english_ratio",
    "is_english",
    "make_articles",
    "parse_date",
    "read_articles",
    "split_points",
]

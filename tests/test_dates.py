"""Date expressions resolve against the publication date, with their precision."""

from __future__ import annotations

import datetime as dt

import pytest

from dyads.model import DatePrecision as P
from dyads.pipeline.dates import resolve_date

PUB = dt.date(2026, 3, 11)  # a Wednesday


@pytest.mark.parametrize(
    ("expr", "future", "date", "precision"),
    [
        ("today", False, PUB, P.DAY),
        ("yesterday", False, dt.date(2026, 3, 10), P.DAY),
        ("tomorrow", True, dt.date(2026, 3, 12), P.DAY),
        ("Saturday", False, dt.date(2026, 3, 7), P.DAY),  # most recent, for past events
        ("Saturday", True, dt.date(2026, 3, 14), P.DAY),  # the next one, for future events
        ("Wednesday", False, PUB, P.DAY),
        ("last Wednesday", False, dt.date(2026, 3, 4), P.DAY),
        ("next Monday", True, dt.date(2026, 3, 16), P.DAY),
        ("later this month", True, dt.date(2026, 3, 1), P.MONTH),
        ("earlier this year", False, dt.date(2026, 1, 1), P.YEAR),
        ("last month", False, dt.date(2026, 2, 1), P.MONTH),
        ("next month", True, dt.date(2026, 4, 1), P.MONTH),
        ("last year", False, dt.date(2025, 1, 1), P.YEAR),
        ("next year", True, dt.date(2027, 1, 1), P.YEAR),
        ("in 1950", False, dt.date(1950, 1, 1), P.YEAR),
        ("March 3", False, dt.date(2026, 3, 3), P.DAY),
        ("3 March 2025", False, dt.date(2025, 3, 3), P.DAY),
        ("December 20", False, dt.date(2025, 12, 20), P.DAY),  # a date ahead of a past event: last year
        ("January 5", True, dt.date(2027, 1, 5), P.DAY),  # behind, for a future event: next year
        ("in June", True, dt.date(2026, 6, 1), P.MONTH),
        ("in November", False, dt.date(2025, 11, 1), P.MONTH),
        ("two weeks ago", False, dt.date(2026, 2, 25), P.DAY),
        ("three years ago", False, dt.date(2023, 1, 1), P.YEAR),
        ("2026-02-14", False, dt.date(2026, 2, 14), P.DAY),
    ],
)
def test_resolves(expr: str, future: bool, date: dt.date, precision: P) -> None:
    r = resolve_date(expr, PUB, future=future)
    assert r is not None
    assert (r.date, r.precision) == (date, precision)


@pytest.mark.parametrize("expr", ["", "the coming days", "soon", "recently"])
def test_unreadable_expressions_give_none(expr: str) -> None:
    assert resolve_date(expr, PUB) is None

"""The SQL seam of the read side: aggregate queries run inside the store, not in Python.

The ``Store`` protocol streams ``Event`` records; analyses over a million events must not. This module
goes through the store's public read-only door (``SqlStore.read``/``read_stream``) in one place, and holds
the few expressions that differ between SQLite and PostgreSQL (the period of a date). A store that is not a
``SqlStore`` cannot run these queries and is refused with a usage error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from dyads.errors import UnknownValueError, UsageError
from dyads.model import Modality
from dyads.store import SqlStore, Store
from dyads.store.schema import Dialect

PERIODS: tuple[str, ...] = ("week", "month", "quarter", "year")
"""Period lengths a series or a roll-up can use; weeks are ISO weeks (Monday to Sunday)."""

CLUSTER_KEY = "COALESCE(cluster_id, id)"
"""One real-world event: its cluster, or the record itself when deduplication has not grouped it."""


def sql_store(store: Store) -> SqlStore:
    if not isinstance(store, SqlStore):
        raise UsageError(f"analyses need a SQL store (SQLite or PostgreSQL), not {type(store).__name__}")
    return store


def rows(store: Store, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
    """All rows of one read-only query (aggregates: few rows)."""
    return sql_store(store).read(sql, params)


def stream(store: Store, sql: str, params: Sequence[object] = ()) -> Iterator[tuple[Any, ...]]:
    """Rows of one query without holding them all in memory."""
    return sql_store(store).read_stream(sql, params)


def check_period(by: str) -> str:
    """``by`` when it is one of ``PERIODS``; else the usage error every analysis gives."""
    if by not in PERIODS:
        raise UsageError(f"unknown period {by!r}; use one of: {', '.join(PERIODS)}")
    return by


def period_start(by: str, dialect: Dialect, col: str = "date") -> str:
    """An SQL expression: the first day of ``col``'s period as ISO text (``YYYY-MM-DD``)."""
    check_period(by)
    if dialect.name == "sqlite":
        return {
            "week": f"date({col}, 'weekday 0', '-6 days')",
            "month": f"substr({col}, 1, 7) || '-01'",
            "quarter": (
                f"substr({col}, 1, 5) || "
                f"printf('%02d', ((CAST(substr({col}, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01'"
            ),
            "year": f"substr({col}, 1, 4) || '-01-01'",
        }[by]
    return f"to_char(date_trunc('{by}', {col}), 'YYYY-MM-DD')"


def as_date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def period_label(start: dt.date, by: str) -> str:
    """``2024-W09``, ``2024-03``, ``2024-Q1`` or ``2024`` for the period that begins on ``start``."""
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{start.year}-{start.month:02d}"
    if by == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def periods_between(first: dt.date, last: dt.date, by: str) -> list[dt.date]:
    """Every period start from ``first`` to ``last`` (both period starts), in order."""
    out = [first]
    while out[-1] < last:
        out.append(next_start(out[-1], by))
    return out


def next_start(start: dt.date, by: str) -> dt.date:
    """The first day of the period after the one that begins on ``start``."""
    if by == "week":
        return start + dt.timedelta(days=7)
    m = start.month - 1 + {"month": 1, "quarter": 3, "year": 12}[by]
    return dt.date(start.year + m // 12, m % 12 + 1, 1)


def start_of(day: dt.date, by: str) -> dt.date:
    """The first day of ``day``'s period (Python's twin of ``period_start``)."""
    if check_period(by) == "week":
        return day - dt.timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    if by == "quarter":
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return dt.date(day.year, 1, 1)


def modality_column(dialect: Dialect) -> str:
    """``modality`` in a WHERE clause of an aggregate, kept off the low-selectivity ``events_modality`` index.

    Without statistics (no ``ANALYZE``) SQLite prefers that index (five values, most rows ``asserted``) over
    the dyad or date index and reads most of the table; the unary ``+`` is SQLite's way to say "not this
    index". PostgreSQL plans from statistics and has no unary plus for text.
    """
    return "+modality" if dialect.name == "sqlite" else "modality"


def date_range(
    dialect: Dialect, date_from: dt.date | None, date_to: dt.date | None, col: str = "date"
) -> tuple[list[str], list[object]]:
    """SQL conditions (inclusive bounds) and their parameters for a period of the ``col`` date column."""
    p = dialect.placeholder
    conds: list[str] = []
    params: list[object] = []
    if date_from is not None:
        conds.append(f"{col} >= {p}")
        params.append(dialect.param(date_from))
    if date_to is not None:
        conds.append(f"{col} <= {p}")
        params.append(dialect.param(date_to))
    return conds, params


def modality_values(modality: Sequence[str]) -> tuple[str, ...]:
    """Modality names checked once for every analysis: an unknown one is an ``UnknownValueError``."""
    try:
        return tuple(Modality(m).value for m in modality)
    except ValueError as exc:
        raise UnknownValueError(f"unknown modality; use: {', '.join(m.value for m in Modality)}") from exc

"""Expectations kept or broken: each ``future`` event linked to the ``asserted`` event that fulfils it.

A ``future`` record (a planned visit, an expected summit, a promised delivery) is *kept* when a later
``asserted`` record of the same dyad and a compatible kind falls inside its window:

- **dyad**: the same source and target countries; either direction when the act is a meeting (CAMEO root
  04, or 036/038/039, which announce one) — who visits whom is often reported loosely.
- **kind**: the same CAMEO root, or the root of the act an "express intent" code (03x) announces
  (``ANNOUNCES``: 031 → 06, 032 → 05, 033 → 07, 034/035/037 → 08, 036/038/039 → 04).
- **window** from the expected date and its precision: ``day`` → 7 days either side of the date;
  ``month`` → that month and the next; ``year`` → that year; ``unknown`` (or no date) → 60 days from the
  publication of the announcing article. A fulfilment is never dated before the announcement.

Without a match it is *not_yet* while the window is still open relative to the newest event date in the
store (the store's "now": news arrives late, the clock does not), else *lapsed*. A future record with
neither a date nor a publication date is *undated* (kept in the output, never silently dropped). Records of
one cluster are one expectation (the earliest record stands for it).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dyads.model import DatePrecision, Event, Modality
from dyads.store import EventFilter, Store, build_where
from dyads.store.schema import EVENTS, event_from_row

from .sql import as_date, rows, sql_store, stream

STATUSES: tuple[str, ...] = ("kept", "not_yet", "lapsed", "undated")

ANNOUNCES: dict[str, tuple[str, ...]] = {
    "031": ("06",),
    "032": ("05",),
    "033": ("07",),
    "034": ("08",),
    "035": ("08",),
    "036": ("04",),
    "037": ("08",),
    "038": ("04",),
    "039": ("04",),
}
"""Express-intent codes (by their first three digits) → the CAMEO roots of the acts they announce."""

DAY_SLACK = dt.timedelta(days=7)
UNKNOWN_WINDOW = dt.timedelta(days=60)


@dataclass(frozen=True, slots=True)
class Expectation:
    """One announced event and what became of it."""

    event: Event
    announced: dt.date | None
    window: tuple[dt.date, dt.date] | None
    status: str
    fulfilled_by: Event | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "event": self.event.to_dict(),
            "announced": self.announced.isoformat() if self.announced else None,
            "window": [self.window[0].isoformat(), self.window[1].isoformat()] if self.window else None,
            "fulfilled_by": self.fulfilled_by.to_dict() if self.fulfilled_by else None,
        }


def compatible_roots(cameo: str) -> tuple[str, ...]:
    """The CAMEO roots an asserted event may have to fulfil a future one coded ``cameo``."""
    return tuple(dict.fromkeys((cameo[:2], *ANNOUNCES.get(cameo[:3], ()))))


def window_of(
    date: dt.date | None, precision: DatePrecision, announced: dt.date | None
) -> tuple[dt.date, dt.date] | None:
    """The inclusive date range in which the announced event must happen (see the module doc)."""
    if date is not None and precision is DatePrecision.DAY:
        lo, hi = date - DAY_SLACK, date + DAY_SLACK
    elif date is not None and precision is DatePrecision.MONTH:
        first = date.replace(day=1)
        year, month = (first.year + 1, 1) if first.month == 12 else (first.year, first.month + 1)
        lo, hi = first, dt.date(year, month, calendar.monthrange(year, month)[1])
    elif date is not None and precision is DatePrecision.YEAR:
        lo, hi = dt.date(date.year, 1, 1), dt.date(date.year, 12, 31)
    else:
        start = announced or date
        if start is None:
            return None
        lo, hi = start, start + UNKNOWN_WINDOW
    if announced is not None:
        lo = max(lo, announced)
    return (lo, max(lo, hi))


def expectations(store: Store, where: EventFilter | None = None) -> Iterator[Expectation]:
    """Every ``future`` event ``where`` selects (its modality is forced to future), with its outcome."""
    s = sql_store(store)
    d = s.dialect
    newest_row = rows(store, "SELECT max(date) FROM events")[0][0]
    newest = as_date(newest_row) if newest_row is not None else None
    flt = dataclasses.replace(where or EventFilter(), modality=Modality.FUTURE.value)
    clause, params = build_where(flt, d)
    cols = ", ".join(f"e.{c}" for c in EVENTS.names)
    sql = (
        f"SELECT {cols}, a.published FROM (SELECT * FROM events {clause}) AS e "
        "JOIN articles a ON a.id = e.article_id "
        "ORDER BY e.date IS NULL, e.date, e.id"
    )
    seen: set[str] = set()
    for row in list(stream(store, sql, params)):
        event = event_from_row(row[:-1])
        key = event.cluster_id or event.id
        if key in seen:
            continue
        seen.add(key)
        announced = as_date(row[-1]) if row[-1] is not None else None
        window = window_of(event.date, event.date_precision, announced)
        if window is None:
            yield Expectation(event, announced, None, "undated")
            continue
        match = _fulfilment(store, event, window)
        if match is not None:
            yield Expectation(event, announced, window, "kept", match)
        elif newest is None or window[1] > newest:
            yield Expectation(event, announced, window, "not_yet")
        else:
            yield Expectation(event, announced, window, "lapsed")


def _fulfilment(store: Store, event: Event, window: tuple[dt.date, dt.date]) -> Event | None:
    """The earliest asserted event of the same dyad and a compatible kind inside ``window``."""
    d = sql_store(store).dialect
    p = d.placeholder
    src = event.source.country
    tgt = event.target.country if event.target else None
    roots = compatible_roots(event.cameo)
    where = [f"modality = {p}", f"cameo_root IN ({d.marks(len(roots))})", f"date >= {p}", f"date <= {p}"]
    params: list[object] = [Modality.ASSERTED.value, *roots, d.param(window[0]), d.param(window[1])]
    if src is None:
        return None
    side = f"source_country = {p} AND " + (
        "target_country IS NULL" if tgt is None else f"target_country = {p}"
    )
    pair_params: list[object] = [src] if tgt is None else [src, tgt]
    if tgt is not None and "04" in roots:
        where.append(f"(({side}) OR (source_country = {p} AND target_country = {p}))")
        pair_params += [tgt, src]
    else:
        where.append(f"({side})")
    sql = (
        f"SELECT {', '.join(EVENTS.names)} FROM events WHERE {' AND '.join(where)} ORDER BY date, id LIMIT 1"
    )
    found = rows(store, sql, [*params, *pair_params])
    return event_from_row(found[0]) if found else None

"""What a browsing front end (the dashboard, ``dyads serve``) reads besides filters and series.

One event by id, a page of articles with their event counts, events over time by quad class, and events
per place country. Aggregates run in SQL (see ``dyads.query.sql``); counting follows the series: only
``asserted`` events and one count per cluster unless asked otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dyads.model import Event, Modality
from dyads.store import Store
from dyads.store.base import check_page
from dyads.store.schema import EVENTS, event_from_row

from .sql import (
    CLUSTER_KEY,
    as_date,
    date_range,
    modality_column,
    modality_values,
    period_label,
    period_start,
    rows,
    sql_store,
)


def get_event(store: Store, event_id: str) -> Event | None:
    """The stored record with this id, or None."""
    p = sql_store(store).dialect.placeholder
    found = rows(store, f"SELECT {', '.join(EVENTS.names)} FROM events WHERE id = {p}", [event_id])
    return event_from_row(found[0]) if found else None


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One stored article without its text, and how many events were coded from it."""

    id: str
    title: str | None
    url: str | None
    source_name: str | None
    published: dt.date | None
    events: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "source_name": self.source_name,
            "published": self.published.isoformat() if self.published else None,
            "events": self.events,
        }


def list_articles(store: Store, *, limit: int = 50, offset: int = 0) -> list[ArticleRow]:
    """A page of articles, newest publication first (undated last), then by id."""
    check_page("id", limit, offset)
    p = sql_store(store).dialect.placeholder
    sql = (
        "SELECT a.id, a.title, a.url, a.source_name, a.published, "
        "(SELECT count(*) FROM events e WHERE e.article_id = a.id) "
        f"FROM articles a ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT {p} OFFSET {p}"
    )
    return [
        ArticleRow(
            str(i), title, url, source, as_date(pub) if pub is not None else None, int(n)
        )  # one row per article
        for i, title, url, source, pub, n in rows(store, sql, [int(limit), int(offset)])
    ]


def count_articles(store: Store) -> int:
    return int(rows(store, "SELECT count(*) FROM articles")[0][0])


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """Events of one period by quad class (1 verbal cooperation … 4 material conflict)."""

    period: str
    start: dt.date
    quads: tuple[int, int, int, int]

    @property
    def events(self) -> int:
        return sum(self.quads)

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "start": self.start.isoformat(),
            "events": self.events,
            "verbal_cooperation": self.quads[0],
            "material_cooperation": self.quads[1],
            "verbal_conflict": self.quads[2],
            "material_conflict": self.quads[3],
        }


def timeline(
    store: Store,
    *,
    by: str = "month",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    modality: Sequence[str] = (Modality.ASSERTED.value,),
    records: bool = False,
) -> list[TimelineRow]:
    """Dated events per period and quad class, oldest period first (periods without events left out)."""
    d = sql_store(store).dialect
    mods = modality_values(modality)
    if not mods:
        return []
    period = period_start(by, d)
    where = ["date IS NOT NULL", f"{modality_column(d)} IN ({d.marks(len(mods))})"]
    params: list[object] = list(mods)
    span, span_params = date_range(d, date_from, date_to)
    where += span
    params += span_params
    cond = " AND ".join(where)
    if records:
        inner = f"SELECT {period} AS period, quad AS q FROM events WHERE {cond}"
    else:
        inner = (
            f"SELECT {period} AS period, {CLUSTER_KEY} AS k, min(quad) AS q "
            f"FROM events WHERE {cond} GROUP BY 1, 2"
        )
    sql = (
        "SELECT period, "
        + ", ".join(f"sum(CASE WHEN q = {q} THEN 1 ELSE 0 END)" for q in (1, 2, 3, 4))
        + f" FROM ({inner}) AS x GROUP BY period ORDER BY period"
    )
    out = []
    for period_text, q1, q2, q3, q4 in rows(store, sql, params):
        start = as_date(period_text)
        out.append(TimelineRow(period_label(start, by), start, (int(q1), int(q2), int(q3), int(q4))))
    return out


@dataclass(frozen=True, slots=True)
class PlaceCount:
    """Events that happened in one country (by their place), split into cooperation and conflict."""

    country: str
    cooperation: int
    conflict: int

    @property
    def events(self) -> int:
        return self.cooperation + self.conflict

    def to_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "events": self.events,
            "cooperation": self.cooperation,
            "conflict": self.conflict,
        }


def place_counts(
    store: Store,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    modality: Sequence[str] = (Modality.ASSERTED.value,),
) -> list[PlaceCount]:
    """Records per place country (events without a place country are left out), most first."""
    d = sql_store(store).dialect
    mods = modality_values(modality)
    if not mods:
        return []
    where = ["place_country IS NOT NULL", f"{modality_column(d)} IN ({d.marks(len(mods))})"]
    params: list[object] = list(mods)
    span, span_params = date_range(d, date_from, date_to)
    where += span
    params += span_params
    sql = (
        "SELECT place_country, sum(CASE WHEN quad <= 2 THEN 1 ELSE 0 END), "
        "sum(CASE WHEN quad >= 3 THEN 1 ELSE 0 END) "
        f"FROM events WHERE {' AND '.join(where)} GROUP BY place_country"
    )
    counts = [PlaceCount(str(c), int(coop), int(conf)) for c, coop, conf in rows(store, sql, params)]
    return sorted(counts, key=lambda c: (-c.events, c.country))

"""``dyads events``: stored records by filter, paginated, in any export format.

``EventQuery`` is the store's ``EventFilter`` plus the filters the issue asks for that the store's filter
does not have (PLOVER type, actor sector and name, place country and bounding box). Every value is a
query parameter; column names are fixed here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from dyads.errors import UsageError
from dyads.model import Event
from dyads.store import ORDERS, EventFilter, Store, build_where
from dyads.store.base import check_page
from dyads.store.schema import EVENTS, event_from_row

from .sql import modality_values, rows, sql_store, stream

BBox = tuple[float, float, float, float]
"""``(min_lon, min_lat, max_lon, max_lat)``, degrees, inclusive."""


def parse_bbox(value: str | None) -> BBox | None:
    """ "min_lon,min_lat,max_lon,max_lat" as the CLI and the web API take it; None stays None."""
    if value is None:
        return None
    try:
        a, b, c, d = (float(x) for x in value.split(","))
    except ValueError as exc:
        raise UsageError(f"bad bounding box {value!r}: give min_lon,min_lat,max_lon,max_lat") from exc
    return (a, b, c, d)


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Which events to return; every field is optional and they combine with AND.

    ``sector`` and ``name`` match either side; ``name`` is a case-insensitive substring of the canonical
    name (or the text when there is none). ``plover_type`` matches any of its values.
    """

    where: EventFilter = field(default_factory=EventFilter)
    plover_type: str | tuple[str, ...] | None = None
    sector: str | None = None
    source_sector: str | None = None
    target_sector: str | None = None
    name: str | None = None
    place_country: str | None = None
    bbox: BBox | None = None


def _tuple(values: Sequence[str] | None, fix: Callable[[str], str] = str.strip) -> tuple[str, ...] | None:
    return tuple(fix(v) for v in values) if values else None


def event_query(
    *,
    country: str | None = None,
    source: str | None = None,
    target: str | None = None,
    dyad: str | None = None,
    cameo: Sequence[str] | None = None,
    root: Sequence[str] | None = None,
    quad: Sequence[int] | None = None,
    plover: Sequence[str] | None = None,
    modality: Sequence[str] | None = None,
    sector: str | None = None,
    name: str | None = None,
    place: str | None = None,
    bbox: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    min_confidence: float | None = None,
    text: str | None = None,
    article: str | None = None,
) -> EventQuery:
    """The query the filters of ``dyads events`` and ``/api/events`` describe, written as users write them
    ("PRK,RUS", root "4", lower-case codes); a bad value is a ``UsageError``, never a traceback."""
    pair: tuple[str, str] | None = None
    if dyad is not None:
        parts = [x.strip().upper() for x in dyad.split(",")]
        if len(parts) != 2 or not all(parts):
            raise UsageError(f"bad dyad {dyad!r}: give two countries, e.g. PRK,RUS")
        pair = (parts[0], parts[1])
    if quad and any(q not in (1, 2, 3, 4) for q in quad):
        raise UsageError("quad classes are 1, 2, 3 and 4")
    modalities = modality_values(modality) if modality else None
    where = EventFilter(
        country=country.upper() if country else None,
        source_country=source.upper() if source else None,
        target_country=target.upper() if target else None,
        dyad=pair,
        cameo_root=_tuple(root, lambda r: r.strip().zfill(2)),
        cameo=_tuple(cameo),
        quad=tuple(quad) if quad else None,
        modality=modalities,
        date_from=date_from,
        date_to=date_to,
        min_confidence=min_confidence,
        text_contains=text or None,
        article_id=article,
    )
    return EventQuery(
        where=where,
        plover_type=_tuple(plover, lambda v: v.strip().upper()),
        sector=sector or None,
        name=name or None,
        place_country=place or None,
        bbox=parse_bbox(bbox),
    )


def where_sql(store: Store, q: EventQuery) -> tuple[str, list[object]]:
    """``("WHERE …", params)`` for a query, in the store's dialect."""
    d = sql_store(store).dialect
    p = d.placeholder
    clause, params = build_where(q.where, d)
    extra: list[str] = []
    if q.plover_type is not None:
        types = q.plover_type if isinstance(q.plover_type, tuple) else (q.plover_type,)
        extra.append(f"plover_type IN ({d.marks(len(types))})" if types else "1 = 0")
        params += [t.upper() for t in types]
    if q.sector is not None:
        extra.append(f"(source_sector = {p} OR target_sector = {p})")
        params += [q.sector.upper()] * 2
    for col, value in (("source_sector", q.source_sector), ("target_sector", q.target_sector)):
        if value is not None:
            extra.append(f"{col} = {p}")
            params.append(value.upper())
    if q.name is not None:
        sides = [
            d.contains.format(col=f"COALESCE({side}_name, {side}_text)", p=p) for side in ("source", "target")
        ]
        extra.append(f"({sides[0]} OR {sides[1]})")
        params += [q.name, q.name]
    if q.place_country is not None:
        extra.append(f"place_country = {p}")
        params.append(q.place_country.upper())
    if q.bbox is not None:
        min_lon, min_lat, max_lon, max_lat = q.bbox
        if min_lon > max_lon or min_lat > max_lat:
            raise UsageError("a bounding box is min_lon,min_lat,max_lon,max_lat with min <= max")
        extra.append(f"place_lon BETWEEN {p} AND {p} AND place_lat BETWEEN {p} AND {p}")
        params += [float(min_lon), float(max_lon), float(min_lat), float(max_lat)]
    if extra:
        clause = (clause + " AND " if clause else "WHERE ") + " AND ".join(extra)
    return clause, params


def find_events(
    store: Store,
    q: EventQuery | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    order: str = "date",
) -> Iterator[Event]:
    """The events ``q`` selects, in ``order`` (see ``dyads.store.ORDERS``), ``limit`` from ``offset``."""
    check_page(order, limit, offset)
    d = sql_store(store).dialect
    clause, params = where_sql(store, q or EventQuery())
    sql = f"SELECT {', '.join(EVENTS.names)} FROM events {clause} ORDER BY {ORDERS[order]}"
    if limit is not None or offset:
        sql += f" LIMIT {d.placeholder if limit is not None else d.no_limit} OFFSET {d.placeholder}"
        params += [int(limit), int(offset)] if limit is not None else [int(offset)]
    for row in stream(store, sql, params):
        yield event_from_row(row)


def count_matching(store: Store, q: EventQuery | None = None) -> int:
    """How many events ``q`` selects (all pages)."""
    clause, params = where_sql(store, q or EventQuery())
    return int(rows(store, f"SELECT count(*) FROM events {clause}", params)[0][0])

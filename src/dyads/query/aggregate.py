"""One aggregation every analysis shares: events per period × source country × target country.

Series, networks, blocs, alignment and anomalies all start from the same cells — quad counts and the
Goldstein sum of one directed country pair in one period — so they count alike and there is one place where
the SQL (and its roll-up shortcut, ``dyads.query.rollup``) lives.

Counting rules (EVENT_SCHEMA.md): only the ``modality`` values asked for (``asserted`` by default); each
real-world event once: records are grouped by cluster (``CLUSTER_KEY``) within a cell, a cluster's quad is
the lowest quad of its records and its Goldstein value their mean. ``records=True`` counts records instead.
Actors without a country are left out. With a period (``by``) undated events are left out too; without one
they count unless a date bound is given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from dyads.model import Modality
from dyads.store import Store

from .sql import (
    CLUSTER_KEY,
    as_date,
    check_period,
    date_range,
    modality_column,
    modality_values,
    period_start,
    rows,
    sql_store,
)


@dataclass(frozen=True, slots=True)
class Cell:
    """Events from ``source`` to ``target`` in the period starting ``start`` (``None``: no periods)."""

    start: dt.date | None
    source: str
    target: str
    q1: int
    q2: int
    q3: int
    q4: int
    goldstein_sum: float

    @property
    def cooperation(self) -> int:
        return self.q1 + self.q2

    @property
    def conflict(self) -> int:
        return self.q3 + self.q4

    @property
    def events(self) -> int:
        return self.q1 + self.q2 + self.q3 + self.q4


@dataclass(frozen=True, slots=True)
class Scope:
    """Which events a set of cells covers; the fields combine with AND.

    ``pair`` is undirected (either direction between the two); ``sources`` keeps events whose source is one
    of them; ``domestic`` keeps events with the same country on both sides (left out by default).
    """

    by: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    modality: tuple[str, ...] = (Modality.ASSERTED.value,)
    records: bool = False
    pair: tuple[str, str] | None = None
    sources: tuple[str, ...] | None = None
    domestic: bool = False


def scope(
    *,
    by: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    modality: Sequence[str] = (Modality.ASSERTED.value,),
    records: bool = False,
    pair: tuple[str, str] | None = None,
    sources: Sequence[str] | None = None,
    domestic: bool = False,
) -> Scope:
    """A ``Scope`` with its values checked and normalised (period, modality names, upper-case countries)."""
    return Scope(
        by=check_period(by) if by is not None else None,
        date_from=date_from,
        date_to=date_to,
        modality=modality_values(modality),
        records=records,
        pair=(pair[0].upper(), pair[1].upper()) if pair else None,
        sources=tuple(s.upper() for s in sources) if sources is not None else None,
        domestic=domestic,
    )


def cells(store: Store, sc: Scope) -> list[Cell]:
    """The cells of ``sc``, ordered by period, source, target; from the roll-up when it can answer."""
    if not sc.modality:
        return []
    from .rollup import rollup_cells  # it imports this module

    found = rollup_cells(store, sc)
    return found if found is not None else raw_cells(store, sc)


def where(store: Store, sc: Scope, date_col: str = "date") -> tuple[list[str], list[object]]:
    """The WHERE conditions of ``sc`` (without modality) and their parameters, shared by raw and roll-up."""
    d = sql_store(store).dialect
    p = d.placeholder
    conds = ["source_country IS NOT NULL", "target_country IS NOT NULL"]
    params: list[object] = []
    if sc.pair is not None:
        a, b = sc.pair
        conds.append(
            f"((source_country = {p} AND target_country = {p}) OR "
            f"(source_country = {p} AND target_country = {p}))"
        )
        params += [a, b, b, a]
    if sc.sources is not None:
        conds.append(f"source_country IN ({d.marks(len(sc.sources))})" if sc.sources else "1 = 0")
        params += list(sc.sources)
    if not sc.domestic:
        conds.append("source_country <> target_country")
    if sc.by is not None:
        conds.append(f"{date_col} IS NOT NULL")
    span, span_params = date_range(d, sc.date_from, sc.date_to, col=date_col)
    conds += span
    params += span_params
    return conds, params


def raw_cells(store: Store, sc: Scope) -> list[Cell]:
    """The cells of ``sc`` straight from the ``events`` table (the reference the roll-up must equal)."""
    d = sql_store(store).dialect
    if not sc.modality:
        return []
    conds, params = where(store, sc)
    conds.append(f"{modality_column(d)} IN ({d.marks(len(sc.modality))})")
    params += list(sc.modality)
    period = period_start(sc.by, d) if sc.by is not None else "NULL"
    cond = " AND ".join(conds)
    if sc.records:
        inner = (
            f"SELECT {period} AS period, source_country AS s, target_country AS t, quad AS q, goldstein AS g "
            f"FROM events WHERE {cond}"
        )
    else:
        inner = (
            f"SELECT {period} AS period, source_country AS s, target_country AS t, {CLUSTER_KEY} AS k, "
            f"min(quad) AS q, avg(goldstein) AS g FROM events WHERE {cond} GROUP BY 1, 2, 3, 4"
        )
    sql = (
        "SELECT period, s, t, "
        "sum(CASE WHEN q = 1 THEN 1 ELSE 0 END), sum(CASE WHEN q = 2 THEN 1 ELSE 0 END), "
        "sum(CASE WHEN q = 3 THEN 1 ELSE 0 END), sum(CASE WHEN q = 4 THEN 1 ELSE 0 END), sum(g) "
        f"FROM ({inner}) AS x GROUP BY period, s, t"
    )
    return to_cells(rows(store, sql, params))


def to_cells(found: Sequence[Sequence[object]]) -> list[Cell]:
    """Typed, sorted cells from ``(period, source, target, q1, q2, q3, q4, goldstein)`` rows."""
    starts: dict[object, dt.date | None] = {None: None}  # a few hundred periods for many rows: parse once
    out = []
    for per, s, t, q1, q2, q3, q4, g in found:
        start = starts.get(per) if per in starts else starts.setdefault(per, as_date(per))
        out.append(
            Cell(
                start,
                str(s),
                str(t),
                int(q1),  # type: ignore[call-overload]
                int(q2),  # type: ignore[call-overload]
                int(q3),  # type: ignore[call-overload]
                int(q4),  # type: ignore[call-overload]
                round(float(g or 0.0), 9),  # type: ignore[arg-type]  # sums in any order agree
            )
        )
    out.sort(key=lambda c: (c.start or dt.date.min, c.source, c.target))
    return out

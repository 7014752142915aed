"""The roll-up shortcut: cells read from ``event_days`` instead of aggregating ``events``.

``event_days`` (``dyads.store.schema``) holds, per day × source × target × modality (a group), one row of
*resolved* records — unclustered ones and clusters wholly inside the group — with their record counts
(``r*``) and their real-world event counts (``e*``, a cluster once), plus one row per group for each
cluster spread over several groups. Counting records sums ``r*``; counting events sums ``e*`` and merges
each spread cluster per period (its quad the lowest ``min_quad``, its Goldstein value
``sum(r_goldstein) / sum(n)``, the mean of its records) — exactly what the raw aggregate does. The answer
equals ``aggregate.raw_cells`` (a test holds them equal) and reads a narrow table, about one row per dyad
and day, instead of the wide ``events`` rows.

The roll-up has no undated records, so a query that would count them (no period and no date bound) is
left to the raw aggregate, as is a store whose schema predates the roll-up.
"""

from __future__ import annotations

from dyads.store import Store

from .aggregate import Cell, Scope, to_cells, where
from .sql import period_start, rows, sql_store

ROLLUP_VERSION = 2
"""The schema version that added ``event_days``."""


def can_use(store: Store, sc: Scope) -> bool:
    """Whether ``event_days`` answers ``sc`` exactly (see the module doc)."""
    if sc.by is None and sc.date_from is None and sc.date_to is None:
        return False
    return sql_store(store).schema_version() >= ROLLUP_VERSION


def rollup_cells(store: Store, sc: Scope) -> list[Cell] | None:
    """The cells of ``sc`` from the roll-up, or ``None`` when it cannot answer exactly."""
    if not sc.modality or not can_use(store, sc):
        return None
    d = sql_store(store).dialect
    conds, params = where(store, sc, date_col="day")
    conds.append(f"modality IN ({d.marks(len(sc.modality))})")
    params += list(sc.modality)
    cond = " AND ".join(conds)
    period = period_start(sc.by, d, col="day") if sc.by is not None else "NULL"
    if sc.records:
        sql = (
            f"SELECT {period} AS period, source_country, target_country, sum(r1), sum(r2), sum(r3), sum(r4), "
            f"sum(r_goldstein) FROM event_days WHERE {cond} GROUP BY 1, 2, 3"
        )
        return to_cells(rows(store, sql, params))
    resolved = (
        f"SELECT {period} AS period, source_country AS s, target_country AS t, e1 AS q1, e2 AS q2, e3 AS q3, "
        f"e4 AS q4, e_goldstein AS g FROM event_days WHERE {cond} AND cluster_key = ''"
    )
    spread = (
        f"SELECT {period} AS period, source_country AS s, target_country AS t, min(min_quad) AS q, "
        "sum(r_goldstein) / CAST(sum(n) AS DOUBLE PRECISION) AS g "
        f"FROM event_days WHERE {cond} AND cluster_key <> '' GROUP BY 1, 2, 3, cluster_key"
    )
    merged = (
        "SELECT period, s, t, "
        + ", ".join(f"CASE WHEN q = {k} THEN 1 ELSE 0 END AS q{k}" for k in range(1, 5))
        + f", g FROM ({spread}) AS c"
    )
    sql = (
        "SELECT period, s, t, sum(q1), sum(q2), sum(q3), sum(q4), sum(g) "
        f"FROM ({resolved} UNION ALL {merged}) AS x GROUP BY period, s, t"
    )
    return to_cells(rows(store, sql, [*params, *params]))

"""The roll-up shortcut: cells read from ``event_days`` instead of aggregating ``events``.

``event_days`` (``dyads.store.schema``) holds, per day × source × target × modality, the records of each
cluster in a row of their own and all unclustered records summed in one row (cluster key ``''``). That is
exactly what the cluster-aware count needs: an unclustered record is its own cluster, so its row's quad
counts and Goldstein sum add up directly; a cluster's rows are grouped per period, its quad is the lowest
``min_quad`` and its Goldstein value ``sum(goldstein_sum) / sum(n)``, the mean of its records. The answer
equals ``aggregate.raw_cells`` (a test holds them equal) and reads a narrow table, mostly one row per dyad
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
            f"SELECT {period} AS period, source_country, target_country, sum(q1), sum(q2), sum(q3), sum(q4), "
            f"sum(goldstein_sum) FROM event_days WHERE {cond} GROUP BY 1, 2, 3"
        )
        return to_cells(rows(store, sql, params))
    single = (
        f"SELECT {period} AS period, source_country AS s, target_country AS t, q1, q2, q3, q4, "
        f"goldstein_sum AS g FROM event_days WHERE {cond} AND cluster_key = ''"
    )
    clusters = (
        f"SELECT {period} AS period, source_country AS s, target_country AS t, min(min_quad) AS q, "
        "sum(goldstein_sum) / CAST(sum(n) AS DOUBLE PRECISION) AS g "
        f"FROM event_days WHERE {cond} AND cluster_key <> '' GROUP BY 1, 2, 3, cluster_key"
    )
    grouped = (
        "SELECT period, s, t, "
        + ", ".join(f"CASE WHEN q = {k} THEN 1 ELSE 0 END AS q{k}" for k in range(1, 5))
        + f", g FROM ({clusters}) AS c"
    )
    sql = (
        "SELECT period, s, t, sum(q1), sum(q2), sum(q3), sum(q4), sum(g) "
        f"FROM ({single} UNION ALL {grouped}) AS x GROUP BY period, s, t"
    )
    return to_cells(rows(store, sql, [*params, *params]))

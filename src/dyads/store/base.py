"""The store interface every front end programs against, the event filter, and the SQL both backends share.

``Store`` is the seam (a Protocol, so a test double or a future backend need not inherit anything).
``SqlStore`` holds all the SQL that SQLite and PostgreSQL have in common — nearly all of it; a backend
supplies a connection, its transactions and its error type through five small hooks.
"""

from __future__ import annotations

import datetime as dt
import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol, Self

from dyads.errors import StoreDriverError, StoreError, StoreVersionError, UsageError
from dyads.model import Article, Event
from dyads.store.schema import (
    ARTICLES,
    CLUSTERS,
    EVENTS,
    MIGRATIONS,
    RUNS,
    Dialect,
    Migration,
    Table,
    article_from_row,
    article_row,
    event_from_row,
    event_row,
    rollup_mark,
    rollup_rebuild,
    rollup_work_ddl,
    timestamp,
)
from dyads.version import __version__

Problem = tuple[str, str, str]
"""``(location, code, message)``: one input that could not be coded, and why."""


@dataclass(frozen=True, slots=True)
class ClusterRow:
    """One real-world event as deduplication sees it: how many records, articles and sources report it."""

    id: str
    n_records: int
    n_articles: int
    n_sources: int
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    cameo_root: str | None = None
    source_country: str | None = None
    target_country: str | None = None


@dataclass(frozen=True, slots=True)
class RunRow:
    """One ingest run; a run killed before ``finish_run`` stays ``running`` with no ``finished_at``."""

    id: int
    started_at: dt.datetime
    finished_at: dt.datetime | None
    description: str
    status: str
    counts: dict[str, int]
    dyads_version: str | None


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events a query wants; every field is optional and the fields combine with AND.

    ``country`` matches either side; ``dyad`` is undirected (A→B or B→A); ``date_from``/``date_to``
    are inclusive and exclude undated events; ``text_contains`` searches the evidence sentence,
    ignoring case for ASCII letters. Tuple-valued fields match any of their values.
    """

    country: str | None = None
    source_country: str | None = None
    target_country: str | None = None
    dyad: tuple[str, str] | None = None
    cameo_root: str | tuple[str, ...] | None = None
    cameo: str | tuple[str, ...] | None = None
    quad: int | tuple[int, ...] | None = None
    modality: str | tuple[str, ...] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    min_confidence: float | None = None
    text_contains: str | None = None
    article_id: str | None = None


def check_page(order: str, limit: int | None, offset: int) -> None:
    """The paging arguments every event listing takes, checked once for the store and the query layer."""
    if order not in ORDERS:
        raise UsageError(f"unknown event order {order!r}; use one of: {', '.join(ORDERS)}")
    if (limit is not None and limit < 0) or offset < 0:
        raise UsageError("limit and offset must not be negative")


def build_where(where: EventFilter | None, dialect: Dialect) -> tuple[str, list[object]]:
    """``("WHERE …", params)`` for a filter — column names are fixed here, every value is a parameter."""
    if where is None:
        return "", []
    p = dialect.placeholder
    clauses: list[str] = []
    params: list[object] = []

    def eq(col: str, value: object) -> None:
        values = value if isinstance(value, tuple) else (value,)
        if not values:
            clauses.append("1 = 0")
        elif len(values) == 1:
            clauses.append(f"{col} = {p}")
        else:
            clauses.append(f"{col} IN ({dialect.marks(len(values))})")
        params.extend(str(v) if isinstance(v, str) else v for v in values)

    if where.country is not None:
        clauses.append(f"(source_country = {p} OR target_country = {p})")
        params += [where.country, where.country]
    if where.source_country is not None:
        eq("source_country", where.source_country)
    if where.target_country is not None:
        eq("target_country", where.target_country)
    if where.dyad is not None:
        a, b = where.dyad
        pair = f"(source_country = {p} AND target_country = {p})"
        clauses.append(f"({pair} OR {pair})")
        params += [a, b, b, a]
    for col in ("cameo_root", "cameo", "quad", "modality", "article_id"):
        value = getattr(where, col)
        if value is not None:
            eq(col, value)
    if where.date_from is not None:
        clauses.append(f"date >= {p}")
        params.append(dialect.param(where.date_from))
    if where.date_to is not None:
        clauses.append(f"date <= {p}")
        params.append(dialect.param(where.date_to))
    if where.min_confidence is not None:
        clauses.append(f"confidence >= {p}")
        params.append(float(where.min_confidence))
    if where.text_contains is not None:
        clauses.append(dialect.contains.format(col="evidence_sentence", p=p))
        params.append(where.text_contains)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


ORDERS: Mapping[str, str] = {
    # Undated events last in both dialects (SQLite sorts NULL first, PostgreSQL last); id breaks ties.
    "date": "date IS NULL, date, id",
    "-date": "date IS NULL, date DESC, id DESC",
    "id": "id",
    "article": "article_id, evidence_start, id",
    "-confidence": "confidence DESC, id",
}


class Store(Protocol):
    """Persistence for articles, events, clusters and runs. Writes are transactional and idempotent."""

    location: str
    """Where the data lives, for people (a path, or a URL without its password)."""

    def close(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None: ...
    def schema_version(self) -> int: ...
    def start_run(self, description: str) -> int: ...
    def finish_run(self, run_id: int, counts: Mapping[str, int], status: str = "finished") -> None: ...
    def get_run(self, run_id: int) -> RunRow | None: ...
    def known_article_ids(self, ids: Iterable[str]) -> set[str]: ...
    def write_batch(
        self,
        run_id: int,
        items: Sequence[tuple[Article, Sequence[Event]]],
        problems: Sequence[Problem] = (),
    ) -> int: ...
    def record_problems(self, run_id: int, problems: Sequence[Problem]) -> None: ...
    def iter_problems(self, run_id: int | None = None) -> Iterator[Problem]: ...
    def set_clusters(self, assignments: Mapping[str, str], clusters: Sequence[ClusterRow]) -> int: ...
    def iter_clusters(self) -> Iterator[ClusterRow]: ...
    def iter_events(
        self,
        where: EventFilter | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
        order: str = "date",
    ) -> Iterator[Event]: ...
    def count_events(self, where: EventFilter | None = None) -> int: ...
    def get_article(self, article_id: str) -> Article | None: ...
    def counts(self) -> dict[str, int]: ...


_CHUNK = 500  # ids per IN (...) list: under every SQLite build's parameter limit


class SqlStore(ABC, Store):
    """The shared SQL implementation; backends open the connection and call ``_migrate`` in ``__init__``."""

    dialect: Dialect
    location: str

    # ---- backend hooks -------------------------------------------------------------------------------
    @abstractmethod
    def _exec(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Run one statement in the current transaction (or on its own) and return its rows, if any."""

    @abstractmethod
    def _exec_many(self, sql: str, rows: Iterable[Sequence[object]]) -> int:
        """Run one statement per row; the number of rows changed."""

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[None]:
        """A write transaction, exclusive among writers: all or nothing, rolled back on any exception."""

    @abstractmethod
    def _stream(self, sql: str, params: Sequence[object]) -> Iterator[tuple[Any, ...]]:
        """Rows of a query without holding them all in memory."""

    @abstractmethod
    def _table_exists(self, name: str) -> bool: ...

    @abstractmethod
    def close(self) -> None: ...

    # ---- lifecycle -----------------------------------------------------------------------------------
    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def schema_version(self) -> int:
        if not self._table_exists("schema_version"):
            return 0
        rows = self._exec("SELECT max(version) FROM schema_version")
        return int(rows[0][0] or 0)

    def _migrate(self, migrations: Sequence[Migration] = MIGRATIONS) -> None:
        """Apply pending migrations in order, in one transaction; refuse a store newer than the code."""
        if [m.version for m in migrations] != list(range(1, len(migrations) + 1)):
            raise ValueError("migrations must be numbered 1, 2, … in order")
        latest = len(migrations)
        current = self.schema_version()
        self._check_version(current, latest)
        if current == latest:
            return
        with self._transaction():
            current = self.schema_version()  # another process may have upgraded it meanwhile
            self._check_version(current, latest)
            p = self.dialect.placeholder
            for m in migrations[current:]:
                for statement in m.statements(self.dialect):
                    self._exec(statement)
                self._exec(
                    f"INSERT INTO schema_version (version, applied_at, description) VALUES ({p}, {p}, {p})",
                    (m.version, self.dialect.param(_now()), m.description),
                )

    def _check_version(self, current: int, latest: int) -> None:
        if current > latest:
            raise StoreVersionError(
                f"the store {self.location} has schema version {current}, but this dyads ({__version__}) "
                f"knows versions up to {latest}: upgrade dyads (pip install -U dyads) or use another store"
            )

    # ---- read-only SQL for the analyses --------------------------------------------------------------
    def read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """All rows of one read-only query (``SELECT``/``WITH``): the seam ``dyads.query`` aggregates through.

        Analyses over a million events run as SQL inside the store; this is their public door, so they need
        none of the write hooks. Anything but a query is refused.
        """
        return self._exec(_read_only(sql), params)

    def read_stream(self, sql: str, params: Sequence[object] = ()) -> Iterator[tuple[Any, ...]]:
        """Rows of one read-only query without holding them all in memory (see ``read``)."""
        return self._stream(_read_only(sql), params)

    # ---- runs and problems ---------------------------------------------------------------------------
    def start_run(self, description: str) -> int:
        p = self.dialect.placeholder
        with self._transaction():
            rows = self._exec(
                "INSERT INTO runs (started_at, description, status, dyads_version) "
                f"VALUES ({p}, {p}, {p}, {p}) RETURNING id",
                (self.dialect.param(_now()), description, "running", __version__),
            )
        return int(rows[0][0])

    def finish_run(self, run_id: int, counts: Mapping[str, int], status: str = "finished") -> None:
        p = self.dialect.placeholder
        with self._transaction():
            n = self._exec_many(
                f"UPDATE runs SET finished_at = {p}, status = {p}, counts = {p} WHERE id = {p}",
                [(self.dialect.param(_now()), status, json.dumps(dict(counts), sort_keys=True), run_id)],
            )
        if n == 0:
            raise StoreError(f"there is no run {run_id} in {self.location}")

    def get_run(self, run_id: int) -> RunRow | None:
        rows = self._exec(f"SELECT {_cols(RUNS)} FROM runs WHERE id = {self.dialect.placeholder}", (run_id,))
        if not rows:
            return None
        r = dict(zip(RUNS.names, rows[0], strict=True))
        started = timestamp(r["started_at"])
        assert started is not None
        return RunRow(
            id=int(r["id"]),
            started_at=started,
            finished_at=timestamp(r["finished_at"]),
            description=r["description"],
            status=r["status"],
            counts=json.loads(r["counts"]) if r["counts"] else {},
            dyads_version=r["dyads_version"],
        )

    def record_problems(self, run_id: int, problems: Sequence[Problem]) -> None:
        with self._transaction():
            self._insert_problems(run_id, problems)

    def _insert_problems(self, run_id: int, problems: Sequence[Problem]) -> None:
        if problems:
            self._exec_many(
                f"INSERT INTO problems (run_id, location, code, message) VALUES ({self.dialect.marks(4)})",
                [(run_id, loc, code, msg) for loc, code, msg in problems],
            )

    def iter_problems(self, run_id: int | None = None) -> Iterator[Problem]:
        sql = "SELECT location, code, message FROM problems"
        params: list[object] = []
        if run_id is not None:
            sql += f" WHERE run_id = {self.dialect.placeholder}"
            params.append(run_id)
        for loc, code, message in self._stream(sql + " ORDER BY id", params):
            yield (str(loc), str(code), str(message))

    # ---- articles and events -------------------------------------------------------------------------
    def known_article_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            sql = f"SELECT id FROM articles WHERE id IN ({self.dialect.marks(len(chunk))})"
            found.update(row[0] for row in self._exec(sql, chunk))
        return found

    def write_batch(
        self,
        run_id: int,
        items: Sequence[tuple[Article, Sequence[Event]]],
        problems: Sequence[Problem] = (),
    ) -> int:
        """Store new articles with their events in ONE transaction; the number of events written.

        An article already stored (by id) is skipped together with its events, so re-running the same
        input is a no-op; events of a new article are written with it or not at all.
        """
        d = self.dialect
        now = _now()
        with self._transaction():
            seen = self.known_article_ids(a.id for a, _ in items)
            fresh: list[tuple[Article, Sequence[Event]]] = []
            for article, events in items:
                if article.id not in seen:
                    seen.add(article.id)
                    fresh.append((article, events))
            self._exec_many(_insert(ARTICLES, d), (article_row(a, run_id, now, d) for a, _ in fresh))
            written = self._exec_many(
                _insert(EVENTS, d), (event_row(e, d) for a, events in fresh for e in _owned(a, events))
            )
            if written and self._mark_rollup("article_id", [a.id for a, events in fresh if events]):
                self._rebuild_rollup()
            self._insert_problems(run_id, problems)
        return written

    def _mark_rollup(self, column: str, values: Sequence[str]) -> bool:
        """Note in the work table the ``event_days`` groups of the events whose ``column`` is in ``values``
        (and of their clusters' other records), for ``_rebuild_rollup``. False: this store has no roll-up."""
        if not values or not self._table_exists("event_days"):  # a store held at schema 1 by its migrations
            return False
        self._exec(rollup_work_ddl(self.dialect))
        for i in range(0, len(values), _CHUNK):
            chunk = values[i : i + _CHUNK]
            selection = f"{{e}}{column} IN ({self.dialect.marks(len(chunk))})"
            for statement in rollup_mark(selection):
                self._exec(statement, chunk)
        return True

    def _rebuild_rollup(self) -> None:
        for statement in rollup_rebuild():
            self._exec(statement)

    def iter_events(
        self,
        where: EventFilter | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
        order: str = "date",
    ) -> Iterator[Event]:
        check_page(order, limit, offset)
        clause, params = build_where(where, self.dialect)
        sql = f"SELECT {_cols(EVENTS)} FROM events {clause} ORDER BY {ORDERS[order]}"
        if limit is not None or offset:
            p = self.dialect.placeholder
            sql += f" LIMIT {p if limit is not None else self.dialect.no_limit} OFFSET {p}"
            params += [int(limit), int(offset)] if limit is not None else [int(offset)]
        for row in self._stream(sql, params):
            yield event_from_row(row)

    def count_events(self, where: EventFilter | None = None) -> int:
        clause, params = build_where(where, self.dialect)
        return int(self._exec(f"SELECT count(*) FROM events {clause}", params)[0][0])

    def get_article(self, article_id: str) -> Article | None:
        sql = f"SELECT {_cols(ARTICLES)} FROM articles WHERE id = {self.dialect.placeholder}"
        rows = self._exec(sql, (article_id,))
        return article_from_row(rows[0]) if rows else None

    def counts(self) -> dict[str, int]:
        tables = ("articles", "events", "clusters", "runs", "problems")
        sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in tables)
        return {str(name): int(n) for name, n in self._exec(sql)}

    # ---- clusters ------------------------------------------------------------------------------------
    def set_clusters(self, assignments: Mapping[str, str], clusters: Sequence[ClusterRow]) -> int:
        """Assign events to clusters and upsert the cluster rows, in one transaction.

        Clusters no event points to afterwards are removed (a re-clustering merges old ones), unless
        they are among ``clusters``. Unknown event ids are ignored; returns the number of events updated.
        """
        d, p = self.dialect, self.dialect.placeholder
        with self._transaction():
            rollup = self._mark_rollup("id", list(assignments))  # the groups of the old clusters
            updated = self._exec_many(
                f"UPDATE events SET cluster_id = {p} WHERE id = {p}",
                ((cid, eid) for eid, cid in assignments.items()),
            )
            if rollup:
                self._mark_rollup("id", list(assignments))  # and of the new ones
                self._rebuild_rollup()
            self._exec(
                "DELETE FROM clusters WHERE NOT EXISTS "
                "(SELECT 1 FROM events WHERE events.cluster_id = clusters.id)"
            )
            self._exec_many(
                _insert(CLUSTERS, d, upsert=True),
                (
                    (
                        c.id,
                        c.n_records,
                        c.n_articles,
                        c.n_sources,
                        d.param(c.first_date),
                        d.param(c.last_date),
                        c.cameo_root,
                        c.source_country,
                        c.target_country,
                    )
                    for c in clusters
                ),
            )
        return updated

    def iter_clusters(self) -> Iterator[ClusterRow]:
        for row in self._stream(f"SELECT {_cols(CLUSTERS)} FROM clusters ORDER BY id", ()):
            r = dict(zip(CLUSTERS.names, row, strict=True))
            for key in ("first_date", "last_date"):
                if r[key] is not None and not isinstance(r[key], dt.date):
                    r[key] = dt.date.fromisoformat(r[key])
            yield ClusterRow(**r)


def _read_only(sql: str) -> str:
    head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
    if head not in ("SELECT", "WITH"):
        raise UsageError(
            f"the store's read methods run queries (SELECT or WITH) only, not {head or 'nothing'}"
        )
    return sql


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _cols(table: Table) -> str:
    return ", ".join(table.names)


def _insert(table: Table, dialect: Dialect, upsert: bool = False) -> str:
    """``INSERT … ON CONFLICT (id)``: nothing for records (idempotence), update for derived cluster rows."""
    head = f"INSERT INTO {table.name} ({_cols(table)}) VALUES ({dialect.marks(len(table.columns))})"
    if not upsert:
        return head + " ON CONFLICT (id) DO NOTHING"
    sets = ", ".join(f"{c} = excluded.{c}" for c in table.names if c != "id")
    return head + f" ON CONFLICT (id) DO UPDATE SET {sets}"


def _owned(article: Article, events: Sequence[Event]) -> Iterator[Event]:
    """The events of one article, refusing a record that names another article (it would be orphaned)."""
    for e in events:
        if e.article_id != article.id:
            raise StoreError(
                f"event {e.id} belongs to article {e.article_id!r} but came with article {article.id!r}"
            )
        yield e


__all__ = [
    "ORDERS",
    "ClusterRow",
    "EventFilter",
    "Problem",
    "RunRow",
    "SqlStore",
    "Store",
    "StoreDriverError",
    "StoreError",
    "StoreVersionError",
    "build_where",
]

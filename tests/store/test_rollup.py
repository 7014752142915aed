"""The ``event_days`` roll-up and the analyses' SQL, on SQLite always and PostgreSQL when a server is given.

The roll-up must give exactly what the raw aggregate of ``events`` gives, for every kind of question, after
writes in several batches (rows added to existing days) and after re-clustering (rows recomputed); and the
period SQL — never run on PostgreSQL before — must give the same answers on both stores.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dyads.errors import UsageError
from dyads.model import Actor, Article, DatePrecision, Event, Evidence, Modality, Plover
from dyads.query.aggregate import Scope, raw_cells, scope
from dyads.query.rollup import can_use, rollup_cells
from dyads.query.sql import PERIODS
from dyads.store import ClusterRow, SqliteStore, SqlStore, Store, open_store
from dyads.store.schema import MIGRATIONS

PG_URL = os.environ.get("DYADS_TEST_POSTGRES_URL")
PG_SKIP = "PostgreSQL tests need a server: set DYADS_TEST_POSTGRES_URL (scripts/postgres.sh start)"
STATES = ("PRK", "RUS", "CHN", "USA", "KOR")
CODES = (
    ("042", 1, 1.9),
    ("057", 1, 8.0),
    ("061", 2, 6.4),
    ("112", 3, -2.0),
    ("173", 4, -5.0),
    ("190", 4, -10.0),
)
MODALITIES = (Modality.ASSERTED,) * 6 + (Modality.FUTURE, Modality.NEGATED)


def _raw(url: str, sql: str) -> None:
    if url.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(sql)
        return
    with sqlite3.connect(url) as db:
        db.execute(sql)
    db.close()


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.skipif(not PG_URL, reason=PG_SKIP))]
)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "rollup.sqlite")
        return
    assert PG_URL is not None
    schema = f"test_{uuid.uuid4().hex[:12]}"
    _raw(PG_URL, f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        _raw(PG_URL, f"DROP SCHEMA {schema} CASCADE")


def random_items(seed: int, articles: int, first: int = 0) -> list[tuple[Article, list[Event]]]:
    """Articles of 1–4 events: random dyads (some domestic, some without a target country or date), codes,
    modalities and days over 2023–2024, about half the records in clusters that span days and dyads."""
    rng = random.Random(seed)
    items = []
    for i in range(first, first + articles):
        aid = f"r{i:05d}"
        events = []
        for k in range(rng.randint(1, 4)):
            s = rng.choice(STATES)
            t = rng.choice((*STATES, None)) if rng.random() < 0.95 else s
            code, quad, g = rng.choice(CODES)
            day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(730)) if rng.random() < 0.97 else None
            text = f"Event {k} of {aid}."
            events.append(
                Event(
                    id=f"{aid}/{k}",
                    article_id=aid,
                    date=day,
                    date_precision=DatePrecision.DAY if day else DatePrecision.UNKNOWN,
                    source=Actor(s, None, s, "GOV"),
                    target=Actor("them", None, t, "GOV") if t or rng.random() < 0.5 else None,
                    cameo=code,
                    cameo_root=code[:2],
                    goldstein=g,
                    quad=quad,
                    plover=Plover("CONSULT", None),
                    modality=rng.choice(MODALITIES),
                    attribution=None,
                    place=None,
                    evidence=Evidence(text, 0, 0, len(text), None, None),
                    confidence=0.5,
                    cluster_id=f"c{rng.randrange(60)}" if rng.random() < 0.5 else None,
                )
            )
        items.append((Article(aid, "(text)"), events))
    return items


def reports(first: int, n: int) -> list[tuple[Article, list[Event]]]:
    """``n`` real-world events each reported by two articles (same day, dyad, modality; different codes),
    some clusters also with a third report as ``negated`` (one group per modality: spread)."""
    items = []
    for i in range(first, first + n):
        base = random_items(100 + i, 1, first=10_000 + i)[0][1][0]
        base = dataclasses.replace(base, date=base.date or dt.date(2024, 5, 1), modality=Modality.ASSERTED)
        copies = [
            dataclasses.replace(
                base, id=f"d{i}/{k}", article_id=f"d{i}-{k}", quad=q, goldstein=g, cluster_id=f"d{i}"
            )
            for k, (q, g) in enumerate(((1, 1.9), (3, -2.0)))
        ]
        if i % 3 == 0:
            copies.append(
                dataclasses.replace(copies[0], id=f"d{i}/n", article_id=f"d{i}-n", modality=Modality.NEGATED)
            )
        items += [(Article(c.article_id, "(text)"), [c]) for c in copies]
    return items


SCOPES: tuple[Scope, ...] = (
    *(scope(by=by) for by in ("week", "month", "quarter", "year")),
    *(scope(by=by, records=True) for by in ("week", "month")),
    scope(by="month", pair=("PRK", "RUS")),
    scope(by="week", pair=("prk", "prk"), domestic=True),
    scope(by="month", modality=("asserted", "negated", "future")),
    scope(by="quarter", sources=("USA", "CHN")),
    scope(date_from=dt.date(2023, 3, 15), date_to=dt.date(2024, 2, 10)),
    scope(date_from=dt.date(2023, 3, 15), date_to=dt.date(2024, 2, 10), records=True),
    scope(date_from=dt.date(2024, 1, 1)),
    scope(by="month", date_from=dt.date(2023, 2, 3), date_to=dt.date(2023, 11, 30), pair=("KOR", "USA")),
    scope(by="week", date_to=dt.date(2023, 6, 30), records=True, modality=("negated",)),
)


def assert_rollup_equals_raw(store: Store) -> None:
    for sc in SCOPES:
        assert can_use(store, sc), sc
        assert rollup_cells(store, sc) == raw_cells(store, sc), sc


def test_rollup_equals_raw_after_batches_and_reclustering(url: str) -> None:
    with open_store(url) as store:
        run = store.start_run("rollup")
        store.write_batch(run, random_items(1, 150))
        assert_rollup_equals_raw(store)
        store.write_batch(run, random_items(2, 150, first=150))  # days and groups already in the roll-up
        store.write_batch(run, random_items(2, 150, first=150))  # a repeat: nothing new, nothing added twice
        store.write_batch(run, reports(0, 30))
        late = reports(30, 30)
        store.write_batch(run, late[::2])  # a cluster's reports arriving in two batches
        store.write_batch(run, late[1::2])
        assert_rollup_equals_raw(store)
        ids = [e.id for e in store.iter_events(order="id")]
        rng = random.Random(3)
        merged = {eid: f"m{rng.randrange(20)}" for eid in rng.sample(ids, 200)}
        store.set_clusters(merged, [ClusterRow(cid, 1, 1, 1) for cid in sorted(set(merged.values()))])
        assert_rollup_equals_raw(store)
        assert sum(c.events for c in raw_cells(store, SCOPES[0])) > 300  # the comparison is not vacuous
        assert isinstance(store, SqlStore)
        spread = "SELECT count(*) FROM event_days WHERE cluster_key <> ''"
        resolved = "SELECT count(*) FROM event_days WHERE cluster_key = '' AND n > e1 + e2 + e3 + e4"
        assert store.read(spread)[0][0] > 0 and store.read(resolved)[0][0] > 0  # both kinds of rows


def test_the_migration_fills_the_rollup_of_an_old_store(url: str) -> None:
    items = random_items(4, 120)
    old = MIGRATIONS[:1]
    if url.startswith("postgresql://"):
        from dyads.store.postgres import PostgresStore

        first: SqlStore = PostgresStore(url, migrations=old)
    else:
        first = SqliteStore(url, migrations=old)
    with first as store:
        store.write_batch(store.start_run("before the roll-up"), items)
        assert store.schema_version() == 1 and not can_use(store, SCOPES[0])
        before = [raw_cells(store, sc) for sc in SCOPES]
    with open_store(url) as store:
        assert store.schema_version() == len(MIGRATIONS)
        assert_rollup_equals_raw(store)
        assert [raw_cells(store, sc) for sc in SCOPES] == before


def test_unbounded_questions_without_periods_stay_raw(url: str) -> None:
    with open_store(url) as store:
        store.write_batch(store.start_run("x"), random_items(5, 40))
        everything = scope()
        assert not can_use(store, everything) and rollup_cells(store, everything) is None
        assert any(c.start is None for c in raw_cells(store, everything))


def test_read_accepts_queries_only(url: str) -> None:
    with open_store(url) as store:
        assert isinstance(store, SqlStore)
        assert store.read("SELECT count(*) FROM events") == [(0,)]
        assert list(store.read_stream("  with x AS (SELECT 1 AS a) SELECT a FROM x")) == [(1,)]
        for bad in ("DELETE FROM events", "", "DROP TABLE events", "PRAGMA writable_schema = 1"):
            with pytest.raises(UsageError):
                store.read(bad)


# ---- the same answers on both stores -------------------------------------------------------------------


def _answers(store: Store) -> list[Any]:
    from dyads.query.alignment import alignment, shifts
    from dyads.query.anomalies import anomalies
    from dyads.query.blocs import blocs
    from dyads.query.network import country_network
    from dyads.query.series import dyad_series

    year = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    half = ((dt.date(2023, 1, 1), dt.date(2023, 6, 30)), (dt.date(2024, 1, 1), dt.date(2024, 6, 30)))
    out: list[Any] = [[r.to_dict() for r in dyad_series(store, "PRK", "RUS", by=by)] for by in PERIODS]
    out += [
        [r.to_dict() for r in dyad_series(store, "USA", "KOR", by="quarter", records=True)],
        country_network(store, *year).to_dict(),
        country_network(store).to_dict(),
        blocs(store, *year, by="quarter").to_dict(),
        [r.to_dict() for r in alignment(store, "PRK", "RUS", by="quarter")],
        [s.to_dict() for s in shifts(store, *half, top=3)],
        [a.to_dict() for a in anomalies(store, by="month", window=4, threshold=2.0, min_events=1)],
    ]
    return out


@pytest.mark.skipif(not PG_URL, reason=PG_SKIP)
def test_postgres_and_sqlite_give_the_same_analyses(url: str, tmp_path: Path) -> None:
    if not url.startswith("postgresql://"):
        pytest.skip("compares a PostgreSQL store with a SQLite one: runs once, with the postgres url")
    items = random_items(6, 200)
    answers = []
    for where in (url, str(tmp_path / "twin.sqlite")):
        with open_store(where) as store:
            store.write_batch(store.start_run("twin"), items)
            answers.append(_answers(store))
    pg, lite = answers
    assert pg == lite
    assert pg[0] and pg[5]["edges"]

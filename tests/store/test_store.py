"""The store, against SQLite always and PostgreSQL when ``DYADS_TEST_POSTGRES_URL`` names a server.

Every test that takes ``url`` or ``store`` runs once per backend; each PostgreSQL test gets a schema of its
own (dropped afterwards), so the tests share one database without seeing each other's rows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from dyads.errors import UsageError
from dyads.model import Actor, Article, Attribution, DatePrecision, Event, Evidence, Modality, Place, Plover
from dyads.store import (
    SCHEMA_VERSION,
    ClusterRow,
    EventFilter,
    SqliteStore,
    Store,
    StoreDriverError,
    StoreError,
    StoreVersionError,
    open_store,
    sqlite_path,
)
from dyads.store import base as store_base
from dyads.store.schema import MIGRATIONS, Migration, event_row

PG_URL = os.environ.get("DYADS_TEST_POSTGRES_URL")
PG_SKIP = (
    "PostgreSQL store tests need a server: set DYADS_TEST_POSTGRES_URL, e.g. "
    'eval "$(bash scripts/postgres.sh start)"'
)
HERE = Path(__file__).parent


# ---- hand-built values (invented text) ---------------------------------------------------------------

SENTENCE = "Ministerin Åse Dahl traf in Zürich den Gesandten O'Neill aus Côte d'Ivoire — 会谈 🤝 began."


def make_event(article_id: str, n: int, **changes: Any) -> Event:
    """A record with every field set; ``changes`` overrides any of them."""
    event = Event(
        id=f"{article_id}/e{n}",
        article_id=article_id,
        date=dt.date(2024, 3, 1 + n % 28),
        date_precision=DatePrecision.DAY,
        source=Actor("Ministerin Åse Dahl", "Åse Dahl", "NOR", "GOV", "Foreign Minister", "person"),
        target=Actor("den Gesandten O'Neill", "Seán O'Neill", "CIV", "GOV", "Envoy", "person"),
        cameo="0311",
        cameo_root="03",
        goldstein=5.2,
        quad=1,
        plover=Plover("COOPERATE", "economic"),
        modality=Modality.ASSERTED,
        attribution=Attribution("Radio Fjord", "Radio Fjord Nyheter", "NOR", "MED"),
        place=Place("in Zürich", "Zürich", "CHE", "Zürich", 47.36667, 8.55, 2657896, "city"),
        evidence=Evidence(
            SENTENCE, n, 100 * n, 100 * n + len(SENTENCE), (0, 19), (20, 24), (36, 57), (25, 34)
        ),
        confidence=0.8125,
        cluster_id=None,
        extra=(("lexicon", "r01_05:traf"), ("note", "ünïcode")),
    )
    return dataclasses.replace(event, **changes)


def make_article(article_id: str, **changes: Any) -> Article:
    article = Article(
        article_id,
        f"{SENTENCE}\nStory {article_id}.",
        title=f"Talks «{article_id}»",
        url=f"https://news.example/{quote(article_id)}",
        published=dt.date(2024, 3, 2),
        source_name="The Fjord Herald",
        language="en",
    )
    return dataclasses.replace(article, **changes)


def make_item(i: int, n_events: int = 3) -> tuple[Article, list[Event]]:
    aid = f"art-{i:06d}"
    return make_article(aid), [make_event(aid, k) for k in range(n_events)]


# ---- backends ----------------------------------------------------------------------------------------


def _with_schema(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


def raw(url: str, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
    """SQL by hand, outside the store: how a test builds an old store or peeks at the tables."""
    if url.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn, conn.cursor() as cur:
            cur.execute(sql.replace("?", "%s"), params or None)
            return cur.fetchall() if cur.description else []
    with sqlite3.connect(url, isolation_level=None) as db:
        rows = db.execute(sql, params).fetchall()
    db.close()
    return rows


def open_with(url: str, migrations: Sequence[Migration]) -> Store:
    if url.startswith("postgresql://"):
        from dyads.store.postgres import PostgresStore

        return PostgresStore(url, migrations=migrations)
    return SqliteStore(url, migrations=migrations)


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.skipif(not PG_URL, reason=PG_SKIP))]
)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "store.sqlite")
        return
    assert PG_URL is not None
    schema = f"test_{uuid.uuid4().hex[:12]}"
    raw(PG_URL, f"CREATE SCHEMA {schema}")
    try:
        yield _with_schema(PG_URL, schema)
    finally:
        raw(PG_URL, f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    with open_store(url) as s:
        yield s


# ---- round trip, idempotence, transactions -----------------------------------------------------------


def test_round_trip_keeps_every_field(store: Store) -> None:
    full = make_event("a1", 1)
    bare = make_event(
        "a1",
        2,
        date=None,
        date_precision=DatePrecision.UNKNOWN,
        target=None,
        attribution=None,
        place=None,
        plover=Plover("ASSAULT", None),
        modality=Modality.HYPOTHETICAL,
        evidence=Evidence("Ein Satz.", 0, 0, 9, None, (4, 8)),
        goldstein=-10.0,
        confidence=0.1,
        cluster_id="c-ü",
        extra=(),
        source=Actor("NATO", "North Atlantic Treaty Organization", None, "IGO", None, "organization"),
    )
    article = make_article("a1")
    minimal = Article("a2", "Nur Text.")
    run = store.start_run("round trip")
    assert store.write_batch(run, [(article, [full, bare]), (minimal, [])]) == 2
    got = list(store.iter_events(order="id"))
    assert got == [full, bare]
    for stored, made in zip(got, [full, bare], strict=True):
        assert json.dumps(stored.to_dict()) == json.dumps(made.to_dict())
        assert stored.extra == made.extra
    assert store.get_article("a1") == article
    assert store.get_article("a2") == minimal
    assert store.get_article("missing") is None


def test_same_batch_twice_is_stored_once(store: Store) -> None:
    run = store.start_run("twice")
    items = [make_item(i) for i in range(5)]
    assert store.write_batch(run, items) == 15
    assert store.write_batch(run, items) == 0
    assert store.write_batch(run, [make_item(0), make_item(0)]) == 0
    assert store.write_batch(run, [make_item(9), make_item(9)]) == 3  # a repeat inside one batch
    assert store.counts()["articles"] == 6
    assert store.counts()["events"] == 18


def test_a_known_article_is_skipped_with_its_events(store: Store) -> None:
    run = store.start_run("skip")
    article = make_article("a1")
    store.write_batch(run, [(article, [make_event("a1", 1)])])
    assert store.write_batch(run, [(article, [make_event("a1", 2), make_event("a1", 3)])]) == 0
    assert [e.id for e in store.iter_events()] == ["a1/e1"]


def test_a_failing_batch_leaves_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    run = store.start_run("fail")
    calls = 0
    real = event_row

    def breaks_on_the_fifth(event: Event, dialect: Any) -> tuple[object, ...]:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise RuntimeError("the coder died mid-batch")
        return real(event, dialect)

    monkeypatch.setattr(store_base, "event_row", breaks_on_the_fifth)
    with pytest.raises(RuntimeError, match="mid-batch"):
        store.write_batch(run, [make_item(i) for i in range(3)], problems=[("x", "E101", "y")])
    counts = store.counts()
    assert (counts["articles"], counts["events"], counts["problems"]) == (0, 0, 0)
    monkeypatch.undo()
    assert store.write_batch(run, [make_item(i) for i in range(3)]) == 9  # the store is still usable


def test_bad_records_roll_the_batch_back(store: Store) -> None:
    run = store.start_run("bad")
    stray = (make_article("a2"), [make_event("a2", 1), make_event("elsewhere", 2)])
    with pytest.raises(StoreError, match="belongs to article 'elsewhere'") as info:
        store.write_batch(run, [make_item(1), stray])
    assert info.value.code == "E401"
    with pytest.raises(StoreError):  # no such run: the foreign key refuses it
        store.write_batch(run + 1000, [make_item(1)])
    assert store.counts()["articles"] == 0


def test_resume_skips_known_articles(store: Store) -> None:
    run = store.start_run("first")
    store.write_batch(run, [make_item(i) for i in range(0, 1200, 2)])
    ids = [f"art-{i:06d}" for i in range(1200)]
    known = store.known_article_ids(iter(ids))
    assert known == set(ids[::2])
    assert store.known_article_ids([]) == set()
    again = store.start_run("resume")
    todo = [make_item(i) for i in range(1200) if f"art-{i:06d}" not in known]
    assert store.write_batch(again, todo) == 1800
    assert store.counts()["articles"] == 1200


_WRITER = """
import sys
sys.path.insert(0, sys.argv[2])
from test_store import make_item
from dyads.store import open_store
with open_store(sys.argv[1]) as store:
    run = store.start_run("killed")
    for b in range(10_000):
        store.write_batch(run, [make_item(b * 50 + k) for k in range(50)])
        print(b, flush=True)
"""


def test_kill_9_loses_no_committed_batch_and_leaves_no_partial_one(url: str) -> None:
    with open_store(url):
        pass  # create the schema before the race
    cmd = [sys.executable, "-c", _WRITER, url, str(HERE)]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) as child:
        assert child.stdout is not None
        committed = [child.stdout.readline() for _ in range(4)]
        os.kill(child.pid, signal.SIGKILL)
    assert all(line.strip() for line in committed), "the writer died before committing 4 batches"
    with open_store(url) as store:
        counts = store.counts()
        assert counts["articles"] >= 4 * 50
        assert counts["articles"] % 50 == 0
        assert counts["events"] == 3 * counts["articles"]
        n = counts["articles"]
        todo = [make_item(i) for i in range(n + 100)]
        known = store.known_article_ids(a.id for a, _ in todo)
        run = store.start_run("resumed")
        store.write_batch(run, [(a, evs) for a, evs in todo if a.id not in known])
        assert store.counts()["articles"] == n + 100


# ---- filters -----------------------------------------------------------------------------------------

A, B = make_article("f1"), make_article("f2")


def _ev(n: int, src: str | None, tgt: str | None, **kw: Any) -> Event:
    base = make_event("f1" if n < 4 else "f2", n)
    source = dataclasses.replace(base.source, country=src)
    target = dataclasses.replace(base.source, country=tgt) if tgt else None
    return dataclasses.replace(base, source=source, target=target, **kw)


FILTER_EVENTS = [
    _ev(1, "NOR", "SWE", cameo="040", cameo_root="04", quad=1, date=dt.date(2024, 3, 1), confidence=0.9),
    _ev(2, "SWE", "NOR", cameo="190", cameo_root="19", quad=4, date=dt.date(2024, 3, 15), confidence=0.5),
    _ev(3, "NOR", None, cameo="010", cameo_root="01", modality=Modality.FUTURE, date=dt.date(2024, 4, 2)),
    _ev(4, "FIN", "SWE", cameo="112", cameo_root="11", quad=3, modality=Modality.NEGATED, date=None),
    _ev(5, "SWE", "FIN", confidence=0.95, modality=Modality.HYPOTHETICAL, date=dt.date(2024, 2, 28)),
    _ev(
        6,
        None,
        "NOR",
        cameo="042",
        cameo_root="04",
        date=dt.date(2024, 3, 31),
        evidence=Evidence("The UN envoy MET officials in Oslo.", 0, 0, 34, (0, 12), (13, 16)),
    ),
]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (None, {1, 2, 3, 4, 5, 6}),
        (EventFilter(), {1, 2, 3, 4, 5, 6}),
        (EventFilter(country="NOR"), {1, 2, 3, 6}),
        (EventFilter(source_country="SWE"), {2, 5}),
        (EventFilter(target_country="SWE"), {1, 4}),
        (EventFilter(dyad=("SWE", "NOR")), {1, 2}),
        (EventFilter(cameo_root="04"), {1, 6}),
        (EventFilter(cameo_root=("04", "19")), {1, 2, 6}),
        (EventFilter(cameo="0311"), {5}),
        (EventFilter(quad=1), {1, 3, 5, 6}),
        (EventFilter(quad=(3, 4)), {2, 4}),
        (EventFilter(quad=()), set()),
        (EventFilter(modality=Modality.ASSERTED), {1, 2, 6}),
        (EventFilter(modality=("future", "negated")), {3, 4}),
        (EventFilter(date_from=dt.date(2024, 3, 1)), {1, 2, 3, 6}),
        (EventFilter(date_to=dt.date(2024, 3, 15)), {1, 2, 5}),
        (EventFilter(date_from=dt.date(2024, 3, 2), date_to=dt.date(2024, 3, 31)), {2, 6}),
        (EventFilter(min_confidence=0.9), {1, 5}),
        (EventFilter(text_contains="o'neill AUS Côte"), {1, 2, 3, 4, 5}),  # ASCII case is ignored,
        (EventFilter(text_contains="CÔTE"), set()),  # other letters match exactly, on both backends
        (EventFilter(text_contains="会谈 🤝"), {1, 2, 3, 4, 5}),
        (EventFilter(text_contains="met officials"), {6}),
        (EventFilter(text_contains="%"), set()),  # no wildcards
        (EventFilter(article_id="f2"), {4, 5, 6}),
        (EventFilter(country="NOR", quad=1, min_confidence=0.85), {1}),
        (EventFilter(country="NOR'); DROP TABLE events; --"), set()),
        (EventFilter(source_country="x' OR '1'='1"), set()),
    ],
)
def test_filters(store: Store, where: EventFilter | None, expected: set[int]) -> None:
    run = store.start_run("filters")
    store.write_batch(run, [(A, FILTER_EVENTS[:3]), (B, FILTER_EVENTS[3:])])
    got = {int(e.id.rsplit("/e", 1)[1]) for e in store.iter_events(where)}
    assert got == expected
    assert store.count_events(where) == len(expected)
    assert store.counts()["events"] == 6  # the hostile values did nothing


def test_order_limit_offset(store: Store) -> None:
    run = store.start_run("order")
    store.write_batch(run, [(A, FILTER_EVENTS[:3]), (B, FILTER_EVENTS[3:])])

    def ids(**kw: Any) -> list[str]:
        return [e.id[-1] for e in store.iter_events(**kw)]

    assert ids() == ["5", "1", "2", "6", "3", "4"]  # by date, undated last
    assert ids(order="-date") == ["3", "6", "2", "1", "5", "4"]
    assert ids(order="id", limit=2) == ["1", "2"]
    assert ids(order="id", limit=2, offset=3) == ["4", "5"]
    assert ids(order="id", offset=4) == ["5", "6"]
    assert ids(order="-confidence", limit=1) == ["5"]
    with pytest.raises(UsageError, match="unknown event order"):
        list(store.iter_events(order="date; DROP TABLE events"))


def test_streams_more_rows_than_one_fetch(store: Store) -> None:
    run = store.start_run("many")
    store.write_batch(run, [make_item(i, n_events=10) for i in range(500)])
    assert sum(1 for _ in store.iter_events()) == 5000
    assert store.count_events(EventFilter(min_confidence=0.8)) == 5000


def test_writing_while_an_iterator_is_open_commits(url: str) -> None:
    with open_store(url) as store:
        run = store.start_run("interleaved")
        store.write_batch(run, [make_item(1)])
        events = store.iter_events(order="id")
        assert next(events) == make_item(1)[1][0]
        store.write_batch(run, [make_item(2)])
        del events  # abandoned half-read: must not take the write with it
    with open_store(url) as store:
        assert store.counts()["articles"] == 2


# ---- runs, problems, clusters, counts ----------------------------------------------------------------


def test_runs_problems_and_counts(store: Store) -> None:
    run = store.start_run("feed «A»")
    store.write_batch(run, [make_item(1)], problems=[("feed.xml:3", "E105", "bad <item>: 'title' missing")])
    store.record_problems(run, [("b.html", "E104", "not English (ratio 0.02)"), ("c.txt", "E102", "empty")])
    other = store.start_run("second")
    store.record_problems(other, [("d.warc", "E101", "truncated")])
    assert list(store.iter_problems(run)) == [
        ("feed.xml:3", "E105", "bad <item>: 'title' missing"),
        ("b.html", "E104", "not English (ratio 0.02)"),
        ("c.txt", "E102", "empty"),
    ]
    assert len(list(store.iter_problems())) == 4
    store.finish_run(run, {"read": 4, "coded": 1, "skipped": 3}, status="finished")
    info = store.get_run(run)
    assert info is not None
    assert (info.description, info.status, info.counts) == (
        "feed «A»",
        "finished",
        {"read": 4, "coded": 1, "skipped": 3},
    )
    assert info.finished_at is not None and info.finished_at >= info.started_at
    unfinished = store.get_run(other)
    assert unfinished is not None and unfinished.status == "running" and unfinished.finished_at is None
    assert store.get_run(9999) is None
    with pytest.raises(StoreError, match="no run 9999"):
        store.finish_run(9999, {})
    assert store.counts() == {"articles": 1, "events": 3, "clusters": 0, "runs": 2, "problems": 4}


def test_clusters(store: Store) -> None:
    run = store.start_run("clusters")
    store.write_batch(run, [make_item(1), make_item(2)])
    c1 = ClusterRow("c1", 2, 2, 1, dt.date(2024, 3, 2), dt.date(2024, 3, 3), "03", "NOR", "CIV")
    c2 = ClusterRow("c2", 4, 2, 2)
    assignments = {"art-000001/e0": "c1", "art-000002/e0": "c1", "art-000001/e1": "c2", "nope": "c2"}
    assert store.set_clusters(assignments, [c1, c2]) == 3
    assert list(store.iter_clusters()) == [c1, c2]
    assert store.count_events(EventFilter()) == 6
    assert {e.id: e.cluster_id for e in store.iter_events() if e.cluster_id} == {
        k: v for k, v in assignments.items() if k != "nope"
    }
    merged = dataclasses.replace(c1, n_records=3)  # re-clustering folds c2 into c1: c2 goes away
    store.set_clusters({"art-000001/e1": "c1"}, [merged])
    assert list(store.iter_clusters()) == [merged]
    assert store.counts()["clusters"] == 1


# ---- schema versions ---------------------------------------------------------------------------------


def test_a_new_store_has_the_current_schema(store: Store, url: str) -> None:
    assert store.schema_version() == SCHEMA_VERSION == len(MIGRATIONS)
    assert raw(url, "SELECT version, description FROM schema_version ORDER BY version") == [
        (m.version, m.description) for m in MIGRATIONS
    ]


def test_a_hand_made_database_is_upgraded(url: str) -> None:
    raw(url, "CREATE TABLE notes (body TEXT)")
    raw(url, "INSERT INTO notes VALUES ('kept')")
    with open_store(url) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.counts()["events"] == 0
    assert raw(url, "SELECT body FROM notes") == [("kept",)]


def test_pending_migrations_apply_in_order(url: str) -> None:
    with open_store(url) as store:
        run = store.start_run("old")
    n = len(MIGRATIONS)
    later = (
        *MIGRATIONS,
        Migration(n + 1, "run notes", lambda d: ["ALTER TABLE runs ADD COLUMN note TEXT"]),
        Migration(n + 2, "fill them", lambda d: ["UPDATE runs SET note = 'from the last'"]),
    )
    with open_with(url, later) as store:
        assert store.schema_version() == n + 2
        assert store.get_run(run) is not None
    assert raw(url, "SELECT note FROM runs") == [("from the last",)]
    versions = [r[0] for r in raw(url, "SELECT version FROM schema_version ORDER BY version")]
    assert versions == list(range(1, n + 3))
    with open_with(url, later) as store:  # nothing pending: opens as is
        assert store.schema_version() == n + 2


def test_a_failing_migration_changes_nothing(url: str) -> None:
    with open_store(url):
        pass
    n = len(MIGRATIONS)
    broken = (*MIGRATIONS, Migration(n + 1, "broken", lambda d: ["CREATE TABLE half (a INTEGER)", "NOT SQL"]))
    with pytest.raises(StoreError):
        open_with(url, broken)
    with open_store(url) as store:
        assert store.schema_version() == n
    with pytest.raises(Exception, match="half"):
        raw(url, "SELECT * FROM half")


def test_a_newer_store_is_refused(url: str) -> None:
    with open_store(url):
        pass
    raw(url, "INSERT INTO schema_version VALUES (99, '2030-01-01T00:00:00+00:00', 'from the future')")
    with pytest.raises(
        StoreVersionError, match=rf"schema version 99.*up to {SCHEMA_VERSION}.*upgrade dyads"
    ) as info:
        open_store(url)
    assert info.value.code == "E402"


def test_migrations_must_be_numbered_in_order(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="numbered"):
        SqliteStore(tmp_path / "x.sqlite", migrations=(Migration(2, "two", lambda d: []),))


# ---- opening stores ----------------------------------------------------------------------------------


def test_default_store_is_in_the_user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with open_store(None) as store:
        assert store.location == str(tmp_path / "data" / "dyads" / "dyads.sqlite")
    assert (tmp_path / "data" / "dyads" / "dyads.sqlite").is_file()
    monkeypatch.delenv("XDG_DATA_HOME")
    with open_store() as store:
        assert store.location == str(tmp_path / "home" / ".local" / "share" / "dyads" / "dyads.sqlite")


def test_store_urls(tmp_path: Path) -> None:
    assert sqlite_path("sqlite:///tmp/x.sqlite") == "/tmp/x.sqlite"
    assert sqlite_path("sqlite:////tmp/x.sqlite") == "/tmp/x.sqlite"
    assert sqlite_path("sqlite://") == ":memory:"
    for given in (tmp_path / "a.sqlite", str(tmp_path / "b.sqlite"), f"sqlite://{tmp_path}/c.sqlite"):
        with open_store(given) as store:
            assert Path(store.location).parent == tmp_path
    with open_store(":memory:") as store:
        assert store.counts()["runs"] == 0
    for bad in ("mysql://db/x", "sqlite:rel.sqlite", "  "):
        with pytest.raises(UsageError):
            open_store(bad)


def test_sqlite_settings_and_one_writer(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite"
    with SqliteStore(path) as first, SqliteStore(path, busy_timeout=0.05) as second:
        assert raw(str(path), "PRAGMA journal_mode") == [("wal",)]
        with first._transaction():  # a writer holds the lock; the second waits, then gives up clearly
            with pytest.raises(StoreError, match="another process is writing"):
                second.write_batch(second.start_run("blocked"), [make_item(1)])
            assert second.counts()["runs"] == 0  # readers are not blocked


def test_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"this is not a database file, it is only text" * 100)
    with pytest.raises(StoreError, match="not a dyads SQLite store") as info:
        open_store(path)
    assert info.value.code == "E401"


def test_postgres_without_the_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(StoreDriverError, match=r"pip install 'dyads\[postgres\]'"):
        open_store("postgresql://nobody@127.0.0.1:1/none")


def test_postgres_connection_errors_hide_the_password() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match="cannot connect") as info:
        open_store("postgresql://someone:s3cret@127.0.0.1:1/none")
    assert "s3cret" not in str(info.value)
    assert "someone:***@127.0.0.1:1" in str(info.value)


@pytest.mark.parametrize("order", ["date", "-date"])
def test_the_default_orders_read_an_index_not_a_sort(tmp_path: Path, order: str) -> None:
    """A page of events must not sort every match: the listing order has an index of its own."""
    from dyads.store.base import ORDERS

    path = str(tmp_path / "s.sqlite")
    with open_store(path):
        pass
    plan = raw(path, f"EXPLAIN QUERY PLAN SELECT id FROM events ORDER BY {ORDERS[order]}")
    details = " ".join(str(row[-1]) for row in plan)
    assert "events_order" in details and "TEMP B-TREE" not in details
